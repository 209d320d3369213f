"""Corrections feed the research commands: human stance, claim role, relation and parent labels as
training and evaluation data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.exporters.hf_dataset import write_dataset
from argmap.graph import build_graph
from argmap.lab.corrections_data import relation_labels, role_labels, stance_pairs
from argmap.model import Claim, ClaimRelation, Comment, Thread


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


LAB = [["lab", "eval-stance"], ["lab", "train-stance", "-o", "x"], ["lab", "eval-claims"],
       ["lab", "train-claims", "--out", "x"]]


@pytest.mark.parametrize("command", LAB)
def test_corrections_folder_without_a_dataset_is_one_line(tmp_path, capsys, command):
    (tmp_path / "t.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "t"}, "edits": []}))
    assert main([*command, "--corrections", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "no argmap dataset here" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", LAB)
def test_a_foreign_corrections_file_is_one_line(tmp_path, capsys, command):
    (tmp_path / "t.corrections.json").write_text(json.dumps({"format": "something.else", "version": 1}))
    assert main([*command, "--corrections", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "not an argmap corrections file" in err and len(err.splitlines()) == 1


def claimed(tmp_path: Path) -> Path:
    """A mapped thread with claims and relations, and corrections of roles, "no claim" and links."""
    r, a, c = "Cities should ban cars. They are loud and dangerous.", "No, people need them to get to work.", \
        "Buses work fine, I think."
    t = Thread("cars", [Comment("r", None, text=r), Comment("a", "r", text=a, stance="attack", stance_score=0.7),
                        Comment("c", "a", text=c, stance="attack", stance_score=0.6)], title="Car bans")
    t.claims = [Claim("r:0", "r", 0, 23, r[:23], "main_claim", 0.9),
                Claim("r:1", "r", 24, len(r), r[24:], "premise", 0.8),
                Claim("a:0", "a", 4, len(a), a[4:], "claim", 0.7), Claim("c:0", "c", 0, 15, c[:15], "claim", 0.6)]
    t.claim_relations = [ClaimRelation("r:1", "r:0", "supports", 0.8, "premise"),
                         ClaimRelation("a:0", "r:0", "attacks", 0.7, "model")]
    write_dataset([build_graph(t)], tmp_path / "out" / "dataset")
    k = {x.id: {"claim_id": x.id, "comment_id": x.comment_id, "start": x.start, "end": x.end, "text": x.text}
         for x in t.claims}
    (tmp_path / "out" / "cars.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "cars"},
        "edits": [{"op": "claim", "claim": k["r:1"], "role": "claim"},
                  {"op": "claim", "claim": k["c:0"], "role": None},
                  {"op": "claim", "claim": k["r:0"], "role": "main_claim"},
                  {"op": "relation", "source": k["a:0"], "target": k["r:0"], "kind": "attacks"},
                  {"op": "relation", "source": k["r:1"], "target": k["r:0"], "kind": None}]}))
    return tmp_path


def test_human_claim_roles_and_relations_are_read(tmp_path):
    d = claimed(tmp_path)
    roles = {(x.comment_id, x.start, x.end, x.role, x.weight, x.is_root, x.title) for x in role_labels(d, 2.0)}
    assert roles == {("r", 0, 23, "main_claim", 2.0, True, "Car bans"), ("r", 24, 52, "claim", 2.0, True, "Car bans"),
                     ("c", 0, 15, "none", 2.0, False, "")}
    rels = {(x.source, x.target, x.kind, x.model) for x in relation_labels(d)}
    assert rels == {("claim:a:0", "claim:r:0", "attacks", "attacks"), ("claim:r:1", "claim:r:0", "none", "supports")}


def test_eval_claims_scores_against_the_corrections(tmp_path, capsys):
    assert main(["lab", "eval-claims", "--corrections", str(claimed(tmp_path))]) == 0
    out = capsys.readouterr().out
    role = next(line for line in out.splitlines() if line.strip().startswith("claim role"))
    relation = next(line for line in out.splitlines() if line.strip().startswith("relation kind"))
    assert "(n = 3)" in role
    assert "accuracy 0.500  (n = 2)" in relation
    assert "human none       model supports   1" in out


def test_human_roles_train_the_role_model(tmp_path):
    from argmap.lab.claims_eval import correction_scores
    from argmap.lab.claims_train import correction_examples, train_roles
    from argmap.nlp.claims import DIM, LABELS, RoleModel

    labels = role_labels(claimed(tmp_path), 3.0)
    _, roles, weights = correction_examples(labels)
    assert sorted(roles) == ["claim", "main_claim", "none"] and weights == [3.0] * 3
    w, b = train_roles([], 1.0, corrections=labels)  # the human labels alone
    fitted = RoleModel(w, b, {"labels": list(LABELS), "dim": DIM, "clauses": True})
    assert correction_scores(labels, [], fitted)["role"]["accuracy"] == 1.0
