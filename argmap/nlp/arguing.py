"""Units that argue: which candidate claims state or back a position, and which are chatter.

The role model (:mod:`argmap.nlp.claims`) proposes spans; this model keeps those that argue. It
is a logistic regression over the unit's embedding (the vector the relation model and the key
points read too, so nothing is embedded twice) and a few facts of form (a question, a very short
span), trained on UKP sentential (argument for / against / none) and CMV-modes spans (in a gold
unit or not) by ``argmap lab train-relations``; a unit also needs two content words (not stop
words). Laughter, thanks, "Love it.", a request for a source ("Any source?" asks, it does not
claim), greetings and sign-offs stay comment text. A root's main claim is kept whatever it says:
it is the thread's subject.

>>> from argmap.model import Claim, Comment, Thread
>>> t = Thread("t", [Comment("a", None, text="Ha ha. Cars should be banned from city centres.")])
>>> t.claims = [Claim("a:0", "a", 0, 6, "Ha ha.", "claim", .9, vector=np.zeros(384, np.float32)),
...             Claim("a:1", "a", 7, 47, "Cars should be banned from city centres.", "claim", .9,
...                   vector=np.ones(384, np.float32))]
>>> model = ArgumentModel(np.zeros(384 + len(FORM), np.float32), 0.0, {"threshold": 0.5})
>>> model.w[-len(FORM) + FORM.index("short")] = -4.0
>>> model.w[-len(FORM) + FORM.index("tiny")] = 8.0  # however likely, "Ha ha." has too few content words
>>> keep_arguing([t], model)
>>> [c.id for c in t.claims], [c.text for c in t.claims], t.claims[0].vector[:2].tolist()
(['a:0'], ['Cars should be banned from city centres.'], [1.0, 1.0])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmap.model import Claim, Thread
from argmap.nlp.claims import SHIPPED
from argmap.text import words

WEIGHTS = "arguing.safetensors"
CONFIG = "arguing_config.json"
#: the facts of form the model reads beside the vector, in order
FORM = ("question", "short", "tiny", "exclaims")


def form(text: str) -> np.ndarray:
    """Facts of form of one unit, as :data:`FORM` orders them.

    >>> form("Any source?").tolist()
    [1.0, 1.0, 1.0, 0.0]
    """
    n = len(words(text.replace("?", "").replace("!", "")))
    t = text.rstrip()
    return np.array([t.endswith("?"), n < 6, n < 3, t.endswith("!")], dtype=np.float32)


class ArgumentModel:
    """P(argues) = σ(w · [vector, form] + b); a unit is kept when it reaches ``threshold``."""

    def __init__(self, w: np.ndarray, b: float, config: dict):
        self.w = np.asarray(w, dtype=np.float32).reshape(-1)
        self.b = float(b)
        self.config = config
        self.threshold = float(config.get("threshold", 0.5))

    @staticmethod
    @lru_cache(maxsize=2)
    def load(folder: str | None = None) -> ArgumentModel:
        """The shipped model (or one saved in ``folder``), loaded once per process."""
        from safetensors.numpy import load_file

        path = Path(folder) if folder else SHIPPED
        state = load_file(str(path / WEIGHTS))
        return ArgumentModel(state["weight"], float(state["bias"].reshape(-1)[0]),
                             json.loads((path / CONFIG).read_text()))

    @staticmethod
    def fingerprint(folder: str | None = None) -> str:
        """SHA-256 of the argument model's weights and config in ``folder`` (default: the shipped one)."""
        from argmap.digest import files_hash

        return files_hash(Path(folder) if folder else SHIPPED, (WEIGHTS, CONFIG))

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """P(argues) per unit (``vectors``: one row per text)."""
        if not len(texts):
            return np.zeros(0, np.float32)
        return 1.0 / (1.0 + np.exp(-(features(vectors, texts) @ self.w + self.b)))

    def argues(self, vectors: np.ndarray, claims: Sequence[Claim]) -> tuple[np.ndarray, np.ndarray]:
        """Which units stay claims, and P(argues): a root's main claim always; any other unit when P
        reaches the threshold and it has at least ``min_content_words`` content words (one is never
        enough to argue: "Love it.", "Yes.")."""
        from argmap.nlp.claim_relations import content

        p = self.probabilities(vectors, [c.text for c in claims])
        least = int(self.config.get("min_content_words", 2))
        keep = np.array([c.role == "main_claim" or (q >= self.threshold and len(content(c.text)) >= least)
                         for c, q in zip(claims, p, strict=True)], dtype=bool)
        return keep, p


def features(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The model's input rows: each unit's vector and its facts of form (:func:`form`)."""
    return np.concatenate([vectors, np.stack([form(t) for t in texts])], axis=1)


def keep_arguing(threads: Sequence[Thread], model: ArgumentModel) -> None:
    """Drop each thread's units that do not argue (a root's main claim always stays) and number the
    rest of each comment ``<comment id>:<n>`` again; each kept unit keeps its vector (``Claim.vector``,
    which the model reads)."""
    from argmap.nlp.claim_relations import claim_matrix

    for t in threads:
        keep = np.flatnonzero(model.argues(claim_matrix(t.claims), t.claims)[0]).tolist() if t.claims else []
        counts: dict[str, int] = {}
        claims = []
        for i in keep:
            c = t.claims[i]
            n = counts[c.comment_id] = counts.get(c.comment_id, -1) + 1
            claims.append(Claim(f"{c.comment_id}:{n}", c.comment_id, c.start, c.end, c.text, c.role, c.score, c.topic,
                                vector=c.vector))
        t.claims = claims
