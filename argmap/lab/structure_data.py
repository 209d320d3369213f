"""Pasted versions of real threads with their gold trees, for training and evaluating segmentation.

A thread is flattened depth-first (submission first), one line per non-empty paragraph, no blank
lines, no authors: what a reader gets by copying the page. The gold answer keeps, per comment, the
line it starts at and the index of its parent comment.

>>> paragraphs("First para\\nstill first.\\n\\n> quoted\\nanswer\\n\\n- a\\n- b")
['First para still first.', '> quoted', 'answer', '- a', '- b']
>>> p = flatten({"text": "Root.", "children": [{"text": "A\\n\\nB", "children": []}, {"text": "C"}]})
>>> p.lines, p.starts, p.parents
(['Root.', 'A', 'B', 'C'], [0, 1, 3], [None, 0, 0])
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.readers.reddit import post_text
from argmap.structure.segment import spans
from argmap.text import is_quote

_LIST_OR_NOTE = re.compile(r"^\s*([-*•+]\s|\d{1,2}[.)]\s|\[\d+\]:?\s)")


def _own_line(line: str) -> bool:
    """A quote, list item or footnote: a line a rendered page keeps apart."""
    return is_quote(line) or bool(_LIST_OR_NOTE.match(line))


@dataclass
class PastedThread:
    """Flattened thread: ``lines``; per comment its first line (``starts``) and parent index."""

    id: str
    lines: list[str]
    starts: list[int]
    parents: list[int | None]

    @property
    def groups(self) -> list[tuple[int, int]]:
        """``(start, end)`` line span per comment."""
        return spans(self.starts, len(self.lines))


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a Markdown body as rendered on a page: soft line breaks join into
    one line; quotes, list items and footnotes keep their own lines."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", html.unescape(text or "").replace("\r", "")):
        cur: list[str] = []
        for raw in block.split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            if cur and (_own_line(line) or _own_line(cur[0])):
                out.append(" ".join(cur))
                cur = []
            cur.append(line)
        if cur:
            out.append(" ".join(cur))
    return [p for p in out if p.strip()]


def flatten(tree: dict[str, Any], thread_id: str = "") -> PastedThread:
    """Depth-first flattening of ``{"text", "children"}`` nodes; empty bodies become ``[deleted]``."""
    lines: list[str] = []
    starts: list[int] = []
    parents: list[int | None] = []

    def visit(node: dict[str, Any], parent: int | None) -> None:
        me = len(starts)
        starts.append(len(lines))
        parents.append(parent)
        lines.extend(paragraphs(node.get("text", "")) or ["[deleted]"])
        for child in node.get("children") or []:
            visit(child, me)

    visit(tree, None)
    return PastedThread(thread_id, lines, starts, parents)


def _reddit_body(path: Path) -> str:
    """A post as a page shows it: the title, a blank line, then the text."""
    return "\n\n".join(x for x in post_text(json.loads(path.read_text(encoding="utf-8"))) if x)


def rumoureval_threads(split_dir: Path) -> Iterator[PastedThread]:
    """RumourEval-2019 Reddit threads of one split (``…/rumoureval2019-reddit/dev``), gold from
    ``structure.json``; posts without a body file are dropped with their subtree."""
    for tdir in sorted(p for p in split_dir.iterdir() if (p / "structure.json").is_file()):
        structure = json.loads((tdir / "structure.json").read_text(encoding="utf-8"))
        bodies = {p.stem: p for d in ("source-tweet", "replies") for p in (tdir / d).glob("*.json")}

        def build(pid: str, sub: Any, bodies: dict[str, Path] = bodies) -> dict[str, Any] | None:
            if pid not in bodies:
                return None
            kids = [build(k, v) for k, v in sub.items()] if isinstance(sub, dict) else []
            return {"text": _reddit_body(bodies[pid]), "children": [k for k in kids if k]}

        ((root_id, sub),) = structure.items()
        tree = build(root_id, sub)
        if tree:
            yield flatten(tree, tdir.name)


def aita_threads(
    folder: Path,
    limit: int | None = None,
    max_top: int = 4,
    per_top: int = 10,
    max_children: int = 3,
    skip: int = 0,
) -> Iterator[PastedThread]:
    """r/AmItheAsshole nested threads (``limit`` of them, after the first ``skip`` in numeric
    order), pruned so a page stays page-sized: the first ``max_top`` top-level comments, each with
    at most ``per_top`` comments in its subtree and ``max_children`` replies per comment."""
    files = sorted(folder.glob("post_thread_*.json"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    for path in files[skip:][:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))

        def build(node: dict[str, Any], budget: list[int]) -> dict[str, Any]:
            budget[0] -= 1
            kids = []
            for child in (node.get("comments") or node.get("replies") or [])[:max_children]:
                if budget[0] <= 0:
                    break
                kids.append(build(child, budget))
            return {"text": node.get("content", ""), "children": kids}

        tops = [build(c, [per_top]) for c in (data.get("comments") or [])[:max_top]]
        yield flatten({"text": data.get("post content", ""), "children": tops}, path.stem)
