"""Train and evaluate the pasted-thread segmenter on flattened real threads.

* :func:`evaluate` — boundary F1 and parent accuracy of any predictor on gold threads
  (:class:`argmap.lab.structure_data.PastedThread`), plus the two baselines.
* :func:`train_models` — logistic regressions for the boundary scorer (RumourEval train + AITA)
  and the parent scorer (RumourEval train only), with and without embeddings; the boundary
  threshold and the previous-comment / root bonuses are tuned on out-of-fold predictions
  (:func:`tune_decoding`); written as a small JSON (``argmap/structure/segment_model.json``).

>>> from argmap.lab.structure_data import PastedThread
>>> gold = PastedThread("t", ["a", "b", "c"], [0, 1], [None, 0])
>>> r = evaluate([gold], [None], every_line_baseline)
>>> round(r["boundary_f1"], 3), r["parent_accuracy"]
(0.667, 1.0)
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from argmap.lab.structure_data import PastedThread
from argmap.structure.features import CommentContext, boundary_features, parent_features
from argmap.structure.segment import (
    EMBED_TOKENS,
    LinearScorer,
    SegmentModel,
    _comment_embeddings,
    boundary_probs,
    link_groups,
    pair_logits,
    segment_groups,
    spans,
)

log = logging.getLogger(__name__)

Prediction = tuple[list[int], list[int | None]]  # comment start lines, parent index per comment
Predictor = Callable[[PastedThread, "np.ndarray | None"], Prediction]


# --- embeddings, cached per thread ------------------------------------------------------------


def embed_threads(threads: Sequence[PastedThread], encoder: Any, cache_dir: Path | None = None) -> list[np.ndarray]:
    """Line embeddings per thread; cached as ``<sha1 of lines>.npy`` under ``cache_dir``."""
    out = []
    for t in threads:
        key = hashlib.sha1("\n".join(t.lines).encode()).hexdigest()[:20]
        path = cache_dir / f"{key}.npy" if cache_dir else None
        if path and path.is_file():
            out.append(np.load(path))
            continue
        emb = encoder.embed(t.lines, max_length=EMBED_TOKENS)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, emb)
        out.append(emb)
    return out


# --- predictors --------------------------------------------------------------------------------


def every_line_baseline(t: PastedThread, emb: np.ndarray | None) -> Prediction:
    """Baseline: every line is a comment, replying to the previous one."""
    return list(range(len(t.lines))), [None] + list(range(len(t.lines) - 1))


def previous_comment_baseline(predictor: Predictor) -> Predictor:
    """Baseline: ``predictor``'s comment boundaries (argmap's, in ``eval-structure``), each comment
    replying to the previous one.

    >>> gold = PastedThread("t", ["a", "b", "c"], [0, 2], [None, 0])
    >>> previous_comment_baseline(every_line_baseline)(gold, None)
    ([0, 1, 2], [None, 0, 1])
    """

    def predict(t: PastedThread, emb: np.ndarray | None) -> Prediction:
        starts, _ = predictor(t, emb)
        return starts, [None] + list(range(len(starts) - 1))

    return predict


def remembered(predictor: Predictor) -> Predictor:
    """``predictor`` run at most once per thread (keyed by the thread object), for scores that
    read the same predictions.

    >>> calls = []
    >>> p = remembered(lambda t, e: calls.append(t.id) or ([0], [None]))
    >>> t = PastedThread("t", ["a"], [0], [None])
    >>> p(t, None) == p(t, None), calls
    (True, ['t'])
    """
    memo: dict[int, tuple[PastedThread, Prediction]] = {}

    def predict(t: PastedThread, emb: np.ndarray | None) -> Prediction:
        if id(t) not in memo:
            memo[id(t)] = (t, predictor(t, emb))  # the thread is kept so its id stays its own
        return memo[id(t)][1]

    return predict


def model_predictor(model: SegmentModel | None = None) -> Predictor:
    """The segmenter (the shipped model when ``model`` is None) as a predictor."""

    def predict(t: PastedThread, emb: np.ndarray | None) -> Prediction:
        groups, _, links = segment_groups(t.lines, emb, model)
        return [s for s, _ in groups], [p for p, _ in links]

    return predict


# --- metrics -----------------------------------------------------------------------------------


def evaluate(
    threads: Sequence[PastedThread], embs: Sequence[np.ndarray | None], predictor: Predictor
) -> dict[str, float]:
    """Boundary F1 (a line starts a comment or not; the first line is left out, it always does)
    and parent accuracy (gold replies whose predicted comment starts at the gold line and whose
    predicted parent starts at the gold parent's start line)."""
    tp = fp = fn = 0
    hits = replies = 0
    for t, emb in zip(threads, embs, strict=True):
        starts, parents = predictor(t, emb)
        gold, pred = set(t.starts) - {0}, set(starts) - {0}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        where = {s: k for k, s in enumerate(starts)}
        for j, gp in enumerate(t.parents):
            if gp is None:
                continue
            replies += 1
            k = where.get(t.starts[j])
            if k is not None and parents[k] is not None and starts[parents[k]] == t.starts[gp]:
                hits += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "boundary_precision": prec,
        "boundary_recall": rec,
        "boundary_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "parent_accuracy": hits / replies if replies else 0.0,
        "threads": len(threads),
        "lines": sum(len(t.lines) for t in threads),
        "replies": replies,
    }


