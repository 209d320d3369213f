"""Stance training levers: out-of-domain support/attack pairs and a domain-adapted encoder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from argmap.cli import main


@pytest.mark.shared
def test_perspectrum_and_argkp_pairs_are_balanced_train_only(shared_data: Path) -> None:
    import json

    from argmap.lab.stance_data import datasets, load_argkp, load_perspectrum

    persp = load_perspectrum(shared_data, 40, weight=0.25)
    assert Counter(p.label for p in persp) == {"support": 20, "attack": 20}
    assert {p.weight for p in persp} == {0.25} and {p.source for p in persp} == {"perspectrum"}
    split = json.loads((shared_data / "perspectrum" / "dataset_split_v1.0.json").read_text())
    assert {split[p.group.removeprefix("perspectrum-")] for p in persp} == {"train"}
    kp = load_argkp(shared_data, 30)
    assert Counter(p.label for p in kp) == {"support": 15, "attack": 15}
    plain, more = datasets(shared_data), datasets(shared_data, perspectrum=40, argkp=30)
    assert len(more["train"]) == len(plain["train"]) + 70
    assert [p.reply for p in more["val"]] == [p.reply for p in plain["val"]]


@pytest.mark.shared
def test_train_stance_from_an_adapted_encoder_keeps_its_frozen_layers(shared_data: Path, tmp_path: Path) -> None:
    """Needs ../shared/data: a 3-step `adapt-encoder`, then a tiny `train-stance --encoder` whose frozen
    layers (adapted, not the base's) must come back when the model is loaded over the base."""
    import torch
    from transformers import AutoModel

    from argmap.nlp.encoder import default_model_path
    from argmap.nlp.stance import StanceModel

    enc, out = tmp_path / "enc", tmp_path / "teacher"
    assert main(["lab", "adapt-encoder", "-o", str(enc), "--data", str(shared_data), "--steps", "3",
                 "--batch-size", "4", "--aita", "50", "--lr", "1e-3", "--head-steps", "1"]) == 0
    assert main(["lab", "train-stance", "-o", str(out), "--data", str(shared_data), "--max-train", "32",
                 "--epochs", "1", "--freeze-layers", "4", "--encoder", str(enc)]) == 0
    name = "encoder.layer.0.attention.self.query.weight"
    adapted = dict(AutoModel.from_pretrained(str(enc)).named_parameters())[name]
    base = dict(AutoModel.from_pretrained(str(default_model_path())).named_parameters())[name]
    assert not torch.allclose(adapted, base)
    loaded = dict(StanceModel.load(str(out), "cpu", quantize=False).net.encoder.named_parameters())[name]
    assert torch.allclose(loaded, adapted.half().float())


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
