"""Threads through every stage: segment → embed → stance → topics → sources → claims → key points → graph.

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
from argmap.nlp.sources import extract_sources

if TYPE_CHECKING:
    import numpy as np

    from argmap.models import Models


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
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

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
    """:func:`analyse` for several threads, with the model calls batched across threads."""
    with one_blas_thread():
        return _analyse_batch(threads, models)


def _analyse_batch(threads: Sequence[Thread], models: Models) -> list[Mapped]:
    from argmap.nlp.stance import classify_threads
    from argmap.nlp.topics import assign_topics
    from argmap.structure.segment import segment_thread

    threads = [segment_thread(t, models.encoder) if t.format == "text" else t for t in threads]
    # each thread batched by itself: its results do not depend on the threads mapped with it
    embeddings = models.encoder.embed([c.text for t in threads for c in t.comments],
                                      groups=[n for n, t in enumerate(threads) for _ in t.comments])
    if any(c.parent_id for t in threads for c in t.comments):
        classify_threads(threads, models.stance)
    start = 0
    for t in threads:
        end = start + len(t.comments)
        t.meta["topics"] = assign_topics(t, embeddings[start:end], models.topics, models.encoder)
        extract_sources(t)
        start = end
    if models.claims:
        from argmap.nlp.arguing import keep_arguing
        from argmap.nlp.claim_relations import claim_vectors, link_claims
        from argmap.nlp.claims import extract_claims

        extract_claims(threads, models.roles)
        vectors = keep_arguing(threads, models.arguing, claim_vectors(threads, models.encoder))
        link_claims(threads, models.relations, vectors, models.min_relation_score)
        for t in threads:
            t.min_relation_score = (models.min_relation_score if models.min_relation_score is not None
                                    else models.relations.min_score())
        if models.keypoints:
            from argmap.nlp.keypoints import thread_key_points

            known = {(n, c.text): v for n, (t, vecs) in enumerate(zip(threads, vectors, strict=True))
                     for c, v in zip(t.claims, vecs, strict=True)}
            thread_key_points(threads, models.matcher, models.encoder, known=known)
    from argmap.nlp.keypoints import VECTORS_META

    return [Mapped(build_graph(t), t.meta.pop(VECTORS_META, None)) for t in threads]
