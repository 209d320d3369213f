"""The ``argmap`` command line: wires the subcommands found in :mod:`argmap.commands`.

Every handler raises :class:`argmap.errors.InputError` for a bad input; it is shown as one line
on stderr (no traceback) and the exit status is 1.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from argmap import __version__, commands
from argmap.errors import InputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Turn discussion threads into argument maps (stance, topics, sources, graph, dataset).",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
