"""The CMV-modes loader (argmap.lab.claims_data)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.shared
def test_cmv_modes_gold_spans_are_exact(shared_data: Path) -> None:
    from argmap.lab.claims_data import load_split

    for g in load_split(shared_data, "valid"):
        assert g.units and g.relations
        for u in g.units:
            text = g.posts[u.post].text[u.start : u.end]
            assert text and text == text.strip()
