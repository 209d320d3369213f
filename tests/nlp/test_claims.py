"""Claims inside comments: exact spans, quote targeting, the graph and the shipped models."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.graph import build_graph
from argmap.model import Claim, Comment, Thread
from argmap.nlp.arguing import ArgumentModel, keep_arguing
from argmap.nlp.claim_relations import RelationModel, claim_vectors, link_claims, quote_place
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import RoleModel, extract_claims

THREADS = Path(__file__).resolve().parents[2] / "threads"


def _link(threads: list[Thread], min_score: float | None = None) -> None:
    """Link with the shipped relation model over the offline MiniLM's unit vectors."""
    from argmap.nlp.encoder import Encoder

    claim_vectors(threads, Encoder.get())
    link_claims(threads, RelationModel.load(), min_score)


def _check_spans(t: Thread) -> None:
    for c in t.claims:
        text = t.by_id[c.comment_id].text
        assert text[c.start : c.end] == c.text and c.text.strip() == c.text and c.text
        assert c.role in ("main_claim", "claim", "premise") and 0 <= c.score <= 1


def test_spans_are_exact_slices_even_for_odd_text() -> None:
    text = "  > quoted\r\n\n1. First point. Second?!\n- item because reason\nEdit: fixed\n[link](http://x)\n\t"
    for s in spans(text):
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text
    assert [s.kind for s in spans(text)][:1] == ["quote"]
    assert "link" in [s.kind for s in spans(text)]


def test_quotes_are_not_the_repliers_claims() -> None:
    t = Thread("q", [Comment("a", None, text="Taxes are theft. Roads are built by taxes."),
                     Comment("b", "a", text="> Taxes are theft.\nThat is not what theft means.", stance="attack",
                             stance_score=0.9)])
    extract_claims([t], RoleModel.load())
    assert not [c for c in t.claims if c.comment_id == "b" and "Taxes are theft" in c.text]


def test_a_quote_names_its_target_exactly() -> None:
    t = Thread("q", [Comment("a", None, text="Tea is best. Coffee is bitter. Water is dull."),
                     Comment("b", "a", text="> Coffee is bitter.\nOnly when brewed badly, and tea is too.",
                             stance="attack", stance_score=0.9)])
    t.claims = [Claim("a:0", "a", 0, 12, "Tea is best.", "claim", .9),
                Claim("a:1", "a", 13, 30, "Coffee is bitter.", "claim", .9),
                Claim("a:2", "a", 31, 45, "Water is dull.", "claim", .9),
                Claim("b:0", "b", 20, 59, "Only when brewed badly, and tea is too.", "claim", .9)]
    assert t.by_id["b"].text[20:59] == t.claims[3].text
    _link([t])
    cross = [r for r in t.claim_relations if r.source == "b:0"]
    assert [(r.target, r.via) for r in cross] == [("a:1", "quote")]


def test_a_quote_from_a_grandparent_is_found_there() -> None:
    t = Thread("q", [Comment("a", None, text="Cats are better pets than dogs."),
                     Comment("b", "a", text="Dogs are loyal.", stance="attack", stance_score=.8),
                     Comment("c", "b", text="> Cats are better pets\nNo, they ignore you.", stance="attack",
                             stance_score=.8)])
    t.claims = [Claim("a:0", "a", 0, 31, "Cats are better pets than dogs.", "claim", .9),
                Claim("b:0", "b", 0, 15, "Dogs are loyal.", "claim", .9),
                Claim("c:0", "c", 23, 43, "No, they ignore you.", "claim", .9)]
    _link([t])
    assert [(r.target, r.via) for r in t.claim_relations if r.source == "c:0"] == [("a:0", "quote")]
    assert quote_place("cats are better pets", t.by_id["a"].text) == (0, 20)