def parent_errors(
    threads: Sequence[PastedThread], embs: Sequence[np.ndarray | None], predictor: Predictor
) -> Counter[str]:
    """What became of each gold reply: ``right``, ``own start missed``, or where its predicted
    parent lies against the gold tree (a false start inside the gold parent's text or elsewhere;
    an ancestor of the gold parent, too shallow; a descendant of it, too deep; another comment).

    >>> t = PastedThread("t", ["Tea.", "Coffee.", "More tea.", "Why?"], [0, 1, 2, 3], [None, 0, 0, 2])
    >>> dict(parent_errors([t], [None], lambda t, e: ([0, 1, 2, 3], [None, 0, 1, 2])))
    {'right': 2, 'too deep (a descendant of the gold parent)': 1}
    """

    def ancestors(t: PastedThread, j: int | None) -> list[int]:
        out = []
        while j is not None:
            out.append(j)
            j = t.parents[j]
        return out

    out: Counter[str] = Counter()
    for t, emb in zip(threads, embs, strict=True):
        starts, parents = predictor(t, emb)
        where = {s: k for k, s in enumerate(starts)}
        gold_at = {s: j for j, s in enumerate(t.starts)}
        for j, gp in enumerate(t.parents):
            if gp is None:
                continue
            k = where.get(t.starts[j])
            if k is None or parents[k] is None:
                out["own start missed"] += 1
                continue
            ps = starts[parents[k]]
            g = gold_at.get(ps)
            if g == gp:
                out["right"] += 1
            elif g is None:
                inside = max(i for i, s in enumerate(t.starts) if s <= ps) == gp
                out["false start inside the gold parent" if inside else "false start elsewhere"] += 1
            elif g in ancestors(t, gp):
                out["too shallow (an ancestor of the gold parent)"] += 1
            elif gp in ancestors(t, g):
                out["too deep (a descendant of the gold parent)"] += 1
            else:
                out["another comment"] += 1
    return out


def boundary_ceiling(
    threads: Sequence[PastedThread], embs: Sequence[np.ndarray | None], model: SegmentModel
) -> dict[str, float]:
    """How well the boundary probabilities separate starts from continuations, whatever the
    threshold: ROC AUC, and the best F1 any threshold reaches on these threads (chosen on them, so
    a ceiling for re-tuning the threshold, not a result).

    >>> from argmap.structure.segment import load_model
    >>> gold = PastedThread("t", ["Tea.", "Yes but why?", "Also, milk."], [0, 1], [None, 0])
    >>> r = boundary_ceiling([gold], [None], load_model(False))
    >>> r["roc_auc"], r["best_f1"]
    (1.0, 1.0)
    """
    from argmap.lab.boundary_train import roc_auc

    probs: list[float] = []
    labels: list[int] = []
    for t, emb in zip(threads, embs, strict=True):
        gold = set(t.starts)
        p = boundary_probs(t.lines, emb, model.boundary)
        probs += p[1:]
        labels += [int(i in gold) for i in range(1, len(t.lines))]
    y, p = np.array(labels), np.array(probs)
    best = (0.0, 0.5)
    for th in sorted(set(probs)):
        tp = int(((p >= th) & (y == 1)).sum())
        f1 = 2 * tp / ((p >= th).sum() + y.sum()) if tp else 0.0
        best = max(best, (float(f1), float(th)))
    return {"roc_auc": roc_auc(labels, probs), "best_f1": best[0], "best_threshold": best[1]}


