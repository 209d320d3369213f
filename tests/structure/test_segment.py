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


def test_eval_structure_reports_model_and_baselines(shared_data, capsys):
    """Needs ../shared/data: `argmap lab eval-structure --json` on RumourEval dev (rules-only, fast)."""
    import json

    from argmap.cli import main

    assert main(["lab", "eval-structure", "--no-embeddings", "--json", "--errors", "--data", str(shared_data)]) == 0
    rows = json.loads(capsys.readouterr().out)
    model = rows["argmap (rules + lexical cues)"]
    errors = rows.pop("errors")  # every gold reply lands in exactly one bucket; "right" = parent accuracy
    assert sum(errors.values()) == model["replies"]
    assert errors["right"] == round(model["parent_accuracy"] * model["replies"])
    oracle = rows["argmap parent scorer alone, gold boundaries"]
    assert model["replies"] > 100 and oracle["boundary_f1"] == 1.0
    assert model["boundary_f1"] > rows["baseline: every line is a comment"]["boundary_f1"]
    assert model["parent_accuracy"] > rows["baseline: parent = previous comment"]["parent_accuracy"]
    assert oracle["parent_accuracy"] >= model["parent_accuracy"]
    places = rows.pop("parent_places")  # the gold-boundary scorer's hits, split by where the parent sits
    assert sum(n for n, _ in places.values()) == model["replies"]
    assert sum(hit for _, hit in places.values()) == round(oracle["parent_accuracy"] * model["replies"])
    ceiling = rows.pop("boundary_ceiling")  # the best threshold does at least as well as the tuned one
    assert ceiling["best_f1"] >= model["boundary_f1"] - 1e-9 and 0.5 < ceiling["roc_auc"] <= 1.0


def test_parent_errors_buckets():
    """Each way a predicted parent can go wrong, on a hand-made pasted thread with its gold tree."""
    from argmap.lab.structure_data import PastedThread
    from argmap.lab.structure_train import parent_errors

    # gold: c0 (lines 0-1) <- c1 (2) <- c2 (3); c0 <- c3 (4); c3 <- c4 (5)
    gold = PastedThread("t", ["a", "a2", "b", "c", "d", "e"], [0, 2, 3, 4, 5], [None, 0, 1, 0, 3])

    def predicted(t, emb):  # a false start at line 1 (inside c0); line 4 (c3) not found
        return [0, 1, 2, 3, 5], [None, 0, 1, 0, 1]

    got = parent_errors([gold], [None], predicted)
    assert got == {"false start inside the gold parent": 1, "too shallow (an ancestor of the gold parent)": 1,
                   "own start missed": 1, "false start elsewhere": 1}


def test_aita_threads_can_feed_the_parent_scorer(monkeypatch):
    """``parent_extra`` threads (pruned AITA in `train-structure --aita-parents`) join the parent
    scorer's training rows, and only the first ``parent_extra`` of them do."""
    from argmap.lab import structure_train as st
    from argmap.lab.structure_data import PastedThread

    lines = ["tea is good", "no coffee is better", "why is that", "and also this", "because of taste",
             "I disagree", "fair point"]
    starts = [0, 1, 2, 4, 5, 6]  # line 3 continues the third comment
    chains = [PastedThread(f"c{k}", lines, starts, [None, 0, 1, 2, 3, 4]) for k in range(4)]
    stars = [PastedThread(f"s{k}", lines, starts, [None, 0, 0, 0, 0, 0]) for k in range(4)]
    fitted: list[list[int]] = []
    fit = st.fit_scorer

    def recording(feats, labels, *args, **kwargs):
        fitted.append(labels)
        return fit(feats, labels, *args, **kwargs)

    monkeypatch.setattr(st, "fit_scorer", recording)

    def parent_labels(extra: int) -> list[int]:
        fitted.clear()
        st.train_setting(chains, [None] * 4, extra=[(t, None) for t in stars], parent_extra=extra)
        return fitted[1]  # boundary scorer first, then the parent scorer

    alone, with_two = parent_labels(0), parent_labels(2)
    per_thread = len(st.parent_rows(stars[0], None)[1])
    assert per_thread > 0 and len(with_two) == len(alone) + 2 * per_thread
    assert sum(with_two) == sum(alone) + 2 * 5  # each of the five replies has one gold parent
