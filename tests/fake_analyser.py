"""A fast, deterministic stand-in for ``argmap.pipeline.analyse_batch`` (no model) for corpus tests.

Stance: ``attack`` when a reply starts with "No", else ``support``; a thread whose text contains
``BOOM`` raises, to test skip-and-report. ``CALLS`` records the thread ids each call received.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from argmap.graph import build_graph
from argmap.model import Thread
from argmap.nlp.sources import extract_sources

CALLS: list[list[str]] = []


def analyse_batch(threads: list[Thread], models: Any = None) -> list[nx.MultiDiGraph]:
    CALLS.append([t.id for t in threads])
    graphs = []
    for t in threads:
        if any("BOOM" in c.text for c in t.comments):
            raise RuntimeError("model exploded")
        for c in t.comments:
            if c.parent_id:
                c.stance = "attack" if c.text.startswith("No") else "support"
                c.stance_score = 0.75
            c.topic = "tea" if "tea" in c.text.lower() else None
        t.meta["topics"] = {"tea": ["tea"]} if any(c.topic for c in t.comments) else {}
        extract_sources(t)
        graphs.append(build_graph(t))
    return graphs
