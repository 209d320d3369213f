"""Graph → :class:`pyvis.network.Network` drawn like argmap's own tree view, saved offline.

:func:`to_pyvis` takes the page's data (:func:`argmap.render.payload.page_data`: the precomputed
tree positions, stances, labels) and the page's style tables (:mod:`argmap.render.style`), so
a pyvis network looks like the ``Thread tree`` view: same colours, stance marks, border and line
dashes, shapes, plain-text hover titles and fixed positions with physics off.

pyvis's own HTML template loads Bootstrap from a CDN even with ``cdn_resources="in_line"``, puts
``heading`` in unescaped and shows any node title containing ``href`` with ``innerHTML``. The
network returned here is bound to a patched copy of that template: no remote asset, a
Content-Security-Policy that forbids fetching anything, titles always shown as text, and Jinja
autoescaping on. ``net.generate_html()``, ``net.write_html()`` and :func:`save_pyvis` all use it.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> net = to_pyvis(build_graph(Thread("t", [Comment("a", None, text="Tea is good."),
...     Comment("b", "a", text="No <b>it</b> is not.", stance="attack", stance_score=0.9)])))
>>> [(n["id"], n["label"], n["shape"]) for n in net.nodes]
[('a', '◆ Tea is good.', 'box'), ('b', '✘ No <b>it</b> is not.', 'box')]
>>> net.nodes[1]["title"]
'anonymous · attack 0.90\\nNo <b>it</b> is not.'
>>> net.edges[0]["from"], net.edges[0]["to"], net.edges[0]["dashes"], net.edges[0]["color"]["color"]
('b', 'a', [9, 5], '#d1293d')
>>> page = pyvis_html(net)
>>> "cdn." in page, "Content-Security-Policy" in page, "No \\\\u003cb\\\\u003eit" in page
(False, True, True)
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from argmap.atomic import atomic_path
from argmap.model import COMMENT_KINDS
from argmap.render.payload import page_data
from argmap.render.style import kind_styles, link_styles, page_style, stance_styles

if TYPE_CHECKING:
    from pyvis.network import Network

LABEL_CHARS = 46  # as js/data.js: label clipped to this many characters …
LINE_CHARS = 26  # … and wrapped onto two lines of this width
TITLE_CHARS = 220
SMOOTH_UP_TO = 400  # comments; above this the page draws straight lines (faster)
TEMPLATE = "argmap_pyvis.html"
PYVIS_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def clip(text: str | None, n: int) -> str:
    """Whitespace collapsed, cut to ``n`` characters with an ellipsis (as the page's ``clip``).

    >>> clip("  a   b ", 5), clip("abcdefgh", 5)
    ('a b', 'abcd…')
    """
    s = " ".join(str(text or "")[: 3 * n + 40].split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def wrap(text: str, width: int = LINE_CHARS) -> str:
    """At most two lines of ``width`` characters (as the page's ``wrap``).

    >>> wrap("one two three four five six seven", 12)
    'one two\\nthree four…'
    """
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width + 1)
    if cut < width / 2:
        cut = width
    rest = text[cut:].strip()
    if len(rest) > width:
        rest = rest[: width - 1].rstrip() + "…"
    return text[:cut].strip() + "\n" + rest


def _stance_key(rec: dict[str, Any], has_parent: bool) -> str:
    if not has_parent:
        return "root"
    s = rec.get("s")
    return s if s in stance_styles() and s not in ("root", "none") else "none"


def _score(x: Any) -> str:
    return f"{x:.2f}" if isinstance(x, int | float) else "–"


def _comment_node(rec: dict[str, Any], key: str) -> dict[str, Any]:
    st = stance_styles()[key]
    root = key == "root"
    mark = st["mark"]
    head = f"{rec.get('a') or 'anonymous'} · {st['name']}"
    if not root and isinstance(rec.get("sc"), int | float):
        head += f" {_score(rec['sc'])}"
    return {
        "label": wrap((f"{mark} " if mark else "") + clip(rec["l"] or rec["t"], LABEL_CHARS)),
        "title": head + "\n" + clip(rec["t"], TITLE_CHARS),
        "shape": kind_styles()[rec["k"]]["shape"],
        "color": {
            "background": st["tint"], "border": st["color"],
            "highlight": {"background": "#1f2d3a" if root else "#fff8c4", "border": "#111"},
            "hover": {"background": "#2c3e50" if root else "#fffbe0", "border": st["color"]},
        },
        "font": {"color": "#ffffff" if root else page_style()["page"]["ink"]},
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": st["dashes"], "borderRadius": 4},
        "x": rec["x"], "y": rec["y"],
    }


def _side_node(rec: dict[str, Any], x: float, y: float) -> dict[str, Any]:
    kind = kind_styles().get(rec["k"]) or kind_styles()["source"]
    topic = rec["k"] == "topic"
    return {
        "label": clip(rec["l"] or rec["t"], 30 if topic else 36),
        "title": kind["name"] + "\n" + clip(rec["t"], TITLE_CHARS),
        "shape": kind["shape"], "size": 22 if topic else 13,
        "color": {"background": kind["color"], "border": kind["color"],
                  "highlight": {"background": kind["color"], "border": "#111"}},
        "font": {"color": page_style()["page"]["ink"], "size": 16 if topic else 12, "strokeWidth": 3,
                 "strokeColor": "#ffffff"},
        "x": x, "y": y,
    }


def _options(comments: int) -> dict[str, Any]:
    """The page's tree-view options: physics off, positions as given."""
    smooth: dict[str, Any] | bool = False
    if comments < SMOOTH_UP_TO:
        smooth = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45}
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "multi": False}, "margin": 8,
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"selectionWidth": 1.5, "smooth": smooth},
        "interaction": {"hover": True, "tooltipDelay": 250, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False},
    }


