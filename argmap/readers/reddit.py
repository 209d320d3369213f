"""Reddit API JSON: ``[submission listing, comment listing]`` as ``/comments/<id>.json`` returns it.

The submission becomes the root comment (title + self text); ``t1`` comments follow depth-first;
``more`` stubs are skipped.

>>> import json, tempfile, pathlib
>>> data = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
...     "id": "abc", "title": "Tea?", "selftext": "", "author": "op", "created_utc": 1.0}}]}},
...     {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
...     "id": "c1", "parent_id": "t3_abc", "body": "Yes.", "author": "u", "created_utc": 2.0,
...     "replies": ""}}]}}]
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.json"; _ = p.write_text(json.dumps(data))
>>> t = read(p); (t.id, t.title, [(c.id, c.parent_id) for c in t.comments])
('abc', 'Tea?', [('abc', None), ('c1', 'abc')])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import finish_tree, load_json


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


def _walk(children: list[dict[str, Any]], out: list[Comment]) -> None:
    for child in children:
        if child.get("kind") != "t1":
            continue  # "more" stubs carry no text
        d = child.get("data", {})
        out.append(
            Comment(
                id=str(d.get("id")),
                parent_id=_strip(d.get("parent_id")),
                author=d.get("author"),
                created=d.get("created_utc"),
                text=d.get("body") or "",
                meta={k: d[k] for k in ("score", "permalink", "subreddit") if k in d},
            )
        )
        replies = d.get("replies")
        if isinstance(replies, dict):
            _walk(replies.get("data", {}).get("children", []), out)


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed Reddit JSON."""
    listings = data if isinstance(data, list) else [data]
    comments: list[Comment] = []
    title, thread_id, meta = "", Path(path).stem, {}
    for listing in listings:
        for child in listing.get("data", {}).get("children", []):
            if child.get("kind") == "t3":
                d = child.get("data", {})
                thread_id, title = str(d.get("id", thread_id)), d.get("title", "")
                text = "\n".join(x for x in (title, d.get("selftext", ""), d.get("url", "")) if x)
                meta = {k: d[k] for k in ("subreddit", "permalink", "score", "url") if k in d}
                comments.append(Comment(thread_id, None, d.get("author"), d.get("created_utc"), text, meta=meta))
        _walk(listing.get("data", {}).get("children", []), comments)
    if not comments:
        raise InputError(path, "Reddit JSON holds no submission or comment")
    if comments[0].parent_id is not None:  # comments only: their common parent is the root
        roots = {c.parent_id for c in comments} - {c.id for c in comments}
        if len(roots) == 1:
            comments.insert(0, Comment(roots.pop(), None, text=""))
    return Thread(thread_id, finish_tree(path, comments), title=title, origin=str(path), format="reddit", meta=meta)


def read(path: str | Path) -> Thread:
    """Read a Reddit API JSON export."""
    return parse(load_json(path), path)
