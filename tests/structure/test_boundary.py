"""The boundary cross-encoder (argmap.structure.boundary) and how the segmenter weighs its score."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.structure import segment
from argmap.structure.boundary import BoundaryModel, pair_ids


class _Tok:
    """A whitespace tokenizer with BERT's special ids (a word's id is its length): enough for pair_ids."""

    cls_token_id, sep_token_id = 101, 102

    def __call__(self, texts, **_):
        return {"input_ids": [[len(w) for w in t.split()] for t in texts]}


def test_pair_ids_keep_the_end_of_the_line_before_and_the_start_of_the_line():
    ((ids, types),) = pair_ids(_Tok(), ["a bb ccc dddd"], ["e ff ggg"], prev_tokens=2, line_tokens=2)
    assert ids == [101, 3, 4, 102, 1, 2, 102]
    assert types == [0, 0, 0, 0, 1, 1, 1]


def test_shipped_boundary_model_is_small_and_has_a_card():
    from argmap.structure.boundary import SHIPPED

    assert sum(f.stat().st_size for f in SHIPPED.iterdir()) < 10e6
    assert "Training data" in (SHIPPED / "README.md").read_text(encoding="utf-8")


def test_shipped_boundary_model_scores_replies_above_continuations():
    model = BoundaryModel.load()
    if model is None:
        pytest.skip("no boundary model ships")
    claim = "Most of the money spent on AI data centres will never earn a return."
    replies = ["Any source for that?", "I disagree, the cloud providers are already profitable.",
               "> will never earn a return", "You clearly have never run a business."]
    continuations = ["Also, the chips are obsolete in three years.",
                     "To be clear, I mean the training clusters, not inference.",
                     "- depreciation is brutal", "And the power bills keep growing on top of that."]
    z = model.logits([claim] * 8, replies + continuations)
    assert z.shape == (8,) and z[:4].mean() > z[4:].mean()
    line = segment.pair_logits([claim, replies[0]])
    assert line[0] == 0.0 and line[1] == pytest.approx(z[0], abs=1e-3)


def test_segmenter_weighs_the_pair_score(monkeypatch):
    """With embeddings, a large pair score for a line opens a comment there; a very negative one keeps
    the line in the comment before."""
    model = segment.load_model(True)
    if "pair_logit" not in model.boundary.weights:
        pytest.skip("the shipped segmenter does not use the boundary cross-encoder")
    lines = ["Tea is the best drink.", "It has less caffeine than coffee.", "It also tastes better."]
    emb = np.eye(3, 8, dtype=np.float32)
    for sign in (-1.0, 1.0):
        monkeypatch.setattr(segment, "pair_logits", lambda ls, s=sign: np.array([0.0, 0.0, 20.0 * s]))
        p = segment.boundary_probs(lines, emb, model.boundary)
        assert (p[2] > 0.9) if sign > 0 else (p[2] < 0.1)
