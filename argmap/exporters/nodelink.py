"""node-link JSON (d3, networkx ``node_link_graph``): one thread graph per file, lossless.

>>> import tempfile
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, text="Tea.")]))
>>> path = write_nodelink(g, tempfile.mkdtemp() + "/t.json")
>>> dict(read_nodelink(path).nodes["a"]) == dict(g.nodes["a"])
True
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from argmap.atomic import atomic_path


def nodelink_data(graph: nx.MultiDiGraph) -> dict:
    """The graph as a node-link dict (``nodes``, ``edges`` with ``key``, ``graph``)."""
    return nx.node_link_data(graph, edges="edges")


def write_nodelink(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` as node-link JSON (UTF-8, atomically) and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(nodelink_data(graph), ensure_ascii=False, default=str), encoding="utf-8")
    return Path(path)


def read_nodelink(path: str | Path) -> nx.MultiDiGraph:
    """Read a node-link JSON file back into a MultiDiGraph."""
    return read_nodelink_data(json.loads(Path(path).read_text(encoding="utf-8")))


def read_nodelink_data(data: dict) -> nx.MultiDiGraph:
    """A MultiDiGraph from a node-link dict made by :func:`nodelink_data`."""
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    for n, attrs in graph.nodes(data=True):  # node-link keeps the node id in "id", which is also ours
        if "kind" in attrs:
            attrs.setdefault("id", n)
    return graph
