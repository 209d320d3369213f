"""Run a transformers-based torch module on the CPU as a fused, int8 ONNX Runtime session.

On a CPU, argmap's models run fastest this way: the module is exported to ONNX once (eager
attention, the plain graph ONNX Runtime's BERT optimizer understands; it fuses GELU, embeddings
and layer norms, not attention: see :data:`UNFUSED`), its
linear layers are quantized to int8 with one scale per output channel (per-channel keeps the
stance F1 within noise of fp32, where per-tensor int8 cost points), and the result is cached
under ``$ARGMAP_CACHE`` (default ``~/.cache/argmap``) keyed by a hash of the weights, so later
runs load it in a moment. Nothing is downloaded; the export is written to a temporary file and
renamed, so an interrupted export leaves no broken model behind.

>>> cache_dir().name in {"argmap", os.environ.get("ARGMAP_CACHE", "").rstrip("/").rsplit("/", 1)[-1]}
True
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from argmap.atomic import atomic_path

#: Bump when the export recipe changes, so cached sessions are rebuilt.
RECIPE = "fused-bert-int8-per-channel-v2"
#: The recipe of a session kept in fp32 (no fusion script, no quantization): the same numbers as torch.
FP32 = "plain-fp32-v1"

#: ONNX Runtime's BERT fusions minus two: its fused (Q)Attention and SkipLayerNormalization
#: kernels ran slower on a 2-core CPU than the plain int8 MatMuls, Softmax and LayerNorm they
#: replace.
UNFUSED = ("enable_attention", "enable_skip_layer_norm", "enable_bias_skip_layer_norm")


def installed() -> bool:
    """Whether ONNX Runtime and ONNX are installed, found without importing them (fast)."""
    from importlib.util import find_spec

    return find_spec("onnx") is not None and find_spec("onnxruntime") is not None


def available() -> bool:
    """Whether ONNX Runtime and the ONNX exporter's dependencies are installed."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def cache_dir() -> Path:
    """Where exported sessions are kept: ``$ARGMAP_CACHE`` or ``~/.cache/argmap``."""
    return Path(os.environ.get("ARGMAP_CACHE") or Path.home() / ".cache" / "argmap")


def fingerprint(module: Any, input_names: tuple[str, ...], recipe: str = RECIPE) -> str:
    """SHA-256 of the module's weights, its class, the inputs and the versions that shape the export."""
    import onnxruntime
    import torch

    h = hashlib.sha256(f"{recipe}|{type(module).__qualname__}|{input_names}|{torch.__version__}|"
                       f"{onnxruntime.__version__}".encode())
    for name, tensor in module.state_dict().items():
        h.update(name.encode())
        h.update(tensor.detach().to("cpu").contiguous().numpy().tobytes())
    return h.hexdigest()[:24]


def files_key(kind: str, input_names: Sequence[str], files: Sequence[Path], recipe: str = RECIPE) -> str | None:
    """A key for a session found from the files it was built from, without building the module:
    SHA-256 of the recipe, ``kind``, the inputs, the installed torch and ONNX Runtime versions and
    the content of ``files``; ``None`` when one of them is missing (no shortcut then)."""
    from importlib import metadata

    try:
        versions = f"{metadata.version('torch')}|{metadata.version('onnxruntime')}"
    except metadata.PackageNotFoundError:
        return None
    h = hashlib.sha256(f"{recipe}|{kind}|{tuple(input_names)}|{versions}".encode())
    for f in files:
        if not f.is_file():
            return None
        stat = f.stat()
        h.update(f"{f.name}|{_file_digest(str(f.resolve()), stat.st_size, stat.st_mtime_ns)}".encode())
    return h.hexdigest()[:24]


