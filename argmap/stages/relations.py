"""Relations: which claim supports or attacks which (off with ``--no-claims``).

Reads ``Thread.claims`` with their vectors and each reply's stance; writes
``Thread.claim_relations`` and ``Thread.min_relation_score`` (the least probability a drawn link has).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "relations"
MODELS = ("relations",)


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`argmap.nlp.claim_relations.link_claims` over the batch (one model call)."""
    models = context.models
    if not models.claims:
        return
    from argmap.nlp.claim_relations import link_claims

    link_claims(threads, models.relations, models.min_relation_score)
    least = models.min_relation_score if models.min_relation_score is not None else models.relations.min_score()
    for t in threads:
        t.min_relation_score = least
