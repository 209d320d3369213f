"""The map's visual vocabulary — stance colours, marks and dashes, node shapes, link styles — read
from the page's own script (``js/style.js``), so that Python exports (:mod:`argmap.render.pyvis_export`)
draw exactly what the page draws and the tables live in one place.

>>> stance_styles()["attack"]["color"], stance_styles()["attack"]["dashes"]
('#d1293d', [9, 5])
>>> kind_styles()["source"]["shape"], link_styles()["about"]["dashes"]
('diamond', [6, 3])
>>> js_object("var X = { a: { b: [1, 2], c: false, d: \\"x: y\\" } };", "X")
{'a': {'b': [1, 2], 'c': False, 'd': 'x: y'}}
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

_KEY = re.compile(r'("(?:[^"\\]|\\.)*")|([{,]\s*)([A-Za-z_]\w*)(\s*:)')


def js_object(source: str, name: str) -> dict[str, Any]:
    """The object literal assigned by ``var NAME = {...};`` in ``source``, as Python data.

    Only the subset the page's style tables use: bare keys, double-quoted strings, numbers,
    booleans and arrays (bare keys are quoted; quoted strings are left alone).
    """
    start = re.search(rf"\bvar\s+{re.escape(name)}\s*=\s*\{{", source)
    if start is None:
        raise ValueError(f"no 'var {name} = {{' in the page script")
    depth, i, in_str = 0, start.end() - 1, False
    while i < len(source):
        ch = source[i]
        if in_str:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    literal = source[start.end() - 1 : i + 1]
    quoted = _KEY.sub(lambda m: m.group(1) or f'{m.group(2)}"{m.group(3)}"{m.group(4)}', literal)
    return json.loads(quoted)


@cache
def _tables() -> dict[str, dict[str, Any]]:
    app = resources.files("argmap.render").joinpath("js", "style.js").read_text(encoding="utf-8")
    return {name: js_object(app, name) for name in ("STANCE", "KIND", "LINK")}


def stance_styles() -> dict[str, dict[str, Any]]:
    """Per stance key (``support``, ``attack``, ``neutral``, ``query``, ``root``, ``none``):
    ``color`` (border and line), ``tint`` (fill), ``dashes`` (``False`` or a dash list),
    ``mark`` (the label prefix) and ``name``."""
    return _tables()["STANCE"]


def kind_styles() -> dict[str, dict[str, Any]]:
    """Per node kind (``comment``, ``claim``, ``source``, ``topic``): vis-network ``shape``, ``name``
    and, for sources and topics, ``color``."""
    return _tables()["KIND"]


def link_styles() -> dict[str, dict[str, Any]]:
    """Per non-reply edge kind (``cites``, ``about``): ``color``, ``dashes``, ``width``, ``opacity``."""
    return _tables()["LINK"]
