"""Stance: each reply's stance toward its parent.

Reads the comments' texts and parent links and the thread title; writes ``Comment.stance`` and
``Comment.stance_score``. The stance model is not loaded for threads without replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "stance"
MODELS = ("stance",)


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`argmap.nlp.stance.classify_threads` over the batch (one model call)."""
    from argmap.nlp.stance import classify_threads

    if any(c.parent_id for t in threads for c in t.comments):
        classify_threads(threads, context.models.stance)
