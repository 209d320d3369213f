"""Helpers the browser tests share: open a rendered map page and read what it shows."""

from __future__ import annotations

from pathlib import Path

from argmap.render.headless import wait_ready


def load(driver, path: Path) -> None:
    """Open the page at ``path`` and wait until its script has drawn it."""
    driver.get(path.resolve().as_uri())
    wait_ready(driver, timeout=30)


def visible(driver, sources: bool = False) -> set[str]:
    """The ids of the nodes the page shows now (``sources``: with the sources drawn beside comments)."""
    ids = set(driver.execute_script("return window.argmap.visibleIds()"))
    return ids if sources else {i for i in ids if not i.startswith("source:")}


def at_node(driver, node_id: str, view: str = "tree"):  # noqa: ANN201
    """Selenium actions with the pointer moved onto node ``node_id`` of a view's canvas (``tree`` or
    ``net``); end them with ``.click().perform()`` or ``.perform()`` (hover)."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", f"#graph-{view} canvas")
    pos = driver.execute_script("return window.argmap.domPosition(arguments[0])", node_id)
    size = canvas.size
    return ActionChains(driver).move_to_element_with_offset(
        canvas, int(pos["x"] - size["width"] / 2), int(pos["y"] - size["height"] / 2))


def no_alert(driver) -> bool:  # noqa: ANN001
    """True when no ``alert()`` is open (a hostile comment ran no script); dismisses one that is."""
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False
