"""ArgKP (IBM Debater, Key Point Analysis shared task 2021) from ``../shared/data/argkp``.

Train has 24 topics, dev 4: train and choose on train only (a held-out part of its topics),
report on dev. Embeddings of the texts can be cached on disk (``--cache DIR``) while experimenting.

>>> split_topics(["a", "b", "c", "d", "e"], 0.4)
(['a', 'b', 'c'], ['d', 'e'])
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

NEEDS = "argkp/arguments_train.csv"


@dataclass
class ArgKP:
    """One split: arguments and key points (id → text, topic, stance) and the labelled pairs."""

    arguments: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    key_points: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    labels: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def topics(self) -> list[str]:
        return sorted({t for _, t, _ in self.arguments.values()})

    def subset(self, topics: Sequence[str]) -> ArgKP:
        """The arguments, key points and labels of ``topics`` only."""
        keep = set(topics)
        args = {k: v for k, v in self.arguments.items() if v[1] in keep}
        kps = {k: v for k, v in self.key_points.items() if v[1] in keep}
        return ArgKP(args, kps, {p: y for p, y in self.labels.items() if p[0] in args and p[1] in kps})

    def merged(self, other: ArgKP) -> ArgKP:
        """This split and ``other`` together (train + dev for leave-topics-out CV; ids do not clash)."""
        return ArgKP({**self.arguments, **other.arguments}, {**self.key_points, **other.key_points},
                     {**self.labels, **other.labels})

    def candidates(self) -> list[tuple[str, str]]:
        """Every (argument, key point) pair of the same topic and stance: what the protocol scores."""
        by_group: dict[tuple[str, int], list[str]] = {}
        for k, (_, topic, stance) in self.key_points.items():
            by_group.setdefault((topic, stance), []).append(k)
        return [(a, k) for a, (_, topic, stance) in self.arguments.items()
                for k in by_group.get((topic, stance), [])]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_split(data: Path, split: str) -> ArgKP:
    """ArgKP ``train`` or ``dev`` from the shared data folder ``data``."""
    root = data / "argkp"
    out = ArgKP()
    for r in _rows(root / f"arguments_{split}.csv"):
        out.arguments[r["arg_id"]] = (r["argument"], r["topic"], int(r["stance"]))
    for r in _rows(root / f"key_points_{split}.csv"):
        out.key_points[r["key_point_id"]] = (r["key_point"], r["topic"], int(r["stance"]))
    for r in _rows(root / f"labels_{split}.csv"):
        out.labels[(r["arg_id"], r["key_point_id"])] = int(r["label"])
    return out


def split_topics(topics: Sequence[str], held_out: float = 0.25) -> tuple[list[str], list[str]]:
    """Sorted topics → (fit, held out): the last ``held_out`` share is held out (whole topics,
    so no topic leaks between the parts)."""
    ts = sorted(topics)
    n = max(1, round(len(ts) * held_out))
    return ts[:-n], ts[-n:]


def cached_embed(texts: Sequence[str], embed, cache: Path | None, tag: str = "") -> np.ndarray:  # noqa: ANN001
    """``embed(texts)``, kept as ``cache/<sha>.npy`` when ``cache`` is a folder (experiments only)."""
    if cache is None:
        return embed(list(texts))
    digest = hashlib.sha256(("\x00".join(texts) + "|" + tag).encode()).hexdigest()[:24]
    path = Path(cache) / f"{digest}.npy"
    if path.is_file():
        return np.load(path)
    vecs = embed(list(texts))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs
