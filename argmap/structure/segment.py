"""Recover comments and the reply tree from pasted thread text.

Pasted text has lost authors, indentation and reply links: one line per paragraph, comments in
page (depth-first) order. :func:`segment_lines` groups consecutive lines into comments (a linear
scorer on line cues, embedding similarity and a cross-encoder's reading of each pair of
consecutive lines, see :mod:`argmap.structure.features` and :mod:`argmap.structure.boundary`) and then links
each comment to a parent chosen among the previous comment and its ancestors (in depth-first order
nothing else can be the parent), again with a linear scorer. Two hard rules hold whatever the
scores: a footnote line ``[n]: url`` stays in the comment that cites ``[n]``, and every input line
lands, byte-identical, in exactly one comment.

The weights ship in ``argmap/structure/segment_model.json`` (``argmap lab train-structure`` rebuilds it); one
set uses embeddings and the cross-encoder, one does not, so the function works without an encoder.

>>> cs = segment_lines(["Tea is the best drink.", "No, coffee is better:", "- it has more caffeine"])
>>> [(c.id, c.parent_id, c.meta["lines"]) for c in cs]
[('c1', None, [0, 1]), ('c2', 'c1', [1, 3])]
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from argmap.model import Comment, Thread
from argmap.structure.features import (
    CommentContext,
    boundary_features,
    cited_numbers,
    footnote_number,
    parent_features,
)

MODEL_FILE = "segment_model.json"
#: Tokens of each line the encoder reads for the scorers: what they were trained on, more than
#: the encoder's own default (pasted threads are small, so the extra work does not matter).
EMBED_TOKENS = 128

#: Hand weights: the first, rule-based version, used when the shipped model file is absent.
HAND_MODEL: dict[str, Any] = {
    "boundary": {
        "threshold": 0.5,
        "intercept": 0.6,
        "weights": {
            "opener_agree": 1.5,
            "opener_you": 1.0,
            "opener_i_think": 1.0,
            "opener_question": 0.5,
            "quote": 2.0,
            "prev_quote": -2.5,
            "cont_opener": -2.5,
            "edit_line": -2.0,
            "list_item": -0.5,
            "both_list": -2.0,
            "prev_ends_colon": -2.0,
            "footnote": -5.0,
            "enum_continues": -4.0,
            "starts_lower": -1.0,
            "url_only": -1.0,
            "cos_prev": -1.5,
        },
    },
    "parent": {
        "intercept": 0.0,
        "weights": {
            "is_prev": 1.0,
            "is_root": 0.5,
            "quote_match": 5.0,
            "quote_elsewhere": -3.0,
            "overlap_is_max": 0.5,
            "reply_open_prev": 0.5,
            "cand_question_prev": 1.0,
            "cos_rel": 2.0,
        },
    },
}


def sigmoid(logit: float) -> float:
    """The logistic function, with the logit clipped to ±30.

    >>> sigmoid(0.0), round(sigmoid(1e6), 6)
    (0.5, 1.0)
    """
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


@dataclass
class LinearScorer:
    """``sigmoid(intercept + Σ weight·feature)``; unknown features weigh 0.

    A feature may be a vector (an embedding, or a product of two), weighed by a weight vector.

    >>> s = LinearScorer({"a": 2.0, "v": [1.0, -1.0]}, intercept=-1.0)
    >>> s.logit({"a": 1.0, "v": np.array([0.5, 0.25])})
    1.25
    """

    weights: dict[str, Any]
    intercept: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._vec = {k: np.asarray(v, dtype=np.float32) for k, v in self.weights.items() if isinstance(v, list)}

    def logit(self, feats: dict[str, Any]) -> float:
        total = self.intercept
        for k, v in feats.items():
            if isinstance(v, np.ndarray):
                w = self._vec.get(k)
                total += float(w @ v) if w is not None and w.shape == v.shape else 0.0
            else:
                w = self.weights.get(k, 0.0)
                total += w * v if not isinstance(w, list) else 0.0
        return total

    def prob(self, feats: dict[str, Any]) -> float:
        return sigmoid(self.logit(feats))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearScorer:
        return cls(dict(d["weights"]), float(d.get("intercept", 0.0)), float(d.get("threshold", 0.5)))

    def to_dict(self) -> dict[str, Any]:
        return {"intercept": self.intercept, "threshold": self.threshold, "weights": self.weights}


@dataclass
class SegmentModel:
    """The boundary and parent scorers for one setting (with or without embeddings)."""

    boundary: LinearScorer
    parent: LinearScorer


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any] | None:
    try:
        return json.loads(resources.files("argmap.structure").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, json.JSONDecodeError):
        return None


def load_model(with_embeddings: bool) -> SegmentModel:
    """The shipped learned model for the setting, or the hand rules when none ships."""
    data = _shipped()
    key = "with_embeddings" if with_embeddings else "without_embeddings"
    part = data[key] if data and key in data else HAND_MODEL
    return SegmentModel(LinearScorer.from_dict(part["boundary"]), LinearScorer.from_dict(part["parent"]))


def footnote_spans(lines: list[str]) -> list[tuple[int, int]]:
    """``(citing line, footnote line)`` pairs: no comment may start inside ``(cite, footnote]``.

    >>> footnote_spans(["Costs are high[0].", "Why?", "[0]: https://x.org"])
    [(0, 2)]
    """
    spans = []
    for k, line in enumerate(lines):
        n = footnote_number(line)
        if n is None:
            continue
        cite = next((c for c in range(k - 1, -1, -1) if n in cited_numbers(lines[c])), None)
        if cite is not None:
            spans.append((cite, k))
    return spans


#: Prior logit offsets added to the learned boundary score: continuation cues named by the
#: issue ("Also,", "To be clear 2:", "Edit:") that the Reddit training data sees too rarely.
RULE_OFFSETS: dict[str, float] = {"cont_opener": -2.5, "edit_line": -1.5, "enum_continues": -1.5}


_PAIR_MEMO: dict[str, np.ndarray] = {}  # boundary cross-encoder scores by thread text


def pair_logits(lines: list[str]) -> np.ndarray | None:
    """The boundary cross-encoder's log-odds that each line starts a comment (0 for the first
    line; see :mod:`argmap.structure.boundary`), memoised per thread; ``None`` when no model ships."""
    from argmap.structure.boundary import BoundaryModel

    model = BoundaryModel.load()
    if model is None:
        return None
    if len(lines) < 2:
        return np.zeros(len(lines), dtype=np.float32)
    key = hashlib.sha1("\n".join(lines).encode()).hexdigest()
    if key not in _PAIR_MEMO:
        if len(_PAIR_MEMO) >= 256:
            _PAIR_MEMO.clear()
        _PAIR_MEMO[key] = np.concatenate([[0.0], model.logits(lines[:-1], lines[1:])]).astype(np.float32)
    return _PAIR_MEMO[key]


def boundary_probs(lines: list[str], emb: np.ndarray | None, scorer: LinearScorer) -> list[float]:
    """P(line starts a comment) per line; 1 for the first line, 0 where a rule forbids a start.

    With embeddings (the setting with an encoder) the boundary cross-encoder's score is a feature too.
    """
    probs = [1.0]
    pair = pair_logits(lines) if emb is not None else None
    for i in range(1, len(lines)):
        feats = boundary_features(lines, i, emb, pair=pair)
        logit = scorer.logit(feats) + sum(w * feats.get(k, 0.0) for k, w in RULE_OFFSETS.items())
        probs.append(sigmoid(logit))
    for cite, note in footnote_spans(lines):
        for k in range(cite + 1, note + 1):
            probs[k] = 0.0
    for k, line in enumerate(lines):
        if k and footnote_number(line) is not None:
            probs[k] = 0.0
    return probs


def _comment_embeddings(groups: list[tuple[int, int]], emb: np.ndarray) -> np.ndarray:
    out = np.stack([emb[s:e].mean(0) for s, e in groups])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def spans(starts: list[int], n_lines: int) -> list[tuple[int, int]]:
    """``(start, end)`` line span of each comment, from the comments' first lines.

    >>> spans([0, 2, 3], 5)
    [(0, 2), (2, 3), (3, 5)]
    """
    return list(zip(starts, starts[1:] + [n_lines], strict=True))


def link_groups(
    lines: list[str], groups: list[tuple[int, int]], embeddings: np.ndarray | None, scorer: LinearScorer
) -> list[tuple[int | None, float]]:
    """:func:`link_parents` for the comments spanned by ``groups``, with each comment's mean line
    embedding when line ``embeddings`` are given."""
    cemb = _comment_embeddings(groups, embeddings) if embeddings is not None else None
    return link_parents([lines[s:e] for s, e in groups], scorer, cemb)


def link_parents(
    comment_lines: list[list[str]],
    scorer: LinearScorer,
    cemb: np.ndarray | None = None,
    allowed: Callable[[int, int], bool] | None = None,
) -> list[tuple[int | None, float]]:
    """``(parent index, confidence)`` per comment, the parent taken from the depth-first spine.

    The confidence is the softmax share of the chosen candidate among the spine candidates.
    ``allowed(j, candidate)``, when given, rules candidates out from what the input already tells
    (a copied page's "parent" link, authors, times); when it rules out every candidate, all stay.

    >>> link_parents([["Tea."], ["Yes."]], load_model(False).parent)[1][0]
    0
    >>> [p for p, _ in link_parents([["Tea."], ["Yes."], ["No."]], load_model(False).parent,
    ...                              allowed=lambda j, cand: cand == 0)]
    [None, 0, 0]
    """
    out: list[tuple[int | None, float]] = [(None, 1.0)]
    depth, n_children, parents = [0], [0], [None]
    ctx = CommentContext(comment_lines, cemb)
    for j in range(1, len(comment_lines)):
        spine, k = [], j - 1
        while k is not None:
            spine.append(k)
            k = parents[k]
        logits = [scorer.logit(f) for f in parent_features(ctx, j, spine, n_children, depth)]
        if allowed is not None and any(allowed(j, k) for k in spine):
            logits = [x if allowed(j, k) else -math.inf for k, x in zip(spine, logits, strict=True)]
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        best = int(np.argmax(logits))
        parent = spine[best]
        out.append((parent, exps[best] / sum(exps)))
        parents.append(parent)
        depth.append(depth[parent] + 1)
        n_children.append(0)
        n_children[parent] += 1
    return out


def segment_groups(
    lines: list[str], embeddings: np.ndarray | None = None, model: SegmentModel | None = None
) -> tuple[list[tuple[int, int]], list[float], list[tuple[int | None, float]]]:
    """Line groups ``(start, end)``, each group's boundary probability, and ``(parent, conf)`` links."""
    model = model or load_model(embeddings is not None)
    probs = boundary_probs(lines, embeddings, model.boundary)
    starts = [k for k, p in enumerate(probs) if k == 0 or p >= model.boundary.threshold]
    groups = spans(starts, len(lines))
    links = link_groups(lines, groups, embeddings, model.parent)
    return groups, [probs[s] for s, _ in groups], links


def segment_lines(lines: list[str], embeddings: np.ndarray | None = None) -> list[Comment]:
    """Group pasted lines into comments and link each to its parent.

    Args:
        lines: the non-empty input lines, in page order.
        embeddings: optional unit-length line embeddings, one row per line.

    Returns:
        Comments ``c1, c2, …`` in order; ``text`` joins the group's lines with ``\\n``; ``meta``
        holds ``lines`` (``[start, end)``), ``boundary_confidence`` and ``parent_confidence``.

    >>> [c.depth for c in segment_lines(["Tea.", "> Tea.", "No, coffee.", "Yes."])]
    [0, 1, 2]
    """
    if not lines:
        return []
    if embeddings is not None and len(embeddings) != len(lines):
        raise ValueError(f"{len(embeddings)} embeddings for {len(lines)} lines")
    groups, bconf, links = segment_groups(lines, embeddings)
    comments: list[Comment] = []
    for idx, ((s, e), (parent, pconf)) in enumerate(zip(groups, links, strict=True)):
        depth = 0 if parent is None else comments[parent].depth + 1
        comments.append(
            Comment(
                id=f"c{idx + 1}",
                parent_id=None if parent is None else f"c{parent + 1}",
                text="\n".join(lines[s:e]),
                position=idx,
                depth=depth,
                meta={
                    "lines": [s, e],
                    "parent_confidence": round(float(pconf), 4),
                    "boundary_confidence": round(float(bconf[idx]), 4),
                },
            )
        )
    return comments


def segment_thread(thread: Thread, encoder: Any = None) -> Thread:
    """Replace ``thread.comments`` by the comments recovered from ``thread.lines``.

    Args:
        thread: a thread from the text reader; ``lines`` holds the lines (if None, the lines of the
            existing comments are used).
        encoder: an :class:`argmap.nlp.encoder.Encoder` (embeddings sharpen the result) or ``None``.

    >>> t = segment_thread(Thread("t", [], lines=["Tea.", "Yes but why?"]))
    >>> [(c.id, c.parent_id) for c in t.comments]
    [('c1', None), ('c2', 'c1')]
    """
    lines = thread.lines
    if lines is None:
        lines = [ln for c in thread.comments for ln in c.text.split("\n") if ln.strip()]
    lines = [ln for ln in lines if ln.strip()]
    emb = encoder.embed(lines, max_length=EMBED_TOKENS) if encoder is not None and lines else None
    thread.comments = segment_lines(lines, emb)
    thread.__dict__.pop("by_id", None)  # reset the cached index
    return thread
