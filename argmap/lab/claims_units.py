"""Where CMV-modes' gold units sit against argmap's candidate spans, and where the exact-span misses
of a role model come from (``argmap lab claim-units``).

A gold unit (post, start, end) is, against the ``text`` candidates of its post:

* ``exact``: one candidate's span;
* ``inside``: strictly part of one candidate (a cut is missing);
* ``run``: the union of two or more consecutive whole candidates (a cut is extra);
* ``cross``: its edges fall inside candidates and it spans more than one (cuts missing and extra);
* ``outside``: it overlaps no candidate (a quoted, link or meta line).

Each of the last four is also counted as ``... (punctuation only)`` when it would be ``exact`` if
edge punctuation were ignored.

>>> from argmap.nlp.claim_spans import Span
>>> c = [Span(0, 5, "", "text", 0, 0), Span(6, 10, "", "text", 0, 0)]
>>> [placement(u, c) for u in ((0, 5), (1, 4), (0, 10), (2, 8), (11, 12))]
['exact', 'inside', 'run', 'cross', 'outside']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from argmap.nlp.claim_spans import Span

PLACES = ("exact", "inside", "run", "cross", "outside")
_EDGE = " \t\n.,;:!?\"'()[]*"


def placement(unit: tuple[int, int], cands: Sequence[Span]) -> str:
    """Where a gold ``(start, end)`` lies against candidate spans (see the module docstring)."""
    a, b = unit
    over = [s for s in cands if min(b, s.end) > max(a, s.start)]
    if not over:
        return "outside"
    if len(over) == 1:
        s = over[0]
        return "exact" if (s.start, s.end) == (a, b) else "inside" if s.start <= a and b <= s.end else "cross"
    return "run" if over[0].start == a and over[-1].end == b else "cross"


def _core(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def unit_placements(golds: Sequence, splitter: Callable[[str], list[Span]]) -> Counter:
    """Counts of gold units per :func:`placement` (and ``<place> (punctuation only)``) against the
    ``text`` candidates ``splitter(post text)`` gives; ``units`` is the total."""
    n: Counter = Counter()
    for g in golds:
        for i, p in enumerate(g.posts):
            cands = [s for s in splitter(p.text) if s.kind == "text"]
            cores = {_core(p.text, s.start, s.end) for s in cands}
            for u in (u for u in g.units if u.post == i):
                place = placement((u.start, u.end), cands)
                n[place] += 1
                n["units"] += 1
                if place != "exact" and _core(p.text, u.start, u.end) in cores:
                    n[f"{place} (punctuation only)"] += 1
    return n


def span_misses(golds: Sequence, predicted: Sequence, splitter: Callable[[str], list[Span]]) -> Counter:
    """Why exact-span F1 is lost. For gold units not predicted exactly: ``gold: role none`` (a candidate
    is exact but classified none), ``gold: cut missing`` / ``cut extra`` / ``cuts both`` (inside /
    run / cross), ``gold: outside``. For predicted units that are not gold: ``pred: no gold`` (no gold
    unit overlaps it), ``pred: boundary`` (one does). ``predicted``: per thread, per post, (start,
    end, …) units (:func:`argmap.lab.claims_eval.predicted_units`)."""
    names = {"inside": "cut missing", "run": "cut extra", "cross": "cuts both", "outside": "outside"}
    n: Counter = Counter()
    for g, posts in zip(golds, predicted, strict=True):
        for i, (p, pred) in enumerate(zip(g.posts, posts, strict=True)):
            cands = [s for s in splitter(p.text) if s.kind == "text"]
            gold = [(u.start, u.end) for u in g.units if u.post == i]
            mine = {(a, b) for a, b, *_ in pred}
            n["gold"] += len(gold)
            n["pred"] += len(mine)
            for unit in gold:
                if unit in mine:
                    n["exact"] += 1
                    continue
                place = placement(unit, cands)
                n[f"gold: {'role none' if place == 'exact' else names[place]}"] += 1
            for a, b in mine - set(gold):
                hit = any(min(b, d) > max(a, c) for c, d in gold)
                n[f"pred: {'boundary' if hit else 'no gold'}"] += 1
    return n


def boundary_contexts(golds: Sequence, splitter: Callable[[str], list[Span]], top: int = 15) -> dict[str, Counter]:
    """For gold unit starts that fall strictly inside a candidate: the character before the start
    (after skipping spaces), the word before it and the first word after it, as counters."""
    import re

    from argmap.text import WORD_ASCII

    before: Counter = Counter()
    after: Counter = Counter()
    prev: Counter = Counter()
    last_word = re.compile(rf"({WORD_ASCII.pattern})[\s,;:]*$")
    for g in golds:
        for i, p in enumerate(g.posts):
            cands = [s for s in splitter(p.text) if s.kind == "text"]
            for u in (u for u in g.units if u.post == i):
                for s in cands:
                    if s.start < u.start < s.end:
                        k = u.start
                        while k > s.start and p.text[k - 1].isspace():
                            k -= 1
                        before[p.text[k - 1] if not p.text[k - 1].isalnum() else "<word>"] += 1
                        m = WORD_ASCII.match(p.text, u.start)
                        after[m.group(0).lower() if m else p.text[u.start]] += 1
                        pm = last_word.search(p.text, s.start, u.start)
                        prev[pm.group(1).lower() if pm else "<none>"] += 1
    return {"char before a start inside a candidate": Counter(dict(before.most_common(top))),
            "word before it": Counter(dict(prev.most_common(top))),
            "word after it": Counter(dict(after.most_common(top)))}
