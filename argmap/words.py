"""Counts in messages: ``1 thread``, ``2 threads``, ``1 key point``.

>>> plural(1, "thread"), plural(2, "thread"), plural(0, "key point"), plural(1, "reply", "replies")
('1 thread', '2 threads', '0 key points', '1 reply')
"""

from __future__ import annotations


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one (``nouns``: an irregular plural)."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"
