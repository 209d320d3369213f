"""Training the claim relation model (argmap.lab.relations_train): `train-relations` option checks."""

from __future__ import annotations

from argmap.cli import main


def test_bad_relation_shares_are_one_line(tmp_path, capsys, shared_data):
    assert main(["lab", "train-relations", "--shares", "cmv=bogus", "--data", str(shared_data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bogus" in err and "Traceback" not in err
