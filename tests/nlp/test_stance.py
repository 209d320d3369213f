"""Stance: the shipped model loads offline and gets unambiguous pairs right; the CLI round-trips a CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.model import STANCES, Comment, Thread
from argmap.nlp.stance import SHIPPED, PairEncoder, StanceModel, classify_thread, fit_lengths
from tests.support.stances import ATTACK, SUPPORT, fold3

QUERY = [
    ("DeepSeek spent well over $500M on GPUs alone.", "Any source for that?"),
    ("The new bridge will cut commute times in half.", "Where did you read that? Do you have a link?"),
    ("We rewrote the service in Rust and latency dropped 40%.", "Can you share the benchmark code?"),
]


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_shipped_files_small() -> None:
    size = sum(f.stat().st_size for f in SHIPPED.iterdir())
    assert size < 30e6
    assert (SHIPPED / "README.md").is_file()


def test_probabilities_sum_to_one(model: StanceModel) -> None:
    probs = model.predict([p for p, _ in SUPPORT], [r for _, r in SUPPORT])
    assert [set(p) for p in probs] == [set(STANCES)] * 2
    assert all(abs(sum(p.values()) - 1) < 1e-4 for p in probs)


def test_unambiguous_pairs(model: StanceModel) -> None:
    pairs = SUPPORT + ATTACK
    probs = model.predict([p for p, _ in pairs], [r for _, r in pairs])
    got = [fold3(p) for p in probs]
    assert got == ["support"] * len(SUPPORT) + ["attack"] * len(ATTACK)


def test_questions_are_queries_but_rhetorical_attacks_stay(model: StanceModel) -> None:
    pairs = [*QUERY, (ATTACK[1][0], "Are you kidding me? " + ATTACK[1][1])]
    probs = model.predict([p for p, _ in pairs], [r for _, r in pairs])
    assert [max(p, key=p.get) for p in probs] == ["query"] * len(QUERY) + ["attack"]


def test_question_prior_keeps_the_three_class_decision() -> None:
    import random

    from argmap.nlp.stance import question_prior

    rng = random.Random(0)
    for _ in range(200):
        raw = [rng.random() for _ in STANCES]
        p = {s: v / sum(raw) for s, v in zip(STANCES, raw, strict=True)}
        q = question_prior(p, "Why?")
        assert fold3(q) == fold3(p) and q["query"] >= q["neutral"]
        assert abs(sum(q.values()) - 1) < 1e-9


def test_classify_thread_sets_stance(model: StanceModel) -> None:
    t = Thread("t", [Comment("1", None, text=SUPPORT[0][0]),
                     Comment("2", "1", text=ATTACK[0][1], position=1, depth=1),
                     Comment("3", "9", text="parent missing", position=2, depth=1)], title="Cars")
    classify_thread(t, model)
    assert t.by_id["2"].stance == "attack" and 0 < t.by_id["2"].stance_score <= 1
    assert t.by_id["1"].stance is None and t.by_id["3"].stance is None


def test_pair_encoder_budget(model: StanceModel) -> None:
    enc = PairEncoder(model.tokenizer, max_length=32, context_tokens=8)
    (ids, types), = enc.ids(["word " * 100], ["other " * 100], ["title " * 50])
    assert len(ids) == 32 == len(types) and types[-1] == 1 and types[0] == 0
    assert fit_lengths(3, 4, 10) == (3, 4)


def test_stance_cli_round_trip(fixtures: Path, tmp_path: Path, model: StanceModel) -> None:
    out = tmp_path / "out.csv"
    rc = main(["stance", str(fixtures / "stance_pairs.csv"), "--parent-col", "parent", "--reply-col", "reply",
               "--context-col", "title", "-o", str(out)])
    assert rc == 0
    with open(fixtures / "stance_pairs.csv", newline="") as fh:
        before = list(csv.DictReader(fh))
    with open(out, newline="") as fh:
        reader = csv.DictReader(fh)
        after = list(reader)
    assert reader.fieldnames == ["id", "parent", "reply", "title", "stance",
                                 "p_support", "p_attack", "p_neutral", "p_query"]
    assert [{k: r[k] for k in before[0]} for r in after] == before
    assert [r["stance"] for r in after] == ["support", "attack", "", "", "attack"]
    assert after[2]["p_support"] == ""
    assert abs(sum(float(after[0][f"p_{s}"]) for s in STANCES) - 1) < 1e-3


def test_stance_cli_bad_column(fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rc = main(["stance", str(fixtures / "stance_pairs.csv"), "--parent-col", "nope", "--reply-col", "reply",
               "-o", str(tmp_path / "o.csv")])
    assert rc == 1 and "no column 'nope'" in capsys.readouterr().err


def test_keep_layers_cuts_and_checks() -> None:
    from argmap.nlp.stance import build_network, keep_layers

    net = keep_layers(build_network(), [0, 5])
    assert len(net.encoder.encoder.layer) == 2 == net.encoder.config.num_hidden_layers
    with pytest.raises(ValueError, match="layers"):
        keep_layers(build_network(), [0, 6])
