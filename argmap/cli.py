"""The ``argmap`` command line: user commands first, research commands grouped under ``argmap lab``.

User commands are the modules of :mod:`argmap.commands` (``map``, ``stance``, ``keypoints``); research commands
(train, distil, evaluate) are the modules of :mod:`argmap.lab.commands`. Every handler raises
:class:`argmap.errors.InputError` for a bad input; it is shown as one line on stderr (no
traceback) and the exit status is 1.

>>> parser = build_parser()
>>> parser.parse_args(["lab", "eval-topics"]).func.__name__
'run'
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

from argmap import __version__, commands
from argmap.errors import InputError

#: The user commands, in the order ``argmap --help`` lists them.
USER_COMMANDS = ("map", "stance", "relations", "claims", "keypoints")


def _register_all(package: ModuleType, sub: argparse._SubParsersAction, order: tuple[str, ...] = ()) -> None:
    names = sorted((m.name for m in pkgutil.iter_modules(package.__path__)),
                   key=lambda n: (order.index(n) if n in order else len(order), n))
    for name in names:
        importlib.import_module(f"{package.__name__}.{name}").register(sub)


def build_parser(lab: bool = True) -> argparse.ArgumentParser:
    """The full parser: ``map`` and ``stance``, then the ``lab`` group of research commands.

    With ``lab`` False the research commands are not imported (a user command starts faster);
    ``argmap lab …`` then finds no command, so :func:`main` builds them only for ``lab``.
    """
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Turn discussion threads into argument maps (stance, topics, sources, graph, dataset).",
        epilog="Research commands (train, distil, evaluate the models against ../shared/data): argmap lab --help",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _register_all(commands, sub, USER_COMMANDS)
    lab_parser = sub.add_parser(
        "lab",
        help="research commands: train, distil and evaluate argmap's models on ../shared/data",
        description="Research commands. They read the labelled data in ../shared/data (or --data / $ARGMAP_DATA).",
    )
    lab_sub = lab_parser.add_subparsers(dest="lab_command", required=True, metavar="COMMAND")
    if lab:
        from argmap.lab import commands as lab_commands

        _register_all(lab_commands, lab_sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(lab=argv[:1] == ["lab"]).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as err:
        print(f"argmap: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("argmap: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