def parent_places(
    threads: Sequence[PastedThread], embs: Sequence[np.ndarray | None], gold_links: Predictor
) -> dict[str, tuple[int, int]]:
    """Gold replies by where their parent sits on the depth-first spine (the previous comment, an
    ancestor in between, the root), each with how many ``gold_links`` (parents predicted on the gold
    boundaries, see :func:`link_only`) gets right.

    >>> from argmap.structure.segment import load_model
    >>> gold = PastedThread("t", ["Tea.", "Yes.", "Coffee?"], [0, 1, 2], [None, 0, 0])
    >>> parent_places([gold], [None], link_only(load_model(False)))["the previous comment"]
    (1, 1)
    """
    out: dict[str, list[int]] = {p: [0, 0] for p in ("the previous comment", "an ancestor in between", "the root")}
    for t, emb in zip(threads, embs, strict=True):
        _, parents = gold_links(t, emb)
        for j in range(1, len(t.starts)):
            gp = t.parents[j]
            place = "the previous comment" if gp == j - 1 else "the root" if gp == 0 else "an ancestor in between"
            out[place][0] += 1
            out[place][1] += int(parents[j] == gp)
    return {k: (n, hit) for k, (n, hit) in out.items()}


# --- training ----------------------------------------------------------------------------------


def boundary_rows(t: PastedThread, emb: np.ndarray | None) -> tuple[list[dict[str, float]], list[int]]:
    """One feature dict per line after the first, label 1 where a gold comment starts."""
    gold = set(t.starts)
    pair = pair_logits(t.lines) if emb is not None else None
    return [boundary_features(t.lines, i, emb, pair=pair) for i in range(1, len(t.lines))], [
        int(i in gold) for i in range(1, len(t.lines))
    ]


def parent_rows(t: PastedThread, emb: np.ndarray | None) -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Candidate rows on the gold depth-first spine of each gold reply: features, label, group id."""
    groups = t.groups
    comment_lines = [t.lines[s:e] for s, e in groups]
    cemb = _comment_embeddings(groups, emb) if emb is not None else None
    ctx = CommentContext(comment_lines, cemb)
    depth, n_children = [0], [0]
    feats, labels, gids = [], [], []
    for j in range(1, len(groups)):
        spine, k = [], j - 1
        while k is not None:
            spine.append(k)
            k = t.parents[k]
        feats += parent_features(ctx, j, spine, n_children, depth)
        labels += [int(c == t.parents[j]) for c in spine]
        gids += [j] * len(spine)
        p = t.parents[j]
        depth.append(depth[p] + 1)
        n_children.append(0)
        n_children[p] += 1
    return feats, labels, gids


def judged_parent_rows(
    labels: Sequence[Any], embs: Sequence[np.ndarray | None]
) -> tuple[list[dict[str, Any]], list[int], list[float]]:
    """Parent candidate rows (:func:`parent_rows`) of the comments a person moved only, with their
    weight (``labels``: :func:`argmap.lab.corrections_data.parent_labels`)."""
    feats: list[dict[str, Any]] = []
    ys: list[int] = []
    weights: list[float] = []
    for lab, emb in zip(labels, embs, strict=True):
        for f, y, j in zip(*parent_rows(lab.thread, emb), strict=True):
            if j in lab.judged:
                feats.append(f)
                ys.append(y)
                weights.append(lab.weight)
    return feats, ys, weights


def judged_parent_accuracy(
    labels: Sequence[Any], embs: Sequence[np.ndarray | None], predictor: Predictor
) -> dict[str, float]:
    """Parent accuracy on the comments a person moved (``labels``:
    :func:`argmap.lab.corrections_data.parent_labels`; their comments are the gold boundaries, so
    use a predictor that keeps them, e.g. :func:`link_only`)."""
    hits = n = 0
    for lab, emb in zip(labels, embs, strict=True):
        starts, parents = predictor(lab.thread, emb)
        where = {s: k for k, s in enumerate(starts)}
        for j in sorted(lab.judged):
            n += 1
            k, gp = where.get(lab.thread.starts[j]), lab.thread.parents[j]
            pk = parents[k] if k is not None else None
            if gp is not None and pk is not None and starts[pk] == lab.thread.starts[gp]:
                hits += 1
    return {"parent_accuracy": hits / n if n else 0.0, "moves": n, "right": hits, "threads": len(labels)}


def fit_scorer(feats: list[dict[str, Any]], labels: list[int], c: float = 1.0, center: bool = True,
               sample_weight: Sequence[float] | None = None) -> LinearScorer:
    """Logistic regression on standardised features, folded back to weights on raw features.

    Vector features (numpy arrays) become one column per dimension and one weight list;
    ``sample_weight``: one weight per row (default: all 1).
    """
    from sklearn.linear_model import LogisticRegression

    names = sorted({k for f in feats for k in f} - {"bias"})
    dims = {n: next((len(f[n]) for f in feats if isinstance(f.get(n), np.ndarray)), 0) for n in names}
    cols = []
    for n in names:
        if dims[n]:
            zero = np.zeros(dims[n], dtype=np.float32)
            cols.append(np.stack([f.get(n, zero) for f in feats]))
        else:
            cols.append(np.array([[f.get(n, 0.0)] for f in feats]))
    x = np.hstack(cols).astype(np.float64)
    mu, sd = (x.mean(0) if center else np.zeros(x.shape[1])), x.std(0)
    sd[sd < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=3000, fit_intercept=center).fit(
        (x - mu) / sd, labels, sample_weight=None if sample_weight is None else np.asarray(sample_weight, np.float64))
    w = clf.coef_[0] / sd
    b = float(clf.intercept_[0] - (w * mu).sum())
    weights: dict[str, Any] = {}
    at = 0
    for n in names:
        width = dims[n] or 1
        part = [round(float(v), 5) for v in w[at : at + width]]
        weights[n] = part if dims[n] else part[0]
        at += width
    return LinearScorer(weights, round(b, 5))


def _oof_boundary_probs(
    threads: Sequence[PastedThread],
    embs: Sequence[np.ndarray | None],
    extra: Sequence[tuple[PastedThread, np.ndarray | None]],
    c: float,
    folds: int = 3,
) -> list[list[float]]:
    """Out-of-fold boundary probabilities of ``threads`` (thread ``k`` in fold ``k % folds``),
    each fold's scorer fitted on the other folds plus ``extra``."""
    out: list[list[float]] = [[] for _ in threads]
    for f in range(folds):
        fit = [(t, e) for k, (t, e) in enumerate(zip(threads, embs, strict=True)) if k % folds != f] + list(extra)
        scorer = fit_scorer(*_boundary_data(fit), c)
        for k, (t, e) in enumerate(zip(threads, embs, strict=True)):
            if k % folds == f:
                out[k] = boundary_probs(t.lines, e, scorer)
    return out


