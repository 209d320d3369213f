"""Evaluating topics (argmap.lab.topics_eval): the DEBAGREEMENT split, `eval-topics`."""

from __future__ import annotations

import pytest


@pytest.mark.shared
def test_debagreement_split_is_by_submission(shared_data) -> None:
    from argmap.lab.topics_eval import debagreement_split, load_debagreement

    df = load_debagreement(shared_data)
    train, val = debagreement_split(df)
    assert len(train) + len(val) == len(df)
    assert not set(train.submission_id) & set(val.submission_id)
    assert 0.15 < val.submission_id.nunique() / df.submission_id.nunique() < 0.25
    assert debagreement_split(df)[1].index.equals(val.index)


@pytest.mark.shared
@pytest.mark.slow
def test_eval_topics_command_runs(shared_data, encoder, capsys) -> None:
    from argmap.cli import main

    assert main(["lab", "eval-topics", "--data", str(shared_data), "--limit", "30", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    assert "NMI vs subreddit" in out and "label accuracy" in out and "discovered topic names" in out
