"""Argumentative units inside comments: each candidate span (:mod:`argmap.nlp.claim_spans`) gets a
role — ``main_claim``, ``claim``, ``premise`` or none — from a linear model over hashed lexical and
position features.

The model (``argmap/nlp/claims_model/``, trained by :mod:`argmap.lab.claims_train` on CMV-modes)
reads words, word pairs, the span's first words, its place in the comment and its neighbours'
first words. It needs no encoder pass, so claim extraction adds little to ``argmap map``'s time;
the model card says what a MiniLM-embedding variant measured instead.

>>> from argmap.model import Comment, Thread
>>> t = Thread("t", [Comment("a", None, text="CMV: tea beats coffee\\nI think tea is better because it is calmer.")],
...            title="CMV: tea beats coffee", format="reddit")
>>> extract_claims([t], RoleModel.load())
>>> [(c.role, c.text) for c in t.claims]   # doctest: +SKIP
[('main_claim', 'CMV: tea beats coffee'), ('claim', 'I think tea is better'), ('premise', 'because it is calmer.')]
>>> all(t.by_id[c.comment_id].text[c.start:c.end] == c.text for c in t.claims)
True
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmap.errors import InputError
from argmap.model import ROLES, Claim, Comment, Thread
from argmap.nlp.claim_cuts import CutModel, RuleCutter
from argmap.nlp.claim_spans import Cutter, Span, spans
from argmap.text import bucket, words

SHIPPED = Path(__file__).with_name("claims_model")
WEIGHTS = "claims.safetensors"
CONFIG = "claims_config.json"
LABELS = ("none", *ROLES)
DIM = 1 << 17

_CRC: dict[str, int] = {}  # feature name → CRC-32: names recur across spans and pairs


def hashed(names: Iterable[str], dim: int = DIM) -> list[int]:
    """Feature names → bucket indices (CRC-32, stable across processes and platforms).

    >>> hashed(["w:tea", "w:tea"], 16)
    [7, 7]
    """
    if len(_CRC) > 1 << 20:
        _CRC.clear()
    out = []
    for n in names:
        h = _CRC.get(n)
        if h is None:
            h = _CRC[n] = zlib.crc32(n.encode())
        out.append(h % dim)
    return out


@dataclass(frozen=True)
class Context:
    """Where a comment sits: whether it is the root, and the thread title its first line may be."""

    is_root: bool
    title: str = ""


def span_features(comment_spans: Sequence[Span], text: str, ctx: Context) -> list[list[str]]:
    """Feature names of each span of one comment (same order)."""
    own = [s for s in comment_spans if s.kind != "quote"]
    n = len(own)
    first_line = text.split("\n", 1)[0].strip()
    is_title_line = ctx.is_root and bool(ctx.title) and first_line == ctx.title.strip()
    out: list[list[str]] = []
    k = -1
    after_quote = False
    for i, s in enumerate(comment_spans):
        if s.kind == "quote":
            after_quote = True
            out.append([])
            continue
        k += 1
        w = words(s.text)
        prev = (words(own[k - 1].text)[:2] if k > 0 else []) or ["<s>"]
        nxt = (words(own[k + 1].text)[:2] if k + 1 < n else []) or ["</s>"]
        f = [f"kind:{s.kind}", f"root:{ctx.is_root}", f"title:{is_title_line and s.line == 0}",
             f"pos:{bucket(k / max(n, 1), (0.2, 0.5, 0.8))}", f"idx:{min(k, 5)}", f"last:{k == n - 1}",
             f"len:{bucket(len(w), (3, 6, 10, 16, 25, 40))}", f"line:{min(s.line, 4)}", f"para:{min(s.paragraph, 3)}",
             f"end:{s.text[-1:]}", f"aq:{after_quote}", f"p1:{prev[0]}", f"n1:{nxt[0]}", f"n2:{' '.join(nxt)}",
             f"p2:{' '.join(prev)}", f"f1:{w[0] if w else ''}", f"f2:{' '.join(w[:2])}", f"f3:{' '.join(w[:3])}",
             f"url:{'http' in s.text}", f"num:{any(ch.isdigit() for ch in s.text)}"]
        f += [f"w:{x}" for x in w]
        f += [f"b:{a} {b}" for a, b in zip(w, w[1:], strict=False)]
        f += [f"rw:{ctx.is_root}:{x}" for x in w[:4]]
        if i + 1 < len(comment_spans) and comment_spans[i + 1].kind == "text" and s.line == comment_spans[i + 1].line:
            f.append("same_line_next")
        out.append(f)
    return out


class RoleModel:
    """The linear role classifier: weights ``W`` (DIM × labels), bias ``b``, decision threshold."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, config: dict):
        self.W = weights.astype(np.float32)
        self.b = bias.astype(np.float32)
        self.config = config
        self.labels = tuple(config.get("labels", LABELS))
        self.dim = int(config.get("dim", DIM))
        self.clauses = bool(config.get("clauses", True))
        #: how sentences are cut into candidates: ``markers`` (the fixed regex; also when the config
        #: has no ``cuts`` key, as before 0.9.0), ``rule`` (the same cuts, "and"/"but" left out of
        #: the unit after them) or ``learned`` (:class:`~argmap.nlp.claim_cuts.CutModel`)
        self.cuts = str(config.get("cuts", "markers"))
        self.cutter: Cutter | None = None
        if self.cuts == "rule":
            self.cutter = RuleCutter()
        elif self.cuts != "markers" and self.cuts != "learned":
            raise ValueError(f"unknown cuts {self.cuts!r} in the claims config")

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> RoleModel:
        """The shipped model (or one saved in ``folder``), loaded once per process."""
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        config = json.loads((path / CONFIG).read_text())
        state = load_file(str(path / WEIGHTS))
        try:
            model = RoleModel(state["role.weight"], state["role.bias"], config)
        except ValueError as e:
            raise InputError(path / CONFIG, str(e)) from None
        if model.cuts == "learned":
            model.cutter = CutModel(state["cut.weight"], state["cut.bias"], int(config.get("cut_dim", DIM)),
                                    float(config.get("cut_threshold", 0.5)), bool(config.get("cut_keep_rule", False)))
        return model

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        """Softmax probabilities, one row per feature list (labels in ``self.labels`` order)."""
        return softmax(self.logits(feats))

    def logits(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        """Raw scores ``x·W + b``, one row per feature list."""
        return hashed_logits(feats, self.W, self.b, self.dim)


def hashed_logits(feats: Sequence[Sequence[str]], w: np.ndarray, b: np.ndarray, dim: int) -> np.ndarray:
    """``x·W + b`` of a linear model over hashed features (:func:`hashed`), one row per feature list.

    >>> hashed_logits([["w:tea"], []], np.eye(16, 2, dtype=np.float32), np.zeros(2, np.float32), 16).shape
    (2, 2)
    """
    if not feats:
        return np.zeros((0, len(b)), np.float32)
    idx = [hashed(f, dim) for f in feats]
    lengths = np.array([len(i) for i in idx])
    flat = np.fromiter((j for i in idx for j in i), dtype=np.int64, count=int(lengths.sum()))
    logits = np.tile(b, (len(feats), 1))
    nonempty = lengths > 0
    if flat.size:
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
        logits[nonempty] += np.add.reduceat(w[flat], starts, axis=0)
    return logits


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax (``logits`` is changed in place)."""
    logits -= logits.max(1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(1, keepdims=True)


def comment_context(thread: Thread, comment: Comment) -> Context:
    return Context(comment.parent_id is None, thread.title if comment.parent_id is None else "")


def predict_spans(items: Sequence[tuple[str, Context]], model: RoleModel) -> list[list[tuple[Span, str, float]]]:
    """For each ``(text, context)``: its argumentative spans with role and probability (quotes,
    links, meta lines and spans classified ``none`` left out). One model call for all items."""
    all_spans = [spans(text, model.clauses, model.cutter) for text, _ in items]
    feats = [f for (text, ctx), ss in zip(items, all_spans, strict=True) for f in span_features(ss, text, ctx)]
    probs = model.probabilities(feats)
    out, row = [], 0
    main = model.labels.index("main_claim") if "main_claim" in model.labels else -1
    for (_text, ctx), ss in zip(items, all_spans, strict=True):
        units = []
        for s in ss:
            p = probs[row]
            row += 1
            if s.kind != "text":
                continue
            if not ctx.is_root and main >= 0:  # only a root states the thread's main claim
                p = p.copy()
                p[model.labels.index("claim")] += p[main]
                p[main] = 0.0
            k = int(p.argmax())
            if model.labels[k] != "none":
                units.append((s, model.labels[k], float(p[k])))
        out.append(units)
    return out


def extract_claims(threads: Sequence[Thread], model: RoleModel) -> None:
    """Set ``thread.claims`` for every thread (one model call for all of them). Claim ids are
    ``<comment id>:<n>``; each claim's text is ``comment.text[start:end]``; its topic is its comment's."""
    items = [(c.text, comment_context(t, c)) for t in threads for c in t.comments]
    predicted = iter(predict_spans(items, model))
    for t in threads:
        t.claims = []
        for c in t.comments:
            for n, (s, role, score) in enumerate(next(predicted)):
                t.claims.append(Claim(f"{c.id}:{n}", c.id, s.start, s.end, s.text, role, round(score, 4), c.topic))
