"""Round trips: graphs → dataset / GraphML / GEXF / node-link / ConvoKit → graphs; AIF structure."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

import argmap
from argmap.exporters import write_dataset
from argmap.exporters.aif import read_aif, write_aif
from argmap.exporters.convokit import write_convokit
from argmap.exporters.gexf import read_gexf, write_gexf
from argmap.exporters.graphml import read_graphml, write_graphml
from argmap.exporters.nodelink import read_nodelink, write_nodelink
from argmap.graph import build_graph
from argmap.load import iter_graphs
from argmap.model import Claim, ClaimRelation, Comment, Thread
from argmap.readers import detect
from argmap.readers import read as read_thread
from argmap.readers.convokit import iter_threads
from tests.support.sample_graphs import assert_same_graph, sample_graphs, sample_threads


def test_dataset_round_trip(tmp_path: Path) -> None:
    want = sample_graphs()
    got = argmap.load(write_dataset(iter(sample_graphs()), tmp_path / "ds"))
    assert list(got) == ["tea", "essay"]
    for g in want:
        assert_same_graph(got[g.graph["thread_id"]], g)


def test_dataset_round_trip_keeps_extra_attributes(tmp_path: Path) -> None:
    g = sample_graphs()[0]
    g.nodes["a"]["score"] = 12
    g.nodes["a"]["label"] = "custom label"
    g.nodes["source:1"]["note"] = ["x", "y"]
    g.edges["b", "a", "reply"]["confidence"] = 0.4
    g.graph["subreddit"] = "tea"
    g.add_edge("d", "b", key="quotes", kind="reply", stance=None, score=None)
    assert_same_graph(argmap.load(write_dataset([g], tmp_path / "ds"))["tea"], g)


def test_dataset_streams_threads_without_rows(tmp_path: Path) -> None:
    graphs = [nx.MultiDiGraph(thread_id="empty", title="", origin="", format="text", topics={}), *sample_graphs()]
    got = list(iter_graphs(write_dataset(graphs, tmp_path / "ds")))
    assert [g.graph["thread_id"] for g in got] == ["empty", "tea", "essay"]
    assert_same_graph(got[1], graphs[1])


@pytest.mark.parametrize(("write", "read", "graph_attrs"), [
    (write_graphml, read_graphml, True), (write_nodelink, read_nodelink, True), (write_gexf, read_gexf, False)])
def test_graph_format_round_trip(tmp_path: Path, write, read, graph_attrs: bool) -> None:  # noqa: ANN001
    for g in sample_graphs():
        path = write(g, tmp_path / f"{g.graph['thread_id']}.out")
        assert_same_graph(read(path), g, graph_attrs)


def test_graphml_and_gexf_are_plain_networkx_readable(tmp_path: Path) -> None:
    g = sample_graphs()[0]
    raw = nx.read_graphml(write_graphml(g, tmp_path / "t.graphml"))
    assert raw.number_of_nodes() == g.number_of_nodes() and raw.number_of_edges() == g.number_of_edges()
    assert raw.nodes["c"]["stance"] == "query" and "author" not in raw.nodes["c"]  # None → absent
    assert json.loads(raw.graph["topics"]) == g.graph["topics"]
    raw = nx.read_gexf(write_gexf(g, tmp_path / "t.gexf"))
    assert raw.number_of_edges() == g.number_of_edges()
    assert raw.nodes["b"]["label"] == "No, coffee." and raw.nodes["b"]["viz"]["color"]["r"] == 215


def test_aif_structure(tmp_path: Path) -> None:
    g = sample_graphs()[0]
    data = json.loads(write_aif(g, tmp_path / "t.aif.json").read_text())
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    kinds = [n["type"] for n in data["nodes"]]
    assert kinds.count("I") == kinds.count("L") == 4
    assert kinds.count("TA") == 3  # one per reply
    assert kinds.count("CA") == 1 and kinds.count("RA") == 1  # b attacks a, d supports a; c is a query
    assert all(e["fromID"] in nodes and e["toID"] in nodes for e in data["edges"])
    ids = data["argmap"]["comments"]
    ca = next(n["nodeID"] for n in data["nodes"] if n["type"] == "CA")
    assert (ids["b"]["claims"]["b:0"]["I"], ca) in _edges(data)
    assert nodes[ids["b"]["L"]]["text"] == "bob : No, coffee."
    assert {p["firstname"] for p in data["participants"]} == {"ann", "bob"}
    assert len(data["locutions"]) == 3  # c has no author
    questioning = [n for n in data["nodes"] if n["text"] == "Pure Questioning"]
    assert len(questioning) == 1


def test_aif_round_trip(tmp_path: Path) -> None:
    for want in sample_threads():
        got = read_aif(write_aif(build_graph(want), tmp_path / f"{want.id}.aif.json"))
        assert got.id == want.id and got.title == want.title
        assert [(c.id, c.parent_id, c.author, c.text, c.stance, c.depth) for c in got.comments] == [
            (c.id, c.parent_id, c.author, c.text, c.stance, c.depth) for c in want.comments]
        assert [c.created for c in got.comments] == [int(c.created) if c.created else None for c in want.comments]
        assert [(c.id, c.comment_id, c.start, c.end, c.text, c.role, c.score) for c in got.claims] == [
            (c.id, c.comment_id, c.start, c.end, c.text, c.role, c.score) for c in want.claims]
        assert sorted(map(vars, got.claim_relations), key=str) == sorted(map(vars, want.claim_relations), key=str)


def _edges(data: dict) -> set[tuple[str, str]]:
    return {(e["fromID"], e["toID"]) for e in data["edges"]}


def test_aif_claims_are_propositions_with_ra_and_ca(tmp_path: Path) -> None:
    """Claims → I-nodes anchored in their comment's L-node; claim relations → RA / CA between them,
    anchored in the reply's TA (across comments) or the comment's L-node (inside one)."""
    t = sample_threads()[0]
    t.comments[0].text = "Tea is good. It is calm.\nSee [1]."
    t.claims.append(Claim("a:1", "a", 13, 24, "It is calm.", "premise", 0.8, "drinks"))
    t.claim_relations.append(ClaimRelation("a:1", "a:0", "supports", 0.5, "premise"))
    data = json.loads(write_aif(build_graph(t), tmp_path / "t.aif.json").read_text())
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    edges = _edges(data)
    ids = data["argmap"]["comments"]
    assert "I" not in ids["a"] and set(ids["a"]["claims"]) == {"a:0", "a:1"} and ids["c"]["I"]
    a0, a1, b0 = ids["a"]["claims"]["a:0"]["I"], ids["a"]["claims"]["a:1"]["I"], ids["b"]["claims"]["b:0"]["I"]
    assert nodes[a1]["text"] == "It is calm." and nodes[a1]["type"] == "I"
    assert [n["text"] for n in data["nodes"] if n["type"] == "I"] == ["Tea is good.", "It is calm.", "No, coffee.",
                                                                      "Why?", "Agreed, tea."]

    def via(kind: str, src: str, dst: str) -> str:
        """The YA anchor of the one ``kind`` node from ``src`` to ``dst``."""
        (rel,) = [r for r, n in nodes.items() if n["type"] == kind and (src, r) in edges and (r, dst) in edges]
        (ya,) = [y for y, r in edges if r == rel and nodes[y]["type"] == "YA"]
        (anchor,) = [x for x, y in edges if y == ya]
        return nodes[anchor]["type"] + ":" + nodes[ya]["text"]

    assert via("RA", a1, a0) == "L:Arguing"  # inside comment a
    assert via("CA", b0, a0) == "TA:Disagreeing"  # b's claim attacks a's claim
    for claim_i in (a0, a1):
        (ya,) = [y for y, i in edges if i == claim_i and nodes[y]["type"] == "YA"]
        assert nodes[ya]["text"] == "Asserting" and (ids["a"]["L"], ya) in edges
    # c (no claims) is a query reply to b: its own I-node, no RA/CA; 2 claim relations + 1 inside a
    kinds = [n["type"] for n in data["nodes"]]
    assert kinds.count("RA") == 2 and kinds.count("CA") == 1 and kinds.count("L") == 4
    got = read_aif(tmp_path / "t.aif.json")
    assert [c.text for c in got.comments] == [c.text for c in t.comments]
    assert {(r.source, r.target, r.kind, r.via) for r in got.claim_relations} == {
        ("b:0", "a:0", "attacks", "model"), ("d:0", "a:0", "supports", "quote"), ("a:1", "a:0", "supports", "premise")}


def test_aif_without_claims_keeps_the_comment_mapping(tmp_path: Path) -> None:
    t = sample_threads()[0]
    t.claims, t.claim_relations = [], []
    data = json.loads(write_aif(build_graph(t), tmp_path / "t.aif.json").read_text())
    ids = data["argmap"]["comments"]
    assert all(set(v) == {"I", "L"} for v in ids.values())
    assert [n["text"] for n in data["nodes"] if n["type"] == "I"] == [c.text for c in t.comments]
    ca = next(n["nodeID"] for n in data["nodes"] if n["type"] == "CA")
    assert {(ids["b"]["I"], ca), (ca, ids["a"]["I"])} <= _edges(data)


def test_aif_reply_stance_without_claim_relation_links_main_claims(tmp_path: Path) -> None:
    """An attack reply whose claims the relation model linked nowhere still attacks its parent:
    a CA from its main claim to the parent's."""
    t = sample_threads()[0]
    t.claim_relations = []
    data = json.loads(write_aif(build_graph(t), tmp_path / "t.aif.json").read_text())
    ids = data["argmap"]["comments"]
    ca = next(n["nodeID"] for n in data["nodes"] if n["type"] == "CA")
    assert {(ids["b"]["claims"]["b:0"]["I"], ca), (ca, ids["a"]["claims"]["a:0"]["I"])} <= _edges(data)
    got = read_aif(tmp_path / "t.aif.json")
    assert [c.stance for c in got.comments] == [c.stance for c in t.comments]