@lru_cache(maxsize=32)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    """SHA-256 of a file, once per process for a given size and time (the base MiniLM's weights
    are part of three models' keys)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _alias(key: str) -> Path:
    return cache_dir() / "onnx" / f"{key}.alias"


def cached_session(key: str | None, input_names: Sequence[str], threads: int | None = None) -> Int8Session | None:
    """The session an earlier run exported for ``key`` (:func:`files_key`), opened without the torch
    module, or ``None`` when there is none yet (then build the module and call :func:`try_session`)."""
    if key is None or not available() or not _alias(key).is_file():
        return None
    path = _alias(key).with_name(_alias(key).read_text(encoding="utf-8").strip())
    if path.suffix != ".onnx" or not path.is_file():
        return None
    try:
        return Int8Session.open(path, tuple(input_names), threads)
    except Exception:  # noqa: BLE001 - a damaged file: the module is built and exported again
        return None


def _config(module: Any) -> Any:
    """The transformers config inside ``module`` (the module itself or its ``encoder``)."""
    return getattr(module, "config", None) or getattr(getattr(module, "encoder", None), "config", None)


def _export(module: Any, example: Mapping[str, Any], target: Path, quantize: bool = True) -> None:
    """Export, fuse and quantize ``module`` into ``target`` (atomically); ``quantize`` False: the
    plain fp32 export."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    names = tuple(example)
    transformer = getattr(module, "encoder", module)
    previous = getattr(getattr(transformer, "config", None), "_attn_implementation", None)
    if hasattr(transformer, "set_attn_implementation"):
        transformer.set_attn_implementation("eager")  # plain MatMul/Softmax ops ONNX Runtime optimizes
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw, fused, out = Path(tmp, "raw.onnx"), Path(tmp, "fused.onnx"), Path(tmp, "int8.onnx")
        axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"output": {0: "batch"}}
        with torch.inference_mode():
            torch.onnx.export(module, tuple(example.values()), str(raw), input_names=list(names),
                              output_names=["output"], dynamic_axes=axes, opset_version=17, dynamo=False)
        if previous and hasattr(transformer, "set_attn_implementation"):
            transformer.set_attn_implementation(previous)
        if not quantize:
            os.replace(raw, target)
            return
        cfg = _config(module)
        try:
            from onnxruntime.transformers import optimizer
            from onnxruntime.transformers.fusion_options import FusionOptions

            fusions = FusionOptions("bert")
            for option in UNFUSED:
                setattr(fusions, option, False)
            opt = optimizer.optimize_model(str(raw), model_type="bert", num_heads=cfg.num_attention_heads,
                                           hidden_size=cfg.hidden_size, opt_level=1,
                                           optimization_options=fusions)
            opt.save_model_to_file(str(fused))
        except Exception:  # noqa: BLE001 - not a BERT-like graph: quantize it unfused
            fused = raw
        logging.disable(logging.WARNING)  # the quantizer's advice to pre-process goes to the root logger
        try:
            quantize_dynamic(str(fused), str(out), weight_type=QuantType.QInt8, per_channel=True,
                             extra_options={"DefaultTensorType": 1})  # 1 = FLOAT, for fused ops' outputs
        finally:
            logging.disable(logging.NOTSET)
        os.replace(out, target)


class Int8Session:
    """A cached int8 ONNX Runtime session standing in for a torch module's ``forward``.

    ``module`` takes the tensors of ``example`` (batch × tokens, int64) positionally, in the
    mapping's order, and returns one tensor; calling the session with a mapping of numpy arrays
    under the same names returns that tensor as numpy. ``threads``: ONNX Runtime's intra-op threads
    (default: torch's thread count); the results do not depend on it. Several threads may call one
    session at once (corpus workers run it with one thread each: on the 2-core CPU one intra-op
    thread spent 15-20 % fewer CPU seconds per pass than two).
    """

    def __init__(self, module: Any, example: Mapping[str, Any], threads: int | None = None,
                 quantize: bool = True):
        self.input_names = tuple(example)
        recipe = RECIPE if quantize else FP32
        self.path = cache_dir() / "onnx" / f"{fingerprint(module, self.input_names, recipe)}.onnx"
        if not self.path.is_file():
            _export(module.eval(), example, self.path, quantize)
        self._open(threads)

    @classmethod
    def open(cls, path: Path, input_names: tuple[str, ...], threads: int | None = None) -> Int8Session:
        """The session of an exported file, without its torch module."""
        session = cls.__new__(cls)
        session.input_names, session.path = input_names, path
        session._open(threads)
        return session

    def _open(self, threads: int | None) -> None:
        import sys

        import onnxruntime as ort

        opts = ort.SessionOptions()
        torch = sys.modules.get("torch")  # not imported when the session opens from the cache
        opts.intra_op_num_threads = threads or (torch.get_num_threads() if torch is not None else 0)
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"])

    def __call__(self, feeds: Mapping[str, np.ndarray]) -> np.ndarray:
        return self.session.run(None, {k: np.asarray(feeds[k], dtype=np.int64) for k in self.input_names})[0]


def try_session(module: Any, example: Mapping[str, Any], threads: int | None = None,
                key: str | None = None, quantize: bool = True) -> Int8Session | None:
    """An :class:`Int8Session` for ``module`` (``threads``: ONNX Runtime's intra-op threads, default
    torch's), or ``None`` (with a warning) when onnxruntime is missing or the export fails (an
    exotic ``--model``, a read-only cache): callers then run torch. ``quantize`` False: a plain fp32
    session; ``key``: recorded so later runs find the session from the files (:func:`cached_session`)."""
    if not available():
        warnings.warn("onnxruntime is not installed: models run in torch fp32", stacklevel=2)
        return None
    try:
        session = Int8Session(module, example, threads, quantize)
        if key is not None:  # later runs find it from the files, without building the module
            with atomic_path(_alias(key)) as tmp:
                tmp.write_text(session.path.name, encoding="utf-8")
        return session
    except Exception as exc:  # noqa: BLE001 - any export failure leaves the torch path working
        warnings.warn(f"int8 ONNX export failed, running torch fp32 instead: {exc}", stacklevel=2)
        return None
