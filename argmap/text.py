"""Text helpers the models share: quoted lines, word patterns, stop words and bins.

Every shipped model reads the words, stop words and quotes it was trained on, byte for byte
(``tests/nlp/test_frozen_features.py`` holds them). Where two models split words differently, each
pattern or list stands here once under its own name, so that none is written twice and none
changes under a model.

>>> WORD.findall("i don't — 42%"), words("Tea? Yes!")
(['i', "don't", '42'], ['tea', '?', 'yes', '!'])
>>> is_quote("> Tea is best."), quoted_text("> Tea is best.\\nNo."), bucket(7, (2, 4, 7, 12))
(True, 'Tea is best.', 3)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

# Quotes: a Markdown ``>`` opens a quoted line; some sources send it HTML-escaped as ``&gt;``.
_MARK = r"(?:>|&gt;)"
#: a quoted line's marks (``>``, ``>>``, ``&gt;``) after any indent, and one space after them
QUOTE_MARKS = re.compile(rf"^\s*{_MARK}+\s?")
#: each quoted line of a text, what it quotes in group 1 (one mark stripped)
QUOTED_LINE = re.compile(rf"^\s*{_MARK}\s?(.*)$", re.M)


def is_quote(line: str, escaped: bool = True) -> bool:
    """Whether ``line`` is quoted: it opens, after any indent, with ``>`` (or, when ``escaped``,
    with ``&gt;``).

    >>> is_quote("  > due to latency"), is_quote("&gt; due"), is_quote("&gt; due", escaped=False), is_quote("Tea")
    (True, True, False, False)
    """
    s = line.lstrip()
    return s.startswith(">") or (escaped and s.startswith("&gt;"))


def quote_text(line: str) -> str:
    """What a quoted line quotes (its ``&gt;`` or its ``>`` marks dropped), as :func:`squash`
    gives it, without outer quotation marks.

    >>> quote_text('>  Due to   "latency".'), quote_text(">> Tea")
    ('due to "latency".', 'tea')
    """
    s = line.lstrip()
    s = s[4:] if s.startswith("&gt;") else s.lstrip(">")
    return squash(s).strip("\"' ")


def quoted_text(text: str) -> str:
    """What the quoted lines of ``text`` say (one mark, ``>`` or ``&gt;``, stripped from each), joined by spaces.

    >>> quoted_text("> taxes are theft\\nNo they are not.\\n>> they are")
    'taxes are theft > they are'
    """
    lines = [m.group(1).strip() for m in QUOTED_LINE.finditer(text or "")]
    return " ".join(x for x in lines if x)


def squash(text: str) -> str:
    """``text`` lower-cased, each run of whitespace one space, the ends trimmed.

    >>> squash("  Tea\\n IS   good ")
    'tea is good'
    """
    return " ".join(text.lower().split())


# Word patterns: each model keeps the one it was trained on.
#: runs of ``a``–``z``, digits and ``'`` (of lower-cased text): the boundary and parent scorers' words
WORD = re.compile(r"[a-z0-9']+")
#: :data:`WORD` and each ``?`` or ``!``: the tokens of the role, relation and argument models
WORD_OR_MARK = re.compile(WORD.pattern + r"|[?!]")
#: an ASCII letter or digit, then letters, digits, ``'``, ``’`` and ``-``, in any case: the cut model's words
WORD_CASED = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
#: two or more letters of any script, with ``'``, ``’`` and ``-`` inside: topic keywords
WORD_ANY_SCRIPT = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*[^\W\d_]")
#: runs of word characters (any script, digits) with at most one inner ``'``: key-point lengths
WORD_CHARS = re.compile(r"\w+(?:'\w+)?")
#: runs of ``a``–``z`` (of lower-cased text): the key-point matcher's content words
LETTERS = re.compile(r"[a-z]+")
#: a letter of any script, then word characters, ``'``, ``’`` and ``-``: the words of a heading
WORD_HEADING = re.compile(r"[^\W\d_][\w'’-]*")
#: runs of ASCII letters and ``'``: words either side of a unit's edge
WORD_ASCII = re.compile(r"[A-Za-z']+")


def words(text: str) -> list[str]:
    """Lower-cased word tokens and each ``?`` / ``!`` (:data:`WORD_OR_MARK`).

    >>> words("I don't think so?")
    ['i', "don't", 'think', 'so', '?']
    """
    return WORD_OR_MARK.findall(text.lower())


def words_outside(text: str, stop: frozenset[str], pattern: re.Pattern[str] = WORD, shortest: int = 3) -> list[str]:
    """The words (``pattern``) of lower-cased ``text`` that are not in ``stop`` and have at least
    ``shortest`` characters, in order.

    >>> words_outside("The tea is GOOD, or so I'm told", STRUCTURE_STOP_WORDS)
    ['tea', 'good', 'told']
    """
    return [w for w in pattern.findall(text.lower()) if len(w) >= shortest and w not in stop]


# Stop words: each list belongs to the model that was trained with it.


def _listed(text: str) -> frozenset[str]:
    """The words of a list written as one string, space-separated."""
    return frozenset(text.split())


#: the boundary and parent scorers' stop words (word overlap of lines and comments)
STRUCTURE_STOP_WORDS = _listed(
    "the a an and or but of to in on for with is are was were be been it this that i you he she they "
    "we my your his her their our me him them not no so if as at by from about just what which who do "
    "does did have has had can could would should will there here than then its it's i'm don't"
)
#: the relation model's stop words (word overlap of two units), also the argument model's (content words)
RELATION_STOP_WORDS = _listed(
    """a an the and or but if of to in on at for with by from as is are was were be been being it its this
    that these those i you he she we they me him her us them my your his our their what which who whom do does did
    have has had not no so than then there here just very can could would should will shall may might must
    about into over also more most some any all such only own same too s t don't i'm it's that's"""
)
#: the key-point matcher's stop words (lexical overlap of a text and a key point)
KEYPOINT_STOP_WORDS = frozenset([
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "is", "are", "be", "it", "that", "this", "they",
    "their", "them", "with", "as", "by", "at", "from", "should", "we", "not", "no", "can", "will", "would", "its"])
#: words topic names leave out beyond scikit-learn's English stop words: chat, filler and web words
TOPIC_EXTRA_STOP_WORDS = frozenset({
    "just", "like", "think", "really", "dont", "don't", "doesn't", "didn't", "isn't", "aren't",
    "can't", "won't", "wouldn't", "i'm", "it's", "that's", "they're", "you're", "we're", "there's",
    "yes", "yeah", "know", "thing", "things", "going", "lot", "make", "want", "say", "said", "got",
    "actually", "way", "did", "does", "let", "need", "sure", "good", "right", "mean", "gonna",
    "im", "ive", "youre", "thats", "theyre", "lol", "post", "comment", "edit", "deleted", "removed",
    "http", "https", "www", "com", "org", "people", "also", "even", "still", "much",
})  # fmt: skip
#: the commonest function words of French, Spanish, German, Italian and Portuguese: enough to keep
#: them out of topic names for threads in those languages (full lists are not needed)
FOREIGN_STOP_WORDS = _listed(
    "les des une dans pour qui que est pas sur avec sont mais comme tout fait ces cette elle ils "
    "nous vous leur plus par aux ont été être avoir très bien aussi même donc alors peut "
    "los las una por con para como pero más sus del está son hay muy todo esta ese esa eso "
    "der die das und ist nicht ein eine mit auch auf für sich dem den von sie wir aber noch wie "
    "che non per una sono del della gli anche come più questo nel alla "
    "não uma com para por mais como mas dos das ele ela isso está"
)


@lru_cache(maxsize=1)
def topic_stop_words() -> frozenset[str]:
    """What topic names leave out: scikit-learn's English stop words, :data:`TOPIC_EXTRA_STOP_WORDS`
    and :data:`FOREIGN_STOP_WORDS`.

    >>> {"the", "lol", "und"} <= topic_stop_words()
    True
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | TOPIC_EXTRA_STOP_WORDS | FOREIGN_STOP_WORDS)


def bucket(x: float, edges: Sequence[float]) -> int:
    """The bin of ``x``: how many of the ascending ``edges`` it reaches (``x >= edge``).

    >>> bucket(0, (2, 4)), bucket(2, (2, 4)), bucket(3.5, (2, 4)), bucket(9, (2, 4))
    (0, 1, 1, 2)
    """
    return bisect_right(edges, x)
