"""Mastodon (and other Mastodon-API servers') statuses: a conversation as the API returns it.

Accepted files:

* ``{"status": STATUS, "ancestors": [...], "descendants": [...]}``: a status and its
  ``/api/v1/statuses/ID/context`` response in one object (what :mod:`argmap.readers.url` reads);
* the context response alone, ``{"ancestors": [...], "descendants": [...]}``;
* a list of statuses, in any order;
* a single status.

Comments are ``ancestors + [status] + descendants`` (or the list order); ``in_reply_to_id`` gives
the parent. A status replying to one not in the file (a partial context) becomes a root, its
``meta["in_reply_to_id"]`` keeping the link. ``content`` is HTML; a content warning
(``spoiler_text``) is kept as a first line ``CW: …``. The author is the account's ``acct``.

>>> import json, tempfile, pathlib
>>> status = {"id": "2", "in_reply_to_id": "1", "account": {"acct": "bob@x.social"},
...           "content": "<p>No, <span>coffee</span>.</p>", "created_at": "2024-05-01T10:00:00.000Z"}
>>> context = {"ancestors": [{"id": "1", "in_reply_to_id": None, "account": {"acct": "ann"},
...                           "content": "<p>Tea is best.</p>"}],
...            "descendants": [{"id": "3", "in_reply_to_id": "2", "account": {"acct": "cy"},
...                             "content": "<p>Why?</p>", "spoiler_text": "drinks"}]}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "m.json"; _ = p.write_text(json.dumps({"status": status, **context}))
>>> t = read(p)
>>> t.id, [(c.id, c.parent_id, c.author) for c in t.comments]
('1', [('1', None, 'ann'), ('2', '1', 'bob@x.social'), ('3', '2', 'cy')])
>>> [c.text for c in t.comments]
['Tea is best.', 'No, coffee.', 'CW: drinks\\nWhy?']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import as_dict, as_id, as_list, as_str, as_time, finish_tree, html_to_text, load_json

META_KEYS = ("url", "uri", "replies_count", "reblogs_count", "favourites_count", "language")


def _is_status(item: Any) -> bool:
    return isinstance(item, dict) and "id" in item and "content" in item and (
        "account" in item or "in_reply_to_id" in item)


def looks_like(data: Any) -> bool:
    """A status, a list of statuses, or a context (``ancestors`` + ``descendants``).

    >>> looks_like({"ancestors": [], "descendants": []}), looks_like([{"id": "1", "content": "", "account": {}}])
    (True, True)
    >>> looks_like({"content": "hi"})
    False
    """
    if isinstance(data, dict):
        context = isinstance(data.get("ancestors"), list) and isinstance(data.get("descendants"), list)
        return context or _is_status(data)
    return isinstance(data, list) and bool(data) and all(_is_status(i) for i in data[:20])


def statuses(data: Any) -> list[dict[str, Any]]:
    """The statuses of an accepted file, in thread order (ancestors, the status, descendants)."""
    if isinstance(data, list):
        items = data
    elif "ancestors" in data or "descendants" in data:
        status = data.get("status")
        items = [*as_list(data.get("ancestors")), *([status] if isinstance(status, dict) else []),
                 *as_list(data.get("descendants"))]
    else:
        items = [data]
    return [i for i in items if isinstance(i, dict)]


def _text(status: dict[str, Any]) -> str:
    body = html_to_text(status.get("content"))
    warning = (as_str(status.get("spoiler_text")) or "").strip()
    return f"CW: {warning}\n{body}" if warning else body


def parse(data: Any, path: str | Path) -> Thread:
    """A Thread from already-parsed Mastodon JSON (see the module docstring for what is accepted)."""
    if not looks_like(data):
        raise InputError(path, "not Mastodon statuses (no status, list of statuses, or ancestors/descendants)")
    items = statuses(data)
    if not items:
        raise InputError(path, "Mastodon JSON holds no status")
    ids = [as_id(path, s.get("id"), f"status {n + 1}") for n, s in enumerate(items)]
    present = set(ids)
    comments: list[Comment] = []
    for status, sid in zip(items, ids, strict=True):
        reply_to = as_str(status.get("in_reply_to_id"))
        meta = {k: status[k] for k in META_KEYS if as_str(status.get(k)) is not None}
        if reply_to is not None and reply_to not in present:
            meta["in_reply_to_id"], reply_to = reply_to, None
        account = as_dict(status.get("account"))
        author = as_str(account.get("acct")) or as_str(account.get("username"))
        comments.append(Comment(sid, reply_to, author, as_time(status.get("created_at")), _text(status), meta=meta))
    root = next((c for c in comments if c.parent_id is None), comments[0])
    return Thread(root.id, finish_tree(path, comments), title="", origin=str(path), format="mastodon")


def read(path: str | Path) -> Thread:
    """Read a Mastodon status / context JSON file."""
    return parse(load_json(path), path)
