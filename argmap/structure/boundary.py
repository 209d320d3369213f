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

    def __init__(self, net: Any, tok: Any, prev_tokens: int, line_tokens: int, session: Any = None,
                 folder: Path = SHIPPED):
        self._net, self.tok, self.session = net, tok, session  # session: fp32 ONNX Runtime, when installed
        self.prev_tokens, self.line_tokens, self.folder = prev_tokens, line_tokens, folder

    @property
    def net(self) -> Any:
        """The torch network (built on first use when the model was opened from its session)."""
        if self._net is None:
            from argmap.nlp.stance import load_network

            self._net = load_network(self.folder / WEIGHTS, 2)[0].eval()
        return self._net

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, folder: Path = SHIPPED) -> BoundaryModel | None:
        """The model in ``folder`` (written by ``argmap lab train-boundary``; default: the shipped one);
        ``None`` when there is none (the segmenter then does without its score)."""
        if not (folder / CONFIG).is_file():
            return None
        from argmap.nlp import onnx_int8
        from argmap.nlp.encoder import default_model_path, model_files
        from argmap.nlp.stance import PAIR_INPUTS, PairEncoder, load_network
        from argmap.nlp.wordpiece import WordPiece

        cfg = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
        sizes = int(cfg["prev_tokens"]), int(cfg["line_tokens"])
        # an fp32 session exported by an earlier run is found from the weight files: then the
        # network is not built, and neither torch nor transformers is imported
        key = onnx_int8.files_key("boundary", PAIR_INPUTS, [folder / WEIGHTS, folder / CONFIG,
                                                            *model_files(default_model_path())], onnx_int8.FP32)
        session = onnx_int8.cached_session(key, PAIR_INPUTS)
        fast = WordPiece.load(default_model_path()) if session is not None else None
        if fast is not None:
            return cls(None, fast, *sizes, session=session, folder=folder)
        net, tok = load_network(folder / WEIGHTS, 2)
        model = cls(net.eval(), tok, *sizes, folder=folder)
        if onnx_int8.available():
            example = PairEncoder.collate(pair_ids(tok, ["a line"], ["a reply"], *sizes))
            model.session = onnx_int8.try_session(net, example, key=key, quantize=False)
        return model

    def logits(self, before: Sequence[str], lines: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Log-odds that each line starts a new comment, given the line ``before`` it."""
        from argmap.nlp.encoder import length_sorted_batches
        from argmap.nlp.stance import PairEncoder, batch_logits

        items = pair_ids(self.tok, before, lines, self.prev_tokens, self.line_tokens)
        if self.session is None:
            z = batch_logits(self.net, items, batch_size).numpy()
        else:
            z = np.zeros((len(items), 2), dtype=np.float32)
            for idx in length_sorted_batches([len(i) for i, _ in items], batch_size):
                z[idx] = self.session(PairEncoder.collate_numpy([items[i] for i in idx]))
        return z[:, 1] - z[:, 0]
