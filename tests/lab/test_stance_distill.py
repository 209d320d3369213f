"""Distilling the stance model (argmap.lab.stance_distill): the loss, silver labels, `distill-stance`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.nlp.stance import SHIPPED, StanceModel
from tests.support.stances import ATTACK, SUPPORT


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
