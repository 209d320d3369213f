"""Topic assignment: given labels, inheritance by short replies, ``other``, discovered names."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.model import Comment, Thread
from argmap.nlp.topics import OTHER, assign_topics, choose_k, discover, informativeness

TEXTS = [
    ("1", None, "What is the best way to cook pasta? Mine always ends up sticky."),
    ("2", "1", "Use plenty of salted boiling water and stir during the first two minutes."),
    ("3", "2", "Yes but why?"),
    ("4", None, "Did you watch the match? The striker scored twice in the second half."),
    ("5", "4", "The referee should have given a penalty, the defender clearly fouled him."),
    ("6", "5", "Totally agree."),
]
UNRELATED = ("7", "1", "My tax return is late and the bank keeps charging fees.")


def _thread(rows) -> tuple[Thread, list[str]]:
    comments = [Comment(i, p, text=t, position=n) for n, (i, p, t) in enumerate(rows)]
    return Thread("kitchen-vs-pitch", comments), [c.text for c in comments]


def test_given_labels_with_inheritance(encoder) -> None:
    thread, texts = _thread(TEXTS)
    result = assign_topics(thread, encoder.embed(texts), ["cooking", "football"], encoder=encoder)
    assert [c.topic for c in thread.comments] == ["cooking"] * 3 + ["football"] * 3
    assert result == {"cooking": ["cooking"], "football": ["football"]}


def test_short_reply_inherits_its_parents_topic(encoder) -> None:
    # "Yes but why?" / "Totally agree." say nothing about either label themselves.
    assert informativeness("Yes but why?") == 0.0
    thread, texts = _thread(TEXTS)
    assign_topics(thread, encoder.embed(texts), ["football", "cooking"], encoder=encoder)
    assert thread.by_id["3"].topic == thread.by_id["2"].topic == "cooking"
    assert thread.by_id["6"].topic == thread.by_id["5"].topic == "football"


def test_reply_that_says_otherwise_keeps_its_own_topic(encoder) -> None:
    rows = [*TEXTS[:2], ("8", "2", "What about football though?")]
    thread, texts = _thread(rows)
    assign_topics(thread, encoder.embed(texts), ["cooking", "football"], encoder=encoder)
    assert thread.by_id["8"].topic == "football"


def test_unrelated_text_gets_other(encoder) -> None:
    thread, texts = _thread([*TEXTS, UNRELATED])
    result = assign_topics(thread, encoder.embed(texts), ["cooking", "football"], encoder=encoder)
    assert thread.by_id["7"].topic == OTHER
    assert OTHER in result


def test_discovered_topics_are_named_by_keywords(encoder) -> None:
    thread, texts = _thread(TEXTS)
    result = assign_topics(thread, encoder.embed(texts), encoder=encoder)
    assert 1 <= len(result) <= 3
    for name, keywords in result.items():
        parts = name.split(" · ")
        assert len(parts) == 3 and parts == keywords[:3]
        assert all(p.isalpha() and p not in {"the", "and", "yes", "but"} for p in parts)
    assert {c.topic for c in thread.comments} == set(result)
    cooking = {thread.by_id[i].topic for i in "123"}
    football = {thread.by_id[i].topic for i in "456"}
    assert len(cooking) == 1 and len(football) == 1 and cooking != football


def test_discovery_is_deterministic_and_sized(encoder) -> None:
    thread, texts = _thread(TEXTS)
    emb = encoder.embed(texts)
    first = assign_topics(thread, emb)
    assert assign_topics(thread, emb) == first
    one, one_texts = _thread(TEXTS[:1])
    assert len(assign_topics(one, encoder.embed(one_texts))) == 1
    assert choose_k(1) == 1 and 3 <= choose_k(30) <= 6


def test_discover_keeps_the_chosen_k(encoder) -> None:
    _, texts = _thread(TEXTS)
    ctx = encoder.embed(texts * 3)  # 21 comments: the silhouette search runs
    labels = discover(ctx)
    assert len(set(labels.tolist())) == choose_k(len(ctx), ctx)
    assert labels[0] == 0 and sorted(set(labels.tolist())) == list(range(labels.max() + 1))
    assert np.array_equal(discover(ctx), labels)


def test_needs_encoder_for_labels() -> None:
    thread, _ = _thread(TEXTS[:1])
    with pytest.raises(ValueError):
        assign_topics(thread, np.ones((1, 4)) / 2, ["cooking"])
