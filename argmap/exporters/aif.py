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

:func:`read_aif` goes the other way (AIF JSON → :class:`argmap.model.Thread`): I-nodes become
comments; a reply's parent comes from its TA (locution transition) or, in maps without
dialogue, from the RA/CA it is the premise of; RA → ``support``, CA → ``attack``, a TA alone →
``neutral`` (``query`` under ``Pure Questioning``); authors from the locutions' participants.

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
from argmap.errors import InputError
from argmap.model import Comment, Thread

RELATION = {"support": ("RA", "Default Inference", "Arguing"), "attack": ("CA", "Default Conflict", "Disagreeing")}


EPOCH = "1970-01-01 00:00:00"  # written for an unknown time, read back as None


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
    comments = [(n, a) for n, a in graph.nodes(data=True) if a.get("kind") in ("comment", "paragraph")]
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


def _seconds(stamp: Any) -> float | None:
    if not stamp or stamp == EPOCH:
        return None
    try:
        return dt.datetime.strptime(str(stamp)[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC).timestamp()
    except ValueError:
        return None


def aif_thread(data: dict[str, Any], thread_id: str, origin: str = "") -> Thread:
    """The comments of an AIF JSON dict as a :class:`Thread` (see the module docstring)."""
    nodes = {str(n["nodeID"]): n for n in data.get("nodes", [])}
    out: dict[str, list[str]] = {}
    into: dict[str, list[str]] = {}
    for e in data.get("edges", []):
        out.setdefault(str(e["fromID"]), []).append(str(e["toID"]))
        into.setdefault(str(e["toID"]), []).append(str(e["fromID"]))

    def kind(n: str) -> str:
        return str(nodes.get(n, {}).get("type", ""))

    i_of_l = {l_id: i for l_id in nodes if kind(l_id) == "L" for ya in out.get(l_id, []) if kind(ya) == "YA"
              for i in out.get(ya, []) if kind(i) == "I"}
    people = {str(p["participantID"]): " ".join(x for x in (p.get("firstname"), p.get("surname")) if x)
              for p in data.get("participants", [])}
    author = {i_of_l.get(str(loc["nodeID"])): people.get(str(loc.get("personID")))
              for loc in data.get("locutions", [])}
    names = {v["I"]: k for k, v in (data.get("argmap") or {}).get("comments", {}).items()}
    parent: dict[str, str] = {}
    stance: dict[str, str] = {}
    for ta in (n for n in nodes if kind(n) == "TA"):
        for src in into.get(ta, []):
            for dst in out.get(ta, []):
                if src in i_of_l and dst in i_of_l:
                    parent[i_of_l[dst]] = i_of_l[src]
                    stance[i_of_l[dst]] = "neutral"
    for rel in (n for n in nodes if kind(n) in ("RA", "CA")):
        for premise in (p for p in into.get(rel, []) if kind(p) == "I"):
            for conclusion in (c for c in out.get(rel, []) if kind(c) == "I"):
                parent.setdefault(premise, conclusion)
                if parent[premise] == conclusion:
                    stance[premise] = "support" if kind(rel) == "RA" else "attack"
    for l_id, i in i_of_l.items():
        if i in parent and any(nodes[ya].get("text") == "Pure Questioning"
                               for ya in out.get(l_id, []) if kind(ya) == "YA"):
            stance[i] = "query"
    comments = []
    for i in (n for n in nodes if kind(n) == "I"):
        p = parent.get(i)
        comments.append(Comment(names.get(i, i), names.get(p, p) if p else None, author=author.get(i),
                                created=_seconds(nodes[i].get("timestamp")), text=str(nodes[i].get("text") or ""),
                                stance=stance.get(i) if p else None))
    from argmap.readers._common import finish_tree

    title = str((data.get("argmap") or {}).get("title") or "")
    return Thread(str((data.get("argmap") or {}).get("thread_id") or thread_id), finish_tree(origin, comments),
                  title=title, origin=origin, format="aif")


def read_aif(path: str | Path) -> Thread:
    """Read an AIF JSON file (AIFdb / OVA export, or :func:`write_aif` output) as a Thread."""
    from argmap.readers._common import load_json

    data = load_json(path)
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):  # xAIF (AMF) wraps the graph
        data = data["AIF"]
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise InputError(path, "not AIF JSON (no nodes list)")
    try:
        return aif_thread(data, Path(path).name.split(".")[0], str(path))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as err:  # a field missing or mistyped
        raise InputError(path, f"malformed AIF ({type(err).__name__}: {str(err)[:120]})".replace("\n", " ")) from None
