"""The map inline in Jupyter / VS Code notebooks: the very page ``argmap map`` writes, in an iframe.

The page goes into ``<iframe srcdoc="…">`` attribute-escaped, so it needs no file and no server;
its Content-Security-Policy stays (nothing is fetched, no inline handler runs) and the frame is
sandboxed with ``allow-scripts`` (the map's own script) and ``allow-downloads`` (its "Save PNG"
button) but not ``allow-same-origin``: the page cannot read the notebook, its cookies or its
storage. IPython is optional: :class:`MapView` is a plain object with ``_repr_html_``.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> view = MapView(build_graph(Thread("t", [Comment("a", None, text='"Tea" & <i>milk</i>')])), height=400)
>>> frame = view._repr_html_()
>>> frame.startswith("<iframe "), 'sandbox="allow-scripts allow-downloads"' in frame, "<i>milk" in frame
(True, True, False)
>>> view
<argmap map 't': 1 comment>
"""

from __future__ import annotations

import html
from functools import cached_property
from typing import Any

import networkx as nx

from argmap.model import COMMENT_KINDS
from argmap.render.html import html_string

SANDBOX = "allow-scripts allow-downloads"  # never allow-same-origin: the page stays an opaque origin


def iframe(page: str, height: int = 640, title: str = "argument map") -> str:
    """An ``<iframe>`` showing the HTML document ``page`` from its ``srcdoc`` attribute.

    >>> iframe('<p title="x">a & b</p>', 100)[:60]
    '<iframe srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="{SANDBOX}" referrerpolicy="no-referrer" '
        f'title="{html.escape(title, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d9dee5; border-radius: 4px"></iframe>'
    )


class MapView:
    """A thread graph shown as argmap's interactive page wherever rich HTML output is rendered."""

    def __init__(self, graph: nx.MultiDiGraph, height: int = 640):
        self.graph = graph
        self.height = height
        self._skip_echo_of: int | None = None  # the IPython cell that already displayed this view

    @cached_property
    def page(self) -> str:
        """The page's HTML (as ``argmap map`` writes it)."""
        return html_string(self.graph)

    def _repr_html_(self) -> str:
        tid = str(self.graph.graph.get("title") or self.graph.graph.get("thread_id") or "argument map")
        return iframe(self.page, self.height, title=f"argmap: {tid[:120]}")

    def _ipython_display_(self) -> None:
        shell = _shell()
        if shell is not None and self._skip_echo_of == shell.execution_count:
            self._skip_echo_of = None  # show() displayed it already in this very cell
            return
        self.display()

    def display(self) -> None:
        """Display now, through ``IPython.display`` (a no-op outside IPython)."""
        try:
            from IPython.display import display
        except ImportError:
            return
        display({"text/html": self._repr_html_(), "text/plain": repr(self)}, raw=True)

    def __repr__(self) -> str:
        n = sum(1 for _, a in self.graph.nodes(data=True) if a.get("kind") in COMMENT_KINDS)
        tid = self.graph.graph.get("thread_id") or ""
        return f"<argmap map {tid!r}: {n} comment{'' if n == 1 else 's'}>"


def _shell() -> Any:
    """The running IPython shell, or None (also when IPython is not installed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def show(graph: nx.MultiDiGraph, height: int = 640) -> MapView:
    """Show ``graph`` inline: displayed at once in a running IPython/Jupyter kernel, and returned.

    The returned :class:`MapView` renders through ``_repr_html_`` in any front end; when this
    call already displayed it, echoing it as the cell's value does not show it a second time.
    """
    view = MapView(graph, height)
    shell = _shell()
    if shell is not None:
        view.display()
        view._skip_echo_of = shell.execution_count
    return view
