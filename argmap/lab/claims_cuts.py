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


def unit_report(golds: Sequence[Any], roles: Any, pairs: Any, stance: Any) -> dict[str, float]:
    """Token role macro-F1, exact-span F1 and relation F1 with predicted units (supports / attacks /
    macro) of a role model (with its cutter) and a pair scorer on ``golds``."""
    return pooled_report([golds], [roles], pairs, stance)


#: the candidate splitters compared: the fixed markers (shipped to 0.8.0), sentences only, the
#: markers with "and"/"but" left out of the next unit, the learned cut model, and the learned one
#: that also cuts wherever the rule does (``learned+rule``)
VARIANTS = ("markers", "sentences", "rule", "learned", "learned+rule")


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


def cv_units(golds: Sequence[Any], variant: str, pairs: Any, stance: Any, folds: int = 5, seed: int = 0,
             pair_fit: Any = None, **kw: Any) -> dict[str, float]:
    """:func:`unit_report` by ``folds``-fold cross-validation over threads shuffled with ``seed``: each
    fold's units come from a model fitted on the others; the folds are pooled. ``pair_fit``: a
    function (training threads, their role model) → pair scorer, or a dict name → such function, to
    fit each fold's pair scorer on the other folds too (instead of ``pairs``); then the relation F1
    with gold units is reported as well (per name, as ``<key> <name>``)."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(len(golds))
    parts = [[golds[i] for i in order[f::folds]] for f in range(folds)]
    trains = [[g for j, p in enumerate(parts) if j != f for g in p] for f in range(folds)]
    models = [fit_variant(tr, variant, **kw) for tr in trains]
    if pair_fit is None:
        return pooled_report(parts, models, pairs, stance)
    fits = pair_fit if isinstance(pair_fit, dict) else {"": pair_fit}
    out: dict[str, float] = {}
    for name, fit in fits.items():
        scorers = [fit(tr, m) for tr, m in zip(trains, models, strict=True)]
        rep = pooled_report(parts, models, scorers, stance)
        if out:  # the role figures are the same for every scorer
            rep = {k: v for k, v in rep.items() if k.startswith("rel_")}
        out.update({f"{k} {name}".strip() if k.startswith("rel_") else k: v for k, v in rep.items()})
    return out


def pooled_report(parts: Sequence[Sequence[Any]], models: Sequence[Any], pairs: Any, stance: Any) -> dict[str, float]:
    """:func:`unit_report` of each part's own model, pooled over the parts; ``pairs``: one pair scorer,
    or one per part (then the relation F1 with gold units, ``rel_gold_*``, is reported too)."""
    from argmap.lab.claims_eval import _relations_on, predicted_units, role_scores
    from argmap.lab.claims_train import add_stance, gold_claim_thread
    from argmap.nlp.claim_relations import link_claims
    from argmap.nlp.claims import extract_claims

    per_part = isinstance(pairs, list | tuple)
    scorers = pairs if per_part else [pairs] * len(parts)
    golds, units, threads, gold_threads = [], [], [], []
    for part, model, scorer in zip(parts, models, scorers, strict=True):
        golds += part
        units += predicted_units(part, model)
        ts = [g.to_thread() for g in part]
        add_stance(part, ts, stance)
        extract_claims(ts, model)
        link_claims(ts, scorer)
        threads += ts
        if per_part:
            gs = [gold_claim_thread(g) for g in part]
            add_stance(part, gs, stance)
            link_claims(gs, scorer)
            gold_threads += gs
    out = role_scores(golds, units)
    rel = _relations_on(threads, golds, [], lambda ts: None)
    report = {"token_macro": out["token_macro"], "exact_span_f1": out["exact_span_f1"],
              "rel_pred_macro": rel["macro"], "rel_pred_supports": rel["supports"], "rel_pred_attacks": rel["attacks"]}
    if per_part:
        rel = _relations_on(gold_threads, golds, None, lambda ts: None)
        report.update({"rel_gold_macro": rel["macro"], "rel_gold_supports": rel["supports"],
                       "rel_gold_attacks": rel["attacks"]})
    return report
