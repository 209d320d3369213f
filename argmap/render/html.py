"""The HTML argument map: one self-contained, offline, script-safe file per thread.

Why not pyvis's ``Network.write_html``: its template loads vis-network and Bootstrap from a CDN
(even with ``cdn_resources="local"``), may create ``lib/`` in the working directory, builds its
node list with O(n²) membership checks, and passes node titles as HTML. We only take the
vis-network build that ships inside the pyvis package and inline it into our own template
(``template.html`` + the modules of ``js/`` + ``app.css``); the data goes in as escaped JSON, the
style tables (``style.json``, :mod:`argmap.render.style`) as an escaped JSON literal in the script
and their colours as CSS custom properties; the page renders the data with ``textContent`` only.

The page script is split by concern into ``js/*.js`` (:data:`PAGE_MODULES`, in order). They are
fragments of one function scope: :func:`page_script` inlines them, in that order, inside one
``"use strict"`` function. Each file names what it takes from the others (``/* global */``) and
gives them (``/* exported */``) for eslint.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> page = html_string(build_graph(Thread("t", [Comment("a", None, text="<script>alert(1)</script>")],
...                                       title="<b>Tea</b>")))
>>> "<script>alert(1)" in page, "&lt;b&gt;Tea&lt;/b&gt;" in page, "Content-Security-Policy" in page
(False, True, True)
"""

from __future__ import annotations

import html
import importlib.util
import re
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx

from argmap.atomic import atomic_path
from argmap.graph import short_label
from argmap.model import COMMENT_KINDS
from argmap.render.payload import page_data, script_json
from argmap.render.style import css_variables, page_style

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
VIS_VERSION = "vis-9.1.2"
# The page script's modules, in the order they are inlined (one function scope; see the module doc).
PAGE_MODULES = ("style", "data", "util", "tree", "network", "panel", "filters", "editor", "image", "main", "outline")
_MARKER = re.compile(r"@@([A-Z_]+)@@")


def _own(name: str) -> str:
    return resources.files("argmap.render").joinpath(name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    """Code that cannot end its ``<script>`` element early (``</script`` / ``<!--`` defused)."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _pyvis_dir() -> Path:
    """The installed pyvis package folder, found without importing pyvis (which pulls in jinja2 …)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it provides the vis-network build the map inlines")
    return Path(next(iter(spec.submodule_search_locations)))


def page_script() -> str:
    """The page's script: :data:`PAGE_MODULES` in one function scope, after ``STYLE``, the style tables
    (:func:`argmap.render.style.page_style`) as a JSON literal.

    >>> code = page_script()
    >>> code.startswith("(function () {"), "window.argmap = {" in code, "argmap.outline" in code
    (True, True, True)
    """
    parts = ["(function () {\n\"use strict\";\n", f"var STYLE = {script_json(page_style())};\n"]
    parts += [f"// ---- js/{name}.js\n{_own(f'js/{name}.js')}\n" for name in PAGE_MODULES]
    parts.append("})();\n")
    return "".join(parts)


@cache
def assets() -> dict[str, str]:
    """The template, our JS/CSS and vis-network's JS/CSS from the installed pyvis package."""
    vis = _pyvis_dir() / "lib" / VIS_VERSION
    return {
        "template": _own("template.html"),
        "APP_JS": _inline_script(page_script()),
        "APP_CSS": _own("app.css").replace("</", "<\\/"),
        "STYLE_CSS": css_variables().replace("</", "<\\/"),
        "VIS_JS": _inline_script(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")),
        "VIS_CSS": vis.joinpath("vis-network.css").read_text(encoding="utf-8").replace("</", "<\\/"),
    }


def compact(data: dict) -> dict:
    """``data`` with less to parse: comment records lose empty fields and a label that is just
    their text's beginning (the page falls back to the text), claims the part of their id that
    names their comment.

    >>> compact({"nodes": [{"k": "comment", "l": "Tea.", "t": "Tea.", "a": None, "x": 0}]})["nodes"]
    [{'k': 'comment', 't': 'Tea.', 'x': 0}]
    """
    nodes = []
    for rec in data["nodes"]:
        if rec.get("k") in COMMENT_KINDS:
            rec = {k: v for k, v in rec.items() if v is not None}
            if rec.get("l") == short_label(rec.get("t") or ""):
                del rec["l"]
        nodes.append(rec)
    out = {**data, "nodes": nodes}
    if data.get("claims"):
        out["claims"] = [row[:5] + [_claim_suffix(row[5], data["nodes"][row[0]]["id"])] for row in data["claims"]]
    return out


def _claim_suffix(claim: str, comment: str) -> str | int:
    """``claim:<comment>:<n>`` → ``n`` (the page rebuilds the id); any other id unchanged.

    >>> _claim_suffix("claim:c1:2", "c1"), _claim_suffix("claim:c1:02", "c1"), _claim_suffix("x", "c1")
    (2, 'claim:c1:02', 'x')
    """
    head = f"claim:{comment}:"
    tail = claim[len(head):]
    return int(tail) if claim.startswith(head) and tail.isdigit() and str(int(tail)) == tail else claim


def html_string(graph: nx.MultiDiGraph) -> str:
    """The whole page for ``graph`` (see :mod:`argmap.graph` for the attributes it reads)."""
    a = assets()
    meta = graph.graph
    title = str(meta.get("title") or meta.get("thread_id") or "argument map")
    parts = dict(a, CSP=CSP, TITLE=html.escape(f"{title[:120]} · argmap"), DATA=script_json(compact(page_data(graph))))
    # One pass: text substituted in is never scanned for markers again.
    return _MARKER.sub(lambda m: parts[m.group(1)], a["template"])


def render_html(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the map of ``graph`` to ``path`` atomically and return the path."""
    path = Path(path)
    page = html_string(graph)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path
