"""The map's visual vocabulary — stance colours, marks and dashes, node shapes, link styles, claim
role colours and the page's own colours — in one file, ``style.json``.

The page reads it (:func:`page_style`, embedded as JSON, and :func:`css_variables`, the same
colours as CSS custom properties for ``app.css`` and the legend), and so do the Python exports
(:mod:`argmap.render.pyvis_export`): they draw exactly what the page draws.

>>> stance_styles()["attack"]["color"], stance_styles()["attack"]["dashes"]
('#d1293d', [9, 5])
>>> kind_styles()["source"]["shape"], link_styles()["about"]["dashes"], role_styles()["premise"]["name"]
('diamond', [6, 3], 'premise')
>>> "--stance-attack: #d1293d;" in css_variables(), "--stance-attack-dashes: 9 5;" in css_variables()
(True, True)
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from argmap.model import COMMENT_KINDS, RELATION_KINDS, ROLES, STANCES


@cache
def _tables() -> dict[str, Any]:
    return json.loads(resources.files("argmap.render").joinpath("style.json").read_text(encoding="utf-8"))


def stance_styles() -> dict[str, dict[str, Any]]:
    """Per stance key (``support``, ``attack``, ``neutral``, ``query``, ``root``, ``none``):
    ``color`` (border and line), ``tint`` (fill), ``dashes`` (``False`` or a dash list),
    ``mark`` (the label prefix) and ``name``."""
    return _tables()["stance"]


def kind_styles() -> dict[str, dict[str, Any]]:
    """Per node kind drawn in the thread views (``comment``, ``paragraph``, ``source``, ``topic``):
    vis-network ``shape``, ``name`` and, for sources and topics, ``color``."""
    return _tables()["kind"]


def link_styles() -> dict[str, dict[str, Any]]:
    """Per non-reply edge kind (``cites``, ``about``): ``color``, ``dashes``, ``width``, ``opacity``."""
    return _tables()["link"]


def role_styles() -> dict[str, dict[str, Any]]:
    """Per claim role: ``name``, ``color`` (border) and ``tint`` (fill)."""
    return _tables()["role"]


def page_style() -> dict[str, Any]:
    """What the page script reads: the tables of ``style.json`` and ``labels``, the label sets it
    lists (from :mod:`argmap.model`) so that the page holds no copy of them.

    >>> page_style()["labels"]["relation"], page_style()["relation"]["attacks"]
    (['supports', 'attacks'], 'attack')
    """
    labels = {"stance": STANCES, "role": ROLES, "relation": RELATION_KINDS, "comment": COMMENT_KINDS}
    return {**_tables(), "labels": {name: list(values) for name, values in labels.items()}}


def _dashes(dashes: Any) -> str:
    return " ".join(str(d) for d in dashes) if dashes else "none"


@cache
def css_variables() -> str:
    """The colours of ``style.json`` as CSS custom properties on ``:root``: ``--stance-<key>``
    (with ``-tint`` and ``-dashes``), ``--kind-<kind>``, ``--link-<kind>`` (with ``-dashes``),
    ``--role-<role>`` (with ``-tint``) and the page's own colours (``--ink``, ``--muted`` …).

    >>> css_variables().splitlines()[1]
    '  --stance-support: #2e8b3e;'
    """
    t = _tables()
    names: dict[str, Any] = {}
    for key, s in t["stance"].items():
        names.update({f"stance-{key}": s["color"], f"stance-{key}-tint": s["tint"],
                      f"stance-{key}-dashes": _dashes(s["dashes"])})
    names.update({f"kind-{key}": s["color"] for key, s in t["kind"].items() if "color" in s})
    for key, s in t["link"].items():
        names.update({f"link-{key}": s["color"], f"link-{key}-dashes": _dashes(s["dashes"])})
    for key, s in t["role"].items():
        names.update({f"role-{key}": s["color"], f"role-{key}-tint": s["tint"]})
    names.update(t["page"])
    return ":root {\n" + "".join(f"  --{name}: {value};\n" for name, value in names.items()) + "}\n"
