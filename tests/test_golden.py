"""No behaviour change: ``threads/*`` and a fixed AITA sample map to the recorded graphs and tables.

Runs the real models end to end. After a change meant to alter the maps: ``python -m tests.support.golden --write``.
"""

from __future__ import annotations

import json

import pytest

from tests.support.golden import GOLDEN, digests


def _compare(found: dict[str, str], recorded: dict[str, str]) -> None:
    changed = sorted(k for k in recorded.keys() | found.keys() if recorded.get(k) != found.get(k))
    assert not changed, (f"changed since tests/support/golden.json: {', '.join(changed)} "
                         "(python -m tests.support.golden --dump DIR, before and after, to diff)")


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, str]]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_example_threads_map_as_recorded(recorded):
    found = digests(None, only="threads")
    assert len(found["threads"]) > 10  # graphs and tables were compared, not an empty run
    _compare(found["threads"], recorded["threads"])


def test_aita_sample_maps_as_recorded(recorded, shared_data):  # needs ../shared/data (skips without it)
    found = digests(shared_data, only="aita")
    _compare(found["aita"], recorded["aita"])
