"""Train the (claim, key point) matcher on ArgKP train: group-relative features of the offline
MiniLM cosine similarities (:func:`argmap.nlp.keypoints.group_features`) into a logistic
regression or a small MLP.

Model choice uses a held-out quarter of train (whole topics, :func:`argmap.lab.keypoints_data.split_topics`)
scored by the Track 1 strict mAP; the shipped fit then uses all of train. Dev is never used here.
Only the head is saved (fp16 safetensors + JSON config): the encoder is not changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from argmap.lab.keypoints_data import ArgKP
from argmap.nlp.keypoints import CONFIG, FEATURES, LEXICAL, WEIGHTS, Matcher, group_features, n_words

Vectors = dict[str, np.ndarray]


def groups(data: ArgKP) -> dict[tuple[str, int], tuple[list[str], list[str]]]:
    """(topic, stance) → (argument ids, key point ids)."""
    out: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    for a, (_, t, s) in data.arguments.items():
        out.setdefault((t, s), ([], []))[0].append(a)
    for k, (_, t, s) in data.key_points.items():
        out.setdefault((t, s), ([], []))[1].append(k)
    return {g: v for g, v in out.items() if v[0] and v[1]}


def group_pairs(data: ArgKP, args: Vectors, kps: Vectors,
                lexical: bool = False) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Features (pairs × :data:`FEATURES`, then :data:`LEXICAL` when ``lexical``) and ids of every
    same topic × stance pair."""
    xs, ids = [], []
    for a_ids, k_ids in groups(data).values():
        u = np.stack([args[a] for a in a_ids])
        v = np.stack([kps[k] for k in k_ids])
        ta, tk = [data.arguments[a][0] for a in a_ids], [data.key_points[k][0] for k in k_ids]
        f = group_features(u @ v.T, np.array([n_words(t) for t in ta]), np.array([n_words(t) for t in tk]),
                           *((ta, tk) if lexical else (None, None)))
        xs.append(f.reshape(-1, f.shape[-1]))
        ids += [(a, k) for a in a_ids for k in k_ids]
    return np.vstack(xs), ids


def scorer(data: ArgKP, args: Vectors, kps: Vectors,
           lexical: bool = False) -> Callable[[Callable[[np.ndarray], np.ndarray]], dict]:
    """``score_features`` → ``{(argument, key point): score}`` over ``data``'s candidate pairs."""
    x, ids = group_pairs(data, args, kps, lexical)
    return lambda f: dict(zip(ids, map(float, f(x)), strict=True))


def labelled(data: ArgKP, args: Vectors, kps: Vectors, lexical: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Features and 0/1 labels of the labelled pairs."""
    x, ids = group_pairs(data, args, kps, lexical)
    keep = [i for i, p in enumerate(ids) if p in data.labels]
    return x[keep], np.array([data.labels[ids[i]] for i in keep], dtype=np.int64)


def fit(x: np.ndarray, y: np.ndarray, kind: str = "mlp", hidden: Sequence[int] = (32,), alpha: float = 1e-3,
        c: float = 1.0, seed: int = 0) -> Matcher:
    """Fit a head: ``kind`` ``logistic`` (L2, ``c``) or ``mlp`` (ReLU layers ``hidden``, L2
    ``alpha``, Adam, early stopping on 10 % of the pairs, ``seed``)."""
    mean, scale = x.mean(0).astype(np.float32), x.std(0).astype(np.float32)
    scale = np.where(scale > 1e-6, scale, 1.0).astype(np.float32)
    z = (x - mean) / scale
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=c, max_iter=2000).fit(z, y)
        layers = [(lr.coef_.T.astype(np.float32), lr.intercept_.astype(np.float32))]
    else:
        from sklearn.neural_network import MLPClassifier

        mlp = MLPClassifier(hidden_layer_sizes=tuple(hidden), alpha=alpha, early_stopping=True, random_state=seed,
                            max_iter=300).fit(z, y)
        layers = [(w.astype(np.float32), b.astype(np.float32)) for w, b in zip(mlp.coefs_, mlp.intercepts_,
                                                                               strict=True)]
    features = list(FEATURES) + (list(LEXICAL) if x.shape[1] > len(FEATURES) else [])
    return Matcher(layers, mean, scale, {"kind": kind, "hidden": list(hidden) if kind == "mlp" else [],
                                         "alpha": alpha, "C": c, "seed": seed, "features": features})


#: Heads tried: name → (kind, lexical features, fit keywords). "mlp 64-16" is the 0.6.0 recipe.
HEADS = {"logistic C=1": ("logistic", False, {"c": 1.0}), "logistic C=0.1": ("logistic", False, {"c": 0.1}),
         "mlp 32": ("mlp", False, {"hidden": (32,), "alpha": 1e-3}),
         "mlp 64-16": ("mlp", False, {"hidden": (64, 16), "alpha": 1e-3}),
         "lexical logistic C=0.1": ("logistic", True, {"c": 0.1}),
         "lexical mlp 32": ("mlp", True, {"hidden": (32,), "alpha": 1e-2})}


def cross_validate(data: ArgKP, args: Vectors, kps: Vectors, heads: Sequence[str], n_folds: int = 7,
                   seeds: Sequence[int] = (0,)) -> dict[str, list[dict[str, float]]]:
    """Leave-topics-out CV: per fold of topics (:func:`argmap.lab.keypoints_eval.fold_topics`), each
    head of :data:`HEADS` is fitted on the other topics and scored (Track 1) on the fold's; plain
    cosine is scored too. Returns name → one result per fold (and seed)."""
    from argmap.lab.keypoints_eval import fold_topics, track1_map

    out: dict[str, list[dict[str, float]]] = {"MiniLM cosine": [], **{h: [] for h in heads}}
    for fold in fold_topics(data.topics, n_folds):
        fit_part, held = data.subset([t for t in data.topics if t not in fold]), data.subset(fold)
        plain, lex = scorer(held, args, kps), None
        out["MiniLM cosine"].append(track1_map(held, plain(lambda f: f[:, 0])))
        for name in heads:
            kind, lexical, kw = HEADS[name]
            x, y = labelled(fit_part, args, kps, lexical)
            if lexical and lex is None:
                lex = scorer(held, args, kps, True)
            for seed in seeds if kind == "mlp" else (0,):
                head = fit(x, y, kind, seed=seed, **kw)
                out[name].append(track1_map(held, (lex if lexical else plain)(head.score_features)))
    return out


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The score threshold with the best F1 on labelled pairs (steps of 0.05).

    >>> best_threshold(np.array([0.9, 0.8, 0.3, 0.1]), np.array([1, 1, 0, 0]))  # ties: nearest 0.5
    0.5
    """
    def f1(t: float) -> float:
        p = scores >= t
        tp = float((p & (y == 1)).sum())
        return 2 * tp / max(float(p.sum() + (y == 1).sum()), 1.0)

    grid = [round(0.05 * i, 2) for i in range(2, 19)]
    return max(grid, key=lambda t: (f1(t), -abs(t - 0.5)))


def save(matcher: Matcher, out: Path, extra: dict | None = None) -> None:
    """Write the head as fp16 safetensors + config to ``out``."""
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    state = {"mean": matcher.mean, "scale": matcher.scale}
    for i, (w, b) in enumerate(matcher.layers):
        state[f"w{i}"], state[f"b{i}"] = w, b
    save_file({k: np.ascontiguousarray(v, dtype=np.float16) for k, v in state.items()}, str(out / WEIGHTS))
    config = {**matcher.config, **(extra or {}), "n_layers": len(matcher.layers)}
    (out / CONFIG).write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
