"""A thread page copied out of a browser (select all, copy): Hacker News, old Reddit, new Reddit.

The site's chrome (navigation, comment headers, "reply" / "permalink …" / "Share" lines) becomes
metadata: each comment's author, time and votes. Every other non-blank line lands, unchanged and in
order, in exactly one comment. The headers carry the tree:

- **Hacker News** ("USER 3 hours ago | root | parent | prev | next [–]"): exact. A comment without
  ``parent`` is top-level; one without ``prev`` is the first reply of the comment just before it;
  one with ``prev`` is the next sibling of the deepest comment on the current path still owed a
  ``next``.
- **old Reddit** ("[–]USER 5 points 3 hours ago", footer "permalink embed save parent report
  reply"): the footer's ``parent`` tells a reply from a top-level comment; which of the previous
  comment's ancestors a reply answers is left to the learned scorer of :mod:`argmap.structure`.
- **new Reddit** ("USER", "•", "3h ago", …, votes, "Reply", "Award", "Share"): exact when the copy
  has the older redesign's "level N" lines, otherwise the learned scorer picks every parent.

Relative times ("3 hours ago") are counted back from ``captured_at`` (default: the file's
modification time) and marked ``meta["created_approximate"]``.

>>> page = '''Hacker News new | past | comments | ask | show | jobs | submit
... Tea beats coffee
... 12 points by ann 3 hours ago | hide | past | favorite | 2 comments
... bob 2 hours ago | next [–]
...
... No, coffee.
...
... reply
... cat 1 hour ago | parent | prev [–]
...
... Tea, obviously.
...
... reply'''
>>> t = parse(page, "hn.txt", captured_at=0.0)
>>> [(c.author, c.parent_id, c.text) for c in t.comments]
[('ann', None, 'Tea beats coffee'), ('bob', 'c1', 'No, coffee.'), ('cat', 'c1', 'Tea, obviously.')]
>>> [c.created for c in t.comments]
[-10800.0, -7200.0, -3600.0]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import finish_tree, read_text

STYLES = ("hackernews", "old-reddit", "new-reddit")

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hr": 3600, "hour": 3600,
          "d": 86400, "day": 86400, "w": 604800, "wk": 604800, "week": 604800, "mo": 2592000, "month": 2592000,
          "y": 31536000, "yr": 31536000, "year": 31536000}
_AGO = re.compile(r"^(?P<n>\d+|an?|one)\s*(?P<unit>[a-z]+?)s?\.?\s+ago$", re.I)
_ON_DATE = re.compile(r"^on (?P<date>[A-Z][a-z]{2} \d{1,2}, \d{4})$")
_TIME = r"(?:(?:\d+|an?|one) ?[a-z]+\.? ago|just now|on [A-Z][a-z]{2} \d{1,2}, \d{4})"

# Hacker News
_HN_NAV = re.compile(r"^Hacker News\b.*\bnew \| past \| comments\b")
_HN_SUB = re.compile(rf"^(?P<points>\d+) points? by (?P<user>\S+) (?P<time>{_TIME})(?: \|.*)?$")
_HN_HEAD = re.compile(rf"^(?P<user>\S+) (?P<time>{_TIME})(?P<links>(?: \| [a-z]+)*) \[(?:–|-|\d+ more)\]\s*$")
_HN_FOOTER = re.compile(r"^(Guidelines \| FAQ \| .*|Search:.*)$")
# old Reddit
_OLD_HEAD = re.compile(
    r"^\[[–+-]\](?P<user>\[deleted\]|[^\s\[]+)(?: ?\[[SMA](?:,[SMA])*\])?(?P<flair>.*?) "
    rf"(?P<votes>-?\d+ points?|\[score hidden\]) (?P<time>{_TIME})\*?(?: \(\d+ child(?:ren)?\))?\s*$"
)
_OLD_FOOT = re.compile(
    r"^permalink(?: (?:embed|save|unsave|parent|report|give award|reply|edit|delete|source|context))*\s*$"
)
_OLD_SUB = re.compile(rf"^submitted (?P<time>{_TIME}) by (?P<user>\S+)")
_OLD_CHROME = re.compile(r"^(load more comments(?: \(\d+ repl(?:y|ies)\))?|continue this thread|"
                         r"\d+ comments? share save hide.*|all \d+ comments?|sorted by: .*)$")
# new Reddit
_NEW_TIME = re.compile(r"^(?:\d+ ?(?:s|sec|min|m|h|hr|d|w|mo|y|yr)s?\.?|(?:\d+|an?) [a-z]+) ago$|^just now$")
_NEW_LEVEL = re.compile(r"^level (\d+)$")
_NEW_VOTES = re.compile(r"^(?:-?\d+(?:\.\d+)?k?|Vote)$")
_NEW_FOOT = {"Reply", "Award", "Share", "Report", "Save", "Follow", "Give Award", "More replies"}
_NEW_POSTED = re.compile(r"^Posted by u/(?P<user>\S+)")
_NEW_CHROME = re.compile(r"^(r/\w+|•|\d+ comments?|Share|Save|Award|Sort by: .*)$")


@dataclass
class Block:
    """One comment as the page shows it: header fields and its content lines."""

    author: str | None = None
    time: str | None = None
    votes: int | None = None
    lines: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # HN header links; "parent" for an old-Reddit reply
    level: int | None = None  # new Reddit "level N" (1 = top-level)
    closed: bool = False  # old Reddit: "load more comments" / "continue this thread" follows it


def style_of(text: str) -> str | None:
    """The site a page copy comes from, or ``None`` when the text has no thread-page chrome.

    >>> style_of("[–]ann 5 points 3 hours ago\\nTea.\\npermalink embed save report reply")
    'old-reddit'
    >>> style_of("Tea is great.\\nYes but why?") is None
    True
    """
    lines = [ln.strip() for ln in text.splitlines()]
    if any(_HN_HEAD.match(ln) for ln in lines) and ("reply" in lines or any(_HN_NAV.match(ln) for ln in lines)):
        return "hackernews"
    if any(_OLD_HEAD.match(ln) for ln in lines) and any(_OLD_FOOT.match(ln) for ln in lines):
        return "old-reddit"
    if _new_heads(lines) and "Reply" in lines:
        return "new-reddit"
    return None


def _seconds(when: str | None, captured_at: float) -> float | None:
    """POSIX seconds of a page time: relative ones counted back from ``captured_at``."""
    if not when:
        return None
    if when == "just now":
        return captured_at
    if m := _ON_DATE.match(when):
        return dt.datetime.strptime(m["date"], "%b %d, %Y").replace(tzinfo=dt.UTC).timestamp()
    if m := _AGO.match(when):
        n = 1 if m["n"].lower() in ("a", "an", "one") else int(m["n"])
        unit = m["unit"].lower()
        if unit in _UNITS:
            return captured_at - n * _UNITS[unit]
    return None


def _new_heads(lines: list[str]) -> list[int]:
    """Indices of new-Reddit comment headers: a user line, "•", then a time line."""
    return [i for i in range(len(lines) - 2)
            if lines[i + 1] == "•" and _NEW_TIME.match(lines[i + 2]) and " " not in lines[i] and lines[i]]


def _content(raw: list[str]) -> list[str]:
    return [ln for ln in raw if ln.strip()]


def _strip_tail(lines: list[str], chrome: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """``lines`` without their trailing chrome lines, and those lines."""
    end = len(lines)
    while end and chrome.match(lines[end - 1].strip()):
        end -= 1
    return lines[:end], lines[end:]


def _hackernews(lines: list[str]) -> tuple[Block, list[Block]]:
    heads = [i for i, ln in enumerate(lines) if _HN_HEAD.match(ln.strip())]
    root = Block()
    pre = _content(lines[: heads[0]] if heads else lines)
    if pre and _HN_NAV.match(pre[0].strip()):
        pre = pre[1:]
    for k, ln in enumerate(pre):
        if m := _HN_SUB.match(ln.strip()):
            root.author, root.time, root.votes = m["user"], m["time"], int(m["points"])
            pre = pre[:k] + pre[k + 1:]
            break
    root.lines = _drop_last(pre, "add comment")
    blocks = []
    for n, i in enumerate(heads):
        m = _HN_HEAD.match(lines[i].strip())
        body = _content(lines[i + 1: heads[n + 1] if n + 1 < len(heads) else len(lines)])
        if n + 1 == len(heads):  # the page's own footer follows the last comment
            body, _ = _strip_tail(body, _HN_FOOTER)
        links = {x.strip() for x in m["links"].split("|") if x.strip()}
        blocks.append(Block(m["user"], m["time"], None, _drop_last(body, "reply"), links))
    return root, blocks


def _drop_last(lines: list[str], chrome: str) -> list[str]:
    """``lines`` without a last line that is exactly the ``chrome`` link ("reply", "add comment")."""
    return lines[:-1] if lines and lines[-1].strip() == chrome else lines


def _old_reddit(lines: list[str]) -> tuple[Block, list[Block]]:
    heads = [i for i, ln in enumerate(lines) if _OLD_HEAD.match(ln.strip())]
    root = Block()
    pre = _content(lines[: heads[0]] if heads else lines)
    for k, ln in enumerate(pre):
        if m := _OLD_SUB.match(ln.strip()):
            root.author, root.time = m["user"], m["time"]
            pre = pre[:k] + pre[k + 1:]
            break
    root.lines, _ = _strip_tail(pre, _OLD_CHROME)
    blocks = []
    for n, i in enumerate(heads):
        m = _OLD_HEAD.match(lines[i].strip())
        body = _content(lines[i + 1: heads[n + 1] if n + 1 < len(heads) else len(lines)])
        foot = max((k for k, ln in enumerate(body) if _OLD_FOOT.match(ln.strip())), default=None)
        links: set[str] = set()
        if foot is None:  # a collapsed comment: no footer, perhaps "load more" lines
            body, after = _strip_tail(body, _OLD_CHROME)
        else:
            links, body, after = set(body[foot].split()) & {"parent"}, body[:foot], body[foot + 1:]
        votes = int(m["votes"].split()[0]) if m["votes"][0] != "[" else None
        closed = any(ln.strip().startswith(("load more comments", "continue this thread")) for ln in after)
        blocks.append(Block(m["user"], m["time"], votes, body, links, closed=closed))
    return root, blocks


def _new_reddit(lines: list[str]) -> tuple[Block, list[Block]]:
    stripped = [ln.strip() for ln in lines]
    heads = _new_heads(stripped)
    root = Block()
    pre = lines[: heads[0]] if heads else lines
    if heads and heads[0] and _NEW_LEVEL.match(stripped[heads[0] - 1]):
        pre = pre[:-1]
    pre = _content(pre)
    for k, ln in enumerate(pre):
        if m := _NEW_POSTED.match(ln.strip()):
            root.author = m["user"]
            if k + 1 < len(pre) and _NEW_TIME.match(pre[k + 1].strip()):
                root.time = pre[k + 1].strip()
                pre = pre[:k] + pre[k + 2:]
            else:
                pre = pre[:k] + pre[k + 1:]
            while k and _NEW_CHROME.match(pre[k - 1].strip()):  # "r/sub", "•" before "Posted by"
                pre, k = pre[: k - 1] + pre[k:], k - 1
            break
    root.lines, _ = _strip_tail(pre, _NEW_CHROME)
    blocks = []
    for n, i in enumerate(heads):
        level = _NEW_LEVEL.match(stripped[i - 1]) if i else None
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        if n + 1 < len(heads) and _NEW_LEVEL.match(stripped[stop - 1]):
            stop -= 1
        body = _content(lines[i + 3: stop])
        reply = max((k for k, ln in enumerate(body) if ln.strip() == "Reply" and k and
                     _NEW_VOTES.match(body[k - 1].strip())), default=None)
        votes, end = None, len(body)
        if reply is not None:  # votes, "Reply", "Award", "Share" …
            end, v = reply - 1, body[reply - 1].strip()
            votes = None if v == "Vote" else int(float(v.rstrip("k")) * (1000 if v.endswith("k") else 1))
        else:
            while end and body[end - 1].strip() in _NEW_FOOT:
                end -= 1
        blocks.append(Block(stripped[i], stripped[i + 2], votes, body[:end], level=int(level[1]) if level else None))
    return root, blocks


def _hn_parents(blocks: list[Block]) -> list[int]:
    """Exact parents (0 = the post, k = the k-th comment) from Hacker News header links."""
    parents: list[int] = []
    path: list[int] = []  # the last comment and its ancestors, top-level first
    for k, b in enumerate(blocks, start=1):
        if "parent" not in b.links:
            parent = 0
        elif "prev" not in b.links:
            parent = k - 1
        else:  # next sibling of the deepest comment on the path still owed a "next"
            owed = [p for p in path if "next" in blocks[p - 1].links]
            parent = parents[(owed[-1] if owed else k - 1) - 1]
        parents.append(parent)
        path = path[: path.index(parent) + 1] + [k] if parent in path else [k]
    return parents


def _level_parents(blocks: list[Block]) -> list[int]:
    """Exact parents from new-Reddit "level N" lines."""
    parents: list[int] = []
    stack: list[int] = [0]  # stack[d] = the last comment seen at level d (0 = the post)
    for k, b in enumerate(blocks, start=1):
        level = max(1, min(b.level or 1, len(stack)))
        del stack[level:]
        parents.append(stack[level - 1])
        stack.append(k)
    return parents


def _scored_parents(root: Block, blocks: list[Block], replies: list[bool | None]) -> tuple[list[int], list[float]]:
    """Parents chosen by the pasted-text parent scorer among what the page allows: a top-level
    comment answers the post and a reply never does (``replies``: the old-Reddit footer), and
    nobody answers their own comment. A "load more comments" or "continue this thread" line ends a
    list of replies, so the comment after it does not answer the comment before it. (Page times are
    too coarse to help: ruling out comments dated after the reply lowered parent accuracy on
    RumourEval.)"""
    from argmap.structure.segment import link_parents, load_model

    authors = [root.author, *(b.author for b in blocks)]
    known = [None, *replies]
    closed = [False, *(b.closed for b in blocks)]

    def allowed(j: int, cand: int) -> bool:
        if known[j] is not None and (cand == 0) == known[j]:
            return False
        if cand == j - 1 and closed[cand]:
            return False
        return not (authors[j] and authors[j] == authors[cand] and authors[j] != "[deleted]")

    links = link_parents([root.lines or [""]] + [b.lines or [""] for b in blocks], load_model(False).parent,
                         allowed=allowed)
    return [p or 0 for p, _ in links[1:]], [c for _, c in links[1:]]


def parse(text: str, path: str | Path, style: str | None = None, captured_at: float | None = None) -> Thread:
    """A Thread from the text of a copied thread page.

    Args:
        text: the copied page.
        path: where it came from (named in errors; its stem is the thread id).
        style: one of :data:`STYLES`; default: sniffed with :func:`style_of`.
        captured_at: POSIX time the page was copied, for relative times (default: now).
    """
    style = style or style_of(text)
    if style not in STYLES:
        raise InputError(path, "not a Hacker News, old Reddit or new Reddit thread page (no comment headers found)")
    captured = dt.datetime.now(dt.UTC).timestamp() if captured_at is None else captured_at
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    root, blocks = {"hackernews": _hackernews, "old-reddit": _old_reddit, "new-reddit": _new_reddit}[style](lines)
    created = [_seconds(b.time, captured) for b in [root, *blocks]]
    confidence: list[float] | None = None
    if style == "hackernews":
        parents = _hn_parents(blocks)
    elif style == "new-reddit" and blocks and all(b.level for b in blocks):
        parents = _level_parents(blocks)
    else:
        replies = [("parent" in b.links) for b in blocks] if style == "old-reddit" else [None] * len(blocks)
        parents, confidence = _scored_parents(root, blocks, replies)
    comments = []
    for k, b in enumerate([root, *blocks]):
        meta: dict = {"page_time": b.time} if b.time else {}
        if b.votes is not None:
            meta["score"] = b.votes
        if created[k] is not None and not (b.time or "").startswith("on "):
            meta["created_approximate"] = True
        if confidence is not None and k:
            meta["parent_confidence"] = round(float(confidence[k - 1]), 4)
        parent = None if k == 0 else f"c{parents[k - 1] + 1}"
        comments.append(Comment(f"c{k + 1}", parent, b.author, created[k], "\n".join(b.lines), meta=meta))
    title = root.lines[0].strip() if root.lines else ""
    meta = {"page_style": style, "parents": "exact" if confidence is None else "scored"}
    return Thread(Path(path).stem, finish_tree(path, comments), title=title, origin=str(path), format="page",
                  meta=meta)


def read(path: str | Path, captured_at: float | None = None) -> Thread:
    """Read a copied thread page; relative times count back from ``captured_at`` (default: the
    file's modification time)."""
    if captured_at is None:
        try:
            captured_at = Path(path).stat().st_mtime
        except OSError:
            captured_at = None
    return parse(read_text(path), path, captured_at=captured_at)
