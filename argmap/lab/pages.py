"""Real threads rendered as browser page copies, to measure :mod:`argmap.readers.page`.

Each gold thread (RumourEval-2019 Reddit, r/AmItheAsshole) is drawn as a select-all copy of a
Hacker News, old Reddit or new Reddit thread page, as :mod:`argmap.readers.page` describes them
(headers, footers, the page's own header lines, "load more comments" lines where replies were
cut), then read back. :func:`score` counts comments recovered exactly (same lines, same order),
right parents and right authors.

>>> tree = Node("Tea beats coffee", "ann", 0.0, 12, [Node("No.", "bob", 0.0, 3, [Node("Yes.", "ann", 0.0, 1)])])
>>> text = render(tree, "hackernews", captured_at=7200.0)
>>> [line for line in text.splitlines() if line.endswith("[–]")]
['bob 2 hours ago [–]', 'ann 2 hours ago | parent [–]']
>>> score([tree], "hackernews")["parent_accuracy"]
1.0
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from argmap.lab.structure_data import _reddit_body, paragraphs

#: The styles scored: the three sites, new Reddit with and without the older "level N" lines.
RENDERED = ("hackernews", "old-reddit", "new-reddit-levels", "new-reddit")


@dataclass
class Node:
    """A gold comment: its text (Markdown), author, POSIX time, votes and replies."""

    text: str
    author: str
    created: float
    votes: int
    children: list[Node] = field(default_factory=list)
    more: int = 0  # replies the source had beyond ``children`` (pruned)


def _walk(node: Node, parent: int | None = None, depth: int = 0) -> Iterator[tuple[Node, int | None, int]]:
    """``(node, parent index, depth)`` depth-first, the root first (index 0)."""
    stack = [(node, parent, depth)]
    index = 0
    while stack:
        n, p, d = stack.pop()
        yield n, p, d
        me = index
        index += 1
        stack.extend((c, me, d + 1) for c in reversed(n.children))


def _ago(seconds: float, short: bool = False) -> str:
    """A page's relative time, as the site writes it.

    >>> _ago(7300), _ago(7300, short=True), _ago(30)
    ('2 hours ago', '2h ago', 'just now')
    """
    for unit, size, abbr in (("year", 31536000, "y"), ("month", 2592000, "mo"), ("day", 86400, "d"),
                             ("hour", 3600, "h"), ("minute", 60, "m")):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n}{abbr} ago" if short else f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def _lines(node: Node) -> list[str]:
    return paragraphs(node.text) or ["[deleted]"]


def render(tree: Node, style: str, captured_at: float) -> str:
    """The page copy of ``tree`` in one of :data:`RENDERED`."""
    nodes = list(_walk(tree))
    kids: dict[int, list[int]] = {}
    for k, (_, p, _) in enumerate(nodes):
        if p is not None:
            kids.setdefault(p, []).append(k)
    root = nodes[0][0]
    title, *body = _lines(root)
    n = len(nodes) - 1
    out: list[str] = []
    if style == "hackernews":
        out += ["Hacker News new | past | comments | ask | show | jobs | submit login", title,
                f"{root.votes} points by {root.author} {_ago(captured_at - root.created)} | hide | past | favorite | "
                f"{n} comments", ""]
        out += [x for b in body for x in (b, "")] + ["add comment", ""]
    elif style == "old-reddit":
        out += [f"{title} (self.changemyview)", f"submitted {_ago(captured_at - root.created)} by {root.author}"]
        out += body + [f"{n} comments share save hide report", f"all {n} comments", "sorted by: best"]
    else:
        out += ["r/AskReddit", "•", f"Posted by u/{root.author}", _ago(captured_at - root.created, short=True),
                title, *body, f"{n} comments", "Share", "Save", "Sort by: Best"]
    last = list(range(len(nodes)))  # last[k]: the last comment of k's subtree, in page order
    for k in range(len(nodes) - 1, 0, -1):
        last[nodes[k][1]] = max(last[nodes[k][1]], last[k])
    for k, (node, parent, depth) in enumerate(nodes[1:], start=1):
        siblings = kids[parent]
        i = siblings.index(k)
        text = _lines(node)
        if style == "hackernews":
            links = [x for x, on in (("root", depth >= 3), ("parent", depth >= 2), ("prev", i > 0),
                                     ("next", i + 1 < len(siblings))) if on]
            head = f"{node.author} {_ago(captured_at - node.created)}{''.join(' | ' + x for x in links)} [–]"
            out += [head, ""] + [x for t in text for x in (t, "")] + ["reply", ""]
        elif style == "old-reddit":
            votes = "1 point" if node.votes == 1 else f"{node.votes} points"
            flair = " [S]" if node.author == root.author else ""
            edited = "*" if k % 7 == 0 else ""
            out += [f"[–]{node.author}{flair} {votes} {_ago(captured_at - node.created)}{edited}", *text,
                    "permalink embed save " + ("parent " if depth >= 2 else "") + "report reply"]
            # old Reddit ends a list of replies it cut short with a "load more comments" line
            out += [f"load more comments ({nodes[a][0].more} replies)"
                    for a in sorted((a for a in range(1, k + 1) if last[a] == k and nodes[a][0].more),
                                    key=lambda a: -nodes[a][2])]
        else:
            if style == "new-reddit-levels":
                out.append(f"level {depth}")
            when = _ago(captured_at - node.created, short=True)
            out += [node.author, "•", when.replace("h ago", " hr. ago") if k % 2 else when, *text,
                    str(node.votes), "Reply", "Award", "Share"]
    return "\n".join(out) + "\n"


def _gold(tree: Node) -> tuple[list[list[str]], list[int | None], list[str]]:
    nodes = list(_walk(tree))
    return [_lines(n) for n, _, _ in nodes], [p for _, p, _ in nodes], [n.author for n, _, _ in nodes]


def score(trees: list[Node], style: str, captured_at: float = 1.7e9) -> dict[str, float | int]:
    """Render every tree in ``style``, read it back, and count what came back right.

    Counts are over comments (the post excluded): ``exact`` = same lines at the same position,
    ``parent_accuracy`` = the right parent, ``author_accuracy`` = the right author. A thread read
    with a different number of comments is scored position by position, the extra or missing
    ones counted wrong.
    """
    from argmap.errors import InputError
    from argmap.readers.page import parse

    total = exact = parents = authors = failed = 0
    page_style = "new-reddit" if style.startswith("new-reddit") else style
    for k, tree in enumerate(trees):
        lines, gold_parents, gold_authors = _gold(tree)
        total += len(lines) - 1
        try:
            thread = parse(render(tree, style, captured_at), f"thread-{k}", style=page_style, captured_at=captured_at)
        except InputError:
            failed += 1
            continue
        index = {c.id: i for i, c in enumerate(thread.comments)}
        for i, c in enumerate(thread.comments[1: len(lines)], start=1):
            exact += c.text.split("\n") == lines[i]
            parents += index.get(c.parent_id or "") == gold_parents[i]
            authors += c.author == gold_authors[i]
    return {"threads": len(trees), "comments": total, "failed": failed,
            "exact": exact / max(total, 1), "parent_accuracy": parents / max(total, 1),
            "author_accuracy": authors / max(total, 1)}


def _reddit_meta(path: Path) -> tuple[str, float, int]:
    import ast

    d = json.loads(path.read_text(encoding="utf-8"))
    d = d.get("data", d)
    if isinstance(d, str):
        d = ast.literal_eval(d)
    if "children" in d:
        kids = d["children"]
        d = kids[0].get("data", {}) if kids and isinstance(kids[0], dict) else {}
    return str(d.get("author") or "[deleted]"), float(d.get("created_utc") or 0), int(d.get("score") or 0)


def rumoureval_trees(split_dir: Path) -> Iterator[Node]:
    """RumourEval-2019 Reddit threads of one split as gold trees, with authors, times and votes."""
    for tdir in sorted(p for p in split_dir.iterdir() if (p / "structure.json").is_file()):
        structure = json.loads((tdir / "structure.json").read_text(encoding="utf-8"))
        bodies = {p.stem: p for d in ("source-tweet", "replies") for p in (tdir / d).glob("*.json")}

        def build(pid: str, sub: object, bodies: dict[str, Path] = bodies) -> Node | None:
            if pid not in bodies:
                return None
            author, created, votes = _reddit_meta(bodies[pid])
            kids = [build(k, v) for k, v in sub.items()] if isinstance(sub, dict) else []
            return Node(_reddit_body(bodies[pid]), author, created, votes, [c for c in kids if c])

        ((root_id, sub),) = structure.items()
        if tree := build(root_id, sub):
            yield tree


def aita_trees(folder: Path, limit: int, skip: int = 0, max_top: int = 4, per_top: int = 10,
               max_children: int = 3) -> Iterator[Node]:
    """r/AmItheAsshole threads as gold trees, pruned as :func:`argmap.lab.structure_data.aita_threads`
    prunes them (cut replies become "load more comments" lines). The export has no authors or
    times: each comment gets its own made-up author (``user<id>``) and the post's time, so neither
    tells anything about the tree."""
    files = sorted(folder.glob("post_thread_*.json"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    for path in files[skip:][:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        count = iter(range(1, 1 << 30))

        def build(node: dict, budget: list[int], count: Iterator[int] = count) -> Node:
            budget[0] -= 1
            replies = node.get("comments") or node.get("replies") or []
            kids: list[Node] = []
            for child in replies[:max_children]:
                if budget[0] <= 0:
                    break
                kids.append(build(child, budget))
            return Node(str(node.get("content") or ""), f"user{next(count)}", 1.6e9, int(node.get("score") or 1),
                        kids, more=len(replies) - len(kids))

        tops = [build(c, [per_top]) for c in (data.get("comments") or [])[:max_top]]
        yield Node(str(data.get("post content") or ""), "op", 1.6e9, 1, tops)
