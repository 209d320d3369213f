"""Reddit API JSON: ``[submission listing, comment listing]`` as ``/comments/<id>.json`` returns it.

The submission becomes the root comment (title + self text); ``t1`` comments follow depth-first;
``more`` stubs are skipped (:mod:`argmap.readers.url` expands them when it fetches a thread).
The API sends text HTML-escaped (``&gt;`` for ``>``): ``title``, ``selftext`` and ``body`` are
unescaped, so a quoted line reads ``> quote`` as its author typed it.

>>> import json, tempfile, pathlib
>>> data = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
...     "id": "abc", "title": "Tea?", "selftext": "", "author": "op", "created_utc": 1.0}}]}},
...     {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
...     "id": "c1", "parent_id": "t3_abc", "body": "&gt; Tea?\\nYes &amp; no.", "author": "u", "created_utc": 2.0,
...     "replies": ""}}]}}]
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.json"; _ = p.write_text(json.dumps(data))
>>> t = read(p); (t.id, t.title, [(c.id, c.parent_id) for c in t.comments])
('abc', 'Tea?', [('abc', None), ('c1', 'abc')])
>>> t.comments[1].text
'> Tea?\\nYes & no.'
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import as_dict, as_id, as_list, as_str, as_time, finish_tree, load_json


def looks_like(data: Any) -> bool:
    """True for a Reddit ``Listing`` or a list of them."""
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(isinstance(i, dict) and i.get("kind") == "Listing" for i in items)


def post_text(obj: dict[str, Any]) -> tuple[str, str]:
    """``(title, text)`` of one Reddit post or comment object: a ``t3``/``t1`` thing, the bare
    ``data`` of one, a Listing around it, or its ``data`` stored as a Python repr (RumourEval does
    that). Comments have no title; a stub without a post gives ``("", "")``.

    >>> post_text({"kind": "t1", "data": {"body": "Yes."}})
    ('', 'Yes.')
    >>> post_text({"kind": "Listing", "data": {"children": [{"data": {"title": "Tea?", "selftext": "Hot."}}]}})
    ('Tea?', 'Hot.')
    """
    import ast

    d = obj.get("data", obj)
    if isinstance(d, str):
        d = ast.literal_eval(d)
    if "children" in d:  # a Listing around the submission, or a "more comments" stub
        kids = d["children"]
        if not kids or not isinstance(kids[0], dict):
            return "", ""
        d = kids[0]["data"]
    return d.get("title", "") or "", d.get("selftext") or d.get("body") or ""


def _strip(fullname: str | None) -> str | None:
    return fullname.split("_", 1)[1] if fullname and "_" in fullname else fullname


def _text(value: Any) -> str:
    """A Reddit text field with its HTML entities decoded: the API sends ``&gt;`` for ``>``."""
    return html.unescape(value) if isinstance(value, str) else ""


def _walk(children: list[Any], path: str | Path, out: list[Comment]) -> None:
    """Append the ``t1`` comments of ``children`` and their replies, depth-first, without recursing
    (a reply chain can be deeper than Python's stack)."""
    stack = list(reversed(children))
    while stack:
        child = stack.pop()
        if not isinstance(child, dict) or child.get("kind") != "t1":
            continue  # "more" stubs carry no text
        d = as_dict(child.get("data"))
        out.append(
            Comment(
                id=as_id(path, d.get("id"), f"comment {len(out) + 1}"),
                parent_id=_strip(as_str(d.get("parent_id"))),
                author=as_str(d.get("author")),
                created=as_time(d.get("created_utc")),
                text=_text(d.get("body")),
                meta={k: d[k] for k in ("score", "permalink", "subreddit") if as_str(d.get(k)) is not None},
            )
        )
        replies = as_dict(d.get("replies"))
        stack.extend(reversed(as_list(as_dict(replies.get("data")).get("children"))))


def more_stubs(data: Any) -> list[dict[str, Any]]:
    """The ``data`` of every ``more`` stub in parsed Reddit JSON (the comments the API left out).

    >>> more_stubs([{"kind": "Listing", "data": {"children": [{"kind": "more", "data": {"count": 2,
    ...     "children": ["x", "y"], "parent_id": "t3_abc"}}]}}])
    [{'count': 2, 'children': ['x', 'y'], 'parent_id': 't3_abc'}]
    """
    stubs: list[dict[str, Any]] = []
    stack = [c for listing in (data if isinstance(data, list) else [data])
             for c in as_list(as_dict(as_dict(listing).get("data")).get("children"))]
    while stack:
        child = stack.pop()
        if not isinstance(child, dict):
            continue
        d = as_dict(child.get("data"))
        if child.get("kind") == "more":
            stubs.append(d)
        stack.extend(as_list(as_dict(as_dict(d.get("replies")).get("data")).get("children")))
    return stubs


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed Reddit JSON."""
    listings = data if isinstance(data, list) else [data]
    comments: list[Comment] = []
    title, thread_id, meta = "", Path(str(path)).stem, {}
    for listing in listings:
        children = as_list(as_dict(as_dict(listing).get("data")).get("children"))
        for child in children:
            if isinstance(child, dict) and child.get("kind") == "t3":
                d = as_dict(child.get("data"))
                thread_id, title = as_id(path, d.get("id"), "the submission"), _text(d.get("title"))
                text = "\n".join(x for x in (title, _text(d.get("selftext")), as_str(d.get("url")) or "") if x)
                meta = {k: d[k] for k in ("subreddit", "permalink", "score", "url") if as_str(d.get(k)) is not None}
                comments.append(Comment(thread_id, None, as_str(d.get("author")), as_time(d.get("created_utc")),
                                        text, meta=meta))
        _walk(children, path, comments)
    if not comments:
        raise InputError(path, "Reddit JSON holds no submission or comment")
    if comments[0].parent_id is not None:  # comments only: their common parent is the root
        roots = {c.parent_id for c in comments if c.parent_id is not None} - {c.id for c in comments}
        if len(roots) == 1:
            comments.insert(0, Comment(roots.pop(), None, text=""))
    return Thread(thread_id, finish_tree(path, comments), title=title, origin=str(path), format="reddit", meta=meta)


def read(path: str | Path) -> Thread:
    """Read a Reddit API JSON export."""
    return parse(load_json(path), path)
