"""Readers: one module per input format, each exposing ``read(path) -> Thread``.

:func:`read` sniffs the format from the content unless ``fmt`` names it.

>>> sorted(FORMATS)
['article', 'convokit', 'hackernews', 'nested', 'page', 'reddit', 'text']
"""

from __future__ import annotations

import importlib
from pathlib import Path

from argmap.errors import InputError
from argmap.model import Thread
from argmap.readers._common import load_json, read_text

FORMATS = ("text", "page", "article", "reddit", "hackernews", "nested", "convokit")


def detect(path: str | Path) -> str:
    """The format name of the file (or ConvoKit folder) at ``path``."""
    from argmap.readers.sniff import sniff_json, sniff_text

    path = Path(path)
    if path.is_dir():
        if (path / "utterances.jsonl").is_file():
            return "convokit"
        raise InputError(path, "a folder, but not a ConvoKit corpus (no utterances.jsonl)")
    text = read_text(path)
    head = text.lstrip()[:1]
    if head in "{[":
        fmt = sniff_json(load_json(path, text))
        if fmt is None:
            raise InputError(path, "unknown JSON format (not Reddit, Hacker News or nested comments)")
        return fmt
    return sniff_text(text)


def read(path: str | Path, fmt: str | None = None, captured_at: float | None = None) -> Thread:
    """Read one thread, sniffing the format unless ``fmt`` is given.

    ``captured_at`` (POSIX seconds) is when a copied page was captured, for its relative times
    ("3 hours ago"); default: the file's modification time. Other formats ignore it.
    """
    fmt = fmt or detect(path)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f"argmap.readers.{fmt}")
    thread = module.read(path, captured_at=captured_at) if fmt == "page" else module.read(path)
    if not thread.comments:
        raise InputError(path, "no comments found")
    return thread
