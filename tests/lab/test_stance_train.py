"""Training the stance model (argmap.lab.stance_train): `train-stance`, its encoder check, cached
frozen-layer states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.model import STANCES
from argmap.nlp.stance import StanceModel
from tests.support.stances import SUPPORT


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


def test_train_stance_rejects_a_bad_encoder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["lab", "train-stance", "-o", str(tmp_path / "t"), "--encoder", str(tmp_path)]) == 1
    assert "config.json" in capsys.readouterr().err


def test_frozen_layer_states_are_cached_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch
    from transformers import AutoTokenizer

    from argmap.lab import stance_train
    from argmap.nlp.encoder import default_model_path
    from argmap.nlp.stance import PairEncoder, build_network

    net = build_network().eval()
    enc = PairEncoder(AutoTokenizer.from_pretrained(str(default_model_path())), 64, 8)
    items = enc.ids(["a parent", "another parent here"], ["a reply", "no"], ["t", ""])
    cfg = stance_train.TrainConfig(cache_dir=str(tmp_path))
    first = stance_train.cached_lower(net, items, 2, cfg)
    assert len(list(tmp_path.glob("stance-states-*.pt"))) == 1 and not list(tmp_path.glob("*.tmp"))

    def no_recompute(*_a: object, **_k: object) -> list:
        raise AssertionError("recomputed")

    monkeypatch.setattr(stance_train, "cache_lower", no_recompute)
    again = stance_train.cached_lower(net, items, 2, cfg)
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    with pytest.raises(AssertionError, match="recomputed"):  # other layers: another key
        stance_train.cached_lower(net, items, 3, cfg)
