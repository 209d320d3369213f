"""Domain-adaptive pre-training of the offline MiniLM: masked-LM on unlabelled forum text.

``argmap lab adapt-encoder -o DIR`` continues MiniLM's training as a masked language model on the
text of the training sets in ``../shared/data`` (AITA comments, DEBAGREEMENT and SubReddit-agreement
bodies of training submissions, RumourEval train posts, Perspectrum and ArgKP train text), never on
the text of a split that any figure is reported on. The sentence-transformers checkpoint has no LM
head, so a fresh one is trained, tied to the (frozen) word embeddings; its transform is trained
alone for the first ``head_steps`` steps so that its random start does not disturb the encoder. The
adapted encoder is saved as a plain MiniLM folder that ``argmap lab train-stance --encoder DIR``
starts from. Logits are computed only at masked positions (the vocabulary projection would
otherwise cost as much as the encoder on a CPU). A few hundred of the training texts are held out
and their masked-LM loss (the same masks each time) is logged before training, when the head has
finished its steps alone (the base encoder under a fitted head) and at the end.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argmap.lab.stance_data import (
    _csv_rows,
    load_argkp,
    load_debagreement,
    load_perspectrum,
    load_rumoureval,
    load_subreddit_agreement,
    split_of,
)

log = logging.getLogger(__name__)


@dataclass
class AdaptConfig:
    """Hyper-parameters of ``argmap lab adapt-encoder``."""

    seed: int = 13  # also the stance split seed: texts of its tune / val submissions are left out
    steps: int = 1500  # optimiser steps the schedule spans
    minutes: float = 0.0  # wall-time budget: the run (and its LR schedule) ends at whichever comes first
    batch_size: int = 32
    max_length: int = 128
    lr: float = 5e-5
    mask_share: float = 0.15
    head_steps: int = 100  # steps that train only the fresh LM head
    aita: int = 40000  # AITA comments sampled (the rest of the texts are all used)
    threads: int = 0  # torch threads; 0 = leave torch's default
    heldout: int = 256  # training-split texts (pairs) kept out of training to measure the loss on
    objective: str = "mlm"  # or "contrastive": InfoNCE on (parent, reply) pairs (argmap.lab.encoder_contrast)
    temperature: float = 0.05  # contrastive only
    paragraphs: bool = True  # contrastive only: (paragraph, next paragraph) pairs too


def _clean(text: str) -> str:
    t = (text or "").strip()
    return "" if t in {"[deleted]", "[removed]"} or len(t) < 20 else t


def forum_texts(data: Path, seed: int = 13, aita: int = 40000) -> dict[str, list[str]]:
    """Unlabelled texts by source, from training splits only (see the module docstring)."""
    out: dict[str, list[str]] = {}
    deb = [p for p in load_debagreement(data) if split_of(p.group, seed) == "train"]
    out["debagreement"] = sorted({t for p in deb for t in (p.parent, p.reply, p.context)})
    sub = load_subreddit_agreement(data)
    out["subreddit-agreement"] = sorted({t for p in sub for t in (p.parent, p.reply)})
    out["rumoureval"] = sorted({t for p in load_rumoureval(data, "train") for t in (p.parent, p.reply)})
    out["perspectrum"] = sorted({t for p in load_perspectrum(data, 10**9) for t in (p.parent, p.reply)})
    out["argkp"] = sorted({r["argument"] for r in _csv_rows(data / "argkp" / "arguments_train.csv")}
                          | {p.parent for p in load_argkp(data, 10**9)})
    comments: list[str] = []

    def walk(nodes: list[dict]) -> None:
        for n in nodes:
            comments.append(n.get("content", ""))
            walk(n.get("comments", []))

    for f in sorted((data / "aita-threads").glob("post_thread_*.json")):
        d = json.loads(f.read_text())
        comments.append(d.get("post content", ""))
        walk(d.get("comments", []))
    comments = sorted({c for c in comments if _clean(c)})
    random.Random(seed).shuffle(comments)
    out["aita"] = comments[:aita]
    return {k: [t for t in v if _clean(t)] for k, v in out.items()}


def linear_warmup_decay(done: float, warmup: float = 0.06) -> float:
    """Learning-rate factor at ``done`` (0..1) of a run: linear warm-up over ``warmup``, then linear decay.

    >>> [round(linear_warmup_decay(x), 2) for x in (0.0, 0.03, 0.06, 0.53, 1.0)]
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """
    if done < warmup:
        return done / warmup
    return max(0.0, (1 - done) / (1 - warmup))


class Run:
    """Where an adaptation run is: optimiser steps taken, texts seen, the loss history, and how much
    of its budget is behind it (``steps``, or ``minutes`` of wall time when those run out first;
    the LR schedule follows :meth:`done`).

    >>> r = Run(steps=4, every=2)
    >>> r.tick(1.0, 8); r.tick(3.0, 8); (r.step, r.seen, r.done(), r.history[0]["loss"])
    (2, 16, 0.5, 2.0)
    """

    def __init__(self, steps: int, minutes: float = 0.0, every: int = 100, progress: bool = False) -> None:
        self.steps, self.minutes, self.every = steps, minutes, every
        self.step = self.seen = 0
        self.losses: list[float] = []
        self.history: list[dict] = []
        self.t0 = time.time()
        self.bar = None
        if progress:
            from tqdm import tqdm

            self.bar = tqdm(total=steps, desc="adapt", unit="step", mininterval=10)

    def done(self) -> float:
        """The share of the budget behind the run (1 or more: stop)."""
        return max(self.step / self.steps, (time.time() - self.t0) / (self.minutes * 60) if self.minutes else 0.0)

    def seconds(self) -> int:
        return round(time.time() - self.t0)

    def tick(self, loss: float, batch: int) -> None:
        """One optimiser step on ``batch`` texts (pairs) with training ``loss``; every ``every`` steps
        the mean loss goes to the history and the log."""
        self.step += 1
        self.seen += batch
        self.losses.append(loss)
        if self.bar is not None:
            self.bar.update(1)
        if self.step % self.every == 0:
            self.history.append({"step": self.step, "loss": round(sum(self.losses[-self.every:]) / self.every, 4),
                                 "seconds": self.seconds()})
            log.info("step %d: mean loss %.4f (%ds)", self.step, self.history[-1]["loss"], self.seconds())


def base_encoder(model_class: Any, cfg: AdaptConfig) -> tuple[Any, Any]:
    """Seed torch (and its threads) from ``cfg``, then load the offline MiniLM's tokenizer and the
    MiniLM as ``model_class`` (e.g. ``transformers.AutoModel``), with word embeddings frozen."""
    from transformers import AutoTokenizer

    from argmap.lab.stance_train import seed_all
    from argmap.nlp.encoder import default_model_path, quiet_transformers

    seed_all(cfg.seed, cfg.threads)
    base = str(default_model_path())
    quiet_transformers()
    tok = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = model_class.from_pretrained(base, local_files_only=True)
    for name, p in model.named_parameters():
        p.requires_grad_(".embeddings." not in f".{name}")
    return tok, model


def save_encoder(model: Any, tok: Any, out: Path, result: dict) -> dict:
    """Write the adapted encoder (a plain MiniLM folder) and ``adapt_log.json`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    (out / "adapt_log.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def mask_tokens(ids, special, mask_id: int, vocab: int, share: float, gen):  # noqa: ANN001, ANN201
    """BERT masking of a batch of token ids (``special``: True where a token must stay): ``share`` of
    the other tokens are picked, 80 % become ``mask_id``, 10 % a random token, 10 % stay. Returns
    ``(inputs, picked)``, ``picked`` a boolean tensor of the positions to predict.

    >>> import torch
    >>> g = torch.Generator().manual_seed(0)
    >>> ids = torch.arange(10, 30).reshape(2, 10)
    >>> special = torch.zeros_like(ids, dtype=torch.bool); special[:, 0] = True
    >>> x, picked = mask_tokens(ids, special, 1, 100, 0.5, g)
    >>> bool(picked[:, 0].any()), bool(picked.any()), bool((x[~picked] == ids[~picked]).all())
    (False, True, True)
    """
    import torch

    prob = torch.full(ids.shape, share)
    prob[special] = 0.0
    picked = torch.bernoulli(prob, generator=gen).bool()
    if not picked.any():  # always predict at least one token
        free = (~special).nonzero()
        picked[tuple(free[0])] = True
    x = ids.clone()
    r = torch.rand(ids.shape, generator=gen)
    x[picked & (r < 0.8)] = mask_id
    rand = picked & (r >= 0.8) & (r < 0.9)
    x[rand] = torch.randint(vocab, ids.shape, generator=gen)[rand]
    return x, picked


def heldout_split(n: int, k: int, seed: int) -> tuple[list[int], list[int]]:
    """Indices of ``n`` texts split into (trained on, held out): ``k`` held out at random (at most half).

    >>> train, held = heldout_split(10, 3, 0)
    >>> len(train), len(held), sorted(train + held) == list(range(10))
    (7, 3, True)
    """
    order = list(range(n))
    random.Random(seed).shuffle(order)
    k = min(k, n // 2)
    return sorted(order[k:]), sorted(order[:k])


def _batch(items: list[list[int]], idx: list[int], pad: int):  # noqa: ANN202
    import torch

    n = max(len(items[i]) for i in idx)
    ids = torch.full((len(idx), n), pad)
    am = torch.zeros((len(idx), n), dtype=torch.long)
    for j, i in enumerate(idx):
        ids[j, : len(items[i])] = torch.tensor(items[i])
        am[j, : len(items[i])] = 1
    return ids, am


def heldout_loss(model, items: list[list[int]], tok, special_ids, cfg: AdaptConfig) -> float:  # noqa: ANN001
    """Mean masked-LM loss per masked token on ``items``, with the same masks on every call."""
    import torch

    if not items:
        return float("nan")
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for s in range(0, len(items), cfg.batch_size):
            ids, am = _batch(items, list(range(s, min(s + cfg.batch_size, len(items)))), tok.pad_token_id)
            x, picked = mask_tokens(ids, torch.isin(ids, special_ids), tok.mask_token_id, tok.vocab_size,
                                    cfg.mask_share, gen)
            logits = model.cls(model.bert(input_ids=x, attention_mask=am).last_hidden_state[picked])
            total += float(torch.nn.functional.cross_entropy(logits, ids[picked], reduction="sum"))
            count += int(picked.sum())
    model.train(was_training)
    return round(total / count, 4)


def adapt(data: Path, out: Path, cfg: AdaptConfig, progress: bool = True) -> dict:
    """Masked-LM training of MiniLM on :func:`forum_texts`; saves the encoder into ``out``."""
    import torch
    from transformers import BertForMaskedLM

    from argmap.lab.stance_train import bucketed_batches, update

    tok, model = base_encoder(BertForMaskedLM, cfg)
    model.tie_weights()
    texts = forum_texts(data, cfg.seed, cfg.aita)
    counts = {k: len(v) for k, v in texts.items()}
    log.info("texts: %s", counts)
    every = [tok(t, truncation=True, max_length=cfg.max_length)["input_ids"] for v in texts.values() for t in v]
    keep, held = heldout_split(len(every), cfg.heldout, cfg.seed)
    items, held_items = [every[i] for i in keep], [every[i] for i in held]
    head = {id(p) for n, p in model.named_parameters() if n.startswith("cls.") and p.requires_grad}
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.01)
    run = Run(cfg.steps, cfg.minutes, every=100, progress=progress)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda _: linear_warmup_decay(run.done()))
    gen = torch.Generator().manual_seed(cfg.seed)
    special_ids = torch.tensor(sorted(set(tok.all_special_ids)))
    heldout = [{"step": 0, "loss": heldout_loss(model, held_items, tok, special_ids, cfg)}]
    log.info("held-out masked-LM loss at step 0 (fresh head): %.4f over %d texts", heldout[0]["loss"],
             len(held_items))
    model.train()
    epoch = 0
    while run.done() < 1:
        for idx in bucketed_batches([len(i) for i in items], cfg.batch_size, cfg.seed + epoch):
            if run.done() >= 1:
                break
            ids, am = _batch(items, idx, tok.pad_token_id)
            x, picked = mask_tokens(ids, torch.isin(ids, special_ids), tok.mask_token_id, tok.vocab_size,
                                    cfg.mask_share, gen)
            for p in params:  # the fresh head learns alone first
                p.requires_grad_(run.step >= cfg.head_steps or id(p) in head)
            h = model.bert(input_ids=x, attention_mask=am).last_hidden_state
            logits = model.cls(h[picked])
            run.tick(update(torch.nn.functional.cross_entropy(logits, ids[picked]), params, opt, sched), len(idx))
            if run.step == cfg.head_steps:
                heldout.append({"step": run.step, "loss": heldout_loss(model, held_items, tok, special_ids, cfg)})
                log.info("held-out masked-LM loss at step %d (base encoder, fitted head): %.4f", run.step,
                         heldout[-1]["loss"])
        epoch += 1
    if heldout[-1]["step"] != run.step:
        heldout.append({"step": run.step, "loss": heldout_loss(model, held_items, tok, special_ids, cfg)})
        log.info("held-out masked-LM loss at step %d (end): %.4f", run.step, heldout[-1]["loss"])
    return save_encoder(model.bert, tok, out, {
        "config": asdict(cfg), "texts": counts, "trained_on": len(items), "held_out": len(held_items),
        "steps": run.step, "texts_seen": run.seen, "heldout_loss": heldout, "history": run.history,
        "seconds": run.seconds()})
