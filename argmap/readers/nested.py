"""Generic JSON: nested objects with a text field and a list of replies, or a flat list with parent ids.

Text is the first of ``text``, ``body``, ``content``, ``post content``, ``selftext``, ``comment``;
replies the first list of ``children``, ``comments``, ``replies``. A flat list links by
``parent_id`` / ``parent``. The thread id is the file stem unless the JSON has ``thread_id``.
Comments keep the input's own ``id`` values when all have unique ones; otherwise ids are reply
paths (``0.1.0`` = first reply to the second reply to the root), shortened below depth 32.

>>> import json, tempfile, pathlib
>>> doc = {"title": "Tea", "text": "Tea is best.", "comments": [
...     {"author": "b", "body": "No.", "replies": [{"content": "Why?"}]}]}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.json"; _ = p.write_text(json.dumps(doc))
>>> [(c.id, c.parent_id, c.depth, c.text) for c in read(p).comments]
[('0', None, 0, 'Tea is best.'), ('0.0', '0', 1, 'No.'), ('0.0.0', '0.0', 2, 'Why?')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import as_str, as_time, finish_tree, first, load_json

TEXT_KEYS = ("text", "body", "content", "post content", "selftext", "comment")
CHILD_KEYS = ("children", "comments", "replies")
AUTHOR_KEYS = ("author", "by", "user", "username", "speaker")
TIME_KEYS = ("created_utc", "created", "timestamp", "time", "created_at", "date")
META_KEYS = ("score", "relation", "points", "url")


def _children(node: dict[str, Any]) -> list[Any]:
    for key in CHILD_KEYS:
        if isinstance(node.get(key), list):
            return node[key]
    return []


def _is_node(node: Any) -> bool:
    return isinstance(node, dict) and (any(k in node for k in TEXT_KEYS) or bool(_children(node)))


def looks_like(data: Any) -> bool:
    """A dict (or list of dicts) with a text field or a list of replies."""
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(_is_node(i) for i in items[:20])


def _comment(node: dict[str, Any], cid: str, parent: str | None) -> Comment:
    own = as_str(node.get("id"))
    return Comment(
        id=cid,
        parent_id=parent,
        author=as_str(first(node, *AUTHOR_KEYS)),
        created=as_time(first(node, *TIME_KEYS)),
        text=as_str(first(node, *TEXT_KEYS, default="")) or "",
        meta={k: node[k] for k in META_KEYS if as_str(node.get(k)) is not None}
        | ({"source_id": own} if own is not None else {}),
    )


#: Below this depth a node's id is the next position (``n1234``) instead of a dotted path, which
#: would grow with depth (a 100,000-deep chain would spell out 10^10 characters of ids).
PATH_ID_DEPTH = 32


def _walk(root: dict[str, Any], cid: str, out: list[Comment]) -> None:
    """Append ``root`` and its replies depth-first, iteratively (no recursion limit on depth)."""
    stack: list[tuple[dict[str, Any], str, str | None, int]] = [(root, cid, None, 0)]
    while stack:
        node, cid, parent, depth = stack.pop()
        out.append(_comment(node, cid, parent))
        kids = [child for child in _children(node) if isinstance(child, dict)]
        ids = [f"{cid}.{n}" if depth < PATH_ID_DEPTH else f"n{len(out)}.{n}" for n in range(len(kids))]
        stack.extend(reversed([(kid, kid_id, cid, depth + 1) for kid, kid_id in zip(kids, ids, strict=True)]))


def _flat(items: list[dict[str, Any]]) -> list[Comment]:
    out = []
    for n, item in enumerate(items):
        parent = as_str(first(item, "parent_id", "parent", "reply_to"))
        out.append(_comment(item, as_str(item.get("id")) or str(n), parent))
    return out


def _use_own_ids(comments: list[Comment]) -> None:
    """Keep the input's own ``id`` values when every node has one and they are unique."""
    own = [c.meta.get("source_id") for c in comments]
    if None in own or len({str(i) for i in own}) != len(own):
        return
    rename = {c.id: str(i) for c, i in zip(comments, own, strict=True)}
    for c in comments:
        c.id, c.parent_id = rename[c.id], rename.get(c.parent_id) if c.parent_id else None


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed generic JSON."""
    items = data if isinstance(data, list) else [data]
    if not looks_like(data):
        raise InputError(path, "JSON has no comment text (text/body/content) or replies (children/comments)")
    items = [i for i in items if isinstance(i, dict)]  # past the first 20, stray non-objects are skipped
    flat = isinstance(data, list) and any(k in i for i in items for k in ("parent_id", "parent", "reply_to"))
    comments: list[Comment] = []
    if flat:
        comments = _flat(items)
    else:
        for n, item in enumerate(items):
            _walk(item, str(n), comments)
        _use_own_ids(comments)
    head = items[0]
    thread_id = as_str(head.get("thread_id")) or Path(str(path)).stem
    title = as_str(head.get("title")) or ""
    return Thread(thread_id, finish_tree(path, comments), title=title, origin=str(path), format="nested")


def read(path: str | Path) -> Thread:
    """Read generic nested (or flat, parent-linked) JSON."""
    return parse(load_json(path), path)
