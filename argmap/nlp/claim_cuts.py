"""Learned cuts inside a sentence: where one argumentative unit ends and the next begins.

A *cut point* is a gap between two words of a sentence after ``,`` ``;`` ``:`` or before a
discourse marker (:data:`MARKERS`: and, but, because, which, that, if, …), and the start of a
sentence that opens with a marker. A linear model over hashed features (the words either side, the
punctuation, the lengths of both sides) gives each point ``none`` (no cut), ``cut`` (the next unit
starts at the next word) or ``drop`` (it starts after the marker word: CMV-modes leaves "but" /
"and" out of the unit that follows them). At a sentence start only ``none`` and ``drop`` apply.

It replaces the fixed marker regex of :mod:`argmap.nlp.claim_spans` when a role model's config
says ``"cuts": "learned"`` (trained by :mod:`argmap.lab.claims_cuts`).

>>> text = "Tea is good, but coffee wins because it is strong."
>>> [(p.kind, text[p.at:p.at + 4]) for p in points(text, 0, len(text))]
[('punct', 'but '), ('marker', 'beca')]
>>> model = CutModel.constant("cut")
>>> [text[a:b] for a, b in model.pieces(text, [(0, len(text))])[0]]
['Tea is good', 'but coffee wins', 'because it is strong.']
>>> [text[a:b] for a, b in CutModel.constant("drop").pieces(text, [(0, len(text))])[0]]
['Tea is good', 'coffee wins', 'it is strong.']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from argmap.text import WORD_CASED, bucket

CUT_LABELS = ("none", "cut", "drop")
#: words a cut may come before (or a unit may start after)
MARKERS = frozenset((
    "and", "but", "because", "since", "so", "which", "that", "if", "when", "while", "although", "though", "whereas",
    "however", "as", "or", "yet", "then", "thus", "therefore", "unless", "until", "where", "who", "whether", "hence",
    "also", "plus", "nor", "instead", "meaning"))
_PUNCT = ",;:"


@dataclass(frozen=True)
class Point:
    """One cut point of a sentence ``text[lo:hi]``: the left part would end at ``end`` (spaces and
    ``,;:`` stripped), the next unit would start at ``at`` (``cut``) or ``skip`` (``drop``: after the
    marker word ``word``). ``kind``: ``punct`` / ``marker`` / ``start``."""

    end: int
    at: int
    skip: int
    kind: str
    word: str
    index: int  # word index of ``word`` in the sentence


def _words(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD_CASED.finditer(text, lo, hi)]


def points(text: str, lo: int, hi: int, ws: list[tuple[int, int]] | None = None) -> list[Point]:
    """Cut points of the sentence ``text[lo:hi]`` in order (``ws``: its words, if known)."""
    ws = _words(text, lo, hi) if ws is None else ws
    out: list[Point] = []
    for i, (a, b) in enumerate(ws):
        word = text[a:b].lower()
        skip = ws[i + 1][0] if i + 1 < len(ws) else b
        if i == 0:
            if word in MARKERS and i + 1 < len(ws) and text[lo:a].strip(" \t\"'“‘*([") == "":
                out.append(Point(a, a, skip, "start", word, 0))
            continue
        gap = text[ws[i - 1][1] : a]
        punct = gap.strip()
        if punct and punct[0] in _PUNCT and not gap.startswith((".", "'")):
            kind = "punct"
        elif word in MARKERS and not punct:
            kind = "marker"
        else:
            continue
        end = ws[i - 1][1]
        while end < a and text[end] not in " \t\n" + _PUNCT:
            end += 1  # keep a closing quote or bracket with the left part
        out.append(Point(end, a, skip if word in MARKERS else a, kind, word, i))
    return out


def point_features(text: str, lo: int, hi: int, pts: Sequence[Point],
                   spans: list[tuple[int, int]] | None = None) -> list[list[str]]:
    """Feature names of each point of the sentence ``text[lo:hi]`` (``spans``: its words, if known)."""
    ws = [text[a:b].lower() for a, b in (_words(text, lo, hi) if spans is None else spans)]
    n = len(ws)
    out = []
    for p in pts:
        i = p.index
        w0, w1 = ws[i], ws[i + 1] if i + 1 < n else "</s>"
        p0 = ws[i - 1] if i > 0 else "<s>"
        p1 = ws[i - 2] if i > 1 else "<s>"
        punct = text[p.end : p.at].strip()[:1] or "_"
        right_comma = "," in text[p.at : hi]
        f = [f"k:{p.kind}", f"w0:{w0}", f"w01:{w0} {w1}", f"p0:{p0}", f"p01:{p1} {p0}", f"pw:{p0} {w0}",
             f"pu:{punct}", f"puw:{punct} {w0}", f"m:{w0 in MARKERS}", f"km:{p.kind}:{w0 in MARKERS}",
             f"l:{bucket(i, (2, 4, 7, 12, 20))}", f"r:{bucket(n - i, (2, 4, 7, 12, 20))}",
             f"wl:{w0}:{bucket(i, (4, 10))}", f"wr:{w0}:{bucket(n - i, (4, 10))}", f"rc:{right_comma}",
             f"end:{text[hi - 1 : hi]}", f"q:{'?' in text[lo:hi]}", f"rule:{_RULE.label(p)}"]
        out.append(f)
    return out


class CutModel:
    """Linear cut classifier: weights ``W`` (dim × :data:`CUT_LABELS`), bias ``b``; a point is cut
    when P(none) < ``threshold``, then ``drop`` or ``cut`` by the larger probability."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, dim: int, threshold: float = 0.5,
                 keep_rule: bool = False):
        self.W = weights.astype(np.float32)
        self.b = bias.astype(np.float32)
        self.dim = dim
        self.threshold = threshold
        #: also cut wherever the fixed rule cuts (the model may still drop the marker word there)
        self.keep_rule = keep_rule

    @staticmethod
    def constant(label: str, dim: int = 16) -> CutModel:
        """A model that gives every point ``label`` (for tests and examples)."""
        b = np.full(len(CUT_LABELS), -10.0, np.float32)
        b[CUT_LABELS.index(label)] = 10.0
        return CutModel(np.zeros((dim, len(CUT_LABELS)), np.float32), b, dim)

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        """Softmax P(none / cut / drop), one row per feature list."""
        from argmap.nlp.claims import hashed_logits, softmax

        return softmax(hashed_logits(feats, self.W, self.b, self.dim))

    def decide(self, probs: np.ndarray) -> list[str]:
        """``none`` / ``cut`` / ``drop`` per row of :meth:`probabilities`."""
        return ["none" if p[0] >= self.threshold else "drop" if p[2] > p[1] else "cut" for p in probs.tolist()]

    def pieces(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """Each sentence ``(lo, hi)`` of one comment cut where the model says (one model call for
        all of them): its pieces, not yet stripped."""
        words = [_words(text, lo, hi) for lo, hi in sentences]
        pts = [points(text, lo, hi, ws) for (lo, hi), ws in zip(sentences, words, strict=True)]
        feats = [f for (lo, hi), ps, ws in zip(sentences, pts, words, strict=True) if ps
                 for f in point_features(text, lo, hi, ps, ws)]
        decided = self.decide(self.probabilities(feats)) if feats else []
        if self.keep_rule:
            flat = [p for ps in pts for p in ps]
            decided = [d if d != "none" or p.kind == "start" or _RULE.label(p) == "none" else "cut"
                       for d, p in zip(decided, flat, strict=True)]
        labels = iter(decided)
        return cut_sentences(sentences, pts, labels)


class RuleCutter:
    """The fixed rule as a cutter: cut after ``,;:`` before ``and``/``but``/``because``/``since``/``so``/
    ``however``/``although``/``though``/``as``/``while`` and before ``because``/``since`` anywhere (as
    :mod:`argmap.nlp.claim_spans` does), but leave ``drop`` words (default ``and``, ``but``) out of
    the unit that follows them, also at a sentence start.

    >>> text = "But tea is good, and coffee wins because it is strong."
    >>> [text[a:b] for a, b in RuleCutter().pieces(text, [(0, len(text))])[0]]
    ['tea is good', 'coffee wins', 'because it is strong.']
    """

    CUT = frozenset(("and", "because", "since", "so", "but", "however", "although", "though", "as", "while"))
    ANYWHERE = frozenset(("because", "since"))

    def __init__(self, drop: Sequence[str] = ("and", "but")):
        self.drop = frozenset(drop)

    def label(self, p: Point) -> str:
        if p.kind == "start":
            return "drop" if p.word in self.drop else "none"
        if (p.kind == "punct" and p.word in self.CUT) or (p.kind == "marker" and p.word in self.ANYWHERE):
            return "drop" if p.word in self.drop and p.kind == "punct" else "cut"
        return "none"

    def pieces(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """As :meth:`CutModel.pieces`."""
        pts = [points(text, lo, hi) for lo, hi in sentences]
        return cut_sentences(sentences, pts, iter([self.label(p) for ps in pts for p in ps]))


_RULE = RuleCutter()


def cut_sentences(sentences: Sequence[tuple[int, int]], pts: Sequence[Sequence[Point]], labels: Iterator[str]
                  ) -> list[list[tuple[int, int]]]:
    """Pieces of each sentence given each point's label (``labels``: over the points of all
    sentences in order)."""
    out: list[list[tuple[int, int]]] = []
    for (lo, hi), ps in zip(sentences, pts, strict=True):
        start = lo
        mine: list[tuple[int, int]] = []
        out.append(mine)
        for p in ps:
            label = next(labels)
            if p.kind == "start":
                if label == "drop":
                    start = p.skip
                continue
            if label == "none":
                continue
            mine.append((start, p.end))
            start = p.skip if label == "drop" else p.at
        mine.append((start, hi))
    return out
