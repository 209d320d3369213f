"""A MiniLM cross-encoder that reads two consecutive lines of a pasted thread together and scores
whether the second starts a new comment (a reply) rather than continues the first line's comment.

Hand cues ("Also,", "> quote", "Yes but") and embedding similarity miss much of what tells a
reply from a second paragraph; reading the end of the previous line and the start of the line
together catches more (a change of voice, an answer to a question, a sentence left hanging). The
score is one feature of the pasted-text segmenter's boundary scorer (``pair_logit`` in
:mod:`argmap.structure.segment`), which weighs it against the others.

The network is :func:`argmap.nlp.stance.build_network` with two outputs; the embeddings and
lowest layers stay those of the installed base MiniLM, so only the trained top layers ship
(``boundary_model/``, fp16). ``argmap lab train-boundary`` rebuilds it from ``../shared/data``
(:mod:`argmap.lab.boundary_train`).

>>> m = BoundaryModel.load()
>>> m is None or m.logits(["Tea is the best drink."], ["Yes but why?"]).shape == (1,)
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

SHIPPED = Path(__file__).with_name("boundary_model")
WEIGHTS = "boundary.safetensors"
CONFIG = "boundary_config.json"


def pair_ids(tok: Any, before: Sequence[str], lines: Sequence[str], prev_tokens: int, line_tokens: int
             ) -> list[tuple[list[int], list[int]]]:
    """``(input_ids, token_type_ids)`` per pair: ``[CLS] end of before [SEP] start of line [SEP]``.

    The *end* of the previous line is kept (where a comment trails off or asks its question) and
    the *start* of the line (where a reply announces itself).
    """
    from argmap.nlp.stance import token_ids

    cls, sep = tok.cls_token_id, tok.sep_token_id
    known = token_ids(tok, [*before, *lines])
    out = []
    for a, b in zip(before, lines, strict=True):
        ia, ib = known[a][-prev_tokens:] if prev_tokens else [], known[b][:line_tokens]
        head = [cls, *ia, sep]
        out.append((head + ib + [sep], [0] * len(head) + [1] * (len(ib) + 1)))
    return out


class BoundaryModel:
    """The loaded cross-encoder; :meth:`logits` gives the log-odds that each line starts a comment."""

    def __init__(self, net: Any, tok: Any, prev_tokens: int, line_tokens: int):
        self.net, self.tok = net, tok
        self.prev_tokens, self.line_tokens = prev_tokens, line_tokens

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, folder: Path = SHIPPED) -> BoundaryModel | None:
        """The model in ``folder`` (written by ``argmap lab train-boundary``; default: the shipped one);
        ``None`` when there is none (the segmenter then does without its score)."""
        if not (folder / CONFIG).is_file():
            return None
        from argmap.nlp.stance import load_network

        cfg = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
        net, tok = load_network(folder / WEIGHTS, 2)
        return cls(net.eval(), tok, int(cfg["prev_tokens"]), int(cfg["line_tokens"]))

    def logits(self, before: Sequence[str], lines: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Log-odds that each line starts a new comment, given the line ``before`` it."""
        from argmap.nlp.stance import batch_logits

        z = batch_logits(self.net, pair_ids(self.tok, before, lines, self.prev_tokens, self.line_tokens), batch_size)
        return (z[:, 1] - z[:, 0]).numpy()
