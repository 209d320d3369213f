"""A toy analysis stage, added the way ``docs/architecture.md`` says (``tests/test_stages.py`` adds it).

It reads the comment vectors of the embed stage and puts each comment under one of two topics by
how close it is to the thread's opening comment, replacing the topics stage's topics.
"""

from __future__ import annotations

from collections.abc import Sequence

from argmap.model import Thread
from argmap.stages import Context

NAME = "closeness"
MODELS: tuple[str, ...] = ()  # it reads the vectors the embed stage wrote; it loads no model
NEAR, FAR = "near the opening", "far from the opening"


def transform(threads: Sequence[Thread], context: Context) -> None:
    """Set ``Comment.topic`` (:data:`NEAR` or :data:`FAR`, by cosine 0.5 to the first comment) and
    ``Thread.topics`` of each thread."""
    for t in threads:
        if not t.comments:
            continue
        opening = t.comments[0].vector
        for c in t.comments:
            c.topic = NEAR if float(c.vector @ opening) >= 0.5 else FAR
        t.topics = {name: name.split() for name in (NEAR, FAR) if any(c.topic == name for c in t.comments)}
