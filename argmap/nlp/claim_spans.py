"""Candidate argumentative spans of a comment: sentences (and clauses at strong discourse markers),
each an exact ``text[start:end]`` slice, with what its line is.

Lines that are not the writer's own argument get a ``kind`` instead of being candidates:
``quote`` (``> …`` / ``&gt; …``: the parent's words, used to find what a reply answers), ``link``
(a URL or Markdown link alone), ``meta`` (``Edit:``/``Update:``/``TL;DR`` prefixes are cut off;
greetings and sign-offs alone). Everything else is ``text``, which the role model classifies.

>>> text = "> Tea is best.\\nNo. Coffee wins, because it has caffeine.\\nEdit: typo\\nhttps://x.example"
>>> [(s.kind, text[s.start:s.end]) for s in spans(text)]  # doctest: +NORMALIZE_WHITESPACE
[('quote', 'Tea is best.'), ('text', 'No.'), ('text', 'Coffee wins'), ('text', 'because it has caffeine.'),
 ('text', 'typo'), ('link', 'https://x.example')]
>>> all(text[s.start:s.end] == s.text for s in spans(text))
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from argmap.text import QUOTE_MARKS

_META = re.compile(r"^\s*(?:\**\s*)(?:edit|update|edit\s*\d+|ps|p\.s\.|tl;?\s?dr|eta)\s*\d*\s*[:\-–]+\s*\**\s*", re.I)
_LINK_ONLY = re.compile(r"^\s*(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?|www\.\S+)\s*[.,;]?\s*$", re.I)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|thanks?|thank you|cheers|good luck|dear \w+|greetings|regards|cmv\.?|"
    r"change my view\.?|hi all|hello all|hey all|hey guys|hi everyone)\b[\s\w,!.]{0,20}$", re.I)
# sentence ends: .!? (with closing quotes/brackets) then space; or list items "1." / "-" / "*"
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
#: clause starts that CMV-modes often annotates as a unit of their own (premise after a claim)
_CLAUSE = re.compile(r"(?<=[,;:])\s+(?=(?:and|because|since|so|but|however|although|though|which means|as|while)\b)"
                     r"|\s+(?=(?:because|since|so that)\b)", re.I)
#: a short label before a colon ("Scenario 2:", "Point 1:"), not part of the unit
_LABEL = re.compile(r"^[\w ]{1,20}\d*\s*:\s+(?=\S)")
_LIST = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|mrs|dr|st|u\.s|approx)\.$", re.I)


class Cutter(Protocol):
    """What :func:`spans` needs of a cut model (:class:`argmap.nlp.claim_cuts.CutModel`)."""

    def pieces(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]: ...


@dataclass(frozen=True)
class Span:
    """One candidate span: ``text`` equals the comment's ``text[start:end]``."""

    start: int
    end: int
    text: str
    kind: str  # text | quote | link | meta
    line: int  # index of the (non-empty) line it is on
    paragraph: int  # index of the blank-line separated paragraph


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence ranges of ``text[start:end]`` (not stripped)."""
    cuts = [start]
    seg = text[start:end]
    for m in _SENT_END.finditer(seg):
        if not _ABBREV.search(seg[: m.start()]):
            cuts.append(start + m.end())
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _clean(text: str, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` stripped of spaces (and trailing ``,;:``), those without a letter or digit left out."""
    out = []
    for a, b in ranges:
        a, b = _strip(text, a, b)
        while b > a and text[b - 1] in ",;:":
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            out.append((a, b))
    return out


def _pieces(text: str, start: int, end: int, clauses: bool) -> list[tuple[int, int]]:
    """Sentence (and clause, at the fixed markers) spans of ``text[start:end]``."""
    cuts = [start] + [b for _, b in _sentences(text, start, end)]
    if clauses:
        cuts += [start + m.end() for m in _CLAUSE.finditer(text[start:end])]
    cuts = sorted(set(cuts) | {end})
    return _clean(text, list(zip(cuts, cuts[1:], strict=False)))


def spans(text: str, clauses: bool = True, cutter: Cutter | None = None) -> list[Span]:
    """Candidate spans of ``text`` in order (see the module docstring). ``cutter`` (a
    :class:`~argmap.nlp.claim_cuts.CutModel`): cut sentences where it says instead of at the fixed
    markers (``clauses`` is then ignored)."""
    out: list[Span] = []
    todo: list[tuple[int, int, str, int, int]] = []  # text lines: start, end, kind, line, paragraph
    pos, line_no, para, blank = 0, -1, 0, False
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        a, b = _strip(text, start, end)
        if a == b:
            blank = True
            continue
        if blank and line_no >= 0:
            para += 1
        blank = False
        line_no += 1
        if q := QUOTE_MARKS.match(text[a:b]):
            qa, qb = _strip(text, a + q.end(), b)
            if qb > qa:
                todo.append((qa, qb, "quote", line_no, para))
            continue
        if _LINK_ONLY.match(text[a:b]):
            todo.append((a, b, "link", line_no, para))
            continue
        if m := _META.match(text[a:b]):
            a += m.end()
        if lm := _LIST.match(text[a:b]):
            a += lm.end()
        if (lb := _LABEL.match(text[a:b])) and len(text[a:b].split()) > 4:
            a += lb.end()
        a, b = _strip(text, a, b)
        if b <= a:
            continue
        todo.append((a, b, "meta" if _GREETING.match(text[a:b]) else "text", line_no, para))
    cut: list[list[tuple[int, int]]] = []
    if cutter is not None:
        sents = [_sentences(text, a, b) for a, b, kind, _, _ in todo if kind == "text"]
        per_sentence = iter(cutter.pieces(text, [x for ss in sents for x in ss]))
        cut = [[p for _ in ss for p in next(per_sentence)] for ss in sents]
    lines = iter(cut)
    for a, b, kind, line, par in todo:
        if kind in ("quote", "link"):
            out.append(Span(a, b, text[a:b], kind, line, par))
            continue
        if cutter is not None and kind == "text":
            ranges = _clean(text, next(lines))
        else:
            ranges = _pieces(text, a, b, clauses and kind == "text")
        out.extend(Span(sa, sb, text[sa:sb], kind, line, par) for sa, sb in ranges)
    return out
