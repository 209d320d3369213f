"""Property-based fuzzing of every reader: a mutated file gives a Thread or an InputError, nothing else.

About 2,800 cases in all (``benchmarks/fuzz_readers.py --examples N`` runs more). No model may
load: pasted text is segmented without the encoder, and the fixture below makes loading the
boundary model or an encoder fail the property.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.support.reader_fuzz import Seed, mutated_bytes, mutated_json, outcome, seeds

SEEDS = seeds()
JSON_SEEDS = [s for s in SEEDS if s.data is not None]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def no_model() -> Iterator[None]:
    """Readers must never load a model: make both loaders blow up (not an InputError)."""
    from argmap.nlp import encoder
    from argmap.structure import boundary

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader loaded a model")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(boundary.BoundaryModel, "load", classmethod(refuse))
        mp.setattr(encoder.Encoder, "__init__", refuse)
        yield


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.name)
def test_seeds_read_as_their_format(seed: Seed, folder: Path) -> None:
    path = folder / f"seed-{seed.name}{seed.suffix}"
    path.write_bytes(seed.encoded())
    assert outcome(seed.fmt, path) == "thread"


@pytest.mark.parametrize("seed", JSON_SEEDS, ids=lambda s: s.name)
def test_mutated_json_fields(seed: Seed, folder: Path) -> None:
    path = folder / f"json-{seed.name}.json"

    @settings(FUZZ, max_examples=180)
    @given(doc=mutated_json(seed.data))
    def property(doc: object) -> None:
        path.write_text(json.dumps(doc), encoding="utf-8")
        outcome(seed.fmt, path)  # the reader itself, no safety net
        outcome(None, path)  # sniffed

    property()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: s.name)
def test_mutated_bytes(seed: Seed, folder: Path) -> None:
    path = folder / f"bytes-{seed.name}{seed.suffix}"
    data = seed.encoded()

    @settings(FUZZ, max_examples=90)
    @given(raw=mutated_bytes(data))
    def property(raw: bytes) -> None:
        path.write_bytes(raw)
        outcome(seed.fmt, path)
        outcome(None, path)

    property()
