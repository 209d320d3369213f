"""Sniff an input's format from its content (the file name is only a tie-breaker).

Content is JSON when the extension is ``.json``, or when it parses as JSON (so a ``.txt`` whose
first line is ``[Serious] …`` or a markdown link is text; see :func:`argmap.readers.detect`).
JSON is tried against each JSON reader's ``looks_like``; text is a copied thread page when it has a
site's comment headers and footers (:func:`argmap.readers.page.style_of`), a pasted thread when it reads
like conversation (quotes, footnotes, replies addressing "you", openers such as "Yes but") and
an article when it reads like prose with headings or blank-line paragraphs.

>>> sniff_text("Tea is great.\\nYes but why? I think your whole argument is off.\\n> great\\nThis.")
'text'
>>> sniff_text("Tea Report\\n\\nTea sales rose 4% in 2024, according to the report."
...            "\\n\\nOutlook\\n\\nGrowth continues.")
'article'
"""

from __future__ import annotations

import re
from typing import Any

from argmap.readers import discourse, hackernews, mastodon, nested, reddit

#: Tried in this order: the generic ``nested`` reader last, as a Mastodon status (``content``)
#: would also pass for a nested comment.
JSON_READERS = {"reddit": reddit, "hackernews": hackernews, "discourse": discourse, "mastodon": mastodon,
                "nested": nested}

_CHAT = re.compile(
    r"(?im)^(>|\[\w+\]:|yes\b|no\b|this\.|any source|source\?|ha\b|lol|i think|i'm|i am|you\b|your\b|"
    r"well,|agreed|exactly|nope|sure,|but\b|what\b|why\b|how\b|not really|same here)"
    r"|\byou('re|r)?\b|\?\s*$|:\)"
)


def sniff_json(data: Any) -> str | None:
    """The JSON format name, or None when no JSON reader recognises the data."""
    for name, module in JSON_READERS.items():
        if module.looks_like(data):
            return name
    return None


def sniff_text(text: str) -> str:
    """``page`` (a copied thread page with its site's chrome), ``text`` (a pasted thread) or ``article``."""
    from argmap.readers.article import is_heading
    from argmap.readers.page import style_of

    if style_of(text):
        return "page"
    raw_lines = text.splitlines()
    lines = [line for line in raw_lines if line.strip()]
    if not lines:
        return "text"
    chat = sum(1 for line in lines if _CHAT.search(line))
    headings = sum(1 for line in lines if is_heading(line))
    blank_separated = sum(1 for line in raw_lines if not line.strip()) >= len(lines) // 2 > 0
    score = chat / len(lines) - headings / len(lines) - (0.3 if blank_separated else 0)
    return "text" if score > 0.15 else "article"
