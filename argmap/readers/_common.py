"""What every reader shares: safe file loading, HTML-to-text, and the reply-tree check."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment

MAX_BYTES = 512 * 1024 * 1024


def read_text(path: str | Path) -> str:
    """The file as text, or an :class:`InputError` for a missing, empty, binary or non-UTF-8 file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a thread file") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror})") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"too large ({len(data) >> 20} MiB > {MAX_BYTES >> 20} MiB)")
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary content, not a text or JSON thread")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 text (bad byte at offset {err.start})") from None


def load_json(path: str | Path, text: str | None = None) -> Any:
    """Parse JSON, turning a syntax error into one line that says where the file breaks."""
    text = read_text(path) if text is None else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        what = "truncated JSON" if err.pos >= len(text.rstrip()) else "invalid JSON"
        raise InputError(path, f"{what} at line {err.lineno}, column {err.colno}: {err.msg}") from None


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"(?i)<\s*(p|br|/p|/div|div|li)\b[^>]*>")


def html_to_text(markup: str | None) -> str:
    """Plain text from the small HTML subset that Hacker News uses.

    >>> html_to_text("Yes<p>but <a href=\\"https://x.org\\">why</a> &#x27;so&#x27;?")
    "Yes\\nbut why 'so'?"
    """
    if not markup:
        return ""
    text = _BREAK.sub("\n", markup)
    text = html.unescape(_TAG.sub("", text))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def first(mapping: dict[str, Any], *keys: str, default: Any = None) -> Any:
    """The value of the first key present with a non-empty value.

    >>> first({"body": "", "text": "hi"}, "body", "text")
    'hi'
    """
    for key in keys:
        value = mapping.get(key)
        if value not in (None, ""):
            return value
    return default


def finish_tree(path: str | Path, comments: list[Comment]) -> list[Comment]:
    """Check parents exist and form no cycle; set ``depth`` and ``position``; return the comments.

    >>> cs = finish_tree("t", [Comment("a", None), Comment("b", "a"), Comment("c", "b")])
    >>> [c.depth for c in cs]
    [0, 1, 2]
    >>> finish_tree("t", [Comment("a", "b"), Comment("b", "a")])
    Traceback (most recent call last):
    argmap.errors.InputError: t: reply cycle: a -> b -> a
    """
    by_id: dict[str, Comment] = {}
    for c in comments:
        if c.id in by_id:
            raise InputError(path, f"duplicate comment id {c.id!r}")
        by_id[c.id] = c
    for c in comments:
        if c.parent_id is not None and c.parent_id not in by_id:
            raise InputError(path, f"comment {c.id!r} replies to {c.parent_id!r}, which is not in the file")
    depth: dict[str, int] = {}
    for c in comments:
        chain: list[str] = []
        node: str | None = c.id
        while node is not None and node not in depth:
            if node in chain:
                loop = chain[chain.index(node) :] + [node]
                raise InputError(path, "reply cycle: " + " -> ".join(loop))
            chain.append(node)
            node = by_id[node].parent_id
        base = -1 if node is None else depth[node]
        for offset, cid in enumerate(reversed(chain), start=1):
            depth[cid] = base + offset
    for position, c in enumerate(comments):
        c.depth, c.position = depth[c.id], position
    return comments
