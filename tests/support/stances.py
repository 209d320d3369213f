"""Stance pairs whose label no reader would doubt, and the three-class decision the stance tests check."""

from __future__ import annotations

SUPPORT = [
    ("We should ban cars from the city centre.", "Absolutely, I completely agree with you. Great idea."),
    ("Brexit has been a disaster for the economy.", "Yes, exactly this. Couldn't agree more."),
]
ATTACK = [
    ("We should ban cars from the city centre.",
     "No, that is completely wrong. You have no idea what you are talking about."),
    ("Vaccines are safe and effective, the data is clear.",
     "This is nonsense and you know it. They are not safe at all."),
]


def fold3(p: dict[str, float]) -> str:
    """3-class decision from 4-class probabilities (query counts as neutral)."""
    q = dict(p)
    q["neutral"] = q.get("neutral", 0.0) + q.pop("query", 0.0)
    return max(("support", "attack", "neutral"), key=lambda k: q.get(k, 0.0))
