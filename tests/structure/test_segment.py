"""Recovering comments and reply links from pasted thread text (argmap.structure.segment)."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.model import Thread
from argmap.structure.segment import EMBED_TOKENS, segment_lines, segment_thread


def _lines(path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]


def _group_of(comments, line_no: int):
    return next(c for c in comments if c.meta["lines"][0] <= line_no < c.meta["lines"][1])


def _check_partition(lines, comments) -> None:
    assert [c.id for c in comments] == [f"c{i + 1}" for i in range(len(comments))]
    assert [ln for c in comments for ln in c.text.split("\n")] == lines
    ends = [c.meta["lines"] for c in comments]
    assert ends[0][0] == 0 and ends[-1][1] == len(lines)
    assert all(a[1] == b[0] for a, b in zip(ends, ends[1:], strict=False))
    assert comments[0].parent_id is None
    by_id = {c.id: c for c in comments}
    for c in comments[1:]:
        parent = by_id[c.parent_id]
        assert parent.position < c.position and c.depth == parent.depth + 1
        assert 0.0 <= c.meta["parent_confidence"] <= 1.0


@pytest.fixture(params=[False, True], ids=["rules-only", "with-embeddings"])
def embed(request):
    """Lines → embeddings: none, or deterministic fake unit vectors (the encoder is tested elsewhere)."""
    if not request.param:
        return lambda lines: None

    def fake(lines):
        rng = np.random.default_rng(0)
        out = rng.normal(size=(len(lines), 16)).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    return fake


def test_footnote_and_quote(fixtures, embed):
    lines = _lines(fixtures / "pasted" / "footnote_quote.txt")
    comments = segment_lines(lines, embed(lines))
    _check_partition(lines, comments)
    # the footnote line stays with the comment that cites [0]
    assert _group_of(comments, 3) is _group_of(comments, 1)
    # the quote opens a comment that replies to the comment holding the quoted text
    quote = _group_of(comments, 4)
    assert quote.meta["lines"][0] == 4
    assert quote.parent_id == _group_of(comments, 0).id
    # "Yes but …" opens a reply
    assert _group_of(comments, 6).meta["lines"][0] == 6


def test_question_answer_and_continuations(fixtures, embed):
    lines = _lines(fixtures / "pasted" / "answers.txt")
    comments = segment_lines(lines, embed(lines))
    _check_partition(lines, comments)
    source = _group_of(comments, 1)
    assert source.meta["lines"] == [1, 2] and source.parent_id == "c1"  # "Any source?" asks the claim
    assert _group_of(comments, 2).meta["lines"][0] == 2  # the answer is its own comment
    # "I think your whole argument…" opens a comment; "To be clear 1/2" continue it
    assert _group_of(comments, 3).meta["lines"] == [3, 6]


def test_edge_cases():
    assert segment_lines([]) == []
    (only,) = segment_lines(["Just one line."])
    assert only.parent_id is None and only.meta["lines"] == [0, 1]
    with pytest.raises(ValueError):
        segment_lines(["a", "b"], np.zeros((3, 4), dtype=np.float32))


def test_segment_thread_replaces_comments():
    t = Thread("t", [], lines=["Tea is good.", "No, coffee is better.", "Why?"])
    out = segment_thread(t)
    assert out is t and [c.position for c in t.comments] == list(range(len(t.comments)))
    assert t.by_id["c1"].parent_id is None


@pytest.mark.shared
@pytest.mark.parametrize("with_encoder", [False, True], ids=["rules-only", "real-encoder"])
def test_seed_002(shared_data, with_encoder):
    """Seed 002 as `argmap map` reads it: without an encoder, and with the real encoder (embeddings
    plus the boundary cross-encoder's score)."""
    (path,) = sorted((shared_data / "seeds").glob("002_*.txt"))
    lines = _lines(path)
    emb = None
    if with_encoder:
        from argmap.nlp.encoder import Encoder

        emb = Encoder.get().embed(lines, max_length=EMBED_TOKENS)
    comments = segment_lines(lines, emb)
    _check_partition(lines, comments)
    clear1 = next(i for i, ln in enumerate(lines) if ln.startswith("To be clear 1"))
    clear2 = next(i for i, ln in enumerate(lines) if ln.startswith("To be clear 2"))
    assert _group_of(comments, clear1) is _group_of(comments, clear2)
    note = next(i for i, ln in enumerate(lines) if ln.startswith("[0]:"))
    semi = next(i for i, ln in enumerate(lines) if ln.startswith("SemiAnalysis"))
    assert _group_of(comments, note) is _group_of(comments, semi)
    src = next(i for i, ln in enumerate(lines) if ln.startswith("Any source?"))
    asker = _group_of(comments, src)
    assert asker.meta["lines"][0] == src and asker.parent_id is not None