def test_aif_reader_without_dialogue(tmp_path: Path) -> None:
    """A plain AIFdb argument map (I, RA, CA only): premises become replies to their conclusions."""
    data = {"nodes": [{"nodeID": "1", "text": "Tea is best.", "type": "I"},
                      {"nodeID": "2", "text": "It has less caffeine.", "type": "I"},
                      {"nodeID": "3", "text": "Default Inference", "type": "RA"},
                      {"nodeID": "4", "text": "Coffee tastes better.", "type": "I"},
                      {"nodeID": "5", "text": "Default Conflict", "type": "CA"}],
            "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "1"},
                      {"edgeID": "3", "fromID": "4", "toID": "5"}, {"edgeID": "4", "fromID": "5", "toID": "1"}],
            "locutions": [], "participants": []}
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data))
    t = read_aif(path)
    assert [(c.id, c.parent_id, c.stance) for c in t.comments] == [
        ("1", None, None), ("2", "1", "support"), ("4", "1", "attack")]


def test_convokit_round_trip(tmp_path: Path) -> None:
    folder = write_convokit(sample_graphs(), tmp_path / "corpus")
    assert sorted(p.name for p in folder.iterdir()) == [
        "conversations.json", "corpus.json", "index.json", "speakers.json", "utterances.jsonl"]
    utts = [json.loads(line) for line in (folder / "utterances.jsonl").open()]
    assert {"id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "meta"} <= set(utts[0])
    assert utts[1]["reply_to"] == "tea:a" and utts[1]["meta"]["stance"] == "attack"
    assert json.loads((folder / "speakers.json").read_text()).keys() == {"ann", "bob", "[unknown]"}
    assert detect(folder) == "convokit"
    threads = list(iter_threads(folder))
    assert [t.id for t in threads] == ["tea", "essay"]
    for t, want in zip(threads, sample_threads(), strict=True):
        got = build_graph(t)
        comments = [n for n, a in got.nodes(data=True) if a["kind"] in ("comment", "paragraph")]
        for n in comments:
            keep = ("author", "created", "text", "depth", "position", "parent_id", "stance", "stance_score", "topic")
            assert {k: got.nodes[n][k] for k in keep} == {k: vars(want.by_id[n])[k if k != "parent_id" else k]
                                                          for k in keep}
    assert threads[0].topics == {"drinks": ["tea", "coffee"], "unused": ["x"]}
    assert threads[0].title == "Tea or coffee"


def test_convokit_reader_single_and_multi(tmp_path: Path) -> None:
    one = write_convokit(sample_graphs()[0], tmp_path / "one")
    assert read_thread(one).id == "tea"
    many = write_convokit(sample_graphs(), tmp_path / "many")
    with pytest.raises(argmap.errors.InputError, match="2 conversations"):
        read_thread(many)


def test_convokit_loads_in_convokit(tmp_path: Path) -> None:
    convokit = pytest.importorskip("convokit")
    corpus = convokit.Corpus(filename=str(write_convokit(sample_graphs(), tmp_path / "corpus")))
    assert len(list(corpus.iter_conversations())) == 2
    assert corpus.get_utterance("tea:b").reply_to == "tea:a"
    assert corpus.get_utterance("tea:b").meta["stance"] == "attack"


def test_graphml_declares_no_id_key_and_igraph_reads_it_quietly(tmp_path: Path) -> None:
    """igraph warns "there is already an 'id' vertex attribute" when a data key is named id."""
    import warnings

    g = build_graph(Thread("t", [Comment("a", None, text="Tea."),
                                 Comment("b", "a", text="No.", stance="attack", stance_score=0.9)]))
    path = write_graphml(g, tmp_path / "t.graphml")
    assert 'attr.name="id"' not in path.read_text(encoding="utf-8")
    assert read_graphml(path).nodes["b"]["id"] == "b"  # put back on reading
    igraph = pytest.importorskip("igraph")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ig = igraph.Graph.Read_GraphML(str(path))
    assert {"a", "b"} <= set(ig.vs["id"])
