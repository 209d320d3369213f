"""Threads through every stage: segment → embed → stance → topics → sources → claims → key points → graph.

Models load once per process (:class:`Models`) and are shared by every thread of a run.
:func:`analyse` maps one thread; :func:`analyse_batch` maps several with one encoder call and
one stance-model call for all of them. Each batch inside those calls holds one thread's texts
(the int8 sessions quantize a batch's activations with one scale), so a thread's results are the
same whichever threads it is mapped with: alone, in a local batch or on a Ray actor.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx

from argmap.graph import build_graph
from argmap.model import Thread
from argmap.nlp.sources import extract_sources

if TYPE_CHECKING:
    from argmap.nlp.arguing import ArgumentModel
    from argmap.nlp.claim_relations import RelationModel
    from argmap.nlp.claims import RoleModel
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.keypoints import Matcher
    from argmap.nlp.stance import StanceModel


@dataclass
class Models:
    """The models of one run, each loaded on first use and then reused."""

    model: str | None = None  # encoder: local folder or hub id; None = the offline MiniLM package
    stance_model: str | None = None  # None = the stance model shipped in argmap
    device: str = "auto"
    topics: Sequence[str] | None = None  # fixed topic labels; None = discover
    info: dict[str, str] = field(default_factory=dict)
    claims: bool = True  # False (``--no-claims``): no claims or claim relations
    claims_model: str | None = None  # None = the claims models shipped in argmap (roles, arguing, relations)
    min_relation_score: float | None = None  # None = the relation model's thresholds (chosen on CMV-modes valid)
    keypoints: bool = True  # False (``--no-keypoints``, or ``--no-claims``): no key points
    keypoint_model: str | None = None  # None = the key point matcher shipped in argmap
    threads: int | None = None  # ONNX Runtime threads per model call (None: torch's); 1 for corpus workers

    @cached_property
    def encoder(self) -> Encoder:
        from argmap.nlp.encoder import Encoder

        enc = Encoder.get(self.model, self.device, threads=self.threads)
        self.info["encoder"] = enc.name
        return enc

    @cached_property
    def stance(self) -> StanceModel:
        from argmap.nlp.stance import StanceModel

        model = StanceModel.load(self.stance_model, self.device, threads=self.threads)
        self.info["stance_model"] = str(getattr(model, "name", self.stance_model or "argmap-stance"))
        return model

    @cached_property
    def roles(self) -> RoleModel:
        from argmap.nlp.claims import RoleModel

        return RoleModel.load(self.claims_model)

    @cached_property
    def matcher(self) -> Matcher:
        from argmap.nlp.keypoints import Matcher

        return Matcher.load(self.keypoint_model)

    @cached_property
    def arguing(self) -> ArgumentModel:
        from argmap.nlp.arguing import ArgumentModel

        return ArgumentModel.load(self.claims_model)

    @cached_property
    def relations(self) -> RelationModel:
        from argmap.nlp.claim_relations import RelationModel

        return RelationModel.load(self.claims_model)

    def preload(self) -> Models:
        """Load every model the settings use now (before threads share them); returns ``self``."""
        _ = self.encoder, self.stance
        if self.claims:
            _ = self.roles, self.arguing, self.relations
            if self.keypoints:
                _ = self.matcher
        return self


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


def analyse(thread: Thread, models: Models) -> nx.MultiDiGraph:
    """Run every analysis stage on one thread (in place) and return its graph."""
    return analyse_batch([thread], models)[0]


def analyse_batch(threads: Sequence[Thread], models: Models) -> list[nx.MultiDiGraph]:
    """:func:`analyse` for several threads, with the model calls batched across threads."""
    with one_blas_thread():
        return _analyse_batch(threads, models)


def _analyse_batch(threads: Sequence[Thread], models: Models) -> list[nx.MultiDiGraph]:
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
    from argmap.nlp.corpus_keypoints import attach_vectors
    from argmap.nlp.keypoints import VECTORS_META

    graphs = []
    for t in threads:
        graphs.append(build_graph(t))
        attach_vectors(graphs[-1], t.meta.pop(VECTORS_META, None))  # for the corpus key points
    return graphs
