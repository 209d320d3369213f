"""Hacker News JSON: Algolia ``items`` (nested ``children``) or Firebase items (``kids`` ids).

Comment text is HN's small HTML subset, turned into plain text with paragraphs on their own lines.

>>> import json, tempfile, pathlib
>>> item = {"id": 1, "type": "story", "title": "Show HN", "author": "pg", "created_at_i": 5,
...         "children": [{"id": 2, "parent_id": 1, "author": "a", "text": "Nice<p>really",
...                       "children": []}]}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "hn.json"; _ = p.write_text(json.dumps(item))
>>> t = read(p); [(c.id, c.parent_id, c.text) for c in t.comments]
[('1', None, 'Show HN'), ('2', '1', 'Nice\\nreally')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import as_id, as_list, as_str, as_time, finish_tree, html_to_text, load_json


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    items = data if isinstance(data, list) else [data]
    return [i for i in items if isinstance(i, dict)]


def looks_like(data: Any) -> bool:
    """Algolia items have ``children`` + ``created_at_i`` or ``story_id``; Firebase items ``by``/``kids``."""
    items = _items(data)
    if not items:
        return False
    head = items[0]
    algolia = "children" in head and ("created_at_i" in head or "story_id" in head or "points" in head)
    firebase = "type" in head and ("by" in head or "kids" in head) and "id" in head
    return algolia or firebase


def _text(item: dict[str, Any]) -> str:
    if item.get("deleted") or item.get("dead"):
        return "[deleted]"
    parts = [as_str(item.get("title")) or "", as_str(item.get("url")) or "", html_to_text(item.get("text"))]
    return "\n".join(p for p in parts if p)


def _algolia(root: dict[str, Any], path: str | Path) -> list[Comment]:
    """The Algolia tree depth-first, iteratively (a reply chain can be deeper than the stack)."""
    out: list[Comment] = []
    stack: list[tuple[dict[str, Any], str | None]] = [(root, None)]
    while stack:
        item, parent = stack.pop()
        cid = as_id(path, item.get("id"), f"item {len(out) + 1}")
        out.append(
            Comment(cid, parent, as_str(item.get("author")), as_time(item.get("created_at_i")), _text(item),
                    meta={k: item[k] for k in ("points", "type") if as_str(item.get(k)) is not None})
        )
        kids = [k for k in as_list(item.get("children")) if isinstance(k, dict)]
        stack.extend((kid, cid) for kid in reversed(kids))
    return out


def _firebase(items: list[dict[str, Any]], path: str | Path) -> list[Comment]:
    by_id: dict[str, dict[str, Any]] = {}
    for item in items:
        cid = as_str(item.get("id"))
        if cid is not None:
            by_id.setdefault(cid, item)
    seen: set[str] = set()
    order: list[str] = []
    for start in by_id:  # depth-first from each item not reached yet, iteratively
        stack = [start]
        while stack:
            cid = stack.pop()
            if cid in seen or cid not in by_id:
                continue
            seen.add(cid)
            order.append(cid)
            kids = [k for k in (as_str(x) for x in as_list(by_id[cid].get("kids"))) if k is not None]
            stack.extend(reversed(kids))
    comments = []
    for n, cid in enumerate(order):
        item = by_id[cid]
        parent = as_str(item.get("parent"))
        parent_id = None if parent is None or (n == 0 and parent not in by_id) else parent
        comments.append(Comment(cid, parent_id, as_str(item.get("by")), as_time(item.get("time")), _text(item),
                                meta={k: item[k] for k in ("score", "type") if as_str(item.get(k)) is not None}))
    if not comments:
        raise InputError(path, "Hacker News JSON holds no item with an id")
    return comments


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed Hacker News JSON (either API)."""
    items = _items(data)
    if not items:
        raise InputError(path, "Hacker News JSON holds no item")
    algolia = len(items) == 1 and "children" in items[0]
    comments = _algolia(items[0], path) if algolia else _firebase(items, path)
    root = items[0] if len(items) == 1 else next((i for i in items if as_str(i.get("id")) == comments[0].id), {})
    title = as_str(root.get("title")) or ""
    thread_id = as_str(root.get("story_id")) or comments[0].id
    return Thread(thread_id, finish_tree(path, comments), title=title, origin=str(path), format="hackernews")


def read(path: str | Path) -> Thread:
    """Read a Hacker News JSON export (Algolia or Firebase)."""
    return parse(load_json(path), path)
