"""AIF JSON (Argument Interchange Format, as AIFdb, OVA and AMF read it): one thread per file.

Mapping (AIF+ / Inference Anchoring Theory, as OVA draws it):

* every comment → an **L-node** (its locution, ``"author : text"``);
* a comment **with claims** (:mod:`argmap.nlp.claims`): each claim → an **I-node** (its text),
  anchored in the comment's L-node by a **YA** node ``Asserting``; each claim relation → an **RA**
  node ``Default Inference`` (``supports``) or a **CA** node ``Default Conflict`` (``attacks``) from
  the source claim's I-node to the target's, anchored by a YA (``Arguing`` / ``Disagreeing``) in the
  reply's TA when it crosses comments, in the comment's own L-node when it stays inside one;
* a comment **without claims** → one I-node (its whole text), YA ``Asserting`` from its L-node;
* ``Pure Questioning`` instead of ``Asserting`` for a reply whose stance is ``query``;
* every reply → a **TA** node ``Default Transition`` from the parent's L-node to the reply's;
* a ``support`` / ``attack`` reply that no claim relation already links to its parent → an RA / CA
  from the reply's I-node (its main claim, else first claim, else first unit) to the parent's,
  anchored by a YA from its TA; ``neutral`` replies get no RA/CA;
* authors → ``participants``, each L-node → a ``locutions`` entry with its time.

Sources and topics have no AIF counterpart and are left out. The extra top-level key ``argmap``
maps each comment id to its L-node and its I-node (``I``) or claims (``claims``: claim id → I-node,
``start``, ``end``, ``role``, ``score``, ``label_source``; then also the comment's ``stance``) and,
when a person corrected its stance or parent, ``label_source: "human"`` (:mod:`argmap.corrections`), and
each claim relation's RA/CA node to its ``score``, ``via`` and ``label_source`` (``relations``).

:func:`read_aif` goes the other way (AIF JSON → :class:`argmap.model.Thread`): I-nodes become
comments; a reply's parent comes from its TA (locution transition) or, in maps without
dialogue, from the RA/CA it is the premise of; RA → ``support``, CA → ``attack``, a TA alone →
``neutral`` (``query`` under ``Pure Questioning``); authors from the locutions' participants.
In argmap's own AIF a comment with claims is read from its L-node, and its claims and claim
relations come back as ``thread.claims`` / ``thread.claim_relations``.

>>> from argmap.graph import build_graph
>>> from argmap.model import Claim, ClaimRelation, Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, author="ann", text="Tea is good."),
...     Comment("b", "a", author="bob", text="No.", stance="attack", stance_score=0.9)]))
>>> data = aif_data(g)
>>> sorted(n["type"] for n in data["nodes"])
['CA', 'I', 'I', 'L', 'L', 'TA', 'YA', 'YA', 'YA']
>>> [p["firstname"] for p in data["participants"]]
['ann', 'bob']
>>> t = Thread("t", [Comment("a", None, text="Tea is good. It is calm."),
...     Comment("b", "a", text="No. Calm is dull.", stance="attack", stance_score=0.9)],
...     claims=[Claim("a:0", "a", 0, 12, "Tea is good.", "claim", .9), Claim("a:1", "a", 13, 24, "It is calm.",
...             "premise", .8), Claim("b:0", "b", 4, 17, "Calm is dull.", "claim", .7)],
...     claim_relations=[ClaimRelation("a:1", "a:0", "supports", .7, "premise"),
...                      ClaimRelation("b:0", "a:1", "attacks", .6, "model")])
>>> data = aif_data(build_graph(t))
>>> sorted(n["type"] for n in data["nodes"])   # 3 claim I-nodes, 2 locutions, 1 RA, 1 CA
['CA', 'I', 'I', 'I', 'L', 'L', 'RA', 'TA', 'YA', 'YA', 'YA', 'YA', 'YA']
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_path
from argmap.errors import InputError
from argmap.model import (
    COMMENT_KINDS,
    RELATION_KINDS,
    Claim,
    ClaimRelation,
    Comment,
    EdgeKind,
    LabelSource,
    NodeKind,
    RelationKind,
    Role,
    Thread,
)

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


def _head(claims: list[tuple[str, str, str]]) -> str:
    """The I-node that stands for a comment with claims: its main claim, else its first claim, else
    its first unit (``claims`` as ``(claim node, role, I-node)`` in text order)."""
    for role in (Role.MAIN_CLAIM, Role.CLAIM):
        for _, r, i_node in claims:
            if r == role:
                return i_node
    return claims[0][2]


def aif_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The thread as an AIF JSON dict: ``nodes``, ``edges``, ``locutions``, ``participants`` …"""
    b = _Builder()
    people: dict[str, str] = {}
    locutions: list[dict[str, str]] = []
    ids: dict[str, dict[str, Any]] = {}
    heads: dict[str, str] = {}  # comment → the I-node a comment-level RA/CA starts or ends at
    claim_i: dict[str, str] = {}  # claim node → I-node
    claim_of: dict[str, str] = {}  # claim node → comment
    claims_by_comment: dict[str, list[tuple[str, str, str]]] = {}
    for n, a in graph.nodes(data=True):
        if a.get("kind") == NodeKind.CLAIM and str(a.get("comment_id")) in graph:
            claims_by_comment.setdefault(str(a["comment_id"]), []).append((str(n), str(a.get("role")), ""))
    comments = [(n, a) for n, a in graph.nodes(data=True) if a.get("kind") in COMMENT_KINDS]
    for n, a in comments:
        when, author, text = _time(a.get("created")), a.get("author"), a.get("text") or ""
        said = "Pure Questioning" if a.get("stance") == "query" else "Asserting"
        l_node = b.node("L", f"{author} : {text}" if author else text, when)
        own = sorted(claims_by_comment.get(str(n), []), key=lambda x: graph.nodes[x[0]].get("start") or 0)
        if own:
            entry: dict[str, Any] = {"L": l_node, "claims": {}, "stance": a.get("stance")}
            done = []
            for node, role, _ in own:
                i_node = b.node("I", graph.nodes[node].get("text") or "", when)
                ya = b.node("YA", said, when)
                b.edge(l_node, ya)
                b.edge(ya, i_node)
                claim_i[node], claim_of[node] = i_node, str(n)
                c = graph.nodes[node]
                entry["claims"][node.removeprefix("claim:")] = {"I": i_node, "start": c.get("start"),
                                                                "end": c.get("end"), "role": role,
                                                                "score": c.get("score"),
                                                                "label_source": c.get("label_source")}
                done.append((node, role, i_node))
            heads[str(n)] = _head(done)
        else:
            i_node = b.node("I", text, when)
            ya = b.node("YA", said, when)
            b.edge(l_node, ya)
            b.edge(ya, i_node)
            entry = {"I": i_node, "L": l_node}
            heads[str(n)] = i_node
        if a.get("label_source") == LabelSource.HUMAN:
            entry["label_source"] = LabelSource.HUMAN.value  # a person corrected its stance or parent
        ids[str(n)] = entry
        if author:
            pid = people.setdefault(author, str(len(people) + 1))
            locutions.append({"nodeID": l_node, "personID": pid, "timestamp": when})
    transitions: dict[str, str] = {}  # reply → its TA
    replies = []
    for child, parent, d in graph.edges(data=True):
        if d.get("kind") != EdgeKind.REPLY or str(child) not in ids or str(parent) not in ids:
            continue
        when = _time(graph.nodes[child].get("created"))
        ta = b.node("TA", "Default Transition", when)
        b.edge(ids[str(parent)]["L"], ta)
        b.edge(ta, ids[str(child)]["L"])
        transitions[str(child)] = ta
        replies.append((str(child), str(parent), d, when))
    answered = set()  # (reply, parent) pairs a claim relation already links
    relations: dict[str, dict[str, Any]] = {}
    for src, dst, d in graph.edges(data=True):
        if d.get("kind") not in RELATION_KINDS or str(src) not in claim_i or str(dst) not in claim_i:
            continue
        src_comment, dst_comment = claim_of[str(src)], claim_of[str(dst)]
        kind, text, illocution = RELATION["support" if d["kind"] == RelationKind.SUPPORTS else "attack"]
        when = _time(graph.nodes[src_comment].get("created"))
        rel = b.node(kind, text, when)
        b.edge(claim_i[str(src)], rel)
        b.edge(rel, claim_i[str(dst)])
        # IAT anchoring: an inference inside one locution is anchored in that locution; one across a
        # reply in the reply's transition
        anchor = transitions.get(src_comment) if src_comment != dst_comment else None
        ya = b.node("YA", illocution, when)
        b.edge(anchor or ids[src_comment]["L"], ya)
        b.edge(ya, rel)
        relations[rel] = {"score": d.get("score"), "via": d.get("via"), "label_source": d.get("label_source")}
        answered.add((src_comment, dst_comment))
    for child, parent, d, when in replies:
        if d.get("stance") in RELATION and (child, parent) not in answered:
            kind, text, illocution = RELATION[d["stance"]]
            rel = b.node(kind, text, when)
            b.edge(heads[child], rel)
            b.edge(rel, heads[parent])
            ya = b.node("YA", illocution, when)
            b.edge(transitions[child], ya)
            b.edge(ya, rel)
    extension: dict[str, Any] = {"thread_id": graph.graph.get("thread_id"), "title": graph.graph.get("title"),
                                 "comments": ids}
    if relations:
        extension["relations"] = relations
    return {
        "nodes": b.nodes, "edges": b.edges, "locutions": locutions,
        "participants": [{"participantID": pid, "firstname": name, "surname": ""} for name, pid in people.items()],
        "schemefulfillments": [], "descriptorfulfillments": [], "participantroles": [],
        "argmap": extension,
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

    ext = data.get("argmap") or {}
    own: dict[str, dict[str, Any]] = ext.get("comments", {}) if isinstance(ext.get("comments"), dict) else {}
    # argmap's own AIF with claims: such a comment is its L-node; its claims are the I-nodes it anchors
    claim_comments = {str(v["L"]): k for k, v in own.items() if isinstance(v.get("claims"), dict) and "L" in v}
    claim_nodes = {str(c["I"]): (k, cid, c) for k, v in own.items() if isinstance(v.get("claims"), dict)
                   for cid, c in v["claims"].items()}
    # each comment's key: its I-node, or (comments with claims) its L-node
    key_of_l = {l_id: i for l_id in nodes if kind(l_id) == "L" for ya in out.get(l_id, []) if kind(ya) == "YA"
                for i in out.get(ya, []) if kind(i) == "I" and i not in claim_nodes}
    key_of_l.update({l_id: l_id for l_id in claim_comments if l_id in nodes})
    people = {str(p["participantID"]): " ".join(x for x in (p.get("firstname"), p.get("surname")) if x)
              for p in data.get("participants", [])}
    author = {key_of_l.get(str(loc["nodeID"])): people.get(str(loc.get("personID")))
              for loc in data.get("locutions", [])}
    names = {str(v["I"]): k for k, v in own.items() if "I" in v}
    names.update(claim_comments)
    parent: dict[str, str] = {}
    stance: dict[str, str] = {}
    for ta in (n for n in nodes if kind(n) == "TA"):
        for src in into.get(ta, []):
            for dst in out.get(ta, []):
                if src in key_of_l and dst in key_of_l:
                    parent[key_of_l[dst]] = key_of_l[src]
                    stance[key_of_l[dst]] = "neutral"
    comment_of = {k: k for k in key_of_l.values()}
    l_of = {name: l_id for l_id, name in claim_comments.items()}
    comment_of.update({i: l_of[name] for i, (name, _, _) in claim_nodes.items() if name in l_of})
    relations = []
    rel_ext = ext.get("relations") if isinstance(ext.get("relations"), dict) else {}
    for rel in (n for n in nodes if kind(n) in ("RA", "CA")):
        for premise in (p for p in into.get(rel, []) if kind(p) == "I"):
            for conclusion in (c for c in out.get(rel, []) if kind(c) == "I"):
                if premise in claim_nodes and conclusion in claim_nodes and rel in rel_ext:
                    relations.append(ClaimRelation(claim_nodes[premise][1], claim_nodes[conclusion][1],
                                                   RelationKind.SUPPORTS if kind(rel) == "RA" else RelationKind.ATTACKS,
                                                   rel_ext[rel].get("score"), rel_ext[rel].get("via")))
                    continue
                a, c = comment_of.get(premise, premise), comment_of.get(conclusion, conclusion)
                parent.setdefault(a, c)
                if parent[a] == c:
                    stance[a] = "support" if kind(rel) == "RA" else "attack"
    for l_id, k in key_of_l.items():
        if k in parent and any(nodes[ya].get("text") == "Pure Questioning"
                               for ya in out.get(l_id, []) if kind(ya) == "YA"):
            stance[k] = "query"
    for l_id, name in claim_comments.items():
        if l_id in parent and own[name].get("stance"):
            stance[l_id] = own[name]["stance"]
    comments = []
    for k in (n for n in nodes if (kind(n) == "I" and n not in claim_nodes) or n in claim_comments):
        p = parent.get(k)
        text = str(nodes[k].get("text") or "")
        if k in claim_comments and author.get(k) and text.startswith(f"{author[k]} : "):
            text = text[len(author[k]) + 3:]
        comments.append(Comment(names.get(k, k), names.get(p, p) if p else None, author=author.get(k),
                                created=_seconds(nodes[k].get("timestamp")), text=text,
                                stance=stance.get(k) if p else None))
    from argmap.readers._common import finish_tree

    claims = [Claim(cid, name, int(c["start"]), int(c["end"]), str(nodes[i].get("text") or ""), str(c["role"]),
                    c.get("score")) for i, (name, cid, c) in claim_nodes.items() if i in nodes]
    title = str(ext.get("title") or "")
    return Thread(str(ext.get("thread_id") or thread_id), finish_tree(origin, comments), title=title,
                  origin=origin, format="aif", claims=claims, claim_relations=relations)


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