def _boundary_data(pairs: Sequence[tuple[PastedThread, np.ndarray | None]]) -> tuple[list[dict[str, Any]], list[int]]:
    feats: list[dict[str, Any]] = []
    labels: list[int] = []
    for t, emb in pairs:
        f, y = boundary_rows(t, emb)
        feats += f
        labels += y
    return feats, labels


def _parent_data(pairs: Sequence[tuple[PastedThread, np.ndarray | None]]) -> tuple[list[dict[str, Any]], list[int]]:
    feats: list[dict[str, Any]] = []
    labels: list[int] = []
    for t, emb in pairs:
        f, y, _ = parent_rows(t, emb)
        feats += f
        labels += y
    return feats, labels


#: Below 0.1 the continuation cues ("Also,", "In that light") stop holding.
THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
PREV_BONUSES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5)
ROOT_BONUSES = (-1.0, -0.5, 0.0, 0.5, 1.0)


def tune_decoding(
    parent: LinearScorer,
    threads: Sequence[PastedThread],
    embs: Sequence[np.ndarray | None],
    oof: Sequence[list[float]],
) -> tuple[float, float, float]:
    """The boundary threshold and the ``is_prev`` and ``is_root`` bonuses with the best boundary
    F1 + parent accuracy on ``threads``, from out-of-fold boundary probabilities (the parent scorer
    is fitted on gold comments, the bonuses correct for predicted ones)."""
    best, best_score = (0.5, 0.0, 0.0), -1.0
    index = {id(t): k for k, t in enumerate(threads)}
    for th in THRESHOLDS:
        cuts = [[k for k, p in enumerate(probs) if k == 0 or p >= th] for probs in oof]
        for prev_bonus in PREV_BONUSES:
            for root_bonus in ROOT_BONUSES:
                scorer = _with_bonuses(parent, prev_bonus, root_bonus)

                def predict(
                    t: PastedThread, emb: np.ndarray | None, scorer: LinearScorer = scorer, cuts: list = cuts
                ) -> Prediction:
                    starts = cuts[index[id(t)]]
                    links = link_groups(t.lines, spans(starts, len(t.lines)), emb, scorer)
                    return starts, [p for p, _ in links]

                r = evaluate(threads, embs, predict)
                score = r["boundary_f1"] + r["parent_accuracy"]
                if score > best_score + 1e-9:
                    best, best_score = (th, prev_bonus, root_bonus), score
    log.info(
        "threshold %.2f, is_prev bonus %.1f, is_root bonus %.1f (out-of-fold F1 + parent acc %.3f)", *best, best_score
    )
    return best


