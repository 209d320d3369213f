"""Measure stance models: macro-F1 and per-class F1, against majority and TF-IDF baselines.

DEBAGREEMENT is 3-class: ``query`` folds into ``neutral`` (probabilities are added).

>>> fold3({"support": .1, "attack": .2, "neutral": .3, "query": .4})
'neutral'
>>> round(macro_f1_3(["support", "attack"], [{"support": .9}, {"support": .8, "attack": .1}]), 3)
0.222
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from argmap.lab.stance_data import Pair, datasets
from argmap.model import STANCES
from argmap.nlp.stance import apply_bias

THREE = ("support", "attack", "neutral")


def fold3(p: dict[str, float]) -> str:
    """3-class decision from 4-class probabilities (query counts as neutral)."""
    q = dict(p)
    q["neutral"] = q.get("neutral", 0.0) + q.pop("query", 0.0)
    return max(THREE, key=lambda k: q.get(k, 0.0))


def _f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import f1_score

    per = f1_score(gold, pred, labels=list(labels), average=None, zero_division=0)
    return {lab: float(v) for lab, v in zip(labels, per, strict=True)}


def macro_f1_3(gold: Sequence[str], probs: Sequence[dict[str, float]]) -> float:
    """Macro-F1 over support/attack/neutral, with gold and predicted query folded into neutral."""
    g = ["neutral" if x == "query" else x for x in gold]
    per = _f1(g, [fold3(p) for p in probs], THREE)
    return sum(per.values()) / 3


def report(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """``{"macro_f1", "per_class": {label: f1}, "n"}`` over ``labels`` present in gold or pred."""
    per = _f1(gold, pred, labels)
    return {"macro_f1": sum(per.values()) / len(per), "per_class": per, "n": len(gold)}


def fit_baselines(train: Sequence[Pair], seed: int = 13) -> Callable[[Sequence[Pair]], dict[str, list[str]]]:
    """Majority class and TF-IDF (word 1-2 grams of parent / reply, separately) + logistic
    regression, fitted once on ``train``; returns ``test rows -> {baseline: predictions}``."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    majority = Counter(r.label for r in train).most_common(1)[0][0]
    vp = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    vr = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50000)
    xtr = hstack([vp.fit_transform([r.parent for r in train]), vr.fit_transform([r.reply for r in train])])
    clf = LogisticRegression(max_iter=2000, C=2.0, class_weight="balanced", random_state=seed)
    clf.fit(xtr, [r.label for r in train], sample_weight=[r.weight for r in train])

    def predict(test: Sequence[Pair]) -> dict[str, list[str]]:
        xte = hstack([vp.transform([r.parent for r in test]), vr.transform([r.reply for r in test])])
        return {"majority": [majority] * len(test), "tfidf_logreg": list(clf.predict(xte))}

    return predict


def evaluate(data: Path, model_path: str | Sequence[str] | None = None, seed: int = 13, batch_size: int = 32,
             quantize: bool | None = None, max_length: int | None = None,
             corrections: Sequence[Pair] | None = None) -> dict[str, Any]:
    """Scores of the model and both baselines on the DEBAGREEMENT val split and RumourEval dev
    (``model_path``: one model folder, or several whose probabilities are averaged, an ensemble;
    ``max_length``: tokens per pair, if not the model's own; ``corrections``: human stance labels
    from the map page, :func:`argmap.lab.corrections_data.stance_pairs`, scored as a third split)."""
    import copy

    from argmap.nlp.stance import PairEncoder, StanceModel

    parts = datasets(data, seed)
    paths = [model_path] if model_path is None or isinstance(model_path, str) else list(model_path)
    models = [StanceModel.load(p, "auto", quantize) for p in paths]
    if max_length:
        for i, model in enumerate(models):
            if model.native:
                models[i] = copy.copy(model)  # the loaded model is shared: change a copy's token budget
                models[i].encoder = PairEncoder(model.tokenizer, max_length, model.encoder.context_tokens)
    baselines = fit_baselines(parts["train"], seed)
    results: dict[str, Any] = {}
    specs = {"debagreement_val": (parts["val"], THREE, True), "rumoureval_dev": (parts["rumour_dev"], STANCES, False)}
    if corrections:
        specs["corrections"] = (list(corrections), STANCES, False)
    for name, (rows, labels, three) in specs.items():
        gold = [r.label for r in rows]
        if three:
            gold = ["neutral" if g == "query" else g for g in gold]
        runs = [m.predict([r.parent for r in rows], [r.reply for r in rows], [r.context for r in rows],
                          batch_size=batch_size) for m in models]
        probs = [{k: sum(run[i][k] for run in runs) / len(runs) for k in runs[0][i]} for i in range(len(rows))]
        preds = {"argmap": [fold3(p) if three else max(p, key=p.get) for p in probs]}
        for k, v in baselines(rows).items():
            preds[k] = ["neutral" if three and x == "query" else x for x in v]
        results[name] = {k: report(gold, v, labels) for k, v in preds.items()}
        results[name]["n"] = len(rows)
        results[name]["gold"] = dict(Counter(gold))
    return results


def format_results(results: dict[str, Any]) -> str:
    """A plain-text table: one line per (split, system) with macro-F1 and per-class F1."""
    lines = []
    for split, systems in results.items():
        lines.append(f"{split} (n={systems['n']}, gold {systems['gold']})")
        for name, r in systems.items():
            if name in {"n", "gold"}:
                continue
            per = "  ".join(f"{k}={v:.3f}" for k, v in r["per_class"].items())
            lines.append(f"  {name:<13} macro-F1={r['macro_f1']:.3f}  {per}")
    return "\n".join(lines)


def fit_bias(gold: Sequence[str], probs: Sequence[dict[str, float]], step: float = 0.1) -> dict[str, float]:
    """Log-prior offsets (attack fixed at 0) that maximise 3-class macro-F1 on a tuning split.

    >>> probs = [{"support": .6, "neutral": .4}, {"support": .7, "neutral": .3}]
    >>> b = fit_bias(["neutral", "support"], probs)
    >>> [fold3(apply_bias(p, b)) for p in probs]
    ['neutral', 'support']
    """
    import itertools
    import math

    grid = [round(-1.5 + step * i, 2) for i in range(int(3 / step) + 1)]
    best, best_b = -1.0, {}
    for bs, bn in itertools.product(grid, grid):
        b = {"support": bs, "attack": 0.0, "neutral": bn, "query": bn}
        f1 = macro_f1_3(gold, [apply_bias(p, b) for p in probs])
        if f1 > best + 1e-9 or (abs(f1 - best) <= 1e-9 and abs(bs) + abs(bn) < sum(map(abs, best_b.values()))):
            best, best_b = f1, b
    return {k: v for k, v in best_b.items() if not math.isclose(v, 0.0)} or {}
