"""Evaluating the key-point matcher (argmap.lab.keypoints_eval): `eval-keypoints` on ArgKP dev."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.cli import main


@pytest.mark.shared
def test_eval_keypoints_on_argkp_dev(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "eval-keypoints", "--data", str(shared_data)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("argmap matcher"))
    assert float(line.split()[2]) >= 0.72
