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
from argmap.nlp.keypoints import CONFIG, FEATURES, WEIGHTS, Matcher, group_features, n_words

Vectors = dict[str, np.ndarray]


def groups(data: ArgKP) -> dict[tuple[str, int], tuple[list[str], list[str]]]:
    """(topic, stance) → (argument ids, key point ids)."""
    out: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    for a, (_, t, s) in data.arguments.items():
        out.setdefault((t, s), ([], []))[0].append(a)
    for k, (_, t, s) in data.key_points.items():
        out.setdefault((t, s), ([], []))[1].append(k)
    return {g: v for g, v in out.items() if v[0] and v[1]}


def group_pairs(data: ArgKP, args: Vectors, kps: Vectors) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Features (pairs × :data:`FEATURES`) and ids of every same topic × stance pair."""
    xs, ids = [], []
    for a_ids, k_ids in groups(data).values():
        u = np.stack([args[a] for a in a_ids])
        v = np.stack([kps[k] for k in k_ids])
        f = group_features(u @ v.T, np.array([n_words(data.arguments[a][0]) for a in a_ids]),
                           np.array([n_words(data.key_points[k][0]) for k in k_ids]))
        xs.append(f.reshape(-1, len(FEATURES)))
        ids += [(a, k) for a in a_ids for k in k_ids]
    return np.vstack(xs), ids


def scorer(data: ArgKP, args: Vectors, kps: Vectors) -> Callable[[Callable[[np.ndarray], np.ndarray]], dict]:
    """``score_features`` → ``{(argument, key point): score}`` over ``data``'s candidate pairs."""
    x, ids = group_pairs(data, args, kps)
    return lambda f: dict(zip(ids, map(float, f(x)), strict=True))


def labelled(data: ArgKP, args: Vectors, kps: Vectors) -> tuple[np.ndarray, np.ndarray]:
    """Features and 0/1 labels of the labelled pairs."""
    x, ids = group_pairs(data, args, kps)
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
    return Matcher(layers, mean, scale, {"kind": kind, "hidden": list(hidden) if kind == "mlp" else [],
                                         "alpha": alpha, "C": c, "seed": seed, "features": list(FEATURES)})


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
