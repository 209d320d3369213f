"""Train the cut model of :mod:`argmap.nlp.claim_cuts` on CMV-modes gold unit boundaries.

Each cut point of a candidate sentence gets its gold label from the post's gold units
(:func:`gold_label`): ``drop`` when a unit starts just after the marker word (and none at it),
``cut`` when a unit starts at the next word or ends in the gap, else ``none``. The model is an L2
logistic regression over hashed features (deterministic, no seed); its threshold is chosen on
valid by the exact-span recall of the candidates it gives (:func:`candidate_recall`).

>>> from argmap.nlp.claim_cuts import points
>>> text = "Tea is good, but coffee wins."
>>> [gold_label(p, [(0, 11), (17, 28)]) for p in points(text, 0, len(text))]
['drop']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from argmap.nlp.claim_cuts import CUT_LABELS, CutModel, Point, cut_sentences, point_features, points
from argmap.nlp.claim_spans import spans
from argmap.nlp.claims import DIM


def gold_label(p: Point, units: Sequence[tuple[int, int]]) -> str:
    """The gold ``none`` / ``cut`` / ``drop`` of a cut point given a post's gold ``(start, end)`` units."""
    starts = {a for a, _ in units}
    if p.skip != p.at and p.skip in starts and p.at not in starts:
        return "drop"
    if p.kind == "start":
        return "none"
    if p.at in starts or any(p.end <= b < p.at for _, b in units):
        return "cut"
    return "none"


class _Recorder:
    """A cutter that cuts nothing and keeps the sentences :func:`spans` asks it about."""

    def __init__(self) -> None:
        self.sentences: list[tuple[int, int]] = []

    def pieces(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        self.sentences += sentences
        return [[s] for s in sentences]


class GoldCutter:
    """A cutter that cuts every point by its gold label (the oracle of the point set)."""

    def __init__(self, units: Sequence[tuple[int, int]]):
        self.units = list(units)

    def pieces(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        pts = [points(text, lo, hi) for lo, hi in sentences]
        return cut_sentences(sentences, pts, iter([gold_label(p, self.units) for ps in pts for p in ps]))


def sentences_of(text: str) -> list[tuple[int, int]]:
    """The candidate sentences of a post's ``text`` lines (what a cutter is given)."""
    rec = _Recorder()
    spans(text, cutter=rec)
    return rec.sentences


def cut_examples(golds: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
    """Features and gold labels of every cut point of every post of ``golds``."""
    feats, labels = [], []
    for g in golds:
        for i, post in enumerate(g.posts):
            units = [(u.start, u.end) for u in g.units if u.post == i]
            for lo, hi in sentences_of(post.text):
                pts = points(post.text, lo, hi)
                feats += point_features(post.text, lo, hi, pts)
                labels += [gold_label(p, units) for p in pts]
    return feats, labels


def train_cuts(golds: Sequence[Any], c: float, threshold: float = 0.5, keep_rule: bool = False) -> CutModel:
    """The cut model fitted on the gold boundaries of ``golds`` with regularisation ``c``."""
    from argmap.lab.claims_train import fit_logistic, sparse

    x, y = cut_examples(golds)
    w, b = fit_logistic(sparse(x), y, CUT_LABELS, c)
    return CutModel(w, b, DIM, threshold, keep_rule)


def candidate_recall(golds: Sequence[Any], cutter: Any, oracle: bool = False) -> dict[str, float]:
    """Share of gold units that are exactly one ``text`` candidate when ``cutter`` cuts (``recall``), and
    candidates per gold unit (``candidates``); ``cutter`` None: the fixed markers; ``oracle``: every
    point cut by its gold label (:class:`GoldCutter`)."""
    hit = n_units = n_cands = 0
    for g in golds:
        for i, post in enumerate(g.posts):
            units = [(u.start, u.end) for u in g.units if u.post == i]
            cut = GoldCutter(units) if oracle else cutter
            cands = {(s.start, s.end) for s in spans(post.text, True, cut) if s.kind == "text"}
            hit += sum(u in cands for u in units)
            n_units += len(units)
            n_cands += len(cands)
    return {"recall": hit / max(n_units, 1), "candidates": n_cands / max(n_units, 1)}


def make_cutter(train: Sequence[Any], variant: str, cut_c: float = 1.0, cut_threshold: float = 0.3) -> Any:
    """The cutter of ``variant`` (:data:`VARIANTS`): the rule, a cut model fitted on ``train``, or None
    (the fixed markers, or sentences alone)."""
    from argmap.nlp.claim_cuts import RuleCutter

    if variant == "rule":
        return RuleCutter()
    if variant.startswith("learned"):
        return train_cuts(train, cut_c, cut_threshold, keep_rule=variant == "learned+rule")
    return None


def fit_variant(train: Sequence[Any], variant: str, role_c: float = 1.0, cut_c: float = 1.0,
                cut_threshold: float = 0.3) -> Any:
    """A :class:`~argmap.nlp.claims.RoleModel` of ``variant`` (:data:`VARIANTS`) fitted on ``train``
    (the learned cut model too)."""
    from argmap.lab.claims_train import train_roles
    from argmap.nlp.claims import LABELS, RoleModel

    cutter = make_cutter(train, variant, cut_c, cut_threshold)
    clauses = variant != "sentences"
    config = {"labels": list(LABELS), "dim": DIM, "clauses": clauses,
              "cuts": "learned" if variant.startswith("learned") else variant if variant == "rule" else "markers"}
    model = RoleModel(*train_roles(train, role_c, clauses, cutter), config)
    model.cutter = cutter
    return model