def test_graph_has_claims_contains_and_relations() -> None:
    t = Thread("g", [Comment("a", None, text="Tea is best. It is calm."),
                     Comment("b", "a", text="No, coffee is best.", stance="attack", stance_score=.9)])
    extract_claims([t], RoleModel.load())
    _link([t])
    _check_spans(t)
    g = build_graph(t)
    claims = [n for n, a in g.nodes(data=True) if a["kind"] == "claim"]
    assert claims and all(g.has_edge(g.nodes[n]["comment_id"], n, "contains") for n in claims)
    for u, v, d in g.edges(data=True):
        if d["kind"] in ("supports", "attacks"):
            assert g.nodes[u]["kind"] == g.nodes[v]["kind"] == "claim" and d["via"] in ("quote", "model", "premise")


def test_article_paragraphs_are_paragraph_nodes() -> None:
    g = build_graph(Thread("e", [Comment("p1", None, text="Claim.")], format="article"))
    assert g.nodes["p1"]["kind"] == "paragraph"


def test_no_claims_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.cli import build_parser

    args = build_parser().parse_args(["map", "x.json", "--no-claims"])
    assert args.claims is False
    assert build_parser().parse_args(["map", "x.json"]).claims is True


@pytest.mark.shared
def test_every_unit_is_an_exact_span_on_real_threads(shared_data: Path) -> None:
    from argmap.readers import read

    threads = [read(p) for p in sorted((shared_data / "aita-threads").glob("post_thread_*.json"))[:15]]
    threads += [read(THREADS / "reddit-car-free-cities.json"), read(THREADS / "hn-rust-rewrite.json")]
    extract_claims(threads, RoleModel.load())
    assert sum(len(t.claims) for t in threads) > 100
    for t in threads:
        _check_spans(t)
        assert len({c.id for c in t.claims}) == len(t.claims)


def _units_thread() -> Thread:
    t = Thread("u", [Comment("a", None, text="Tea is best. It is calm. It is cheap. Coffee is bitter."),
                     Comment("b", "a", text="Calm is dull. Cheap things break. So tea loses.", stance="attack",
                             stance_score=.9),
                     Comment("c", "b", text="Dull is fine.", stance="support", stance_score=.6)])
    extract_claims([t], RoleModel.load())
    return t


def test_each_unit_gets_one_target_in_reach() -> None:
    from argmap.nlp.claim_relations import WINDOW

    t = _units_thread()
    _link([t])
    assert t.claim_relations
    by = {c.id: c for c in t.claims}
    sources = [r.source for r in t.claim_relations]
    assert len(sources) == len(set(sources))  # at most one target per unit
    for r in t.claim_relations:
        s, d = by[r.source], by[r.target]
        if r.via == "premise":
            units = [c.id for c in t.claims if c.comment_id == s.comment_id]
            gap = units.index(d.id) - units.index(s.id)
            assert s.comment_id == d.comment_id and (-WINDOW[0] <= gap <= WINDOW[1] or d.role == "main_claim")
        else:
            assert r.via == "model" and t.by_id[s.comment_id].parent_id == d.comment_id


def _encoder():  # noqa: ANN202
    from argmap.nlp.encoder import Encoder

    return Encoder.get()


def _seed_002_as_read(min_score: float | None = None) -> Thread:
    """Seed 002 (threads/ai-roi-debate.txt, pasted text) with the comment boundaries and parents a
    reader gives the three exchanges below, then stance, claims and relations from the shipped
    models (``min_score``: the relation threshold, as ``--min-relation-score`` or the page's slider
    sets it; default: the shipped thresholds)."""
    from argmap.nlp.stance import StanceModel, classify_threads

    lines = (THREADS / "ai-roi-debate.txt").read_text(encoding="utf-8").splitlines()

    def lines_from(first: str, count: int = 1) -> str:
        i = next(n for n, x in enumerate(lines) if x.startswith(first))
        return "\n".join(lines[i : i + count])

    spec = [("root", None, lines_from("xAI also announced")),
            ("agi", "root", lines_from("Say AGI is achieved", 2)),
            ("arg", "agi", lines_from("I think your whole argument")),
            ("semi", "root", lines_from("This is a great example", 4)),
            ("doge", "root", lines_from("DOGE uses only X links")),
            ("court", "doge", lines_from("Per court filings"))]
    t = Thread("seed-002", [Comment(i, p, text=x, position=n, depth=0 if p is None else 1 + (p != "root"))
                            for n, (i, p, x) in enumerate(spec)], format="text")
    classify_threads([t], StanceModel.load())
    extract_claims([t], RoleModel.load())
    claim_vectors([t], _encoder())
    keep_arguing([t], ArgumentModel.load())
    link_claims([t], RelationModel.load(), min_score)
    _check_spans(t)
    return t


