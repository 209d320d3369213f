"""Topics: each comment's topic, given (``--topics``) or discovered and named.

Reads ``Comment.vector`` (the embed stage) and the parent links; writes ``Comment.topic`` and
``Thread.topics`` (``{topic name: keywords}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "topics"
MODELS = ("encoder",)


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`argmap.nlp.topics.assign_topics` for each thread."""
    import numpy as np

    from argmap.nlp.topics import assign_topics

    models = context.models
    for t in threads:
        vectors = np.stack([c.vector for c in t.comments]) if t.comments else np.zeros((0, 0), np.float32)
        assign_topics(t, vectors, models.topics, models.encoder)
