"""The cache of an output folder: each mapped thread under ``OUT/.cache/<key>``, keyed by its input's
content and the run's settings (:func:`settings_key`), so a rerun maps only what changed.

>>> import tempfile, pathlib
>>> cache = Cache(pathlib.Path(tempfile.mkdtemp()))
>>> "0" * 64 in cache, cache.path("abc").name
(False, 'abc.json')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap import __version__
from argmap.atomic import atomic_path

if TYPE_CHECKING:
    import networkx as nx

    from argmap.models import Models
    from argmap.pipeline import Mapped

CACHE = ".cache"


def settings_key(fmt: str | None, models: Models) -> str:
    """What, besides the input, decides a thread's graph (part of every cache key): the settings and
    each model's own fingerprint (:meth:`argmap.models.Models.fingerprints`)."""
    from argmap.nlp import onnx_int8
    from argmap.nlp.encoder import Encoder, resolve_device

    device = resolve_device(models.device)  # the CPU runs int8 ONNX Runtime, a GPU torch
    fingerprints = models.fingerprints()
    return json.dumps({"argmap": __version__, "format": fmt, "model": models.model,
                       "stance_model": models.stance_model, "stance_weights": fingerprints["stance"],
                       "topics": list(models.topics or []), "device": device, "claims": fingerprints["claims"],
                       "min_relation_score": models.min_relation_score, "keypoints": fingerprints["keypoints"],
                       "encoder_tokens": Encoder.MAX_LENGTH, "batches": "one thread each",
                       "int8": onnx_int8.RECIPE if device == "cpu" and onnx_int8.installed() else ""},
                      sort_keys=True)


class Cache:
    """Thread graphs as node-link JSON under ``OUT/.cache/<key>.json``, each written atomically."""

    def __init__(self, out: Path):
        self.root = out / CACHE

    def path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()

    def vectors_path(self, key: str) -> Path:
        return self.root / f"{key}.vectors.npz"

    def put(self, key: str, mapped: Mapped) -> None:
        """Cache a mapped thread's graph, and beside it its point-claim vectors, if any (written first:
        a graph in the cache always has its vectors there)."""
        from argmap.exporters.nodelink import write_nodelink
        from argmap.nlp.corpus_keypoints import vectors_bytes

        if mapped.point_vectors is not None:
            with atomic_path(self.vectors_path(key)) as tmp:
                tmp.write_bytes(vectors_bytes(mapped.point_vectors))
        write_nodelink(mapped.graph, self.path(key))

    def vectors(self, key: str) -> tuple[list[str], Any] | None:
        """The point-claim vectors cached with a graph, or None (mapped without key points)."""
        from argmap.nlp.corpus_keypoints import vectors_from_bytes

        path = self.vectors_path(key)
        return vectors_from_bytes(path.read_bytes()) if path.is_file() else None

    def get(self, key: str) -> nx.MultiDiGraph:
        from argmap.exporters.nodelink import read_nodelink

        return read_nodelink(self.path(key))