def to_pyvis(graph: nx.MultiDiGraph, *, links: bool = False, height: str = "800px",
             width: str = "100%") -> Network:
    """A pyvis network of ``graph`` drawn like argmap's tree view.

    Args:
        graph: an argmap thread graph (:func:`argmap.map_thread`, :func:`argmap.load`).
        links: also draw sources (right of the comments citing them) and topics (in a column left
            of the tree), with their ``cites`` / ``about`` lines; default: comments and replies only,
            like the page's tree view.
        height: CSS height of the drawing.
        width: CSS width of the drawing.

    Returns:
        A :class:`pyvis.network.Network` (``cdn_resources="in_line"``, physics off, every node at
        its precomputed ``x``/``y``), bound to argmap's offline template.
    """
    from pyvis.network import Network

    data = page_data(graph)
    recs = data["nodes"]
    net = Network(height=height, width=width, directed=True, cdn_resources="in_line", heading="")
    use_offline_template(net)
    has_parent = {e[0] for e in data["edges"] if e[2] == "reply"}
    drawn: set[int] = set()
    comments = [i for i, r in enumerate(recs) if r["k"] in COMMENT_KINDS]
    for i in comments:
        net.add_node(recs[i]["id"], **_comment_node(recs[i], _stance_key(recs[i], i in has_parent)))
        drawn.add(i)
    if links:
        _add_side_nodes(net, data, drawn)
    seen_reply: set[int] = set()
    for u, v, kind, stance, score in data["edges"]:
        if u not in drawn or v not in drawn:
            continue
        if kind == "reply":
            if u in seen_reply:
                continue
            seen_reply.add(u)
            st = stance_styles()[stance if stance in stance_styles() and stance not in ("root", "none") else "none"]
            edge = {"color": {"color": st["color"], "highlight": st["color"], "hover": st["color"]},
                    "dashes": st["dashes"], "width": 2, "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                    "title": st["name"] + (f" {_score(score)}" if isinstance(score, int | float) else "")}
        else:
            ls = link_styles().get(kind) or link_styles()["cites"]
            edge = {"color": {"color": ls["color"], "highlight": ls["color"], "hover": ls["color"],
                              "opacity": ls["opacity"]},
                    "dashes": ls["dashes"], "width": ls["width"], "arrows": {"to": {"enabled": False}}}
        net.add_edge(recs[u]["id"], recs[v]["id"], **edge)
    net.options = _options(len(comments))
    return net


def _add_side_nodes(net: Network, data: dict[str, Any], drawn: set[int]) -> None:
    """Sources beside the comments that cite them, topics in a column left of the tree."""
    recs = data["nodes"]
    linked: dict[int, list[int]] = {}
    for u, v, kind, *_ in data["edges"]:
        if kind != "reply":
            linked.setdefault(v, []).append(u)
    xs = [r["x"] for r in recs if r["k"] in COMMENT_KINDS] or [0.0]
    topic_row = 0
    for i, rec in enumerate(recs):
        if rec["k"] in COMMENT_KINDS:
            continue
        near = [recs[c] for c in linked.get(i, []) if recs[c]["k"] in COMMENT_KINDS]
        if rec["k"] == "topic":
            x, y = min(xs) - 320.0, topic_row * 90.0
            topic_row += 1
        elif near:
            x, y = max(r["x"] for r in near) + 200.0, sum(r["y"] for r in near) / len(near) + 24.0
        else:
            x, y = max(xs) + 320.0, 0.0
        net.add_node(rec["id"], **_side_node(rec, x, y))
        drawn.add(i)


@cache
def _offline_template_source() -> str:
    """pyvis's template, made offline and script-safe (see the module docstring)."""
    from argmap.render.html import _pyvis_dir

    src = (_pyvis_dir() / "templates" / "template.html").read_text(encoding="utf-8")
    # Bootstrap from jsdelivr: a <link …bootstrap…/> and a <script …bootstrap…></script>, always emitted.
    src = re.sub(r"<link\b[^>]*bootstrap[^>]*>", "", src, flags=re.I | re.S)
    src = re.sub(r"<script\b[^>]*bootstrap[^>]*>\s*</script>", "", src, flags=re.I | re.S)
    src = src.replace("popup.innerHTML = nodeData[0].title;", "popup.textContent = nodeData[0].title;")
    csp = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(PYVIS_CSP)}">'
    head = '<meta charset="utf-8">'
    if head not in src:
        raise RuntimeError("unexpected pyvis template: no <meta charset> to put the CSP after")
    return src.replace(head, f'{head}\n        {csp}\n        <meta name="referrer" content="no-referrer">', 1)


def use_offline_template(net: Network) -> Network:
    """Bind ``net`` (any pyvis network) to argmap's offline template and in-line resources."""
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader

    env = Environment(
        loader=ChoiceLoader([DictLoader({TEMPLATE: _offline_template_source()}), FileSystemLoader(net.template_dir)]),
        autoescape=True,
    )
    net.cdn_resources = "in_line"
    net.templateEnv, net.path = env, TEMPLATE
    net.template = env.get_template(TEMPLATE)  # the notebook=True path of pyvis reads this one
    return net


def pyvis_html(net: Network) -> str:
    """The offline page of ``net`` (bound to argmap's template first, if it was not)."""
    if getattr(net, "path", None) != TEMPLATE or net.cdn_resources != "in_line":
        use_offline_template(net)
    return net.generate_html()


def save_pyvis(net: Network, path: str | Path) -> Path:
    """Write ``net``'s offline page to ``path`` atomically, as UTF-8; return the path.

    Unlike ``net.write_html``, nothing else is written (no ``lib/`` folder) and the file loads
    nothing from the network.
    """
    path = Path(path)
    page = pyvis_html(net)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path
