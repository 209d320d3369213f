"""Threads through the analysis stages in order, then each thread's graph.

:data:`STAGES` is the pipeline: segment → embed → stance → topics → sources → claims → relations
→ key points (one module each in :mod:`argmap.stages`, all exposing ``transform(threads, context)``
and writing typed fields on the threads), then :func:`argmap.graph.build_graph`.

Models load once per process (:class:`argmap.models.Models`) and are shared by every thread of a run.
:func:`analyse` maps one thread; :func:`analyse_batch` maps several with one encoder call and
one stance-model call for all of them. Each batch inside those calls holds one thread's texts
(the int8 sessions quantize a batch's activations with one scale), so a thread's results are the
same whichever threads it is mapped with: alone, in a local batch or on a Ray actor.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from argmap.graph import build_graph
from argmap.model import Thread
from argmap.stages import Context, Stage, claims, embed, keypoints, relations, segment, sources, stance, topics

if TYPE_CHECKING:
    import numpy as np

    from argmap.models import Models

#: The analysis stages, in the order they run (``docs/architecture.md``: what each reads and writes).
STAGES: tuple[Stage, ...] = (segment, embed, stance, topics, sources, claims, relations, keypoints)

_BLAS_LOCK = threading.Lock()
_BLAS_LIMIT: list = []  # the active threadpool limit and how many callers are inside it


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS and OpenMP (numpy, scikit-learn) limited to one thread while any caller is inside.

    A thread's matrices are small: k-means over 250 comment vectors took 5.8 CPU s with two
    OpenMP threads and 0.44 s with one for AITA threads 0-7, with the same labels. Reentrant and
    safe to enter from several threads (the limit is process-wide; the last one out restores it).

    >>> with one_blas_thread(), one_blas_thread():
    ...     _BLAS_LIMIT[1]
    2
    >>> _BLAS_LIMIT
    []
    """
    from threadpoolctl import threadpool_limits

    with _BLAS_LOCK:
        if not _BLAS_LIMIT:
            _BLAS_LIMIT[:] = [threadpool_limits(limits=1), 0]
        _BLAS_LIMIT[1] += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_LIMIT[1] -= 1
            if not _BLAS_LIMIT[1]:
                _BLAS_LIMIT.pop(0).restore_original_limits()
                _BLAS_LIMIT.clear()


@dataclass
class Mapped:
    """What mapping one thread gives: its graph, and its point claims' ``(claim ids, vectors)`` for the
    corpus key points (None without key points)."""

    graph: nx.MultiDiGraph
    point_vectors: tuple[list[str], np.ndarray] | None = None


def analyse(thread: Thread, models: Models) -> Mapped:
    """Run every analysis stage on one thread (in place): its graph and point vectors."""
    return analyse_batch([thread], models)[0]


def analyse_batch(threads: Sequence[Thread], models: Models) -> list[Mapped]:
    """:func:`analyse` for several threads: each stage of :data:`STAGES` runs on the whole batch (its
    model calls batched across threads), then each thread's graph is built."""
    context = Context(models)
    with one_blas_thread():
        for stage in STAGES:
            stage.transform(threads, context)
        return [Mapped(build_graph(t), t.point_vectors) for t in threads]
