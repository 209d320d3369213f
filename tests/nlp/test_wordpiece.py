"""The tokenizer read straight from tokenizer.json gives the ids transformers gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.nlp.encoder import default_model_path
from argmap.nlp.wordpiece import WordPiece

REPO = Path(__file__).resolve().parents[2]


def texts() -> list[str]:
    lines = [line for p in sorted((REPO / "threads").iterdir()) for line in p.read_text(encoding="utf-8").splitlines()]
    return lines + ["", " ", "Café naïve façade — “quotes” 🤔 中文 测试", "a" * 3000, "[CLS] [SEP] [MASK] hello",
                    "> quoted\ttab   spaces", "URL https://example.com/a?b=c&d=e#f", "ÀÉÎÕÜ ß æ ø"]


@pytest.fixture(scope="module")
def pair() -> tuple:
    transformers = pytest.importorskip("transformers")
    folder = default_model_path()
    return transformers.AutoTokenizer.from_pretrained(str(folder), local_files_only=True), WordPiece.load(folder)


@pytest.mark.parametrize("max_length", [16, 48, 128])
def test_same_ids_with_special_tokens_and_truncation(pair, max_length: int) -> None:  # noqa: ANN001
    hf, wp = pair
    a, b = hf(texts(), truncation=True, max_length=max_length), wp(texts(), truncation=True, max_length=max_length)
    for name in ("input_ids", "token_type_ids", "attention_mask"):
        assert a[name] == b[name], name


def test_same_ids_without_special_tokens_and_same_special_ids(pair) -> None:  # noqa: ANN001
    hf, wp = pair
    kwargs = {"add_special_tokens": False, "truncation": False, "verbose": False}
    assert hf(texts(), **kwargs)["input_ids"] == wp(texts(), **kwargs)["input_ids"]
    assert hf(texts(), truncation=False)["input_ids"] == wp(texts(), truncation=False)["input_ids"]
    assert (wp.cls_token_id, wp.sep_token_id, wp.pad_token_id) == (hf.cls_token_id, hf.sep_token_id, hf.pad_token_id)
    assert wp.padding_side == hf.padding_side and wp.model_input_names == list(hf.model_input_names)
    long = "The committee met on Tuesday to discuss the budget. " * 4
    assert wp.tokenize(long) == hf.tokenize(long)
    assert wp.convert_tokens_to_string(wp.tokenize(long)) == hf.convert_tokens_to_string(hf.tokenize(long))


def test_not_a_wordpiece_folder(tmp_path: Path) -> None:
    assert WordPiece.load(tmp_path) is None
