"""Scalar-only copies of thread graphs for GraphML and GEXF, and the way back.

GraphML and GEXF accept only scalar attributes: :func:`flatten` drops ``None`` (an absent
attribute), writes lists and dicts as JSON strings (their names listed in the graph attribute
``argmap_json``) and keeps each float-valued key a float. :func:`restore` undoes it, filling the
vocabulary's missing attributes back in as ``None``.

>>> import networkx as nx

from argmap.model import NodeKind
>>> g = nx.MultiDiGraph(thread_id="t", topics={"tea": ["tea"]})
>>> g.add_node("a", id="a", kind="comment", text="Hi", author=None, created=1)
>>> f = flatten(g)
>>> f.graph["topics"], f.nodes["a"]
('{"tea": ["tea"]}', {'id': 'a', 'kind': 'comment', 'text': 'Hi', 'created': 1.0})
>>> restore(f).nodes["a"]["author"] is None, restore(f).graph["topics"]
(True, {'tea': ['tea']})
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from argmap.model import NodeKind

FLOAT_KEYS = {"created", "stance_score", "score"}
NODE_KEYS: dict[str, tuple[str, ...]] = {
    NodeKind.COMMENT: ("id", "kind", "text", "label", "thread_id", "author", "created", "depth", "position",
                "parent_id", "topic", "stance", "stance_score", "votes"),
    NodeKind.SOURCE: ("id", "kind", "text", "label", "thread_id", "source_kind", "value"),
    NodeKind.TOPIC: ("id", "kind", "text", "label", "thread_id"),
}
NODE_KEYS[NodeKind.PARAGRAPH] = NODE_KEYS[NodeKind.COMMENT]
NODE_KEYS[NodeKind.CLAIM] = ("id", "kind", "text", "label", "thread_id", "comment_id", "start", "end", "role", "score",
                      "topic")
NODE_KEYS[NodeKind.KEYPOINT] = ("id", "kind", "text", "label", "thread_id", "claim_id", "n_claims", "n_authors",
                         "n_support", "n_attack", "topic", "n_comments", "n_replies")
EDGE_KEYS = ("kind", "stance", "score")
GRAPH_KEYS = ("thread_id", "title", "origin", "format", "topics")
JSON_LIST = "argmap_json"


def _flat(attrs: dict[str, Any], json_keys: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, list | tuple | dict | set):
            json_keys.add(k)
            v = json.dumps(sorted(v) if isinstance(v, set) else v, ensure_ascii=False, default=str)
        elif k in FLOAT_KEYS and isinstance(v, int | float) and not isinstance(v, bool):
            v = float(v)
        elif not isinstance(v, str | int | float | bool):
            v = str(v)
        out[k] = v
    return out


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose graph, node and edge attributes are all non-None scalars."""
    json_keys: set[str] = set()
    out = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        out.add_node(n, **_flat(a, json_keys))
    for u, v, k, a in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **_flat(a, json_keys))
    out.graph.update(_flat(g.graph, json_keys))
    if json_keys:
        out.graph[JSON_LIST] = ",".join(sorted(json_keys))
    return out


def _restore(attrs: dict[str, Any], json_keys: set[str], defaults: tuple[str, ...]) -> dict[str, Any]:
    out = dict.fromkeys(defaults)
    for k, v in attrs.items():
        out[k] = json.loads(v) if k in json_keys and isinstance(v, str) else v
    return out


def restore(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The inverse of :func:`flatten` for argmap graphs (read back by networkx)."""
    json_keys = set(filter(None, str(g.graph.get(JSON_LIST, "")).split(",")))
    out = nx.MultiDiGraph()
    graph = {k: v for k, v in g.graph.items() if k not in (JSON_LIST, "node_default", "edge_default", "mode")}
    out.graph.update(_restore(graph, json_keys, GRAPH_KEYS))
    if out.graph["topics"] is None:
        out.graph["topics"] = {}
    for n, a in g.nodes(data=True):
        attrs = _restore(a, json_keys, NODE_KEYS.get(a.get("kind", ""), ()))
        attrs["id"] = n
        out.add_node(n, **attrs)
    for u, v, k, a in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **_restore(a, json_keys, EDGE_KEYS))
    return out
