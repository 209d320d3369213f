"""Embed: each comment's vector, which the topics stage reads.

Writes ``Comment.vector`` (unit length; never exported). One encoder call for the batch, each
thread batched by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "embed"
MODELS = ("encoder",)


def transform(threads: Sequence[Thread], context: Context) -> None:
    """Set ``Comment.vector`` on every comment of ``threads``."""
    comments = [c for t in threads for c in t.comments]
    vectors = context.models.encoder.embed([c.text for c in comments],
                                           groups=[n for n, t in enumerate(threads) for _ in t.comments])
    for c, v in zip(comments, vectors, strict=True):
        c.vector = v
