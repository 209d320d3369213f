"""A fast, deterministic stand-in for ``argmap.pipeline.analyse_batch`` (no model) for corpus tests.

Stance: ``attack`` when a reply starts with "No", else ``support``; a thread whose text contains
``BOOM`` raises, to test skip-and-report. ``CALLS`` records the thread ids each call received.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import numpy as np

from argmap.graph import build_graph
from argmap.model import Thread
from argmap.nlp.sources import extract_sources
from argmap.pipeline import Mapped
from argmap.structure.segment import segment_thread

CALLS: list[list[str]] = []


def analyse_batch(threads: list[Thread], models: Any = None) -> list[Mapped]:
    CALLS.append([t.id for t in threads])
    graphs = []
    for t in threads:
        if t.format == "text":
            segment_thread(t)  # the segment stage's work, without the encoder
        if any("BOOM" in c.text for c in t.comments):
            raise RuntimeError("model exploded")
        for c in t.comments:
            if c.parent_id:
                c.stance = "attack" if c.text.startswith("No") else "support"
                c.stance_score = 0.75
            c.topic = "tea" if "tea" in c.text.lower() else None
        t.topics = {"tea": ["tea"]} if any(c.topic for c in t.comments) else {}
        extract_sources(t)
        graphs.append(Mapped(build_graph(t)))
    return graphs


class WordsEncoder:
    """A model-free stand-in for the sentence encoder: unit bag-of-words vectors (64 hashed dims)."""

    def embed(self, texts: list[str], max_length: int | None = None, groups: Any = None) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in re.findall(r"[a-z]+", text.lower()):
                if len(w) > 3:
                    out[i, zlib.crc32(w.encode()) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def analyse_batch_with_key_points(threads: list[Thread], models: Any = None) -> list[Mapped]:
    """:func:`analyse_batch`, plus one claim per sentence of each comment and the threads' key points
    found by the real :func:`argmap.nlp.keypoints.thread_key_points` over :class:`WordsEncoder` vectors;
    each comes with its claims' vectors as the real pipeline's do."""
    from argmap.model import Claim
    from argmap.nlp.keypoints import Matcher, thread_key_points

    for t in threads:
        t.claims = []
        for c in t.comments:
            for n, m in enumerate(re.finditer(r"[^.!?]+[.!?]?", c.text)):
                if m.group().strip():
                    start = m.start() + len(m.group()) - len(m.group().lstrip())
                    t.claims.append(Claim(f"{c.id}:{n}", c.id, start, m.end(), c.text[start:m.end()], "claim", 0.9))
    graphs = analyse_batch(threads, models)
    thread_key_points(threads, Matcher.load(), WordsEncoder())
    return [Mapped(build_graph(t), t.point_vectors) for t, _ in zip(threads, graphs, strict=True)]
