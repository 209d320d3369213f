"""Small hand-made threads (and their graphs) shared by the dataset and export tests."""

from __future__ import annotations

import networkx as nx

from argmap.graph import build_graph
from argmap.model import Claim, ClaimRelation, Comment, KeyPoint, Source, Thread


def sample_threads() -> list[Thread]:
    """Two threads covering roots, replies, sources, topics, missing values and an article."""
    t1 = Thread(
        "tea",
        [
            Comment("a", None, author="ann", created=1_600_000_000.0, text="Tea is good.\nSee [1].",
                    topic="drinks", meta={"score": 12}),
            Comment("b", "a", author="bob", created=1_600_000_060.5, text="No, coffee.", position=1, depth=1,
                    stance="attack", stance_score=0.91, topic="drinks", meta={"points": -3}),
            Comment("c", "b", author=None, created=None, text="Why?", position=2, depth=2,
                    stance="query", stance_score=0.55),
            Comment("d", "a", author="ann", created=1_600_000_100.0, text="Agreed, tea.", position=3, depth=1,
                    stance="support", stance_score=0.66),
        ],
        title="Tea or coffee", origin="threads/tea.json", format="reddit",
        topics={"drinks": ["tea", "coffee"], "unused": ["x"]},
        sources=[Source("1", "footnote", "https://tea.example/study", cited_by=["a"]),
                 Source("2", "outlet", "BBC", cited_by=["a", "b"])],
        claims=[Claim("a:0", "a", 0, 12, "Tea is good.", "main_claim", 0.9, "drinks"),
                Claim("b:0", "b", 0, 11, "No, coffee.", "claim", 0.75, "drinks"),
                Claim("d:0", "d", 0, 12, "Agreed, tea.", "claim", 0.6)],
        claim_relations=[ClaimRelation("b:0", "a:0", "attacks", 0.8, "model"),
                         ClaimRelation("d:0", "a:0", "supports", 0.7, "quote")],
        key_points=[KeyPoint("kp0", "Tea is good.", "a:0", [("a:0", 1.0), ("d:0", 0.625)], n_authors=1,
                             n_support=1, n_attack=1, topic="drinks")],
    )
    t2 = Thread("essay", [Comment("p1", None, text="Claim one."),
                          Comment("p2", "p1", text="Because.", position=1, depth=1, stance="support",
                                  stance_score=0.7)],
                format="article", origin="essay.txt",
                claims=[Claim("p1:0", "p1", 0, 10, "Claim one.", "claim", 0.8),
                        Claim("p2:0", "p2", 0, 8, "Because.", "premise", 0.5)],
                claim_relations=[ClaimRelation("p2:0", "p1:0", "supports", 0.4, "premise")])
    return [t1, t2]


def sample_graphs() -> list[nx.MultiDiGraph]:
    return [build_graph(t) for t in sample_threads()]


def edge_set(g: nx.MultiDiGraph) -> list[tuple]:
    return sorted((u, v, k, sorted(d.items(), key=str)) for u, v, k, d in g.edges(keys=True, data=True))


def assert_same_graph(got: nx.MultiDiGraph, want: nx.MultiDiGraph, graph_attrs: bool = True) -> None:
    """Equal nodes (with attributes), edges (with keys and attributes) and, optionally, graph attributes."""
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    assert edge_set(got) == edge_set(want)
    if graph_attrs:
        assert got.graph == want.graph
