"""A BERT WordPiece tokenizer straight from ``tokenizer.json``: no transformers, no torch.

On the CPU, with the models' int8 sessions already exported, a run needs only ONNX Runtime and
this tokenizer, so neither torch nor transformers is imported (seconds saved on every start).
:class:`WordPiece` answers the calls argmap makes of a transformers fast tokenizer, with the same
ids (a test compares them): ``tok(texts, truncation=True, max_length=N)`` (``[CLS] … [SEP]``,
cut to ``N``) and ``tok(texts, add_special_tokens=False)["input_ids"]``, plus ``cls_token_id``,
``sep_token_id``, ``pad_token_id``, ``padding_side`` and ``model_input_names``. It never changes
the Rust tokenizer's settings, so threads may call it at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class WordPiece:
    """The tokenizer of a local BERT-style model folder (see the module docstring)."""

    model_input_names = ["input_ids", "token_type_ids", "attention_mask"]
    padding_side = "right"

    def __init__(self, tokenizer: Any, cls_id: int, sep_id: int, pad_id: int):
        self._tok = tokenizer
        self.cls_token_id, self.sep_token_id, self.pad_token_id = cls_id, sep_id, pad_id

    @staticmethod
    def load(folder: str | Path) -> WordPiece | None:
        """The folder's tokenizer, or ``None`` when it is not a BERT WordPiece one with a
        ``[CLS] text [SEP]`` template (callers then use transformers)."""
        folder = Path(folder)
        try:
            from tokenizers import Tokenizer

            spec = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
            config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        except (ImportError, OSError, ValueError):
            return None
        kind, cls_name = (spec.get("model") or {}).get("type"), str(config.get("tokenizer_class", ""))
        if kind != "WordPiece" or not cls_name.startswith("Bert"):
            return None
        normalizer = spec.get("normalizer") or {}
        if bool(normalizer.get("lowercase")) != bool(config.get("do_lower_case", True)):
            return None  # transformers would rewrite the normalizer; leave this one to it
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        ids = [tok.token_to_id(config.get(k, d)) for k, d in
               (("cls_token", "[CLS]"), ("sep_token", "[SEP]"), ("pad_token", "[PAD]"))]
        if None in ids or tok.encode("a").ids[:1] != ids[:1] or tok.encode("a").ids[-1:] != ids[1:2]:
            return None
        return WordPiece(tok, *ids)

    def __call__(self, texts: Sequence[str], add_special_tokens: bool = True, truncation: bool = False,
                 max_length: int | None = None, verbose: bool = False) -> dict[str, list[list[int]]]:
        """Token ids of each text (no padding): ``input_ids``, ``token_type_ids``, ``attention_mask``."""
        out = []
        for enc in self._tok.encode_batch(list(texts), add_special_tokens=False):
            ids = enc.ids
            if add_special_tokens:
                if truncation and max_length:
                    ids = ids[: max(max_length - 2, 0)]
                ids = [self.cls_token_id, *ids, self.sep_token_id]
            elif truncation and max_length:
                ids = ids[:max_length]
            out.append(ids)
        return {"input_ids": out, "token_type_ids": [[0] * len(i) for i in out],
                "attention_mask": [[1] * len(i) for i in out]}

    def tokenize(self, text: str) -> list[str]:
        """The word pieces of ``text`` (no special tokens)."""
        return self._tok.encode(text, add_special_tokens=False).tokens

    def convert_tokens_to_string(self, tokens: Sequence[str]) -> str:
        """Word pieces back to text, as the tokenizer's decoder joins them."""
        return self._tok.decoder.decode(list(tokens))
