"""What every reader shares: safe file loading, HTML-to-text, and the reply-tree check."""

from __future__ import annotations

import codecs
import html
import json
import math
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.model import Comment

MAX_BYTES = 512 * 1024 * 1024

#: Byte-order marks and the codec each one announces (UTF-32 before UTF-16: its LE mark starts the same).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(path: str | Path, data: bytes) -> str:
    """Text from bytes: UTF-8 (a byte-order mark is dropped), or UTF-16/32 when a BOM says so.

    Line ends are left alone (``str.splitlines`` reads ``\\r``, ``\\n`` and ``\\r\\n`` alike).

    >>> decode("t", "Tea?\\r> yes".encode("utf-16"))
    'Tea?\\r> yes'
    >>> decode("t", b"\\xef\\xbb\\xbfTea")
    'Tea'
    >>> decode("t", b"caf\\xe9")
    Traceback (most recent call last):
    argmap.errors.InputError: t: not UTF-8 text (bad byte at offset 3)
    """
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None:
        if b"\x00" in data[:8192]:
            raise InputError(path, "binary content, not a text or JSON thread")
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        label = "UTF-8" if codec.startswith("utf-8") else codec.upper()
        raise InputError(path, f"not {label} text (bad byte at offset {err.start})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(path, "empty file")
    if "\x00" in text[:8192]:
        raise InputError(path, "binary content, not a text or JSON thread")
    return text


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
    return decode(path, data)


def load_json(path: str | Path, text: str | None = None) -> Any:
    """Parse JSON, turning a syntax error into one line that says where the file breaks.

    Nesting deeper than Python's recursion limit, and integers too long to convert, are refused
    the same way (``json`` itself would raise ``RecursionError`` / ``ValueError``).

    >>> load_json("t.json", "[" * 100_000)
    Traceback (most recent call last):
    argmap.errors.InputError: t.json: JSON nested too deeply to read (over ~1000 levels)
    """
    text = read_text(path) if text is None else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        what = "truncated JSON" if err.pos >= len(text.rstrip()) else "invalid JSON"
        raise InputError(path, f"{what} at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to read (over ~1000 levels)") from None
    except ValueError as err:  # e.g. an integer over the 4300-digit conversion limit
        raise InputError(path, f"invalid JSON ({str(err).splitlines()[0]})") from None


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else ``{}`` (a field of the wrong type counts as missing).

    >>> as_dict({"a": 1}), as_dict([1]), as_dict(None)
    ({'a': 1}, {}, {})
    """
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else ``[]``.

    >>> as_list([1]), as_list("abc"), as_list({"a": 1})
    ([1], [], [])
    """
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """A string field: strings as they are, numbers as digits, anything else (null, lists,
    objects, booleans) ``None``.

    >>> as_str("bob"), as_str(42), as_str(3.0), as_str(True), as_str(["x"])
    ('bob', '42', '3', None, None)
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return None


def as_id(path: str | Path, value: Any, what: str = "comment") -> str:
    """An id field as a string (string or integer ids), or an :class:`InputError` naming what lacks one.

    >>> as_id("t.json", 7)
    '7'
    >>> as_id("t.json", None, "post 3")
    Traceback (most recent call last):
    argmap.errors.InputError: t.json: post 3 has no id (null)
    """
    ident = as_str(value)
    if ident is None or not ident.strip():
        shown = "null" if value is None else f"a {type(value).__name__}" if not isinstance(value, str) else "empty"
        raise InputError(path, f"{what} has no id ({shown})")
    return ident


def as_time(value: Any) -> float | None:
    """POSIX seconds from a number or an ISO 8601 string; ``None`` for anything else.

    >>> as_time(5), as_time("1970-01-01T00:00:10Z"), as_time("soon"), as_time(float("nan")), as_time(True)
    (5.0, 10.0, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value) if abs(value) < 1e15 else None
        return seconds if seconds is not None and math.isfinite(seconds) else None
    if isinstance(value, str) and len(value) < 64:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except (ValueError, OverflowError, OSError):
            return None
    return None


# ``[^<>]`` (not ``[^>]``) keeps both linear: a tag never spans another "<", so a long line full
# of unclosed "<" is scanned once instead of once per "<".
_TAG = re.compile(r"<[^<>]+>")
_BREAK = re.compile(r"(?i)<\s*(p|br|/p|/div|div|li)\b[^<>]*>")


def html_to_text(markup: Any) -> str:
    """Plain text from the small HTML subset that Hacker News, Discourse and Mastodon use.

    Anything that is not a string (null, a number by mistake) gives ``""``.

    >>> html_to_text("Yes<p>but <a href=\\"https://x.org\\">why</a> &#x27;so&#x27;?")
    "Yes\\nbut why 'so'?"
    """
    if not markup or not isinstance(markup, str):
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


def short_title(line: str, limit: int = 100) -> str:
    """A title from a thread's first line: without Markdown heading marks, cut at a word to
    ``limit`` characters with an ellipsis.

    >>> short_title("## Should cities ban cars?"), short_title("word " * 30, limit=20)
    ('Should cities ban cars?', 'word word word word…')
    """
    title = " ".join(line.lstrip("# ").split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if title[limit - 1] != " " and " " in cut:  # drop the word cut in two
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"
