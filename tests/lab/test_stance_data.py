"""Stance training pairs (argmap.lab.stance_data): splits by submission, out-of-domain pairs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from argmap.model import STANCES


@pytest.mark.shared
def test_data_split_by_submission(shared_data: Path) -> None:
    from argmap.lab.stance_data import datasets

    parts = datasets(shared_data)
    train_groups = {p.group for p in parts["train"] + parts["tune"]}
    assert parts["val"] and not {p.group for p in parts["val"]} & train_groups
    assert {p.label for p in parts["rumour_dev"]} == set(STANCES)


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
