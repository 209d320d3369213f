"""The relation model, the argument model and their table commands (``argmap relations``,
``argmap claims``): they read both sides, abstain, and keep one reading with the reply stance."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from argmap.cli import main
from argmap.model import Claim, Comment, Thread
from argmap.nlp.arguing import ArgumentModel, keep_arguing
from argmap.nlp.claim_relations import (
    PLACE,
    Candidate,
    RelationModel,
    candidates,
    claim_vectors,
    decide,
    link_claims,
    place,
)

THRESHOLDS = {"inside": 0.5, "across": 0.6}


def _encoder():  # noqa: ANN202
    from argmap.nlp.encoder import Encoder

    return Encoder.get()


def _across(target: str = "Tea is good.", source: str = "No.", role: str = "claim") -> Candidate:
    return Candidate(1, 0, "model", place("across", 0, role, "claim", target, source))


def test_a_link_across_takes_the_kind_the_reply_stance_gives() -> None:
    p = np.array([[0.1, 0.65, 0.25]])
    assert decide(p, [_across()], THRESHOLDS, "support") == (0, "supports", 0.65)
    assert decide(p, [_across()], THRESHOLDS, "attack") is None  # 0.25 attacks: below the threshold
    assert decide(p, [_across()], THRESHOLDS, "neutral") is None  # a neutral reply draws no link across
    assert decide(p, [_across()], THRESHOLDS, "query") is None


def test_the_model_abstains_below_the_threshold() -> None:
    p = np.array([[0.45, 0.55, 0.0]])
    assert decide(p, [_across()], THRESHOLDS, None) is None
    assert decide(p, [_across()], {"inside": 0.5, "across": 0.5}, None) == (0, "supports", 0.55)


def test_an_opening_question_is_answered_not_attacked() -> None:
    p = np.array([[0.0, 0.01, 0.99]])
    question = _across("Should cities ban cars?", "Yes, without a second thought.", role="main_claim")
    assert decide(p, [question], THRESHOLDS, "attack") is None
    inside_question = _across("Where is the trillion dollars value for investors?", "Your whole argument is wrong.")
    assert decide(p, [inside_question], THRESHOLDS, "attack") == (0, "attacks", 0.99)


def test_a_quote_names_its_target_whatever_the_score() -> None:
    quoted = Candidate(1, 0, "quote", place("quote", 0, "claim", "claim", "Tea is good.", "It is not."))
    assert decide(np.array([[0.9, 0.04, 0.06]]), [quoted], THRESHOLDS, None) == (0, "attacks", 0.06)
    assert decide(np.array([[0.9, 0.04, 0.06]]), [quoted], THRESHOLDS, "support")[1] == "supports"
    assert decide(np.array([[0.9, 0.04, 0.06]]), [quoted], THRESHOLDS, "neutral") is None


def test_candidates_reach_the_own_comment_and_the_parent_only() -> None:
    t = Thread("c", [Comment("a", None, text="x"), Comment("b", "a", text="y", stance="attack", stance_score=0.8),
                     Comment("c", "b", text="z")])
    t.claims = [Claim("a:0", "a", 0, 1, "x", "claim", 1), Claim("b:0", "b", 0, 1, "y", "claim", 1),
                Claim("b:1", "b", 0, 1, "y2", "premise", 1), Claim("c:0", "c", 0, 1, "z", "claim", 1)]
    reach = {t.claims[cs[0].source].id: sorted((t.claims[c.target].id, c.via) for c in cs) for cs in candidates(t)}
    assert reach == {"b:0": [("a:0", "model"), ("b:1", "premise")], "b:1": [("a:0", "model"), ("b:0", "premise")],
                     "c:0": [("b:0", "model"), ("b:1", "model")]}
    across = next(c for cs in candidates(t) for c in cs if c.via == "model" and t.claims[c.source].id == "b:0")
    assert across.facts[PLACE.index("stance_attack")] == pytest.approx(0.8)


def test_the_shipped_relation_model_is_calibrated_and_small() -> None:
    model = RelationModel.load()
    assert 0.2 < model.temperature < 8 and set(model.thresholds) == {"inside", "across"}
    x = np.zeros((3, model.w1.shape[1]), np.float32)
    p = model.probabilities(x)
    assert p.shape == (3, 3) and np.allclose(p.sum(1), 1)
    shipped = Path(__file__).resolve().parents[2] / "argmap" / "nlp"
    weights = sum(f.stat().st_size for f in shipped.rglob("*.safetensors"))
    assert weights <= 80 * 2**20  # all of the package's weights together


@pytest.mark.slow
def test_the_relation_model_reads_what_both_claims_say() -> None:
    from argmap.commands.relations import classify_pairs

    target = "Nuclear power is a safe source of energy."
    p = classify_pairs([target, target, target],
                       ["Nuclear plants cause fewer deaths per unit of energy than any other source.",
                        "Chernobyl and Fukushima show how dangerous nuclear power is.",
                        "My cat likes to sleep on the sofa."])
    assert p[2, 0] > max(p[0, 0], p[1, 0])  # the unrelated source is the likeliest "none"
    assert p[1, 2] > p[1, 1]  # Chernobyl attacks the claim


@pytest.mark.slow
def test_chatter_is_not_a_claim() -> None:
    texts = ["Ha ha.", "Love it.", "Any source?", "Thanks!",
             "Cars should be banned from city centres because they make streets dangerous for children."]
    t = Thread("a", [Comment(f"c{i}", None if i == 0 else "c0", text=x) for i, x in enumerate(texts)])
    t.claims = [Claim(f"c{i}:0", f"c{i}", 0, len(x), x, "claim", 0.9) for i, x in enumerate(texts)]
    claim_vectors([t], _encoder())
    keep_arguing([t], ArgumentModel.load())
    assert [c.text for c in t.claims] == texts[-1:] and t.claims[0].vector.shape == (384,)
    assert [c.id for c in t.claims] == ["c4:0"]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_relations_command_adds_relation_and_probabilities(tmp_path: Path) -> None:
    src = _write(tmp_path / "pairs.csv", ["claim", "reply"],
                 [["Nuclear power is safe.", "Chernobyl shows nuclear power is dangerous."], ["", "empty target"]])
    assert main(["relations", str(src), "--target-col", "claim", "--source-col", "reply", "-o",
                 str(tmp_path / "out.csv"), "--min-score", "0"]) == 0
    rows = _read(tmp_path / "out.csv")
    assert rows[0]["relation"] == "attacks" and rows[1]["relation"] == ""
    assert abs(sum(float(rows[0][k]) for k in ("p_supports", "p_attacks", "p_none")) - 1) < 1e-3
    assert main(["relations", str(src), "--target-col", "nope", "--source-col", "reply", "-o",
                 str(tmp_path / "x.csv")]) == 1
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.slow
def test_claims_command_writes_one_row_per_unit_and_counts_empty_rows(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    text = "School uniforms should be banned. They stop children from expressing who they are."
    src = _write(tmp_path / "texts.csv", ["id", "body"], [["r1", text], ["r2", "Ha ha."], ["r3", ""]])
    assert main(["claims", str(src), "--text-col", "body", "--id-col", "id", "-o", str(tmp_path / "u.csv")]) == 0
    rows = _read(tmp_path / "u.csv")
    assert rows and {r["id"] for r in rows} == {"r1"}
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["text"] and r["role"] in ("main_claim", "claim", "premise")
    assert [int(r["unit"]) for r in rows] == list(range(len(rows)))
    assert "2 rows with no unit" in capsys.readouterr().err


def test_link_claims_with_no_units_draws_nothing() -> None:
    t = Thread("e", [Comment("a", None, text="")])
    link_claims([t], RelationModel.load())
    assert t.claim_relations == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["reddit-car-free-cities.json", "hn-four-day-week.txt", "hn-rust-rewrite.json"])
def test_the_map_tells_one_story(name: str) -> None:
    """Through ``argmap map``: no claim supports or attacks a thread's opening question, and every
    link across a reply has the kind of that reply's stance (none from a neutral reply)."""
    import argmap
    from argmap.nlp.claim_relations import AGREES, is_question

    g = argmap.map_thread(Path(__file__).resolve().parents[2] / "threads" / name)
    claims = {n: a for n, a in g.nodes(data=True) if a["kind"] == "claim"}
    stance = {u: d.get("stance") for u, _, d in g.edges(data=True) if d["kind"] == "reply"}
    for u, v, d in g.edges(data=True):
        if d["kind"] not in ("supports", "attacks"):
            continue
        target = claims[v]
        assert not (target["role"] == "main_claim" and is_question(target["text"])), (u, v)
        if claims[u]["comment_id"] != target["comment_id"]:
            assert AGREES.get(stance.get(claims[u]["comment_id"]) or "") == d["kind"], (u, v, d)
