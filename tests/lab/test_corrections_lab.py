"""Corrections feed the research commands: human stance, claim role, relation and parent labels as
training and evaluation data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.exporters.hf_dataset import write_dataset
from argmap.graph import build_graph
from argmap.lab.corrections_data import parent_labels, relation_labels, role_labels, stance_pairs
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
       ["lab", "train-claims", "--out", "x"], ["lab", "eval-structure", "--no-embeddings"],
       ["lab", "train-structure", "--no-embeddings", "--out", "x"]]


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


def pasted(tmp_path: Path) -> Path:
    """A mapped pasted-text thread in which a person moved comment 3 from under 2 to under the root."""
    cs = [Comment("1", None, text="Should cities ban cars?\nI think they should.", position=0),
          Comment("2", "1", text="Yes, the noise alone is awful.", position=1, depth=1, stance="support"),
          Comment("3", "2", text="No, people need cars to get to work.", position=2, depth=2, stance="attack"),
          Comment("4", "3", text="Buses work fine.", position=3, depth=3, stance="attack")]
    write_dataset([build_graph(Thread("paste", cs, title="Cars", format="text"))], tmp_path / "out" / "dataset")
    (tmp_path / "out" / "paste.corrections.json").write_text(json.dumps({
        "format": "argmap.corrections", "version": 1, "thread": {"thread_id": "paste", "format": "text"},
        "edits": [{"op": "parent", "comment_id": "3", "parent_id": "1", "was": "2"},
                  {"op": "stance", "comment_id": "4", "stance": "attack"}]}))
    return tmp_path


def test_human_parent_moves_of_pasted_text_are_gold_parents(tmp_path):
    [lab] = parent_labels(pasted(tmp_path), 4.0)
    assert lab.thread.lines == ["Should cities ban cars?", "I think they should.", "Yes, the noise alone is awful.",
                                "No, people need cars to get to work.", "Buses work fine."]
    assert (lab.thread.starts, lab.thread.parents, lab.judged, lab.weight) == ([0, 2, 3, 4], [None, 0, 0, 2], {2}, 4.0)


def test_parent_moves_of_other_formats_are_not_gold(tmp_path, capsys):
    corrected(tmp_path)  # a moved comment, but not in pasted text
    assert parent_labels(tmp_path) == []
    assert main(["lab", "eval-structure", "--no-embeddings", "--corrections", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "no human parent move of a pasted-text thread" in err and len(err.splitlines()) == 1


def test_eval_structure_scores_the_human_parent_moves(tmp_path, capsys):
    assert main(["lab", "eval-structure", "--no-embeddings", "--corrections", str(pasted(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "1 human parent moves in 1 pasted-text threads" in out
    previous = next(line for line in out.splitlines() if line.startswith("baseline: parent = previous comment"))
    assert previous.split()[-2:] == ["0", "0.000"]  # the previous comment (2) is not the human parent (1)


def test_human_parent_moves_train_the_parent_scorer(tmp_path):
    from argmap.lab.structure_train import fit_scorer, judged_parent_accuracy, judged_parent_rows, link_only
    from argmap.structure.segment import SegmentModel

    labels = parent_labels(pasted(tmp_path), 3.0)
    feats, ys, weights = judged_parent_rows(labels, [None])
    assert ys == [0, 1] and weights == [3.0, 3.0]  # comment 3's spine: 2 (its old parent), then the root
    parent = fit_scorer(feats, ys, 1.0, sample_weight=weights)
    model = SegmentModel(parent, parent)  # link_only reads the parent scorer only
    assert judged_parent_accuracy(labels, [None], link_only(model))["parent_accuracy"] == 1.0
