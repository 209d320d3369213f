"""Key points: the claims that stand for what a thread says repeatedly (off with ``--no-keypoints``).

Reads ``Thread.claims`` with their vectors and ``Thread.claim_relations``; writes
``Thread.key_points`` and ``Thread.point_vectors`` (the point claims' ids and vectors, for the
corpus key points; never exported).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "keypoints"
MODELS = ("matcher", "encoder")


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`argmap.nlp.keypoints.thread_key_points` over the batch."""
    models = context.models
    if not (models.claims and models.keypoints):
        return
    from argmap.nlp.keypoints import thread_key_points

    thread_key_points(threads, models.matcher, models.encoder)
