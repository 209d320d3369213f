"""AIF JSON (Argument Interchange Format, as AIFdb, OVA and AMF read it): one thread per file.

Mapping (AIF+ / Inference Anchoring Theory):

* every comment or claim → an **I-node** (its proposition) and an **L-node** (its locution,
  ``"author : text"``) joined by a **YA** node ``Asserting`` (``Pure Questioning`` for a reply
  whose stance is ``query``);
* every reply → a **TA** node ``Default Transition`` from the parent's L-node to the reply's;
* a ``support`` reply → an **RA** node ``Default Inference`` (reply's I → RA → parent's I),
  an ``attack`` reply → a **CA** node ``Default Conflict``; each anchored by a YA node
  (``Arguing`` / ``Disagreeing``) from its TA; ``neutral`` replies get no RA/CA;
* authors → ``participants``, each L-node → a ``locutions`` entry with its time.

Sources and topics have no AIF counterpart and are left out. The extra top-level key ``argmap``
maps each comment id to its I- and L-node ids.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, author="ann", text="Tea is good."),
...     Comment("b", "a", author="bob", text="No.", stance="attack", stance_score=0.9)]))
>>> data = aif_data(g)
>>> sorted(n["type"] for n in data["nodes"])
['CA', 'I', 'I', 'L', 'L', 'TA', 'YA', 'YA', 'YA']
>>> [p["firstname"] for p in data["participants"]]
['ann', 'bob']
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_path

RELATION = {"support": ("RA", "Default Inference", "Arguing"), "attack": ("CA", "Default Conflict", "Disagreeing")}


def _time(seconds: float | None) -> str:
    when = dt.datetime.fromtimestamp(seconds, dt.UTC) if seconds is not None else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S")


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, str]] = []

    def node(self, kind: str, text: str, when: str) -> str:
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": when})
        return node_id

    def edge(self, source: str, target: str) -> None:
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": source, "toID": target})


def aif_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The thread as an AIF JSON dict: ``nodes``, ``edges``, ``locutions``, ``participants`` …"""
    b = _Builder()
    people: dict[str, str] = {}
    locutions: list[dict[str, str]] = []
    ids: dict[str, dict[str, str]] = {}
    comments = [(n, a) for n, a in graph.nodes(data=True) if a.get("kind") in ("comment", "claim")]
    for n, a in comments:
        when, author = _time(a.get("created")), a.get("author")
        i_node = b.node("I", a.get("text") or "", when)
        l_node = b.node("L", f"{author} : {a.get('text') or ''}" if author else a.get("text") or "", when)
        ya = b.node("YA", "Pure Questioning" if a.get("stance") == "query" else "Asserting", when)
        b.edge(l_node, ya)
        b.edge(ya, i_node)
        ids[str(n)] = {"I": i_node, "L": l_node}
        if author:
            pid = people.setdefault(author, str(len(people) + 1))
            locutions.append({"nodeID": l_node, "personID": pid, "timestamp": when})
    for child, parent, d in graph.edges(data=True):
        if d.get("kind") != "reply" or str(child) not in ids or str(parent) not in ids:
            continue
        when = _time(graph.nodes[child].get("created"))
        ta = b.node("TA", "Default Transition", when)
        b.edge(ids[str(parent)]["L"], ta)
        b.edge(ta, ids[str(child)]["L"])
        if d.get("stance") in RELATION:
            kind, text, illocution = RELATION[d["stance"]]
            rel = b.node(kind, text, when)
            b.edge(ids[str(child)]["I"], rel)
            b.edge(rel, ids[str(parent)]["I"])
            ya = b.node("YA", illocution, when)
            b.edge(ta, ya)
            b.edge(ya, rel)
    return {
        "nodes": b.nodes, "edges": b.edges, "locutions": locutions,
        "participants": [{"participantID": pid, "firstname": name, "surname": ""} for name, pid in people.items()],
        "schemefulfillments": [], "descriptorfulfillments": [], "participantroles": [],
        "argmap": {"thread_id": graph.graph.get("thread_id"), "title": graph.graph.get("title"), "comments": ids},
    }


def write_aif(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the thread as AIF JSON (UTF-8, atomically) and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(aif_data(graph), ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)
