"""Shared fixtures: where the fixtures and the optional ../shared/data live."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.shared_data import shared_data_dir

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip: a user's clone has no shared/ (CI has it)."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip("needs ../shared/data (absent)")
    return path


@pytest.fixture(scope="module")
def encoder():
    """The offline encoder, on one thread."""
    import torch

    from argmap.nlp.encoder import Encoder

    torch.set_num_threads(1)
    return Encoder.get()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (the modules skip when Chromium is absent)."""
    from argmap.render.headless import chromium

    with chromium(1280, 800) as driver:
        yield driver


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under ``tests/lab`` is a research test: ``pytest -m lab`` runs them alone,
    ``pytest -m "not lab"`` the product's."""
    lab = Path(__file__).parent / "lab"
    for item in items:
        if lab in Path(item.path).parents:
            item.add_marker(pytest.mark.lab)
