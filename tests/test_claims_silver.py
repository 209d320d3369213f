"""Silver claim-pair examples from ``> quote`` replies (argmap.lab.claims_silver) and their weight."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from argmap.lab import claims_silver as cs
from argmap.lab import claims_train as ct
from argmap.lab.claims_data import GoldPost, GoldThread, GoldUnit
from argmap.nlp.claims import RoleModel

POST = ("I believe I was right to eat the last slice. The pizza was mine because I paid for all of it. My roommate "
        "thinks sharing is always required, but that is wrong.")
THREAD = {
    "post content": POST,
    "comments": [
        {"content": "> The pizza was mine\nThen it was yours to eat. NTA, you owe nobody a slice.",
         "relation": "Support",
         # the dump sometimes holds the replies as a Python-literal string
         "comments": str([{"content": "> Then it was yours to eat.\nNo, sharing is basic manners.",
                           "relation": "Attack"}])},
        {"content": "> I never eat pizza.\nYou are lying about this.", "relation": "Attack"},
        {"content": "> The pizza was mine\nInteresting detail about the pizza.", "relation": "No"},
    ],
}


def test_quote_replies_keep_only_quotes_found_in_the_parent_with_a_kind() -> None:
    replies = cs.thread_quote_replies(THREAD, "t")
    assert [(r.kind, r.parent_is_post) for r in replies] == [("supports", True), ("attacks", False)]
    top, nested = replies
    assert top.segments == (("The pizza was mine", "Then it was yours to eat. NTA, you owe nobody a "
                                                                    "slice."),)
    assert ">" not in top.reply and "pizza" not in top.reply
    assert nested.parent.startswith("> The pizza") and nested.segments[0][0] == "Then it was yours to eat."


def test_silver_examples_label_the_quoted_parent_unit() -> None:
    replies = cs.thread_quote_replies(THREAD, "t")[:1]
    (t, quote, kind), = cs.silver_threads(replies, None, RoleModel.load())
    assert kind == "supports" and quote not in t.by_id["r"].text and t.by_id["p"].text == POST
    parent = [u for u in t.claims if u.comment_id == "p"]
    quoted = next(i for i, u in enumerate(parent) if u.text == "The pizza was mine")
    x, y = cs.silver_examples(replies, None, RoleModel.load(), "qinside")
    movers = [u for u in t.claims if u.comment_id == "r"]
    movers = [u for u in movers if u.role == "claim"] or movers
    assert len(y) == len(parent) * len(movers) and y.count("supports") == len(movers)
    assert set(y) == {"none", "supports"}
    assert all(f[0] == "scope:cross" for f in x)
    assert all((f"pidx:{quoted}" in f) == (lab == "supports") for f, lab in zip(x, y, strict=True))


def test_a_quote_not_in_the_parent_gives_no_examples() -> None:
    bad = {"post content": POST, "comments": [{"content": "> The moon is cheese.\nIt is not.", "relation": "Attack"}]}
    assert cs.thread_quote_replies(bad, "t") == []
    assert cs.silver_examples([], None, RoleModel.load()) == ([], [])


def _gold(name: str) -> GoldThread:
    posts = [GoldPost(f"{name}0", "a", "Tea is best. It is calm.", None),
             GoldPost(f"{name}1", "b", "Coffee is better.", 0)]
    units = [GoldUnit("u0", 0, 0, 12, "claim"), GoldUnit("u1", 0, 13, 24, "premise"), GoldUnit("u2", 1, 0, 17, "claim")]
    g = GoldThread(name, "train", posts, units, [("u1", "u0", "supports"), ("u2", "u0", "attacks")])
    g._stance = {f"{name}0": (None, None), f"{name}1": ("attack", 0.9)}  # type: ignore[attr-defined]
    return g


def test_the_silver_weight_moves_the_pair_scorer() -> None:
    golds = [_gold("g1"), _gold("g2")]
    row = ["scope:cross", "w:silver-only"]
    silver = ([row] * 20, ["supports"] * 20)
    p = [ct.fit_pairs(golds, None, 1.0, "pointwise+qinside", silver=silver, silver_weight=w).probabilities([row])[0, 1]
         for w in (0.01, 1.0)]
    assert p[1] > p[0] + 0.1
    with pytest.raises(ValueError):
        ct.fit_pairs(golds, None, 1.0, "rank", silver=silver)


def test_cv_gives_the_silver_to_every_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    fit = ct.fit_pairs

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append((len(args[0]), kwargs["silver"], kwargs["silver_weight"]))
        return fit(*args, **kwargs)

    monkeypatch.setattr(ct, "fit_pairs", spy)
    silver = ([["scope:cross", "w:x"]], ["attacks"])
    ct.cv_relations([_gold("g1"), _gold("g2")], None, 1.0, [0.5], folds=2, recipe="pointwise+qinside",
                    silver=silver, silver_weight=0.5)
    assert seen == [(1, silver, 0.5), (1, silver, 0.5)]


def test_silver_weights_keep_the_gold_balanced() -> None:
    w = ct.silver_weights(["none"] * 3 + ["supports"], ["supports", "none"], 0.1)
    assert np.allclose(w, [2 / 3] * 3 + [2.0, 0.2, 2 / 30])


def test_cv_claims_takes_the_silver_options() -> None:
    from argmap.cli import build_parser

    args = build_parser().parse_args(["lab", "cv-claims", "--aita-quotes", "5", "--silver-weight", "0.1,1"])
    assert (args.aita_quotes, args.silver_weight, args.aita_skip) == (5, "0.1,1", 100)
    args = build_parser().parse_args(["lab", "train-claims", "--out", "x", "--aita-quotes", "5",
                                      "--silver-weight", "1"])
    assert (args.aita_quotes, args.silver_weight) == (5, 1.0)


@pytest.mark.shared
def test_aita_quote_replies_are_found_in_their_parents(shared_data: Path) -> None:
    from argmap.nlp.claim_relations import quote_place

    replies = list(cs.quote_replies(shared_data / "aita-threads", 10))
    assert replies and {r.kind for r in replies} <= {"supports", "attacks"}
    assert all(quote_place(q, r.parent) is not None for r in replies for q, _ in r.segments)


def test_each_quote_opens_its_own_segment() -> None:
    t = {"post content": POST, "comments": [{"content": "> The pizza was mine\nTrue.\n> but that is wrong.\nIt is "
                                                        "not wrong at all.", "relation": "Attack"}]}
    (r,) = cs.thread_quote_replies(t, "t")
    assert r.segments == (("The pizza was mine", "True."), ("but that is wrong.", "It is not wrong at all."))
    assert r.reply == "True.\nIt is not wrong at all."
