"""Pasted thread text: one paragraph per line, comments in page order, no authors.

The reader keeps every non-empty line exactly as written, in ``thread.lines``. Grouping the lines
into comments with parent links (:mod:`argmap.structure.segment`) is a stage of the pipeline
(:mod:`argmap.stages.segment`), which runs it once, with the encoder when one is loaded. Readers
load no model, so a reader cannot segment as the pipeline does; and segmenting here without the
encoder, to be redone there with it, would segment every pasted thread twice. Hence:

* ``segment=True`` (the default, for callers that run no pipeline: ``argmap.readers.read``, the
  format checks, the tests): the lines are grouped now, without the encoder, so the thread has
  comments to show;
* ``segment=False`` (what feeds the pipeline): the thread comes with its lines and no comments,
  and the segment stage groups them, once.

The thread's title is its first line, shortened (:func:`argmap.readers._common.short_title`).

>>> t = parse("Tea is the best drink.\\nNo, coffee is better.", "t.txt", segment=False)
>>> t.lines, t.comments
(['Tea is the best drink.', 'No, coffee is better.'], [])
>>> [c.text for c in parse("Tea is the best drink.\\nNo, coffee is better.", "t.txt").comments]
['Tea is the best drink.', 'No, coffee is better.']
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


def parse(text: str, path: str | Path, segment: bool = True) -> Thread:
    """A Thread of pasted comments from the file's text: its lines, grouped into comments without
    the encoder when ``segment`` (see the module docstring)."""
    lines = lines_of(text)
    if not lines:
        raise InputError(path, "no text lines")
    thread = Thread(Path(path).stem, [], title=short_title(lines[0]), origin=str(path), format="text", lines=lines)
    if segment:
        from argmap.structure.segment import segment_thread

        segment_thread(thread, encoder=None)
    return thread


def read(path: str | Path, segment: bool = True) -> Thread:
    """Read pasted thread text (``segment``: see :func:`parse`)."""
    return parse(read_text(path), path, segment)
