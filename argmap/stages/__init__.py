"""The analysis stages: one module each, all of one shape, run in order by :mod:`argmap.pipeline`.

A stage is a module exposing

* ``NAME``: a short name (``"stance"``);
* ``MODELS``: the :class:`~argmap.models.Models` attributes it may load (``("stance",)``), so a
  reader of the code (or a cache fingerprint) sees what its results depend on;
* ``transform(threads, context) -> None``: it reads the typed fields that earlier stages wrote on
  each :class:`~argmap.model.Thread` (its comments, claims) and writes its own typed fields there,
  never ``meta`` keys. It handles every thread of a batch in one call, so its model calls can be
  batched, but each model batch holds one thread's texts: a thread's results do not depend on
  the threads mapped with it.

:data:`argmap.pipeline.STAGES` lists them in order; ``docs/architecture.md`` says what each reads
and writes, and how to add one.

>>> from argmap.pipeline import STAGES
>>> [s.NAME for s in STAGES]
['segment', 'embed', 'stance', 'topics', 'sources', 'claims', 'relations', 'keypoints']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.models import Models


@dataclass
class Context:
    """What the stages of one batch share: the run's models (each loaded on first use) and settings."""

    models: Models


class Stage(Protocol):
    """The shape every stage module has (see the package docstring)."""

    NAME: str
    MODELS: tuple[str, ...]

    def transform(self, threads: Sequence[Thread], context: Context) -> None: ...
