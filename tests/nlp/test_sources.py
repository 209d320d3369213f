"""The source finder's outlet rule, measured on a hand-made list of sentences with their outlets."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.nlp.sources import outlets_in

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "outlets.tsv"


def cases() -> list[tuple[str, set[str]]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, _, expected = line.partition("\t")
            rows.append((sentence, {e.strip().lower() for e in expected.split("|") if e.strip()}))
    return rows


def test_outlet_precision_and_recall() -> None:
    tp = fp = fn = 0
    for sentence, want in cases():
        got = {name.lower() for name in outlets_in(sentence)}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    assert len(cases()) >= 40 and tp + fn >= 25
    assert tp / (tp + fp) >= 0.95, f"precision {tp / (tp + fp):.3f}"
    assert tp / (tp + fn) >= 0.9, f"recall {tp / (tp + fn):.3f}"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("According to the Oslo city council, car traffic fell 8%.", []),
    ("The UNESCO 2023 report found that one child in six is out of school.", ["UNESCO"]),
    ("Fraunhofer's numbers say solar is now the cheapest.", ["Fraunhofer"]),
    ("According to TechCrunch it was less.", ["TechCrunch"]),
])
def test_outlets_named_in_the_issue(sentence: str, expected: list[str]) -> None:
    assert outlets_in(sentence) == expected
