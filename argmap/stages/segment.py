"""Segment: pasted text's lines → comments with parent links, with the encoder (once per thread).

Reads ``Thread.lines`` (the text reader keeps them; a ``text`` thread without them is segmented
from its comments' lines) and writes ``Thread.comments``. Other formats come with their comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "segment"
MODELS = ("encoder",)


def transform(threads: Sequence[Thread], context: Context) -> None:
    """Group each pasted thread's lines into comments (:func:`argmap.structure.segment.segment_thread`)."""
    from argmap.structure.segment import segment_thread

    for t in threads:
        if t.format == "text":
            segment_thread(t, context.models.encoder)
