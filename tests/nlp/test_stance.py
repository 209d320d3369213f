"""Stance: the shipped model loads offline and gets unambiguous pairs right; the CLI round-trips a CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.lab.stance_eval import fold3, macro_f1_3
from argmap.model import STANCES, Comment, Thread
from argmap.nlp.stance import SHIPPED, PairEncoder, StanceModel, classify_thread, fit_lengths

SUPPORT = [
    ("We should ban cars from the city centre.", "Absolutely, I completely agree with you. Great idea."),
    ("Brexit has been a disaster for the economy.", "Yes, exactly this. Couldn't agree more."),
]
ATTACK = [
    ("We should ban cars from the city centre.",
     "No, that is completely wrong. You have no idea what you are talking about."),
    ("Vaccines are safe and effective, the data is clear.",
     "This is nonsense and you know it. They are not safe at all."),
]

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


def test_macro_f1_folds_query() -> None:
    assert macro_f1_3(["neutral"], [{"query": 0.9, "support": 0.1}]) == pytest.approx(1 / 3)


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


@pytest.mark.shared
def test_data_split_by_submission(shared_data: Path) -> None:
    from argmap.lab.stance_data import datasets

    parts = datasets(shared_data)
    train_groups = {p.group for p in parts["train"] + parts["tune"]}
    assert parts["val"] and not {p.group for p in parts["val"]} & train_groups
    assert {p.label for p in parts["rumour_dev"]} == set(STANCES)


def test_eval_stance_command(shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "scores.json"
    assert main(["lab", "eval-stance", "--data", str(shared_data), "--max-length", "96", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "debagreement_val" in printed and "tfidf_logreg" in printed
    scores = json.loads(out.read_text())
    val = scores["debagreement_val"]
    assert val["n"] > 500 and set(val["gold"]) == {"support", "attack", "neutral"}
    assert val["argmap"]["macro_f1"] > val["tfidf_logreg"]["macro_f1"] > val["majority"]["macro_f1"]
    assert set(scores["rumoureval_dev"]["gold"]) == set(STANCES)
    # an ensemble of a model with itself averages identical probabilities: the same figures
    twice = tmp_path / "twice.json"
    assert main(["lab", "eval-stance", "--data", str(shared_data), "--max-length", "96", "--json", str(twice),
                 "--model", str(SHIPPED), str(SHIPPED)]) == 0
    assert json.loads(twice.read_text())["debagreement_val"]["argmap"] == val["argmap"]


def test_keep_layers_cuts_and_checks() -> None:
    from argmap.nlp.stance import build_network, keep_layers

    net = keep_layers(build_network(), [0, 5])
    assert len(net.encoder.encoder.layer) == 2 == net.encoder.config.num_hidden_layers
    with pytest.raises(ValueError, match="layers"):
        keep_layers(build_network(), [0, 6])


def test_distill_loss_prefers_teacher_and_gold() -> None:
    import torch

    from argmap.lab.stance_distill import distill_loss

    teacher = torch.tensor([[3.0, 0.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0]])
    gold, ones, cw = torch.tensor([-1, 1]), torch.ones(2), torch.ones(4)
    near = distill_loss(teacher, teacher, gold, ones, cw, 2.0, 0.5)
    far = distill_loss(teacher.flip(1), teacher, gold, ones, cw, 2.0, 0.5)
    assert 0 < near < far  # the gold cross-entropy of the second pair is not zero
    assert distill_loss(teacher, teacher, torch.tensor([-1, -1]), ones, cw, 2.0, 0.5) == 0


@pytest.mark.shared
def test_distill_stance_writes_a_loadable_student(shared_data: Path, tmp_path: Path) -> None:
    """Needs ../shared/data: a tiny `distill-stance` run (64 pairs) round-trips through load."""
    out = tmp_path / "student"
    assert main(["lab", "distill-stance", "--teacher", str(SHIPPED), "-o", str(out), "--data", str(shared_data),
                 "--layers", "0,2", "--unlabeled", "32", "--max-train", "64", "--epochs", "1"]) == 0
    cfg = json.loads((out / "stance_config.json").read_text())
    assert cfg["layers"] == [0, 2] and cfg["history"][0]["epoch"] == 1
    student = StanceModel.load(str(out), "cpu", quantize=False)
    assert len(student.net.encoder.encoder.layer) == 2
    probs = student.predict([SUPPORT[0][0]], [SUPPORT[0][1]])
    assert abs(sum(probs[0].values()) - 1) < 1e-4


@pytest.mark.parametrize("silver_weight", [0.0, 0.5])
def test_distill_uses_silver_labels_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    silver_weight: float) -> None:
    from argmap.lab import stance_distill
    from argmap.lab.stance_data import Pair

    gold = [Pair(p, r, "support" if i == 0 else "attack", group=f"g{i}")
            for i, (p, r) in enumerate(SUPPORT + ATTACK)]
    silver = [Pair(p, r, "neutral", source="aita-silver", group="aita-1") for p, r in SUPPORT]
    monkeypatch.setattr(stance_distill, "datasets", lambda data, seed: {"train": gold, "tune": gold})
    monkeypatch.setattr(stance_distill, "load_aita", lambda data, n, seed, weight: silver[:n])
    cfg = stance_distill.DistillConfig(layers=(0,), unlabeled=2, epochs=1, silver_weight=silver_weight)
    result = stance_distill.distill(tmp_path, [SHIPPED], tmp_path / "student", cfg, progress=False)
    assert result["pairs"] == ({"gold": 4, "silver": 2} if silver_weight else {"gold": 4, "teacher-only": 2})
    assert StanceModel.load(str(tmp_path / "student"), "cpu", quantize=False).predict(["a"], ["b"])


def test_distill_stance_rejects_bad_teacher(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["lab", "distill-stance", "--teacher", str(tmp_path), "-o", str(tmp_path / "s")]) != 0
    assert "not a stance model folder" in capsys.readouterr().err
    student = ["lab", "distill-stance", "--teacher", str(SHIPPED), "-o", str(tmp_path / "s")]
    assert main([*student, "--layers", "0,7"]) != 0
    assert "asks for others" in capsys.readouterr().err
    assert main([*student, "--silver-weight", "2"]) != 0
    assert "--silver-weight: 2.0 is not a share" in capsys.readouterr().err


@pytest.mark.shared
def test_train_stance_writes_a_loadable_model(shared_data: Path, tmp_path: Path) -> None:
    """Needs ../shared/data: a tiny `train-stance` run (48 pairs, 4 layers frozen) round-trips through load."""
    out = tmp_path / "teacher"
    assert main(["lab", "train-stance", "-o", str(out), "--data", str(shared_data), "--max-train", "48",
                 "--epochs", "1", "--freeze-layers", "4", "--init-seed", "14"]) == 0
    log = json.loads((out / "train_log.json").read_text())
    assert log["train_pairs"] == 48 and len(log["history"]) == 1
    assert log["config"]["seed"] == 13 and log["config"]["init_seed"] == 14
    model = StanceModel.load(str(out), "cpu", quantize=False)
    assert len(model.net.encoder.encoder.layer) == 6
    assert set(model.predict([SUPPORT[0][0]], [SUPPORT[0][1]])[0]) == set(STANCES)
