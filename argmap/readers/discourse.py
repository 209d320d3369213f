"""Discourse topic JSON: what ``/t/SLUG/ID.json`` returns (``post_stream.posts``).

Each post becomes a comment whose id is its ``post_number`` (``"1"`` is the opening post, the
root). ``reply_to_post_number`` gives the parent; a post without one replies to the topic, i.e.
to post 1, and so does a reply to a post that is not in the file (deleted, or not fetched); its
``meta["reply_to_missing"]`` keeps the number. ``cooked`` (the rendered HTML) becomes text. A
posts-only file (``/t/ID/posts.json``: ``{"post_stream": {"posts": [...]}}``) or a bare list of
posts reads too; without post 1 the root is the topic title.

>>> import json, tempfile, pathlib
>>> topic = {"id": 7, "title": "Tabs or spaces?", "slug": "tabs", "post_stream": {"posts": [
...     {"id": 70, "post_number": 1, "username": "ann", "cooked": "<p>Tabs.</p>", "created_at": "2024-01-01T00:00:00Z"},
...     {"id": 71, "post_number": 2, "username": "bob", "cooked": "<p>Spaces &amp; tabs</p>",
...      "reply_to_post_number": None},
...     {"id": 72, "post_number": 3, "username": "cy", "cooked": "<p>Why?</p>", "reply_to_post_number": 2}]}}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.json"; _ = p.write_text(json.dumps(topic))
>>> t = read(p)
>>> t.id, t.title, [(c.id, c.parent_id, c.author, c.text) for c in t.comments]
('7', 'Tabs or spaces?', [('1', None, 'ann', 'Tabs.'), ('2', '1', 'bob', 'Spaces & tabs'), ('3', '2', 'cy', 'Why?')])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import as_dict, as_id, as_list, as_str, as_time, finish_tree, html_to_text, load_json

META_KEYS = ("id", "reply_count", "score", "like_count", "post_url")


def _posts(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    return as_list(as_dict(as_dict(data).get("post_stream")).get("posts"))


def _is_post(item: Any) -> bool:
    return isinstance(item, dict) and "post_number" in item and ("cooked" in item or "raw" in item)


def looks_like(data: Any) -> bool:
    """A topic (or posts) response: ``post_stream.posts``, or a list of posts with ``post_number``
    and ``cooked``.

    >>> looks_like({"post_stream": {"posts": [], "stream": []}}), looks_like([{"post_number": 1, "cooked": ""}])
    (True, True)
    >>> looks_like([{"text": "hi"}])
    False
    """
    if isinstance(data, dict):
        return isinstance(as_dict(data.get("post_stream")).get("posts"), list)
    return isinstance(data, list) and bool(data) and all(_is_post(i) for i in data[:20])


def _text(post: dict[str, Any]) -> str:
    if post.get("deleted_at") or post.get("user_deleted"):
        return "[deleted]"
    return html_to_text(post.get("cooked")) or (as_str(post.get("raw")) or "").strip()


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed Discourse topic JSON."""
    if not looks_like(data):
        raise InputError(path, "not a Discourse topic (no post_stream.posts)")
    topic = as_dict(data)
    title = as_str(topic.get("title")) or ""
    posts = [p for p in _posts(data) if isinstance(p, dict)]
    if not posts:
        raise InputError(path, "Discourse topic holds no posts")
    numbers = [as_id(path, p.get("post_number"), f"post {n + 1} (post_number)") for n, p in enumerate(posts)]
    present = set(numbers)
    comments: list[Comment] = []
    if "1" not in present:  # the opening post is missing: the topic itself is the root
        comments.append(Comment("1", None, text=title, meta={"missing": True}))
    for post, number in zip(posts, numbers, strict=True):
        reply_to = as_str(post.get("reply_to_post_number"))
        meta = {k: post[k] for k in META_KEYS if as_str(post.get(k)) is not None}
        if number == "1":
            parent = None
        elif reply_to is None or reply_to == number:
            parent = "1"
        elif reply_to not in present:
            parent, meta["reply_to_missing"] = "1", reply_to
        else:
            parent = reply_to
        author = as_str(post.get("username")) or as_str(post.get("name"))
        comments.append(Comment(number, parent, author, as_time(post.get("created_at")), _text(post), meta=meta))
    first_topic_id = next((as_str(p.get("topic_id")) for p in posts if as_str(p.get("topic_id"))), None)
    thread_id = as_str(topic.get("id")) or first_topic_id or Path(str(path)).stem
    meta = {k: topic[k] for k in ("slug", "posts_count", "category_id") if as_str(topic.get(k)) is not None}
    return Thread(thread_id, finish_tree(path, comments), title=title, origin=str(path), format="discourse", meta=meta)


def read(path: str | Path) -> Thread:
    """Read a Discourse topic JSON file."""
    return parse(load_json(path), path)
