"""One thread through every stage: segment → embed → stance → topics → sources → graph.

Models load once per process (:class:`Models`) and are shared by every thread of a run.
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
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.stance import StanceModel


@dataclass
class Models:
    """The models of one run, each loaded on first use and then reused."""

    model: str | None = None  # encoder: local folder or hub id; None = the offline MiniLM package
    stance_model: str | None = None  # None = the stance model shipped in argmap
    device: str = "auto"
    topics: Sequence[str] | None = None  # fixed topic labels; None = discover
    info: dict[str, str] = field(default_factory=dict)

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


def analyse(thread: Thread, models: Models) -> nx.MultiDiGraph:
    """Run every analysis stage on a thread (in place) and return its graph."""
    from argmap.nlp.stance import classify_thread
    from argmap.nlp.topics import assign_topics
    from argmap.segment import segment_thread

    if thread.format == "text":
        thread = segment_thread(thread, models.encoder)
    embeddings = models.encoder.embed([c.text for c in thread.comments])
    if any(c.parent_id for c in thread.comments):
        classify_thread(thread, models.stance)
    thread.meta["topics"] = assign_topics(thread, embeddings, models.topics, models.encoder)
    extract_sources(thread)
    return build_graph(thread)
