"""Domain-adaptive contrastive training of the offline MiniLM on (parent, reply) pairs of forum threads.

``argmap lab adapt-encoder --objective contrastive -o DIR`` keeps MiniLM a sentence encoder (mean
pooling + L2 normalisation, as :mod:`argmap.nlp.encoder` uses it) and trains it with a symmetric
InfoNCE loss with in-batch negatives: a reply should be nearer to its own parent than to the other
parents of the batch, and the other way round. The pairs are (parent, reply) of the r/AmItheAsshole
threads in ``../shared/data`` (the opening post is the parent of a top-level comment) and,
optionally, (paragraph, next paragraph) of their multi-paragraph comments. The first 100 threads in
numeric order are left out (``train-structure`` and ``eval-structure --split aita`` read them); no
DEBAGREEMENT, RumourEval or other text a figure is reported on is used. Pairs of a few whole threads
are held out and their loss and in-batch retrieval accuracy (fixed batches) logged at the start and
the end. Word embeddings stay frozen, as in the masked-LM objective. The encoder is saved as a plain
MiniLM folder, read by ``argmap lab eval-topics --model DIR`` and ``train-stance --encoder DIR``.
"""

from __future__ import annotations

import json
import logging
import random
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from argmap.lab.encoder_adapt import AdaptConfig, Run, _batch, _clean, base_encoder, linear_warmup_decay, save_encoder

log = logging.getLogger(__name__)

#: AITA threads (in numeric file order) that the structure models train and are scored on.
AITA_SKIP = 100


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (split at blank lines) that are long enough to be a training text.

    >>> paragraphs("First point, stated at length.\\n\\nok\\n\\n  Second point, also long enough. ")
    ['First point, stated at length.', 'Second point, also long enough.']
    """
    return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", text or "")) if p]


def thread_pairs(thread: dict[str, Any], with_paragraphs: bool = True) -> list[tuple[str, str]]:
    """(parent, reply) pairs of one AITA thread (``post content`` is the parent of the top-level
    comments; deleted or very short texts are skipped), then (paragraph, next paragraph) pairs of
    its comments with more than one paragraph when ``with_paragraphs``.

    >>> t = {"post content": "AITA for eating the last slice?", "comments": [
    ...     {"content": "NTA, it was your pizza.", "comments": [{"content": "[deleted]"}]},
    ...     {"content": "YTA, you should have asked first.\\n\\nAlso, share next time please.",
    ...      "comments": [{"content": "Asking is not required here."}]}]}
    >>> [(a[:9], b[:9]) for a, b in thread_pairs(t)]  # doctest: +NORMALIZE_WHITESPACE
    [('AITA for ', 'NTA, it w'), ('AITA for ', 'YTA, you '), ('YTA, you ', 'Asking is'),
     ('YTA, you ', 'Also, sha')]
    """
    replies: list[tuple[str, str]] = []
    paras: list[tuple[str, str]] = []

    def walk(parent: str, nodes: list[dict]) -> None:
        for n in nodes:
            text = _clean(n.get("content", ""))
            if text and parent:
                replies.append((parent, text))
            if text and with_paragraphs:
                ps = paragraphs(text)
                paras.extend(zip(ps, ps[1:], strict=False))
            walk(text, n.get("comments", []))

    walk(_clean(thread.get("post content", "")), thread.get("comments", []))
    return replies + paras


def aita_pairs(data: Path, with_paragraphs: bool = True) -> list[list[tuple[str, str]]]:
    """:func:`thread_pairs` of every AITA thread after the first :data:`AITA_SKIP`, one list per thread."""
    files = sorted((data / "aita-threads").glob("post_thread_*.json"),
                   key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    return [thread_pairs(json.loads(f.read_text(encoding="utf-8")), with_paragraphs) for f in files[AITA_SKIP:]]


def split_threads(threads: list[list[tuple[str, str]]], k: int, seed: int
                  ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(trained on, held out): whole threads are held out at random until they hold ``10 * k`` pairs,
    and ``k`` of their pairs drawn at random are returned (so that they come from many threads).

    >>> train, held = split_threads([[("a", "b")] * 3, [("c", "d")] * 2, [("e", "f")] * 40], 2, 0)
    >>> len(held), set(held).isdisjoint(train)
    (2, True)
    """
    order = list(range(len(threads)))
    rng = random.Random(seed)
    rng.shuffle(order)
    held: list[tuple[str, str]] = []
    train: list[tuple[str, str]] = []
    for i in order:
        (held if len(held) < 10 * k else train).extend(threads[i])
    return train, rng.sample(held, min(k, len(held)))


