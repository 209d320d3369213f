"""CMV-modes (Hidey et al. 2017, v2.0) threads as gold argumentative units and relations.

``cmv-modes/data/{train,valid,test}/*.xml`` tag units inline: ``<claim id rel ref>`` and
``<premise …>`` inside ``<OP author>`` / ``<reply id author>`` posts; the ``<title>`` holds the main
claim. Posts form one chain (each reply answers the post before it, OP first). The files are not
all well-formed XML, so tags are read with a regular expression and the text between them is
HTML-unescaped.

A post's text is built the way argmap's Reddit reader builds a root: the OP is ``title + "\\n" +
body``, so the title is the OP's ``main_claim`` unit. Relations map onto argmap's two kinds:
support / agreement / partial_agreement / understand → ``supports``; attack, rebuttal, undercutter
and their variants, disagreement → ``attacks``.

>>> t = parse_thread('<thread ID="x"><title><claim>CMV: tea.</claim></title>'
...     '<OP author="a">I <claim id="0" rel="agreement" ref="title">like tea</claim>.</OP>'
...     '<reply id="r1" author="b"><claim id="1" rel="rebuttal" ref="0">No</claim>, '
...     '<premise id="2" rel="support" ref="1">coffee &amp; cake</premise>.</reply></thread>', "train")
>>> [(p.id, p.text) for p in t.posts]
[('x', 'CMV: tea.\\nI like tea.'), ('r1', 'No, coffee & cake.')]
>>> [(u.uid, u.role, t.posts[u.post].text[u.start:u.end]) for u in t.units]  # doctest: +NORMALIZE_WHITESPACE
[('title', 'main_claim', 'CMV: tea.'), ('0', 'claim', 'like tea'), ('1', 'claim', 'No'),
 ('2', 'premise', 'coffee & cake')]
>>> t.relations
[('0', 'title', 'supports'), ('1', '0', 'attacks'), ('2', '1', 'supports')]
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from argmap.errors import InputError
from argmap.model import Comment, Thread

ROLES = ("main_claim", "claim", "premise")
SPLITS = ("train", "valid", "test")
SUPPORTS = frozenset({"support", "agreement", "partial_agreement", "understand"})

_POST = re.compile(r"<(OP|reply)([^>]*)>(.*?)</\1>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TAG = re.compile(r"<(/?)(claim|premise)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_THREAD_ID = re.compile(r'<thread ID="([^"]+)"')


@dataclass
class GoldUnit:
    """One annotated unit: ``posts[post].text[start:end]`` is its text."""

    uid: str
    post: int
    start: int
    end: int
    role: str
    rel: str | None = None
    refs: tuple[str, ...] = ()


@dataclass
class GoldPost:
    id: str
    author: str
    text: str
    parent: int | None


@dataclass
class GoldThread:
    id: str
    split: str
    posts: list[GoldPost] = field(default_factory=list)
    units: list[GoldUnit] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (source uid, target uid, kind)

    def to_thread(self) -> Thread:
        """The posts as an argmap :class:`Thread` (a reply chain, the OP its root)."""
        comments = [Comment(p.id, self.posts[p.parent].id if p.parent is not None else None, author=p.author,
                            text=p.text, position=i, depth=i) for i, p in enumerate(self.posts)]
        title = self.posts[0].text.split("\n", 1)[0] if self.posts else ""
        return Thread(self.id, comments, title=title, format="reddit")


def relation_kind(rel: str) -> str:
    """argmap's relation kind for a CMV-modes relation label.

    >>> relation_kind("agreement"), relation_kind("undercutter_attack")
    ('supports', 'attacks')
    """
    return "supports" if rel in SUPPORTS else "attacks"


def _inline(raw: str, post: int, units: list[GoldUnit], role_of_claim: str = "claim") -> str:
    """Text of one tagged fragment with its tags removed; the units it tags appended to ``units``."""
    out: list[str] = []
    length = 0
    open_: list[tuple[str, dict[str, str], int]] = []
    pos = 0
    for m in _TAG.finditer(raw):
        piece = html.unescape(raw[pos : m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2), dict(_ATTR.findall(m.group(3)))
        if not closing:
            open_.append((tag, attrs, length))
        elif open_:
            tag, attrs, start = open_.pop()
            role = role_of_claim if tag == "claim" else "premise"
            refs = tuple(re.sub(r"[a-z]+$", "", r) if r != "title" else r
                         for r in attrs.get("ref", "").split("_") if r)
            units.append(GoldUnit(attrs.get("id", f"u{len(units)}"), post, start, length, role,
                                  attrs.get("rel"), refs))
    out.append(html.unescape(raw[pos:]))
    return "".join(out)


def _trim(text: str, unit: GoldUnit) -> None:
    """Shrink a unit's span to exclude surrounding whitespace (and to lie inside ``text``)."""
    unit.start, unit.end = max(0, unit.start), min(len(text), unit.end)
    while unit.start < unit.end and text[unit.start].isspace():
        unit.start += 1
    while unit.end > unit.start and text[unit.end - 1].isspace():
        unit.end -= 1


def parse_thread(xml: str, split: str, name: str = "") -> GoldThread:
    """One CMV-modes XML file's text as a :class:`GoldThread`."""
    m = _THREAD_ID.search(xml)
    thread = GoldThread(m.group(1) if m else name, split)
    title_units: list[GoldUnit] = []
    tm = _TITLE.search(xml)
    title = _inline(tm.group(1), 0, title_units, "main_claim").strip() if tm else ""
    for u in title_units:
        u.uid, u.rel, u.refs = "title", None, ()
    for i, pm in enumerate(_POST.finditer(xml)):
        attrs = dict(_ATTR.findall(pm.group(2)))
        units: list[GoldUnit] = []
        body = _inline(pm.group(3), i, units)
        lead = len(body) - len(body.lstrip())
        text, offset = body.strip(), -lead
        if i == 0 and title:
            raw_title = _inline(tm.group(1), 0, [], "main_claim") if tm else ""
            text, offset = title + "\n" + text, len(title) + 1 - lead
            shift = len(raw_title) - len(raw_title.lstrip())
            thread.units += [GoldUnit("title", 0, u.start - shift, u.end - shift, "main_claim") for u in title_units]
        for u in units:
            u.start, u.end = u.start + offset, u.end + offset
            _trim(text, u)
        thread.units += [u for u in units if u.end > u.start]
        post_id = thread.id if pm.group(1) == "OP" else attrs.get("id", f"p{i}")
        thread.posts.append(GoldPost(post_id, attrs.get("author", ""), text, i - 1 if i else None))
    for u in thread.units:
        _trim(thread.posts[u.post].text, u)
    known = {u.uid for u in thread.units}
    for u in thread.units:
        for ref in u.refs:
            if ref in known and ref != u.uid and u.rel:
                thread.relations.append((u.uid, ref, relation_kind(u.rel)))
    return thread


def load_split(data: Path, split: str) -> list[GoldThread]:
    """Every thread of one split (``train`` / ``valid`` / ``test``), in file-name order."""
    folder = Path(data) / "cmv-modes" / "data" / split
    if split not in SPLITS or not folder.is_dir():
        raise InputError(folder, f"no CMV-modes split {split!r} here (splits: {', '.join(SPLITS)})")
    return [parse_thread(f.read_text(encoding="utf-8"), split, f.stem) for f in sorted(folder.glob("*.xml"))]
