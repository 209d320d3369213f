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
from dataclasses import dataclass

_QUOTE = re.compile(r"^\s*(?:>|&gt;)+\s?")
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


def _pieces(text: str, start: int, end: int, clauses: bool) -> list[tuple[int, int]]:
    """Sentence (and clause) spans of ``text[start:end]``."""
    cuts = [start]
    seg = text[start:end]
    for m in _SENT_END.finditer(seg):
        if not _ABBREV.search(seg[: m.start()]):
            cuts.append(start + m.end())
    if clauses:
        cuts += [start + m.end() for m in _CLAUSE.finditer(seg)]
    cuts = sorted(set(cuts)) + [end]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        a, b = _strip(text, a, b)
        while b > a and text[b - 1] in ",;:":
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            out.append((a, b))
    return out


def spans(text: str, clauses: bool = True) -> list[Span]:
    """Candidate spans of ``text`` in order (see the module docstring)."""
    out: list[Span] = []
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
        if q := _QUOTE.match(text[a:b]):
            qa, qb = _strip(text, a + q.end(), b)
            if qb > qa:
                out.append(Span(qa, qb, text[qa:qb], "quote", line_no, para))
            continue
        if _LINK_ONLY.match(text[a:b]):
            out.append(Span(a, b, text[a:b], "link", line_no, para))
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
        kind = "meta" if _GREETING.match(text[a:b]) else "text"
        for sa, sb in _pieces(text, a, b, clauses and kind == "text"):
            out.append(Span(sa, sb, text[sa:sb], kind, line_no, para))
    return out
