"""GEXF (Gephi's own format): one thread graph per file, attributes flattened, nodes coloured.

Nodes carry Gephi ``viz`` colours: comments by their stance toward their parent (support green,
attack red, query amber, neutral or root grey), sources blue, topics purple.

>>> import tempfile
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, text="Tea."),
...                              Comment("b", "a", text="No.", stance="attack", stance_score=0.9)]))
>>> path = write_gexf(g, tempfile.mkdtemp() + "/t.gexf")
>>> read_gexf(path).nodes["b"]["stance"]
'attack'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_path
from argmap.exporters.flat import flatten, restore
from argmap.model import NodeKind

COLOURS: dict[str, tuple[int, int, int]] = {
    "support": (46, 160, 67), "attack": (215, 48, 39), "query": (240, 165, 0), "neutral": (150, 150, 150),
    "source": (49, 110, 200), "topic": (130, 80, 180), "root": (90, 90, 90),
}
_COLOURED_KINDS = (NodeKind.SOURCE, NodeKind.TOPIC)  # by kind; comments by stance


def _viz(attrs: dict[str, Any]) -> dict[str, Any]:
    kind = attrs.get("kind")
    key = kind if kind in _COLOURED_KINDS else (attrs.get("stance") or "root")
    r, g, b = COLOURS.get(key, COLOURS["neutral"])
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": 10.0 if kind in _COLOURED_KINDS else 6.0}


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` as GEXF 1.2 (atomically) and return the path."""
    flat = flatten(graph)
    for n, attrs in flat.nodes(data=True):
        attrs["viz"] = _viz(graph.nodes[n])
    flat.graph["name"] = str(graph.graph.get("thread_id", ""))
    with atomic_path(path) as tmp:
        nx.write_gexf(flat, tmp)
    return Path(path)


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`write_gexf`; node/edge attributes come back typed.

    GEXF keeps no graph attributes beyond the name, so ``thread_id`` is all that returns of them.
    """
    raw = nx.read_gexf(path)
    g = nx.MultiDiGraph()
    for n, a in raw.nodes(data=True):
        g.add_node(n, **{k: v for k, v in a.items() if k != "viz"})
    edges = raw.edges(keys=True, data=True) if raw.is_multigraph() else (
        (u, v, a.get("networkx_key", a.get("kind")), a) for u, v, a in raw.edges(data=True))
    for u, v, k, a in edges:
        g.add_edge(u, v, key=k, **{x: y for x, y in a.items() if x not in ("id", "networkx_key")})
    g.graph.update({"argmap_json": raw.graph.get("argmap_json", "")})
    out = restore(g)
    out.graph["thread_id"] = raw.graph.get("name") or next(
        (a.get("thread_id") for _, a in out.nodes(data=True) if a.get("thread_id")), None)
    return out
