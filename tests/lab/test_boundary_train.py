"""Training the boundary cross-encoder (argmap.lab.boundary_train): line pairs from gold threads,
ROC AUC, a tiny `train-boundary` run and its option checks."""

from __future__ import annotations

import pytest

from argmap.lab.boundary_train import line_pairs, roc_auc
from argmap.lab.structure_data import PastedThread
from argmap.structure.boundary import BoundaryModel


def test_training_pairs_from_a_gold_thread():
    t = PastedThread("t", ["Root.", "More root.", "Reply.", "Reply, part 2.", "Another."], [0, 2, 4], [None, 0, 0])
    before, lines, labels = line_pairs([t])
    assert list(zip(before, lines, labels, strict=True)) == [
        ("Root.", "More root.", 0), ("More root.", "Reply.", 1), ("Reply.", "Reply, part 2.", 0),
        ("Reply, part 2.", "Another.", 1)]
    assert roc_auc([0, 1, 0], [0.2, 0.9, 0.1]) == 1.0 and roc_auc([0, 1], [0.9, 0.1]) == 0.0


@pytest.mark.shared
def test_train_boundary_writes_a_loadable_model(shared_data, tmp_path):
    """Needs ../shared/data: a tiny `train-boundary` run (64 AITA line pairs) round-trips through load."""
    from argmap.lab.boundary_train import BoundaryTrainConfig, train

    result = train(shared_data, tmp_path, BoundaryTrainConfig(max_pairs=64, skip=800), progress=False)
    assert 0.0 <= result["best_tune_auc"] <= 1.0
    model = BoundaryModel.load(tmp_path)
    assert model is not None and model.prev_tokens == 40
    assert model.logits(["Tea is good."] * 2, ["Yes.", "Also, coffee."]).shape == (2,)
    frozen = model.net.encoder.encoder.layer[0].attention.self.query.weight
    shipped_base = BoundaryModel.load().net.encoder.encoder.layer[0].attention.self.query.weight
    assert (frozen == shipped_base).all()  # the frozen lower layers come from the base, not the file


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--freeze-layers", "6"], "--freeze-layers: 6: MiniLM has 6 layers"),
        (["--line-tokens", "0"], "at least 1 token"),
    ],
)
def test_train_boundary_rejects_bad_options(flags, message, capsys):
    """A bad --freeze-layers or token count stops `train-boundary` with a one-line error, before any work."""
    from argmap.cli import main

    assert main(["lab", "train-boundary", "--data", "/nonexistent", *flags]) != 0
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
