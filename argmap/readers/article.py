"""Articles and blog posts: one author, paragraphs become claim units.

A heading line (``## …`` or a short line without end punctuation) opens a section and is kept
with the paragraph that follows it. The first paragraph (the lede) is the root claim; each
section's first claim replies to the lede and the rest of a section to its first claim.

>>> t = parse("Tea wins\\nTea is the best drink.\\n## Health\\nTea is healthy.\\nIt has no sugar.", "a.txt")
>>> t.title
'Tea wins'
>>> for c in t.comments:
...     print(c.id, c.parent_id, repr(c.text))
p1 None 'Tea wins\\nTea is the best drink.'
p2 p1 '## Health\\nTea is healthy.'
p3 p2 'It has no sugar.'
"""

from __future__ import annotations

import re
from pathlib import Path

from argmap.errors import InputError
from argmap.model import Comment, Thread
from argmap.readers._common import finish_tree, read_text, short_title
from argmap.readers.text import lines_of

_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")


def is_heading(line: str) -> bool:
    """``## Title``, or a short line with no closing punctuation.

    >>> is_heading("## Stargate"), is_heading("A Shift in Focus"), is_heading("It was not wrong.")
    (True, True, False)
    """
    line = line.strip()
    return line.startswith("#") or (len(line) <= 80 and not _END.search(line) and not line.startswith(("-", "*")))


def parse(text: str, path: str | Path) -> Thread:
    """A Thread of claim units from article text."""
    lines = lines_of(text)
    if not lines:
        raise InputError(path, "no text lines")
    groups: list[list[str]] = []
    pending: list[str] = []
    starts_section: list[bool] = []
    for line in lines:
        pending.append(line)
        if not is_heading(line):
            starts_section.append(len(pending) > 1 or not groups)
            groups.append(pending)
            pending = []
    if pending:  # trailing headings
        (groups[-1].extend(pending) if groups else groups.append(pending))
        if len(starts_section) < len(groups):
            starts_section.append(True)
    title = short_title(groups[0][0])
    comments: list[Comment] = []
    section_head = None
    for n, (group, new_section) in enumerate(zip(groups, starts_section, strict=True)):
        cid = f"p{n + 1}"
        if n == 0:
            parent = None
        elif new_section:
            parent, section_head = "p1", cid
        else:
            parent = section_head or "p1"
        comments.append(Comment(cid, parent, text="\n".join(group)))
    return Thread(Path(path).stem, finish_tree(path, comments), title=title, origin=str(path), format="article")


def read(path: str | Path) -> Thread:
    """Read an article (plain text, one paragraph per line)."""
    return parse(read_text(path), path)
