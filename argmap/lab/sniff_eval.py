"""Threads and articles as a user pastes them, to measure :func:`argmap.readers.sniff.sniff_text`.

A browser or an email client copies a thread with a blank line between paragraphs and
comments and without the site's headers. :func:`pasted` renders a gold thread tree that way
(depth-first, the post's title first); :func:`as_pasted` does the same to an article (one blank
line between its paragraphs). :func:`share` counts what the sniffer reads each text as.

>>> from argmap.lab.pages import Node
>>> pasted(Node("Tea beats coffee\\n\\nIt does.", "ann", 0.0, 1, [Node("No.", "bob", 0.0, 1)]))
'Tea beats coffee\\n\\nIt does.\\n\\nNo.\\n\\n'
>>> share(["Tea?\\n\\nYes, you are right.\\n\\nNo, you are wrong."])
{'text': 1.0}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from argmap.lab.pages import Node, _walk
from argmap.lab.structure_data import paragraphs

#: Files of the shared seeds that are articles (002 is a pasted thread).
SEED_ARTICLES = ("000", "001", "003", "004")
SEED_THREADS = ("002",)


def pasted(tree: Node) -> str:
    """The thread as pasted text: every paragraph of every comment, depth-first, blank lines between."""
    return "".join(f"{p}\n\n" for node, _, _ in _walk(tree) for p in (paragraphs(node.text) or ["[deleted]"]))


def as_pasted(text: str) -> str:
    """Text with one paragraph per line re-pasted with a blank line between paragraphs."""
    return "".join(f"{line.strip()}\n\n" for line in text.splitlines() if line.strip())


def share(texts: Iterable[str]) -> dict[str, float]:
    """The share of ``texts`` the sniffer reads as each format (``text``, ``article``, ``page``)."""
    from argmap.readers.sniff import sniff_text

    counts = Counter(sniff_text(t) for t in texts)
    total = sum(counts.values()) or 1
    return {fmt: n / total for fmt, n in sorted(counts.items())}


def seed_files(seeds: Path, stems: Iterable[str]) -> dict[str, str]:
    """``{file name: text}`` of the seed files whose names start with ``stems``."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))
            if p.name.split("_")[0] in stems}