def _comment_links(t: Thread, comment: str) -> list[tuple[str, str, str]]:
    """(kind, target text, via) of the relations from the claims of ``comment`` to other comments."""
    by = {c.id: c for c in t.claims}
    return [(r.kind, by[r.target].text, r.via) for r in t.claim_relations
            if by[r.source].comment_id == comment and by[r.target].comment_id != comment]


def _links(t: Thread, source: str) -> list[tuple[str, str, str]]:
    """(kind, target text, via) of the relations from the claim whose text starts with ``source``."""
    by = {c.id: c for c in t.claims}
    return [(r.kind, by[r.target].text, r.via) for r in t.claim_relations if by[r.source].text.startswith(source)]


@pytest.fixture(scope="module")
def seed_002() -> Thread:
    return _seed_002_as_read()


@pytest.fixture(scope="module")
def seed_002_at_045() -> Thread:
    return _seed_002_as_read(0.45)


def test_seed_002_chatter_is_no_claim_and_draws_nothing() -> None:
    """Through the whole pipeline: "Ha ha.", "Love it." and "Any source?" are comment text."""
    import argmap

    g = argmap.map_thread(THREADS / "ai-roi-debate.txt")
    claims = {n: a for n, a in g.nodes(data=True) if a["kind"] == "claim"}
    texts = {a["text"] for a in claims.values()}
    assert claims and not texts & {"Ha ha.", "Love it.", "Any source?"}
    for u, v, d in g.edges(data=True):
        if d["kind"] in ("supports", "attacks"):
            assert u in claims and v in claims and d["score"] >= g.graph["min_relation_score"]


@pytest.mark.xfail(strict=True, reason="known limit: P(attacks) 0.50 is below the shipped threshold across (0.60)")
def test_seed_002_whole_argument_attacks_the_trillion_dollar_question(seed_002) -> None:
    links = _comment_links(seed_002, "arg")
    assert ("attacks", "model") in [(k, via) for k, _, via in links]
    assert any("where is the trillion dollars value for investors?" in x for _, x, _ in links)


def test_seed_002_whole_argument_attacks_the_question_from_045(seed_002_at_045) -> None:
    links = _comment_links(seed_002_at_045, "arg")
    assert {k for k, _, _ in links} == {"attacks"}
    assert any("where is the trillion dollars value for investors?" in x for _, x, _ in links)


@pytest.mark.xfail(strict=True, reason="known limit: P(attacks) 0.48 is below the shipped threshold across (0.60)")
def test_seed_002_court_filings_attack_the_doge_comment(seed_002) -> None:
    assert [(k, via) for k, _, via in _links(seed_002, "Per court filings")] == [("attacks", "model")]


def test_seed_002_court_filings_attack_the_doge_comment_from_045(seed_002_at_045) -> None:
    links = _links(seed_002_at_045, "Per court filings by the administration")
    assert [(k, via) for k, _, via in links] == [("attacks", "model")]
    assert seed_002_at_045.by_id[next(c.comment_id for c in seed_002_at_045.claims
                                      if c.text == links[0][1])].text.startswith("DOGE")


def test_seed_002_semianalysis_supports_the_misleading_narrative(seed_002) -> None:
    links = _links(seed_002, "SemiAnalysis documents that DeepSeek")
    assert [k for k, *_ in links] == ["supports"] and "a misleading narrative" in links[0][1]
