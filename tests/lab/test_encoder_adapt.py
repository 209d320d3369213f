"""Domain-adapting the encoder (argmap.lab.encoder_adapt): `adapt-encoder`, the held-out masked-LM loss,
a stance model trained from the adapted encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.cli import main


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
                 "--batch-size", "4", "--aita", "50", "--lr", "1e-3", "--head-steps", "1", "--heldout", "8"]) == 0
    import json

    log = json.loads((enc / "adapt_log.json").read_text())
    assert log["held_out"] == 8 and log["trained_on"] + 8 == sum(log["texts"].values())
    assert log["texts_seen"] == 12 and [h["step"] for h in log["heldout_loss"]] == [0, 1, 3]
    assert main(["lab", "train-stance", "-o", str(out), "--data", str(shared_data), "--max-train", "32",
                 "--epochs", "1", "--freeze-layers", "4", "--encoder", str(enc)]) == 0
    name = "encoder.layer.0.attention.self.query.weight"
    adapted = dict(AutoModel.from_pretrained(str(enc)).named_parameters())[name]
    base = dict(AutoModel.from_pretrained(str(default_model_path())).named_parameters())[name]
    assert not torch.allclose(adapted, base)
    loaded = dict(StanceModel.load(str(out), "cpu", quantize=False).net.encoder.named_parameters())[name]
    assert torch.allclose(loaded, adapted.half().float())


def test_heldout_loss_uses_the_same_masks_and_falls_when_the_head_learns() -> None:
    """The held-out masked-LM loss is a fixed yardstick: the same on a second call, lower after the
    fresh LM head has taken a few steps on those very texts."""
    import torch
    from transformers import AutoTokenizer, BertForMaskedLM

    from argmap.lab.encoder_adapt import AdaptConfig, heldout_loss
    from argmap.nlp.encoder import default_model_path, quiet_transformers

    quiet_transformers()
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(str(default_model_path()))
    model = BertForMaskedLM.from_pretrained(str(default_model_path()))
    model.tie_weights()
    texts = ["the judge said the ruling was fair", "nobody asked for your opinion on this", "i agree with you"] * 2
    items = [tok(t)["input_ids"] for t in texts]
    special = torch.tensor(sorted(set(tok.all_special_ids)))
    cfg = AdaptConfig(batch_size=4, mask_share=0.3)
    first = heldout_loss(model, items, tok, special, cfg)
    assert first == heldout_loss(model, items, tok, special, cfg) and first > 0
    opt = torch.optim.AdamW(model.cls.parameters(), lr=1e-2)
    batch = torch.nn.utils.rnn.pad_sequence([torch.tensor(i) for i in items], batch_first=True)
    for _ in range(5):
        h = model.bert(input_ids=batch, attention_mask=(batch != 0).long()).last_hidden_state.detach()
        keep = torch.isin(batch, special, invert=True)
        loss = torch.nn.functional.cross_entropy(model.cls(h[keep]), batch[keep])
        loss.backward()
        opt.step()
        opt.zero_grad()
    assert heldout_loss(model, items, tok, special, cfg) < first


def test_adapt_encoder_rejects_a_bad_heldout(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert main(["lab", "adapt-encoder", "-o", str(tmp_path / "e"), "--heldout", "0"]) == 1
    assert "--heldout" in capsys.readouterr().err
