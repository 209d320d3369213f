"""Key point matching and generation on ArgKP, by the Key Point Analysis 2021 Track 1 protocol.

Matching (:func:`track1_map`): each argument takes its best-scoring key point of the same topic and
stance; per topic × stance the top half of those pairs by score is kept; the average precision of
that ranked list is computed; the figure is the mean over topic × stance. ``strict`` counts pairs
without a label as non-matching, ``relaxed`` as matching.

Generation (:func:`generation_scores`): key points extracted from the arguments of each topic ×
stance; coverage = share of gold key points matched (gold label 1) by the source argument of at
least one generated key point; precision = share of generated key points whose source argument
matches some gold key point.

>>> average_precision([1, 0, 1])
0.8333333333333333
>>> average_precision([0, 0])
0.0
>>> fold_topics([f"t{i:02d}" for i in range(28)], 7)[0]
['t00', 't07', 't14', 't21']
>>> mean_sd([0.5, 0.7])
(0.6, 0.1414)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from argmap.lab.keypoints_data import ArgKP


def average_precision(labels: Sequence[int]) -> float:
    """Average precision of a ranked list of 0/1 labels (best first); 0 when it has no positive."""
    hits, total = 0, 0.0
    for rank, y in enumerate(labels, 1):
        if y:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


Scored = list[tuple[float, str, str]]


def best_pairs(data: ArgKP, scores: dict[tuple[str, str], float]) -> dict[tuple[str, int], Scored]:
    """Per (topic, stance): ``(score, argument, key point)`` of each argument's best key point."""
    best: dict[str, tuple[float, str]] = {}
    for (a, k), s in scores.items():
        if a not in best or s > best[a][0]:
            best[a] = (s, k)
    groups: dict[tuple[str, int], list[tuple[float, str, str]]] = {}
    for a, (s, k) in best.items():
        _, topic, stance = data.arguments[a]
        groups.setdefault((topic, stance), []).append((s, a, k))
    return groups


def track1_map(data: ArgKP, scores: dict[tuple[str, str], float]) -> dict[str, float]:
    """``{"strict": mAP, "relaxed": mAP}`` of ``scores`` over (argument, key point) candidates (the
    leaderboard figure), and ``"strict_x"``, ``"relaxed_x"``: the post-September-2021 ``get_ap``
    variant, each AP times the share of positives in the kept top half."""
    out: dict[str, list[float]] = {"strict": [], "relaxed": [], "strict_x": [], "relaxed_x": []}
    for pairs in best_pairs(data, scores).values():
        pairs.sort(key=lambda p: -p[0])
        top = pairs[: len(pairs) // 2] or pairs
        for name, missing in (("strict", 0), ("relaxed", 1)):
            labels = [data.labels.get((a, k), missing) for _, a, k in top]
            ap = average_precision(labels)
            out[name].append(ap)
            out[name + "_x"].append(ap * sum(labels) / len(labels))
    return {name: float(np.mean(v)) if v else 0.0 for name, v in out.items()}


def fold_topics(topics: Sequence[str], n_folds: int = 7) -> list[list[str]]:
    """Sorted ``topics`` dealt round-robin into ``n_folds`` folds (leave-topics-out CV)."""
    ts = sorted(topics)
    return [ts[i::n_folds] for i in range(n_folds)]


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation, rounded to 4 places."""
    v = np.asarray(values, dtype=float)
    return round(float(v.mean()), 4), round(float(v.std(ddof=1)) if len(v) > 1 else 0.0, 4)


def pair_scores(data: ArgKP, arg_vecs: dict[str, np.ndarray], kp_vecs: dict[str, np.ndarray],
                score: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> dict[tuple[str, str], float]:
    """``score(u, v)`` over every same topic × stance candidate pair."""
    pairs = data.candidates()
    u = np.stack([arg_vecs[a] for a, _ in pairs])
    v = np.stack([kp_vecs[k] for _, k in pairs])
    return dict(zip(pairs, map(float, score(u, v)), strict=True))


def generation_scores(data: ArgKP, chosen: dict[tuple[str, int], list[str]]) -> dict[str, float]:
    """Coverage and precision of generated key points (``chosen``: per topic × stance, the ids of
    the arguments picked as key points)."""
    positives: dict[str, set[str]] = {}
    for (a, k), y in data.labels.items():
        if y:
            positives.setdefault(a, set()).add(k)
    gold = [k for k in data.key_points]
    covered = {k for args in chosen.values() for a in args for k in positives.get(a, ())}
    picked = [a for args in chosen.values() for a in args]
    return {"coverage": len(covered & set(gold)) / max(len(gold), 1),
            "precision": sum(1 for a in picked if positives.get(a)) / max(len(picked), 1),
            "key_points": float(len(picked))}


def generate(data: ArgKP, arg_vecs: dict[str, np.ndarray], matcher, k: int) -> dict[tuple[str, int], list[str]]:  # noqa: ANN001
    """Key points extracted (:func:`argmap.nlp.keypoints.extract`) from the arguments of each
    topic × stance: the ids of the arguments chosen, at most ``k`` per group."""
    from argmap.nlp.keypoints import extract

    by_group: dict[tuple[str, int], list[str]] = {}
    for a, (_, topic, stance) in data.arguments.items():
        by_group.setdefault((topic, stance), []).append(a)
    out = {}
    for g, ids in by_group.items():
        kp = extract(np.stack([arg_vecs[a] for a in ids]), [data.arguments[a][0] for a in ids], matcher, k=k,
                     min_support=2)
        out[g] = [ids[i] for i in kp.chosen]
    return out
