"""Sources: the URLs, footnotes and outlets the comments cite.

Reads the comments' texts; writes ``Thread.sources``. No model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "sources"
MODELS: tuple[str, ...] = ()


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`argmap.nlp.sources.extract_sources` for each thread."""
    from argmap.nlp.sources import extract_sources

    for t in threads:
        extract_sources(t)
