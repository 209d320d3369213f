"""Evaluating stance (argmap.lab.stance_eval): the three-class macro-F1, `eval-stance`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.lab.stance_eval import macro_f1_3
from argmap.model import STANCES
from argmap.nlp.stance import SHIPPED


def test_macro_f1_folds_query() -> None:
    assert macro_f1_3(["neutral"], [{"query": 0.9, "support": 0.1}]) == pytest.approx(1 / 3)


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
