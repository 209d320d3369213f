"""Cuts inside sentences: the learned cut model, the rule cutter, exact spans, old model folders."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from argmap.nlp.claim_cuts import CutModel, RuleCutter
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import DIM, LABELS, RoleModel, predict_spans
from argmap.nlp.claims import Context as Ctx

HOSTILE = ["", " ", "\n\n\n", "but", "But, and, so, because.", "ünïcödé, but ñoño because 🙂 émoji; and 中文，因为",
           "**bold**, but _italic_ because `code`: and [link](http://x.y), which ~~strike~~",
           "> quote, but not\n- item, and so on\n1. first: because\n\n| a | b |\n|---|---|\n| x, but | y |",
           "a, " * 3000 + "but the end", "word " * 5000, "\t,\t;\t:\t", "x,but y;because z:and w",
           "Edit: but, and because, since.\r\nHi,\r\nthanks, but no", "'But' \"and\" (because) [since], so"]


def _cutters() -> list:
    return [None, RuleCutter(), CutModel.constant("cut"), CutModel.constant("drop"), CutModel.constant("none")]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_candidate_is_an_exact_slice_whatever_cuts(text: str) -> None:
    for cutter in _cutters():
        out = spans(text, True, cutter)
        for s in out:
            assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
            assert any(ch.isalnum() for ch in s.text) or s.kind != "text"
        starts = [s.start for s in out]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))


def test_no_cuts_gives_sentences_and_cut_everywhere_gives_more() -> None:
    text = "Tea is good, but coffee wins because it is strong. So drink coffee, and smile."
    sentences = [s.text for s in spans(text, clauses=False)]
    assert [s.text for s in spans(text, True, CutModel.constant("none"))] == sentences
    assert len(spans(text, True, CutModel.constant("cut"))) > len(sentences)
    assert [s.text for s in spans(text, True, RuleCutter())] == [
        "Tea is good", "coffee wins", "because it is strong.", "So drink coffee", "smile."]


def _folder(tmp_path: Path, config: dict, cut: bool = False) -> Path:
    from safetensors.numpy import save_file

    state = {"role.weight": np.zeros((DIM, len(LABELS)), np.float16),
             "role.bias": np.array([0, -9, 9, -9], np.float16)}  # every candidate a claim
    if cut:
        state["cut.weight"] = np.zeros((DIM, 3), np.float16)
        state["cut.bias"] = np.array([-9, 9, -9], np.float16)  # cut at every point
    save_file(state, str(tmp_path / "claims.safetensors"))
    (tmp_path / "claims_config.json").write_text(json.dumps(config))
    return tmp_path


def test_an_old_config_without_cuts_still_loads_with_the_fixed_markers(tmp_path: Path) -> None:
    model = RoleModel.load(str(_folder(tmp_path, {"labels": list(LABELS), "dim": DIM, "clauses": True})))
    assert model.cuts == "markers" and model.cutter is None
    text = "Tea is good, but coffee wins, and milk is white."
    got = [s.text for s, _, _ in predict_spans([(text, Ctx(False))], model)[0]]
    assert got == [s.text for s in spans(text, True)] == ["Tea is good", "but coffee wins", "and milk is white."]


def test_a_learned_cuts_config_loads_its_cut_model(tmp_path: Path) -> None:
    config = {"labels": list(LABELS), "dim": DIM, "clauses": True, "cuts": "learned", "cut_dim": DIM,
              "cut_threshold": 0.5}
    model = RoleModel.load(str(_folder(tmp_path, config, cut=True)))
    assert isinstance(model.cutter, CutModel) and model.cutter.threshold == 0.5 and not model.cutter.keep_rule
    text = "Milk is white, and cows are black."
    assert [s.text for s, _, _ in predict_spans([(text, Ctx(False))], model)[0]] == [
        "Milk is white", "and cows are black."]


def test_keep_rule_cuts_where_the_rule_does_even_when_the_model_would_not() -> None:
    text = "Tea is good, but coffee wins, which is odd."
    never = CutModel.constant("none")
    assert [s.text for s in spans(text, True, never)] == [text]
    never.keep_rule = True
    assert [s.text for s in spans(text, True, never)] == ["Tea is good", "but coffee wins, which is odd."]


def test_an_unknown_cuts_value_is_refused(tmp_path: Path) -> None:
    from argmap.errors import InputError

    with pytest.raises(InputError, match="claims_config.json: unknown cuts"):
        RoleModel.load(str(_folder(tmp_path, {"labels": list(LABELS), "dim": DIM, "cuts": "bogus"})))
