"""Graph → PNG of the thread-tree view (with its legend), drawn by headless Chromium.

The image is the page's own "Save PNG" picture (``window.argmap.png``): the map as the page draws
it, fitted to a window sized to the tree, on white, with the legend on the right. Chromium runs
offline with a throw-away profile (:mod:`argmap.render.headless`); it and selenium are optional:
without them :func:`to_png` raises one :class:`~argmap.errors.InputError` line saying what to
install.

>>> png_size(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(4) + b"IHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big"))
(640, 480)
>>> stage_size([(0, 0), (240, 70)])
(700, 540)
"""

from __future__ import annotations

import base64
import importlib.util
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_path
from argmap.errors import InputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SIDE_PANELS = 590  # CSS px of the page outside the drawing: controls (250) + panel (340)
HEADER = 60
MIN_STAGE = (700, 540)
MAX_STAGE = (4000, 4000)
ZOOM = 0.8  # the tree is drawn at about this scale when it fits within MAX_STAGE
NODE_BOX = (260, 80)  # room around the outermost node centres
INSTALL = ("PNG output needs headless Chromium with chromedriver and selenium "
           "(apt-get install chromium chromium-driver; pip install selenium; or `make browser`)")


def png_size(data: bytes) -> tuple[int, int]:
    """``(width, height)`` from a PNG's header; ValueError if ``data`` is not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def missing() -> str | None:
    """What is missing to draw PNGs (as one sentence), or None when everything is installed."""
    from argmap.render.headless import available

    if importlib.util.find_spec("selenium") is None or not available():
        return INSTALL
    return None


def stage_size(points: Iterable[tuple[float, float]]) -> tuple[int, int]:
    """The drawing area (CSS px) that shows the tree of node centres ``points`` at about
    :data:`ZOOM` (bigger trees: as large as :data:`MAX_STAGE` allows, then scaled down to fit)."""
    pts = list(points) or [(0.0, 0.0)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    w = (max(xs) - min(xs) + NODE_BOX[0]) * ZOOM
    h = (max(ys) - min(ys) + NODE_BOX[1]) * ZOOM
    w = int(min(max(w, MIN_STAGE[0]), MAX_STAGE[0]))
    h = int(min(max(h, MIN_STAGE[1]), MAX_STAGE[1]))
    return w, h


class PngRenderer:
    """One headless Chromium for many PNGs (``argmap map --png`` over a corpus).

    Use as a context manager; :meth:`write` draws one graph. Raises :class:`InputError` on entry
    when Chromium, chromedriver or selenium is missing.
    """

    def __init__(self, target: str | Path = "PNG"):
        self.target = str(target)
        self._stack: Any = None
        self._driver: Any = None
        self._size: tuple[int, int] | None = None

    def __enter__(self) -> PngRenderer:
        problem = missing()
        if problem:
            raise InputError(self.target, problem)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self._stack is not None:
            self._stack.__exit__(None, None, None)
        self._stack = self._driver = self._size = None

    def _browser(self, size: tuple[int, int]) -> Any:
        from argmap.render.headless import chromium

        if self._driver is not None and self._size != size:
            try:
                self._driver.set_window_size(*size)
                self._size = size
            except Exception:  # noqa: BLE001 - a browser that cannot resize is restarted instead
                self._close()
        if self._driver is None:
            self._stack = chromium(*size)
            self._driver = self._stack.__enter__()
            self._size = size
        return self._driver

    def png(self, graph: nx.MultiDiGraph) -> bytes:
        """The PNG bytes of ``graph``'s tree view with the legend."""
        from argmap.model import COMMENT_KINDS
        from argmap.render.headless import wait_ready
        from argmap.render.html import render_html
        from argmap.render.payload import page_data

        data = page_data(graph)
        stage = stage_size((n["x"], n["y"]) for n in data["nodes"] if n["k"] in COMMENT_KINDS)
        driver = self._browser((stage[0] + SIDE_PANELS, stage[1] + HEADER))
        with tempfile.TemporaryDirectory(prefix="argmap-png-") as tmp:
            page = render_html(graph, Path(tmp) / "map.html")
            driver.get(page.resolve().as_uri())
            wait_ready(driver, timeout=120)
            # The header's height depends on the title and counts: grow the window until the
            # drawing area itself has the planned size.
            got = driver.execute_script(
                "var s = document.getElementById('stage'); return [s.clientWidth, s.clientHeight]")
            if tuple(got) != stage:
                w, h = driver.get_window_size()["width"], driver.get_window_size()["height"]
                driver.set_window_size(w + stage[0] - got[0], h + stage[1] - got[1])
                self._size = None  # the next graph sets its own size again
                driver.execute_script("window.argmap.network().setSize('100%', '100%')")
            url = driver.execute_script("return window.argmap.png({fit: true})")
        prefix = "data:image/png;base64,"
        if not isinstance(url, str) or not url.startswith(prefix):
            raise RuntimeError("the page did not return a PNG")
        return base64.b64decode(url[len(prefix):])

    def write(self, graph: nx.MultiDiGraph, path: str | Path) -> Path:
        """Write ``graph``'s PNG to ``path`` atomically; return the path."""
        path = Path(path)
        data = self.png(graph)
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
        return path


@contextmanager
def png_renderer(target: str | Path = "PNG") -> Iterator[PngRenderer]:
    """:class:`PngRenderer` as a ``with`` block (``target`` names the output in the error line)."""
    with PngRenderer(target) as renderer:
        yield renderer


def to_png(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write a PNG of ``graph``'s thread-tree view, legend included, to ``path``; return the path.

    Raises:
        InputError: headless Chromium, chromedriver or selenium is not installed.
    """
    with png_renderer(path) as renderer:
        return renderer.write(graph, path)