def _with_bonuses(parent: LinearScorer, prev_bonus: float, root_bonus: float) -> LinearScorer:
    """A copy of ``parent`` with ``prev_bonus`` / ``root_bonus`` added to ``is_prev`` / ``is_root``."""
    w = dict(parent.weights)
    w["is_prev"] = round(float(w.get("is_prev", 0.0)) + prev_bonus, 5)
    w["is_root"] = round(float(w.get("is_root", 0.0)) + root_bonus, 5)
    return LinearScorer(w, parent.intercept)


def train_setting(
    threads: Sequence[PastedThread],
    embs: Sequence[np.ndarray | None],
    c: float = 1.0,
    extra: Sequence[tuple[PastedThread, np.ndarray | None]] = (),
    c_parent: float = 0.1,
    parent_extra: int = 0,
    judged: tuple[list[dict[str, Any]], list[int], list[float]] = ([], [], []),
) -> SegmentModel:
    """Fit boundary + parent scorers for one setting and tune the decoding.

    The boundary scorer learns from ``threads`` plus ``extra`` (threads whose pruned trees keep
    the comment boundaries but not a natural reply structure, e.g. AITA); the parent scorer from
    ``threads`` and the first ``parent_extra`` of ``extra``. Threshold and previous-comment bonus are
    tuned on out-of-fold predictions. ``judged``: more parent rows with their weights (the human
    parent moves, :func:`judged_parent_rows`); the other rows weigh 1.
    """
    pairs = list(zip(threads, embs, strict=True))
    boundary = fit_scorer(*_boundary_data(pairs + list(extra)), c)
    feats, labels = _parent_data(pairs + list(extra)[:parent_extra])
    if judged[0]:
        weights = [1.0] * len(labels) + list(judged[2])
        parent = fit_scorer(feats + judged[0], labels + judged[1], c_parent, sample_weight=weights)
    else:
        parent = fit_scorer(feats, labels, c_parent)
    oof = _oof_boundary_probs(threads, embs, extra, c)
    boundary.threshold, prev_bonus, root_bonus = tune_decoding(parent, threads, embs, oof)
    return SegmentModel(boundary, _with_bonuses(parent, prev_bonus, root_bonus))


def model_to_json(models: dict[str, SegmentModel], trained_on: str) -> str:
    """The JSON shipped as ``argmap/structure/segment_model.json``."""
    doc: dict[str, Any] = {"format": "argmap-segment/1", "trained_on": trained_on}
    for key, m in models.items():
        doc[key] = {"boundary": m.boundary.to_dict(), "parent": m.parent.to_dict()}
    return json.dumps(doc, indent=1, sort_keys=False) + "\n"


def link_only(model: SegmentModel) -> Predictor:
    """Gold boundaries, predicted parents (to measure the parent scorer alone)."""

    def predict(t: PastedThread, emb: np.ndarray | None) -> Prediction:
        links = link_groups(t.lines, t.groups, emb, model.parent)
        return list(t.starts), [p for p, _ in links]

    return predict


def gold_boundary_previous_baseline(t: PastedThread, emb: np.ndarray | None) -> Prediction:
    """Baseline with oracle boundaries: the gold comments, each replying to the previous one."""
    return list(t.starts), [None] + list(range(len(t.starts) - 1))


def train_models(
    threads: Sequence[PastedThread],
    embs: Sequence[np.ndarray | None],
    c: float = 1.0,
    extra: Sequence[PastedThread] = (),
    extra_embs: Sequence[np.ndarray | None] = (),
    parent_extra: int = 0,
    corrections: Sequence[Any] = (),
    correction_embs: Sequence[np.ndarray | None] = (),
) -> dict[str, SegmentModel]:
    """Both settings: ``with_embeddings`` (when embeddings are given) and ``without_embeddings``;
    ``extra`` threads feed the boundary scorer, the first ``parent_extra`` of them the parent scorer
    too (see :func:`train_setting`); ``corrections`` (human parent moves,
    :func:`argmap.lab.corrections_data.parent_labels`, embedded as ``correction_embs``) add weighted
    parent rows."""
    models = {}
    if all(e is not None for e in list(embs) + list(extra_embs) + list(correction_embs)):
        models["with_embeddings"] = train_setting(threads, embs, c, list(zip(extra, extra_embs, strict=True)),
                                                  parent_extra=parent_extra,
                                                  judged=judged_parent_rows(corrections, correction_embs))
    models["without_embeddings"] = train_setting(threads, [None] * len(threads), c, [(t, None) for t in extra],
                                                 parent_extra=parent_extra,
                                                 judged=judged_parent_rows(corrections, [None] * len(corrections)))
    return models