def unique_batches(pairs: list[tuple[str, str]], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches in which no text occurs twice (a second reply to the same parent would be a
    false negative); a pair that clashes goes first into the next batch.

    >>> pairs = [("p", "a"), ("p", "b"), ("q", "c"), ("r", "d")]
    >>> bs = unique_batches(pairs, 2, 0)
    >>> sorted(i for b in bs for i in b), all(len({pairs[i][0] for i in b}) == len(b) for b in bs)
    ([0, 1, 2, 3], True)
    """
    from collections import deque

    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    pending = deque(order)
    batches: list[list[int]] = []
    while pending:
        batch: list[int] = []
        texts: set[str] = set()
        clashed: list[int] = []
        while pending and len(batch) < batch_size:
            i = pending.popleft()
            a, b = pairs[i]
            if a in texts or b in texts:
                clashed.append(i)
                continue
            batch.append(i)
            texts.update((a, b))
        batches.append(batch)
        pending.extendleft(reversed(clashed))
    return batches


def info_nce(a: Any, b: Any, temperature: float = 0.05) -> Any:
    """Symmetric InfoNCE of L2-normalised embeddings ``a`` and ``b`` (row i of each is a pair), the
    other rows of the batch serving as negatives: the mean of the cross-entropies a→b and b→a.

    >>> import torch
    >>> x = torch.nn.functional.normalize(torch.eye(3), dim=-1)
    >>> bool(info_nce(x, x) < info_nce(x, x.roll(1, 0)))
    True
    """
    import torch

    logits = a @ b.T / temperature
    target = torch.arange(len(a), device=logits.device)
    return (torch.nn.functional.cross_entropy(logits, target) + torch.nn.functional.cross_entropy(logits.T, target)) / 2


def _embed(model: Any, items: list[list[int]], idx: list[int], pad: int) -> Any:
    import torch

    from argmap.nlp.encoder import mean_pool

    ids, am = _batch(items, idx, pad)
    return torch.nn.functional.normalize(mean_pool(model(input_ids=ids, attention_mask=am).last_hidden_state, am),
                                         dim=-1)


def heldout_scores(model: Any, left: list[list[int]], right: list[list[int]], batches: list[list[int]], pad: int,
                   cfg: AdaptConfig) -> dict[str, float]:
    """Mean InfoNCE loss and in-batch retrieval accuracy (reply → its parent, among the batch's) on the
    held-out pairs, in the same ``batches`` (of :func:`unique_batches`) on every call."""
    import torch

    if not left:
        return {"loss": float("nan"), "accuracy": float("nan")}
    was_training = model.training
    model.eval()
    losses, hits = [], 0
    with torch.no_grad():
        for idx in batches:
            a, b = _embed(model, left, idx, pad), _embed(model, right, idx, pad)
            losses.append(float(info_nce(a, b, cfg.temperature)) * len(idx))
            hits += int(((b @ a.T).argmax(1) == torch.arange(len(idx))).sum())
    model.train(was_training)
    return {"loss": round(sum(losses) / len(left), 4), "accuracy": round(hits / len(left), 4)}


def adapt_contrastive(data: Path, out: Path, cfg: AdaptConfig, progress: bool = True) -> dict:
    """Contrastive training of MiniLM on :func:`aita_pairs`; saves the encoder into ``out``."""
    import torch
    from transformers import AutoModel

    from argmap.lab.stance_train import update

    tok, model = base_encoder(AutoModel, cfg)
    threads = aita_pairs(data, cfg.paragraphs)
    train, held = split_threads(threads, cfg.heldout, cfg.seed)
    log.info("pairs: %d trained on, %d held out (%d threads)", len(train), len(held), len(threads))

    def encode(texts: list[str]) -> list[list[int]]:
        return [tok(t, truncation=True, max_length=cfg.max_length)["input_ids"] for t in texts]

    held_l, held_r = encode([a for a, _ in held]), encode([b for _, b in held])
    held_b = unique_batches(held, cfg.batch_size, cfg.seed)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.01)
    heldout = [{"step": 0, **heldout_scores(model, held_l, held_r, held_b, tok.pad_token_id, cfg)}]
    log.info("held-out contrastive loss at step 0: %s over %d pairs", heldout[0], len(held))
    run = Run(cfg.steps, cfg.minutes, every=25, progress=progress)  # the budget is for training
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda _: linear_warmup_decay(run.done()))
    model.train()
    epoch = 0
    while run.done() < 1:
        for idx in unique_batches(train, cfg.batch_size, cfg.seed + epoch):
            if run.done() >= 1:
                break
            if len(idx) < 2:
                continue
            left, right = encode([train[i][0] for i in idx]), encode([train[i][1] for i in idx])
            every = list(range(len(idx)))
            loss = info_nce(_embed(model, left, every, tok.pad_token_id), _embed(model, right, every, tok.pad_token_id),
                            cfg.temperature)
            run.tick(update(loss, params, opt, sched), len(idx))
        epoch += 1
    seconds = run.seconds()
    heldout.append({"step": run.step, **heldout_scores(model, held_l, held_r, held_b, tok.pad_token_id, cfg)})
    log.info("held-out contrastive loss at step %d (end): %s", run.step, heldout[-1])
    return save_encoder(model, tok, out, {
        "config": asdict(cfg), "objective": "contrastive", "threads": len(threads), "pairs": len(train),
        "held_out": len(held), "steps": run.step, "pairs_seen": run.seen, "heldout": heldout,
        "history": run.history, "seconds": seconds})
