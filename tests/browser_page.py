"""Helpers the browser tests share: open a rendered map page and read what it shows."""

from __future__ import annotations

from pathlib import Path

from argmap.render.headless import wait_ready


def load(driver, path: Path) -> None:
    """Open the page at ``path`` and wait until its script has drawn it."""
    driver.get(path.resolve().as_uri())
    wait_ready(driver, timeout=30)


def visible(driver) -> set[str]:
    """The ids of the nodes the page shows now."""
    return set(driver.execute_script("return window.argmap.visibleIds()"))
