"""Corrections feed the research commands: human stance labels as training and evaluation pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.exporters.hf_dataset import write_dataset
from argmap.graph import build_graph
from argmap.lab.corrections_data import stance_pairs
from argmap.model import Comment, Thread


def corrected(tmp_path: Path) -> Path:
    cs = [Comment("r", None, text="Cities should ban cars."),
          Comment("a", "r", text="No, people need them.", stance="support", stance_score=0.5),
          Comment("b", "a", text="Buses work.", stance="support", stance_score=0.9),
          Comment("c", "r", text="Yes, loud streets.", stance="support", stance_score=0.8)]
    write_dataset([build_graph(Thread("cars", cs, title="Car bans"))], tmp_path / "out" / "dataset")
    (tmp_path / "out" / "cars.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "cars"},
        "edits": [{"op": "stance", "comment_id": "a", "stance": "attack"},
                  {"op": "parent", "comment_id": "b", "parent_id": "r"},
                  {"op": "stance", "comment_id": "b", "stance": "neutral"}]}))
    return tmp_path


def test_human_stance_labels_become_weighted_pairs(tmp_path):
    pairs = stance_pairs(corrected(tmp_path), weight=3.0)
    got = {(p.parent, p.reply, p.label, p.context, p.weight, p.source) for p in pairs}
    assert got == {("Cities should ban cars.", "No, people need them.", "attack", "Car bans", 3.0, "corrections"),
                   ("Cities should ban cars.", "Buses work.", "neutral", "Car bans", 3.0, "corrections")}


@pytest.mark.parametrize("command", [["lab", "eval-stance"], ["lab", "train-stance", "-o", "x"]])
def test_corrections_folder_without_a_dataset_is_one_line(tmp_path, capsys, command):
    (tmp_path / "t.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "t"}, "edits": []}))
    assert main([*command, "--corrections", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "no argmap dataset here" in err and len(err.splitlines()) == 1
