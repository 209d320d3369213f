"""Sniff an input's format from its content (the file name is only a tie-breaker).

Content is JSON when the extension is ``.json``, or when it parses as JSON (so a ``.txt`` whose
first line is ``[Serious] …`` or a markdown link is text; see :func:`argmap.readers.detect`).
JSON is tried against each JSON reader's ``looks_like``; text is a copied thread page when it has a
site's comment headers and footers (:func:`argmap.readers.page.style_of`), a pasted thread when its
paragraphs read like conversation (quotes, replies addressing "you" or speaking as "I", openers
such as "Yes but", questions, lower-case starts, "[deleted]", bare links) and an article when
they read like prose under headings. Blank lines between paragraphs say nothing either way:
browsers and email clients put them between the comments of a copied thread too.

>>> sniff_text("Tea is great.\\nYes but why? I think your whole argument is off.\\n> great\\nThis.")
'text'
>>> sniff_text("Tea?\\n\\nYes, you are right.\\n\\nno way, I tried it.\\n\\nhttps://example.com")
'text'
>>> sniff_text("Tea Report\\n\\nTea sales rose 4% in 2024, according to the report."
...            "\\n\\nOutlook\\n\\nGrowth continues.")
'article'
"""

from __future__ import annotations

import re
from typing import Any

from argmap.readers import discourse, hackernews, mastodon, nested, reddit
from argmap.text import WORD_HEADING

#: Tried in this order: the generic ``nested`` reader last, as a Mastodon status (``content``)
#: would also pass for a nested comment.
JSON_READERS = {"reddit": reddit, "hackernews": hackernews, "discourse": discourse, "mastodon": mastodon,
                "nested": nested}

_CHAT = re.compile(
    r"(?im)^(>|\[\w+\]:|yes\b|no\b|this\.|any source|source\?|ha\b|lol|i think|i'm|i am|you\b|your\b|"
    r"well,|agreed|exactly|nope|sure,|but\b|what\b|why\b|how\b|not really|same here|edit\b|update:|"
    r"\[(deleted|removed)\]\s*$|https?://\S+\s*$)"
    r"|\byou('re|r)?\b|\?\s*$|:\)|:\(|\b(lol|lmao|haha|thanks|thank you|yeah|yup|nah|op)\b|\]\(https?://|(?-i:\bI\b)(?!\.|\])"
)
#: A paragraph that opens in lower case: casual writing, never an article's.
_LOWER_START = re.compile(r"^\s*[a-z]")
#: A heading as articles write them: ``## …``, or a short line without closing punctuation whose
#: words are mostly capitalised ("A Shift in Focus"); a casual short turn ("nice one") is not one.
_MINOR = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with"}


def is_title(line: str) -> bool:
    """A heading line of an article (see :data:`_MINOR`).

    >>> is_title("A Shift in Focus"), is_title("## Stargate"), is_title("nice one"), is_title("It was.")
    (True, True, False, False)
    """
    from argmap.readers.article import is_heading

    line = line.strip()
    if not is_heading(line):
        return False
    if line.startswith("#"):
        return True
    words = [w for w in WORD_HEADING.findall(line) if w.lower() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _LEADS_IN(line: str) -> bool:  # noqa: N802 - reads as a rule
    """A short capitalised line without closing punctuation: a heading when a long paragraph follows."""
    from argmap.readers.article import is_heading

    return is_heading(line) and line.strip()[:1].isupper()


#: Thread cues minus headings, per paragraph, above which text is a pasted thread. Measured by
#: ``argmap lab eval-sniff`` on threads and articles pasted with blank lines between paragraphs.
THRESHOLD = 0.2
#: A paragraph this long (characters) after a short capitalised line makes that line a heading.
_LONG = 200


def _score(text: str) -> float:
    """How much ``text`` reads like a conversation rather than an article (above :data:`THRESHOLD`: a thread)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 1.0
    chat = sum(1 for line in lines if _CHAT.search(line) or _LOWER_START.match(line))
    headings = sum(1 for line, after in zip(lines, [*lines[1:], ""], strict=True)
                   if is_title(line) or (_LEADS_IN(line) and len(after) >= _LONG))
    return (chat - headings) / len(lines)


def sniff_json(data: Any) -> str | None:
    """The JSON format name, or None when no JSON reader recognises the data."""
    for name, module in JSON_READERS.items():
        if module.looks_like(data):
            return name
    return None


def sniff_text(text: str) -> str:
    """``page`` (a copied thread page with its site's chrome), ``text`` (a pasted thread) or ``article``."""
    from argmap.readers.page import style_of

    if style_of(text):
        return "page"
    return "text" if _score(text) > THRESHOLD else "article"
