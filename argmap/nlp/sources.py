"""Find what comments cite: URLs, ``[n]:`` footnotes linked to their ``[n]`` mentions, named outlets.

>>> from argmap.model import Comment, Thread
>>> t = Thread("t", [
...     Comment("a", None, text="SemiAnalysis documents that DeepSeek spent $500M[0].\\n[0]: https://semianalysis.com/x"),
...     Comment("b", "a", text="According to TechCrunch it was less. See https://tc.example/a."),
... ])
>>> for s in extract_sources(t):
...     print(s.kind, s.value, s.cited_by)
footnote https://semianalysis.com/x ['a']
outlet SemiAnalysis ['a']
outlet TechCrunch ['b']
url https://tc.example/a ['b']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from argmap.model import Source, Thread

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+", re.I)
FOOTNOTE_DEF = re.compile(r"^\s*\[(\w{1,4})\]:\s*(\S.*?)\s*$", re.M)
FOOTNOTE_REF = re.compile(r"\[(\w{1,4})\](?!:)")

_NAME = r"((?:The |the )?[A-Z][\w&.\-'’]*(?: (?:[A-Z][\w&.\-'’]*|of|for|de))*)"
#: What a named outlet publishes: "the UNESCO 2023 report", "Fraunhofer's numbers", "a Gallup poll".
_DOCUMENT = (r"(?:report|study|survey|poll|analysis|article|paper|data|numbers|figures|estimates|research|"
             r"filing|statistics)s?\b")
OUTLET_PATTERNS = (
    # "According to TechCrunch", "according to a Reuters report"
    re.compile(r"\b[Aa]ccording to (?:a |an |the )?" + _NAME),
    # "Per court filings by the administration, …"
    re.compile(r"(?:^|[.!?]\s+)Per ((?:[\w'\-]+ ){0,5}[\w'\-]+?)(?=,|\.|$)", re.M),
    # "SemiAnalysis documents that …", "The Information reported …"
    re.compile(
        _NAME + r" (?:documents|documented|reports|reported|published|publishes|estimates|estimated|"
        r"found|finds|writes|wrote|revealed|reveals|confirmed|confirms)\b"
    ),
    # "reported by Bloomberg", "(via The Verge)", "source: Reuters"
    re.compile(r"\b(?:reported by|published by|via|[Ss]ource:) " + _NAME),
    re.compile(r"\b(?:[Ii]n|[Ff]rom) (?:a |an )?" + _NAME
               + r" (?:report|article|analysis|study|filing|survey|paper)\b"),
    # "The UNESCO 2023 report found …", "Fraunhofer's numbers say …", "a Gallup poll"
    re.compile(_NAME + r" (?:(?:19|20)\d\d |own )?" + _DOCUMENT),
)
#: After a name, a lower-case word that makes the name a modifier ("the Oslo city council",
#: "Oslo residents"): what is cited is then not the name.
_MODIFIED = re.compile(
    r" (?!(?:and|or|but|so|if|when|while|because|after|before|since|until|the|a|an|that|this|these|those|which|"
    r"who|in|on|at|to|for|of|with|by|as|from|about|is|are|was|were|be|been|has|have|had|will|would|can|could|"
    r"may|might|should|must|did|does|do|it|its|they|their|he|his|she|her|we|our|you|your|i|there|not|also|just|"
    r"only|now|then|still|even|however|too|last|said|says|say|shows?|showed|found|finds|reports?|reported)\b)[a-z]")
_ARTICLE = re.compile(r"^(?:The|the|A|An) (?=[A-Z])")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_OUTLETS = {
    "i", "we", "you", "he", "she", "they", "it", "this", "that", "the", "a", "someone", "people",
    "everyone", "nobody", "who", "which", "what", "there", "here", "also", "and", "but", "so",
}


def _clean_url(url: str) -> str:
    return url.rstrip(".,;:!?)]}'\"")


def outlets_in(text: str) -> list[str]:
    """Named outlets and reports a text cites, in order, without repeats (case-insensitive).

    >>> outlets_in("Per court filings by the administration, Musk is not in charge.")
    ['court filings by the administration']
    >>> outlets_in("I think he reported it. The Information reported that scaling slowed.")
    ['The Information']
    >>> outlets_in("According to the Oslo city council, the UNESCO 2023 report and Fraunhofer's numbers, yes.")
    ['UNESCO', 'Fraunhofer']
    """
    found: list[tuple[int, int, str]] = []
    for k, pattern in enumerate(OUTLET_PATTERNS):
        for m in pattern.finditer(text):
            name = _POSSESSIVE.sub("", m.group(1).strip(" .,'"))
            if k == len(OUTLET_PATTERNS) - 1:  # "the UNESCO report": the article is the report's
                name = _ARTICLE.sub("", name)
            elif k in (0, 3) and _MODIFIED.match(text, m.end(1)):
                continue
            if name.lower() in _NOT_OUTLETS or len(name) < 2:
                continue
            found.append((m.start(1), k, name))
    seen: set[str] = set()
    at: set[int] = set()  # one name per position: the first pattern's
    out = []
    for start, _, name in sorted(found):
        if name.lower() not in seen and start not in at:
            seen.add(name.lower())
            at.add(start)
            out.append(name)
    return out


class _Registry:
    """Sources keyed by (kind, normalised value), numbered in order of first appearance."""

    def __init__(self) -> None:
        self.sources: dict[tuple[str, str], Source] = {}

    def add(self, kind: str, value: str, comment_id: str, key: str | None = None) -> Source:
        k = (kind, (key or value).lower())
        if k not in self.sources:
            self.sources[k] = Source(f"{kind}{sum(s.kind == kind for s in self.sources.values())}", kind, value)
        src = self.sources[k]
        if comment_id not in src.cited_by:
            src.cited_by.append(comment_id)
        return src


def extract_sources(thread: Thread) -> list[Source]:
    """All sources in the thread (also stored on ``thread.sources``), each with the comments citing it.

    A footnote ``[0]: url`` is one ``footnote`` source (its URL is not counted again as a ``url``),
    cited by the comment that defines it and every comment that mentions ``[0]``.
    """
    reg = _Registry()
    footnotes: dict[str, Source] = {}
    for c in thread.comments:
        for m in FOOTNOTE_DEF.finditer(c.text):
            footnotes[m.group(1)] = reg.add("footnote", _clean_url(m.group(2)), c.id, key=m.group(1))
    for c in thread.comments:
        body = FOOTNOTE_DEF.sub("", c.text)
        for ref in FOOTNOTE_REF.findall(body):
            if ref in footnotes and c.id not in footnotes[ref].cited_by:
                footnotes[ref].cited_by.append(c.id)
        for name in outlets_in(body):
            reg.add("outlet", name, c.id)
        for url in URL.findall(body):
            reg.add("url", _clean_url(url), c.id)
    order = {"footnote": 0, "outlet": 1, "url": 2}
    thread.sources = sorted(reg.sources.values(), key=lambda s: order[s.kind])
    return thread.sources


def cited_sources(thread: Thread, comment_id: str) -> Iterable[Source]:
    """The sources one comment cites."""
    return (s for s in thread.sources if comment_id in s.cited_by)
