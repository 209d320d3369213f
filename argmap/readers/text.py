"""Pasted thread text: one paragraph per line, comments in page order, no authors.

The reader keeps every non-empty line exactly as written (``thread.meta["lines"]``) and splits
them into comments with parent links using :mod:`argmap.structure.segment` (without embeddings here; the
pipeline re-segments with the encoder when it has one loaded). The thread's title is its first
line, shortened (:func:`argmap.readers._common.short_title`).
"""

from __future__ import annotations

from pathlib import Path

from argmap.errors import InputError
from argmap.model import Thread
from argmap.readers._common import read_text, short_title


def lines_of(text: str) -> list[str]:
    """The non-blank lines, each kept intact (only the line break is removed).

    >>> lines_of("a\\n\\n  b  \\r\\n")
    ['a', '  b  ']
    """
    return [line for line in text.splitlines() if line.strip()]


def parse(text: str, path: str | Path) -> Thread:
    """A Thread of pasted comments from the file's text."""
    from argmap.structure.segment import segment_thread

    lines = lines_of(text)
    if not lines:
        raise InputError(path, "no text lines")
    thread = Thread(Path(path).stem, [], title=short_title(lines[0]), origin=str(path), format="text",
                    meta={"lines": lines})
    return segment_thread(thread, encoder=None)


def read(path: str | Path) -> Thread:
    """Read pasted thread text."""
    return parse(read_text(path), path)
