"""Thread → networkx graph: the one structure the renderer and every exporter read.

Vocabulary (also in the README; the label sets are the enums of :mod:`argmap.model`):

* node kinds: ``comment`` (``paragraph`` for article paragraphs), ``claim`` (an argumentative unit
  inside a comment), ``source``, ``topic``
* edge kinds: ``reply`` (child → parent, with ``stance`` and ``score``), ``cites``
  (comment → source), ``about`` (comment → topic), ``contains`` (comment → claim), ``supports`` /
  ``attacks`` (claim → claim, with ``score`` and ``via`` = quote / model / premise)
* every node: ``id``, ``kind``, ``text``, ``label`` (short), ``thread_id``; comments also
  ``author``, ``created``, ``votes``, ``depth``, ``position``, ``parent_id``, ``topic``, ``stance``,
  ``stance_score``; sources ``source_kind`` and ``value``; claims ``comment_id``, ``start``, ``end``
  (``text == comment text[start:end]``), ``role`` (main_claim / claim / premise), ``score``, ``topic``.

Node ids: comments keep their own id; sources are ``source:<id>``; topics ``topic:<name>``; claims
``claim:<comment id>:<n>``; key points ``keypoint:kp<n>`` (kind ``keypoint``, ``matches`` edges claim →
key point with ``score``; see :func:`add_key_points`).

>>> from argmap.model import Comment, Source, Thread
>>> t = Thread("t", [Comment("a", None, text="Tea is good [0]."),
...                  Comment("b", "a", text="No.", stance="attack", stance_score=0.9, topic="tea")],
...            sources=[Source("0", "footnote", "https://tea.example", cited_by=["a"])])
>>> g = build_graph(t)
>>> sorted(g.nodes)
['a', 'b', 'source:0', 'topic:tea']
>>> [(u, v, d["kind"], d["stance"]) for u, v, d in g.edges(data=True) if d["kind"] == "reply"]
[('b', 'a', 'reply', 'attack')]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from argmap.model import EdgeKind, LabelSource, NodeKind, Thread

# Who gave a label (``label_source`` on comments and reply edges, claims, claim relations): the models,
# or a person through corrections (:mod:`argmap.corrections`). None where there is no label.
# Attributes hold plain strings (``.value``, ``str()``), never the enums: see :func:`add_edge`.
MODEL = LabelSource.MODEL.value


def short_label(text: str, width: int = 60) -> str:
    """First line of ``text``, cut to ``width`` characters with an ellipsis.

    >>> short_label("A very long sentence indeed", 10)
    'A very lo…'
    """
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def source_node(source_id: str) -> str:
    return f"source:{source_id}"


def topic_node(name: str) -> str:
    return f"topic:{name}"


def claim_node(claim_id: str) -> str:
    return f"claim:{claim_id}"


def keypoint_node(keypoint_id: str) -> str:
    return f"keypoint:{keypoint_id}"


def add_edge(g: nx.MultiDiGraph, u: str, v: str, kind: str, **attrs: Any) -> None:
    """Edge ``u → v`` of ``kind``, which is also its key (one edge per kind between two nodes).

    ``kind`` is stored as a plain string, as every attribute is: GraphML and GEXF writers reject
    ``str`` subclasses such as :class:`~argmap.model.EdgeKind`.

    >>> g = nx.MultiDiGraph()
    >>> add_edge(g, "b", "a", EdgeKind.REPLY, stance=None)
    >>> list(g.edges(keys=True, data=True)), type(g.edges["b", "a", "reply"]["kind"]) is str
    ([('b', 'a', 'reply', {'kind': 'reply', 'stance': None})], True)
    """
    kind = str(kind)
    g.add_edge(u, v, key=kind, kind=kind, **attrs)


def vote_score(meta: dict[str, Any]) -> int | None:
    """The platform's vote score a reader kept in ``Comment.meta``: Reddit ``score``, Hacker News
    ``points`` (or ``score``); ``None`` when there is none.

    >>> vote_score({"score": 12}), vote_score({"points": "7"}), vote_score({"score": True}), vote_score({})
    (12, 7, None, None)
    """
    for key in ("score", "points"):
        value = meta.get(key)
        if isinstance(value, bool) or value is None:
            continue
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    return None


def build_graph(thread: Thread) -> nx.MultiDiGraph:
    """A MultiDiGraph of the thread's comments, sources and topics (edges keyed by kind)."""
    g = nx.MultiDiGraph(
        thread_id=thread.id,
        title=thread.title,
        origin=thread.origin,
        format=thread.format,
        topics=dict(thread.topics),
    )
    if thread.min_relation_score is not None:
        g.graph["min_relation_score"] = thread.min_relation_score
    kind = NodeKind.PARAGRAPH.value if thread.format == "article" else NodeKind.COMMENT.value
    for c in thread.comments:
        stance = None if c.stance is None else str(c.stance)
        g.add_node(
            c.id,
            id=c.id,
            kind=kind,
            text=c.text,
            label=short_label(c.text),
            thread_id=thread.id,
            author=c.author,
            created=c.created,
            depth=c.depth,
            position=c.position,
            parent_id=c.parent_id,
            topic=c.topic,
            stance=stance,
            stance_score=c.stance_score,
            votes=vote_score(c.meta),
            **({"label_source": MODEL} if c.stance is not None else {}),
        )
    for c in thread.comments:
        if c.parent_id is not None:
            stance = None if c.stance is None else str(c.stance)
            add_edge(g, c.id, c.parent_id, EdgeKind.REPLY, stance=stance, score=c.stance_score,
                     **({"label_source": MODEL} if c.stance is not None else {}))
    for s in thread.sources:
        node = source_node(s.id)
        g.add_node(
            node, id=node, kind=NodeKind.SOURCE.value, text=s.value, label=short_label(s.value, 40),
            thread_id=thread.id, source_kind=str(s.kind), value=s.value,
        )
        for cid in s.cited_by:
            add_edge(g, cid, node, EdgeKind.CITES, stance=None, score=None)
    for c in thread.comments:
        if c.topic:
            node = topic_node(c.topic)
            if node not in g:
                keywords = thread.topics.get(c.topic, [])
                g.add_node(
                    node, id=node, kind=NodeKind.TOPIC.value, text=", ".join(keywords) or c.topic,
                    label=c.topic, thread_id=thread.id,
                )
            add_edge(g, c.id, node, EdgeKind.ABOUT, stance=None, score=None)
    for u in thread.claims:
        node = claim_node(u.id)
        g.add_node(node, id=node, kind=NodeKind.CLAIM.value, text=u.text, label=short_label(u.text),
                   thread_id=thread.id, comment_id=u.comment_id, start=u.start, end=u.end, role=str(u.role),
                   score=u.score, topic=u.topic, label_source=MODEL)
        add_edge(g, u.comment_id, node, EdgeKind.CONTAINS, stance=None, score=None)
    for r in thread.claim_relations:
        add_edge(g, claim_node(r.source), claim_node(r.target), r.kind, stance=None, score=r.score,
                 via=str(r.via), label_source=MODEL)
    add_key_points(g, thread)
    return g


def add_key_points(g: nx.MultiDiGraph, thread: Thread) -> None:
    """Key point nodes (kind ``keypoint``: ``claim_id`` it was taken from, ``n_claims``,
    ``n_authors``, ``n_support``, ``n_attack``, ``topic``, ``n_comments``, ``n_replies``) and
    ``matches`` edges claim → key point."""
    for k in thread.key_points:
        node = keypoint_node(k.id)
        g.add_node(node, id=node, kind=NodeKind.KEYPOINT.value, text=k.text, label=short_label(k.text),
                   thread_id=thread.id, claim_id=k.claim_id, n_claims=len(k.claims), n_authors=k.n_authors,
                   n_support=k.n_support, n_attack=k.n_attack, topic=k.topic,
                   n_comments=k.n_comments, n_replies=k.n_replies)
        for cid, score in k.claims:
            add_edge(g, claim_node(cid), node, EdgeKind.MATCHES, stance=None, score=score)
