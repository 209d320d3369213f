"""Training the cut model (argmap.lab.claims_cuts): gold labels of cut points, a model trained on
made-up posts."""

from __future__ import annotations

from argmap.lab.claims_cuts import candidate_recall, cut_examples, gold_label, train_cuts
from argmap.lab.claims_data import parse_thread
from argmap.nlp.claim_cuts import points
from argmap.nlp.claim_spans import spans


def _xml(units: list[str]) -> str:
    body = " ".join(units)
    return f'<thread ID="t"><title><claim>CMV: x.</claim></title><OP author="a">{body}</OP></thread>'


def test_the_cut_model_cuts_where_it_was_trained_to() -> None:
    """Trained on posts where ", but" starts a new unit without "but" and ", and" never cuts."""
    rows = []
    for i in range(30):
        rows.append(f"<claim>Tea number {i} is good</claim>, but <premise>coffee {i} wins.</premise>")
        rows.append(f"<claim>Milk {i} is white, and cows {i} are black.</claim>")
    golds = [parse_thread(_xml(rows[k : k + 6]), "train", f"t{k}") for k in range(0, len(rows), 6)]
    x, y = cut_examples(golds)
    assert {"drop", "none"} <= set(y) and len(x) == len(y)
    model = train_cuts(golds, 1.0, 0.5)
    text = "Water is wet, but fire is hot. Bread is soft, and jam is sweet."
    assert [s.text for s in spans(text, True, model)] == ["Water is wet", "fire is hot.",
                                                          "Bread is soft, and jam is sweet."]
    assert candidate_recall(golds, model)["recall"] > candidate_recall(golds, None)["recall"]
    assert candidate_recall(golds, None, oracle=True)["recall"] == 1.0


def test_gold_labels_of_points() -> None:
    text = "So tea is good, and coffee wins because it is strong."
    pts = points(text, 0, len(text))
    assert [p.kind for p in pts] == ["start", "punct", "marker"]
    assert [gold_label(p, [(3, 14), (20, 31), (32, 53)]) for p in pts] == ["drop", "drop", "cut"]
    assert [gold_label(p, [(0, 53)]) for p in pts] == ["none", "none", "none"]
