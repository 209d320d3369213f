"""Threads through every stage: segment → embed → stance → topics → sources → claims → key points → graph.

Models load once per process (:class:`Models`) and are shared by every thread of a run.
:func:`analyse` maps one thread; :func:`analyse_batch` maps several with one encoder call and
one stance-model call for all of them. Each batch inside those calls holds one thread's texts
(the int8 sessions quantize a batch's activations with one scale), so a thread's results are the
same whichever threads it is mapped with: alone, in a local batch or on a Ray actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx

from argmap.graph import build_graph
from argmap.model import Thread
from argmap.nlp.sources import extract_sources

if TYPE_CHECKING:
    from argmap.nlp.claim_relations import PairModel
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
    claims_model: str | None = None  # None = the claims model shipped in argmap
    keypoints: bool = True  # False (``--no-keypoints``, or ``--no-claims``): no key points
    keypoint_model: str | None = None  # None = the key point matcher shipped in argmap

    @cached_property
    def encoder(self) -> Encoder:
        from argmap.nlp.encoder import Encoder

        enc = Encoder.get(self.model, self.device)
        self.info["encoder"] = enc.name
        return enc

    @cached_property
    def stance(self) -> StanceModel:
        from argmap.nlp.stance import StanceModel

        model = StanceModel.load(self.stance_model, self.device)
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
    def pairs(self) -> PairModel:
        from argmap.nlp.claim_relations import PairModel

        return PairModel.load(self.claims_model)


def analyse(thread: Thread, models: Models) -> nx.MultiDiGraph:
    """Run every analysis stage on one thread (in place) and return its graph."""
    return analyse_batch([thread], models)[0]


def analyse_batch(threads: Sequence[Thread], models: Models) -> list[nx.MultiDiGraph]:
    """:func:`analyse` for several threads, with the model calls batched across threads."""
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
        from argmap.nlp.claim_relations import link_claims
        from argmap.nlp.claims import extract_claims

        extract_claims(threads, models.roles)
        link_claims(threads, models.pairs, models.encoder if models.pairs.vectors else None)
        if models.keypoints:
            from argmap.nlp.keypoints import thread_key_points, whole_comment_vectors

            known = whole_comment_vectors(threads, embeddings, models.encoder)
            thread_key_points(threads, models.matcher, models.encoder, known=known)
    from argmap.nlp.corpus_keypoints import attach_vectors
    from argmap.nlp.keypoints import VECTORS_META

    graphs = []
    for t in threads:
        graphs.append(build_graph(t))
        attach_vectors(graphs[-1], t.meta.pop(VECTORS_META, None))  # for the corpus key points
    return graphs
