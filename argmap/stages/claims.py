"""Claims: the units inside comments that argue, each with its vector (off with ``--no-claims``).

Reads the comments (texts, parents, topics); writes ``Thread.claims``, each with ``Claim.vector``
(the encoder's, read by the relations and key points stages; never exported). The role model
proposes units, the encoder embeds them (each distinct text of a thread once) and the argument
model keeps those that argue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.model import Thread
    from argmap.stages import Context

NAME = "claims"
MODELS = ("roles", "encoder", "arguing")


def transform(threads: Sequence[Thread], context: Context) -> None:
    """:func:`~argmap.nlp.claims.extract_claims`, :func:`~argmap.nlp.claim_relations.claim_vectors`,
    then :func:`~argmap.nlp.arguing.keep_arguing`, each one call for the batch."""
    models = context.models
    if not models.claims:
        return
    from argmap.nlp.arguing import keep_arguing
    from argmap.nlp.claim_relations import claim_vectors
    from argmap.nlp.claims import extract_claims

    extract_claims(threads, models.roles)
    claim_vectors(threads, models.encoder)
    keep_arguing(threads, models.arguing)
