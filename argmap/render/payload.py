"""Graph → the JSON the page reads: compact node and edge records, counts, precomputed positions.

Everything in here is data, never markup: the page renders it with ``textContent`` only.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, text="Tea."),
...                              Comment("b", "a", text="No.", stance="attack", stance_score=0.91)]))
>>> data = page_data(g)
>>> [n["k"] for n in data["nodes"]], data["edges"], data["counts"]["attacks"]
(['comment', 'comment'], [[1, 0, 'reply', 'attack', 0.91]], 1)
>>> safe_url("javascript:alert(1)"), safe_url(" https://example.org/a?b=1")
(None, 'https://example.org/a?b=1')
>>> script_json({"t": "</script><b>&\\u2028"})
'{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from argmap.model import COMMENT_KINDS, RELATION_KINDS, EdgeKind, LabelSource, NodeKind, Stance
from argmap.nlp.keypoints import COUNTS_DEFINITION
from argmap.render.layout import radial_layout, tree_layout

OUTLINE_FROM = 120  # comments; bigger trees get the outline layout (one row per comment, reading order)
OUTLINE_INDENT = 110.0  # px per reply level in the outline layout, like a forum page's indentation
OUTLINE_ROW = 58.0  # px per comment (row) in the outline layout


def _too_wide(points: Iterable[tuple[float, float]], ratio: float = 4.0) -> bool:
    """True when a centred tree is much wider than tall (a long reply chain, typical of pasted
    threads): the outline layout then reads better.

    >>> _too_wide([(0, 0), (4000, 70)]), _too_wide([(0, 0), (2000, 560)])
    (True, False)
    """
    pts = list(points)
    if not pts:
        return False
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (max(xs) - min(xs) + 220) > ratio * (max(ys) - min(ys) + 50)
_CTRL = re.compile(r"[\x00-\x1f\x7f\s]")


def safe_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None (never a link)."""
    if not value:
        return None
    url = value.strip()
    if _CTRL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def script_json(obj: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: no ``<``, ``>``, ``&``,
    U+2028 or U+2029 left, so no text can close the element or be read as markup."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _num(value: Any, digits: int = 3) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return round(f, digits) if math.isfinite(f) else None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_offsets(text: str, offsets: Iterable[int]) -> list[int]:
    """Code-point offsets into ``text`` → the UTF-16 offsets JavaScript's ``slice`` uses.

    >>> utf16_offsets("a😀b", [0, 1, 2, 3])
    [0, 1, 3, 4]
    """
    offsets = list(offsets)
    if not _ASTRAL.search(text):
        return offsets
    return [o + len(_ASTRAL.findall(text, 0, o)) for o in offsets]


def claim_data(graph: nx.MultiDiGraph, index: dict[Any, int]) -> dict[str, Any]:
    """The claims for the page: ``claims`` (``[comment index, start, end, role, score, id]``, UTF-16
    offsets into the comment's text, by comment then start) and ``claim_edges`` (``[source claim,
    target claim, kind, score, via]`` as indices into ``claims``). Empty dict when there are none."""
    rows = []
    for n, d in graph.nodes(data=True):
        c = str(d.get("comment_id"))
        if d.get("kind") == NodeKind.CLAIM and c in index:
            rows.append((index[c], int(d.get("start") or 0), int(d.get("end") or 0), str(n), d))
    if not rows:
        return {}
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    at = {r[3]: k for k, r in enumerate(rows)}
    claims = []
    for comment, start, end, node, d in rows:
        a, b = utf16_offsets(str(graph.nodes[d["comment_id"]].get("text") or ""), (start, end))
        claims.append([comment, a, b, _str(d.get("role")), _num(d.get("score")), str(node)])
    edges = [[at[u], at[v], str(d.get("kind")), _num(d.get("score")),
              LabelSource.HUMAN.value if d.get("label_source") == LabelSource.HUMAN else _str(d.get("via"))]
             for u, v, d in graph.edges(data=True)
             if d.get("kind") in RELATION_KINDS and u in at and v in at]
    return {"claims": claims, "claim_edges": edges}


def _version() -> str:
    """argmap's version, which the page writes into saved corrections."""
    from argmap import __version__

    return __version__


def page_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The page's data: ``nodes`` (list of dicts), ``edges`` (``[from, to, kind, stance, score]`` with
    node indices), ``counts``, the thread ``meta``, the Outline's key points (``kp``) and, when the
    graph has claims, :func:`claim_data`."""
    # claims ride on their comment, key points on the Outline
    ids = [n for n, k in graph.nodes(data="kind") if k not in (NodeKind.CLAIM, NodeKind.KEYPOINT)]
    index = {n: i for i, n in enumerate(ids)}
    comments = [n for n in ids if graph.nodes[n].get("kind") in COMMENT_KINDS]
    parent: dict[str, str | None] = {}
    for u, v, d in graph.edges(data=True):
        if d.get("kind") == EdgeKind.REPLY and u not in parent:
            parent[u] = v
    tree = tree_layout(comments, parent, align="center")
    align = "outline" if len(comments) > OUTLINE_FROM or _too_wide(tree.values()) else "center"
    if align == "outline":
        tree = tree_layout(comments, parent, dx=OUTLINE_INDENT, dy=OUTLINE_ROW, align=align)
    radial = radial_layout(comments, parent)

    nodes: list[dict[str, Any]] = []
    for n in ids:
        d = graph.nodes[n]
        kind = str(d.get("kind") or NodeKind.COMMENT)
        rec: dict[str, Any] = {"id": str(n), "k": kind, "l": str(d.get("label") or ""), "t": str(d.get("text") or "")}
        if kind in COMMENT_KINDS:
            x, y = tree[n]
            rec.update(
                a=_str(d.get("author")), c=_num(d.get("created"), 0), d=int(d.get("depth") or 0),
                s=_str(d.get("stance")), sc=_num(d.get("stance_score")), tp=_str(d.get("topic")),
                v=_num(d.get("votes"), 0),
                x=x, y=y, rx=radial[n][0], ry=radial[n][1],
            )
            if d.get("label_source") == LabelSource.HUMAN:
                rec["h"] = 1  # a person set its stance or parent (argmap.corrections)
        elif kind == NodeKind.SOURCE:
            rec.update(sk=_str(d.get("source_kind")), u=safe_url(_str(d.get("value"))))
        nodes.append(rec)

    edges: list[list[Any]] = []
    for u, v, d in graph.edges(data=True):
        if u not in index or v not in index:
            continue
        edges.append([index[u], index[v], str(d.get("kind")), _str(d.get("stance")), _num(d.get("score"))])

    stances = [d.get("stance") for _, _, d in graph.edges(data=True) if d.get("kind") == EdgeKind.REPLY]
    kinds = [graph.nodes[n].get("kind") for n in ids]
    g = graph.graph
    return {
        "meta": {
            "thread_id": _str(g.get("thread_id")) or "",
            "title": _str(g.get("title")) or "",
            "origin": _str(g.get("origin")) or "",
            "format": _str(g.get("format")) or "",
            "version": _version(),
            **({"min_relation_score": _num(g["min_relation_score"])}
               if _num(g.get("min_relation_score")) is not None else {}),
        },
        "layout": {"align": align, "dx": OUTLINE_INDENT, "dy": OUTLINE_ROW} if align == "outline" else {"align": align},
        "counts": {
            "comments": len(comments),
            "supports": stances.count(Stance.SUPPORT),
            "attacks": stances.count(Stance.ATTACK),
            "neutral": stances.count(Stance.NEUTRAL),
            "queries": stances.count(Stance.QUERY),
            "sources": kinds.count(NodeKind.SOURCE),
            "topics": kinds.count(NodeKind.TOPIC),
        },
        "nodes": nodes,
        "edges": edges,
        **claim_data(graph, index),
        "kp": outline_data(graph, index),
        "kpdef": COUNTS_DEFINITION,
    }


# ---------------------------------------------------------------- key points (Outline view)

def outline_data(graph: nx.MultiDiGraph, index: dict[Any, int]) -> list[dict[str, Any]]:
    """Key points for the page's Outline view, most claims first: ``t`` text, ``tp`` topic, ``n``
    claims, ``na`` authors, ``nc`` comments, ``nr`` replies, ``su`` / ``at`` replies supporting /
    attacking its claims (each reply once; the payload's ``kpdef`` says so), ``cl`` claims
    as ``[comment node index, claim text, score]`` (key point's own claim first).

    >>> from argmap.graph import build_graph
    >>> from argmap.model import Claim, Comment, KeyPoint, Thread
    >>> t = Thread("t", [Comment("a", None, text="Tea is good.")],
    ...            claims=[Claim("a:0", "a", 0, 12, "Tea is good.", "claim", 0.9)],
    ...            key_points=[KeyPoint("kp0", "Tea is good.", "a:0", [("a:0", 1.0)], n_authors=1)])
    >>> outline_data(build_graph(t), {"a": 0})[0]["cl"]
    [[0, 'Tea is good.', 1.0]]
    """
    out = []
    for node, d in graph.nodes(data=True):
        if d.get("kind") != NodeKind.KEYPOINT:
            continue
        claims = []
        for u, _, e in graph.in_edges(node, data=True):
            if e.get("kind") != EdgeKind.MATCHES:
                continue
            c = graph.nodes[u]
            if c.get("comment_id") in index:
                own = str(u) == f"claim:{d.get('claim_id')}"
                claims.append((not own, -(_num(e.get("score")) or 0.0),
                               [index[c["comment_id"]], str(c.get("text") or ""), _num(e.get("score"))]))
        out.append({"id": str(node).removeprefix("keypoint:"), "t": str(d.get("text") or ""),
                    "tp": _str(d.get("topic")),
                    "n": int(d.get("n_claims") or 0), "na": int(d.get("n_authors") or 0),
                    "nc": int(d.get("n_comments") or 0), "nr": int(d.get("n_replies") or 0),
                    "su": int(d.get("n_support") or 0), "at": int(d.get("n_attack") or 0),
                    "cl": [c for *_, c in sorted(claims, key=lambda x: (x[0], x[1]))]})
    return sorted(out, key=lambda k: (-k["n"], k["id"]))
