"""Contrastive adaptation of the encoder: pair building, batches without false negatives, InfoNCE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.lab.encoder_contrast import AITA_SKIP, info_nce, split_threads, thread_pairs, unique_batches


def _thread(i: int) -> dict:
    post = f"AITA for refusing to lend my car to my brother, case number {i}?"
    return {"post content": post, "id": str(i), "comments": [
        {"content": f"NTA, it is your car and your rules, thread {i}.", "comments": [
            {"content": "[removed]", "comments": []},
            {"content": f"Agreed, he can take the bus like everyone else ({i}).", "comments": []}]},
        {"content": f"YTA, family helps family when it counts ({i}).\n\nshort\n\n"
                    f"Also, he lent you money last year, remember ({i})?", "comments": []}]}


def test_thread_pairs_are_parent_reply_then_paragraphs() -> None:
    pairs = thread_pairs(_thread(7))
    got = [(a.split(",")[0], b.split(",")[0]) for a, b in pairs]
    post = "AITA for refusing to lend my car to my brother"
    assert got == [(post, "NTA"), ("NTA", "Agreed"), (post, "YTA"), ("YTA", "Also")]
    assert pairs[2][1].startswith("YTA") and "\n\n" in pairs[2][1] and "\n" not in pairs[3][0] + pairs[3][1]
    assert len(thread_pairs(_thread(7), with_paragraphs=False)) == 3
    assert all("[removed]" not in a + b and b != "short" for a, b in pairs)


def test_unique_batches_never_repeat_a_text_and_keep_every_pair() -> None:
    pairs = [p for i in range(6) for p in thread_pairs(_thread(i))]
    batches = unique_batches(pairs, 4, 1)
    assert sorted(i for b in batches for i in b) == list(range(len(pairs)))
    for b in batches:
        texts = [t for i in b for t in pairs[i]]
        assert len(texts) == len(set(texts))
    train, held = split_threads([thread_pairs(_thread(i)) for i in range(30)], 3, 0)
    assert len(held) == 3 and set(held).isdisjoint(train)


def test_info_nce_is_low_for_matching_pairs_and_symmetric() -> None:
    import torch

    torch.manual_seed(0)
    a = torch.nn.functional.normalize(torch.randn(8, 16), dim=-1)
    noisy = torch.nn.functional.normalize(a + 0.05 * torch.randn(8, 16), dim=-1)
    matched, shuffled = info_nce(a, noisy), info_nce(a, noisy.roll(1, 0))
    assert matched < 0.1 < shuffled
    assert torch.isclose(info_nce(a, noisy), info_nce(noisy, a))


def test_adapt_encoder_contrastive_saves_a_minilm_folder(tmp_path: Path) -> None:
    """Two contrastive steps on a made-up AITA folder; the first AITA_SKIP threads are never read."""
    from transformers import AutoModel

    folder = tmp_path / "data" / "aita-threads"
    folder.mkdir(parents=True)
    for i in range(AITA_SKIP):  # the structure models' threads: unreadable, so reading one fails the test
        (folder / f"post_thread_{i}.json").write_text("not json")
    for i in range(AITA_SKIP, AITA_SKIP + 12):
        (folder / f"post_thread_{i}.json").write_text(json.dumps(_thread(i)))
    out = tmp_path / "enc"
    assert main(["lab", "adapt-encoder", "--objective", "contrastive", "-o", str(out), "--data",
                 str(tmp_path / "data"), "--steps", "2", "--batch-size", "4", "--heldout", "2", "--threads", "1"]) == 0
    log = json.loads((out / "adapt_log.json").read_text())
    assert log["threads"] == 12 and log["steps"] == 2 and log["pairs_seen"] == 8 and log["held_out"] == 2
    assert [h["step"] for h in log["heldout"]] == [0, 2]
    assert AutoModel.from_pretrained(str(out)).config.hidden_size == 384


def test_adapt_encoder_rejects_a_bad_temperature(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    assert main(["lab", "adapt-encoder", "--objective", "contrastive", "-o", str(tmp_path / "e"),
                 "--temperature", "0"]) == 1
    assert "--temperature" in capsys.readouterr().err
