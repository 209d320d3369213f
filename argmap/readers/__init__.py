"""Readers: one module per input format, each exposing ``read(path) -> Thread``.

:func:`read` sniffs the format from the content unless ``fmt`` names it.

>>> sorted(FORMATS)
['article', 'convokit', 'discourse', 'hackernews', 'mastodon', 'nested', 'page', 'reddit', 'text']

Every reader returns a :class:`~argmap.model.Thread` or raises :class:`~argmap.errors.InputError`
(one line naming the file); :func:`read` turns any other exception a reader lets slip on a
malformed file into that one line too.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Thread
from argmap.readers._common import load_json, read_text

FORMATS = ("text", "page", "article", "reddit", "hackernews", "discourse", "mastodon", "nested", "convokit")

#: What a reader can let slip on a malformed file; :func:`read` reports it as one line.
SLIPS = (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError, UnicodeError)


def _json_or_none(text: str) -> Any:
    """The parsed JSON when ``text`` is JSON, else ``None`` (then the file is read as text)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def sniff_format(text: str, name: str | Path, suffix: str = "") -> tuple[str, Any]:
    """The format of a thread's ``text`` and, for a JSON format, the parsed data (else ``None``).

    With ``suffix`` ``.json`` the text must be JSON (a broken one is reported as broken JSON);
    otherwise it is JSON only when it parses as JSON, so text opening with ``[Serious]`` stays text.

    >>> sniff_format("[Serious] Is tea better?\\nYes but why?", "t.txt")
    ('text', None)
    """
    from argmap.readers.sniff import sniff_json, sniff_text

    data = None
    if suffix.lower() == ".json":
        data = load_json(name, text)
    elif text.lstrip()[:1] in ("{", "["):
        data = _json_or_none(text)
    if data is None:
        return sniff_text(text), None
    fmt = sniff_json(data)
    if fmt is None:
        raise InputError(name, "unknown JSON format (not Reddit, Hacker News, Discourse, Mastodon or nested comments)")
    return fmt, data


def detect(path: str | Path) -> str:
    """The format name of the file (or ConvoKit folder) at ``path`` (see :func:`sniff_format`)."""
    path = Path(path)
    if path.is_dir():
        if (path / "utterances.jsonl").is_file():
            return "convokit"
        raise InputError(path, "a folder, but not a ConvoKit corpus (no utterances.jsonl)")
    return sniff_format(read_text(path), path, path.suffix)[0]


def read(path: str | Path, fmt: str | None = None, captured_at: float | None = None,
         segment: bool = True) -> Thread:
    """Read one thread, sniffing the format unless ``fmt`` is given.

    ``captured_at`` (POSIX seconds) is when a copied page was captured, for its relative times
    ("3 hours ago"); default: the file's modification time. Other formats ignore it.
    ``segment=False``: pasted text comes as its lines, with no comments yet, for the pipeline's
    segment stage to group once (:mod:`argmap.readers.text`); other formats ignore it.
    """
    fmt = fmt or detect(path)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f"argmap.readers.{fmt}")
    options = {"page": {"captured_at": captured_at}, "text": {"segment": segment}}.get(fmt, {})
    try:
        thread = module.read(path, **options)
    except SLIPS as err:  # a reader bug on odd input: still one line naming the file
        why = f"{type(err).__name__}: {str(err)[:200]}".replace("\n", " ")
        raise InputError(path, f"cannot read as {fmt} ({why})") from None
    if not thread.comments and not thread.lines:
        raise InputError(path, "no comments found")
    return thread
