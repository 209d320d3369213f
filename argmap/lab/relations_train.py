"""Train the relation model (:mod:`argmap.nlp.claim_relations`) and the argument model
(:mod:`argmap.nlp.arguing`) over frozen MiniLM unit vectors.

Recipe: embed every text once (int8 ONNX, as at run time, :data:`MAX_TOKENS` tokens; cached on
disk), fit a two-layer network on the pooled pair sets (:mod:`argmap.lab.relations_data`) with
each domain's share of the loss set by ``weights``, fit a temperature on CMV-modes valid's
candidate pairs (calibration), then choose each scope's link threshold on CMV-modes valid: across
a reply, the lowest that keeps precision ≥ ``precision``; inside a comment, the best F1. The
argument model is a logistic regression whose threshold keeps recall of CMV-modes valid units ≥
``recall``.

>>> round(expected_calibration_error(np.array([[0.2, 0.8], [0.9, 0.1]]), np.array([1, 0])), 3)
0.15
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from argmap.nlp.claim_relations import LABELS, MAX_TOKENS


def vectors_for(texts: Sequence[str], encoder, cache: Path | None = None) -> np.ndarray:  # noqa: ANN001
    """Embeddings of ``texts`` (each distinct text once), remembered in ``cache`` (a folder)."""
    distinct = list(dict.fromkeys(texts))
    key = hashlib.sha256("\x00".join(distinct).encode()).hexdigest()[:20]
    path = cache / f"vectors-{key}.npy" if cache else None
    if path is not None and path.exists():
        table = np.load(path)
    else:
        table = encoder.embed(distinct, batch_size=64, max_length=MAX_TOKENS)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, table)
    row = {t: i for i, t in enumerate(distinct)}
    return table[[row[t] for t in texts]]


def domain_weights(domains: Sequence[str], shares: dict[str, float]) -> np.ndarray:
    """Per-row loss weights giving each domain ``shares[domain]`` of the total (mean weight 1).

    >>> domain_weights(["a", "a", "b"], {"a": 0.5, "b": 0.5}).tolist()
    [0.75, 0.75, 1.5]
    """
    domains = np.asarray(domains)
    w = np.zeros(len(domains), np.float32)
    total = sum(shares.get(d, 0.0) for d in set(domains.tolist()))
    for d in set(domains.tolist()):
        mask = domains == d
        w[mask] = shares.get(d, 0.0) / total * len(domains) / mask.sum()
    return w


def fit_network(x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int, hidden: int = 256, epochs: int = 12,
                lr: float = 1e-3, weight_decay: float = 1e-4, dropout: float = 0.0, n_out: int = len(LABELS)
                ) -> dict[str, np.ndarray]:
    """A ReLU network ``x → hidden → n_out`` fitted with weighted cross-entropy (AdamW, batches of
    256); its weights as ``hidden.weight`` / ``hidden.bias`` / ``out.weight`` / ``out.bias``."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = torch.nn.Sequential(torch.nn.Dropout(dropout), torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(),
                              torch.nn.Dropout(dropout), torch.nn.Linear(hidden, n_out))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=weight_decay)
    xt, yt, wt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)
    steps = epochs * ((len(x) + 255) // 256)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    net.train()
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(len(x)))
        for i in range(0, len(x), 256):
            idx = order[i:i + 256]
            loss = (torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx], reduction="none") * wt[idx]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return {"hidden.weight": net[1].weight.detach().numpy().copy(), "hidden.bias": net[1].bias.detach().numpy().copy(),
            "out.weight": net[4].weight.detach().numpy().copy(), "out.bias": net[4].bias.detach().numpy().copy()}


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature (0.25–8) minimising the negative log-likelihood of ``y`` (grid search)."""
    best, best_t = np.inf, 1.0
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 60)):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        nll = -(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-label confidence: the mean |accuracy − confidence| over equal-width bins,
    weighted by their share of rows."""
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    err = 0.0
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > a) & (conf <= b)
        if m.any():
            err += m.mean() * abs((pred[m] == y[m]).mean() - conf[m].mean())
    return float(err)


def precision_threshold(scores: Sequence[float], right: Sequence[bool], precision: float,
                        grid: Sequence[float] = tuple(np.round(np.arange(0.2, 0.96, 0.05), 2)),
                        min_links: int = 5) -> float:
    """The lowest threshold of ``grid`` whose kept links (score ≥ it) are right at least
    ``precision`` of the time; when none is, the one whose links (at least ``min_links``) are right
    most often (the lowest such).

    >>> precision_threshold([0.9, 0.8, 0.6, 0.5], [True, True, False, True], 0.7, (0.5, 0.7, 0.9), 1)
    0.5
    >>> precision_threshold([0.9, 0.8, 0.6, 0.5], [False, True, False, True], 0.9, (0.5, 0.7, 0.9), 1)
    0.5
    """
    s, r = np.asarray(scores), np.asarray(right)
    best, best_t = -1.0, float(grid[-1])
    for t in grid:
        kept = s >= t
        if kept.sum() < max(min_links, 1):
            continue
        if r[kept].mean() >= precision:
            return float(t)
        if r[kept].mean() > best:
            best, best_t = float(r[kept].mean()), float(t)
    return best_t


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float = 1.0) -> tuple[np.ndarray, float]:
    """A weighted logistic regression's weights and bias."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=c, max_iter=2000).fit(x, y, sample_weight=w)
    return m.coef_[0].astype(np.float32), float(m.intercept_[0])


def recall_threshold(p: np.ndarray, y: np.ndarray, recall: float) -> float:
    """The highest threshold (0.05 steps) keeping at least ``recall`` of the positives.

    >>> recall_threshold(np.array([0.9, 0.6, 0.2]), np.array([1, 1, 0]), 0.9)
    0.6
    """
    for t in np.round(np.arange(0.95, 0.0, -0.05), 2):
        if (p[y == 1] >= t).mean() >= recall:
            return float(t)
    return 0.05
