"""The pair scorer fitted on predicted units: labels from the mapped gold relations, the option in the config."""

from __future__ import annotations

import json
from pathlib import Path

from argmap.lab.claims_data import GoldPost, GoldThread, GoldUnit
from argmap.model import Claim

OP = "Tea is best. It is calm. Coffee is bitter."
REPLY = "Calm is dull, and cheap things break. So tea loses."


def _gold() -> GoldThread:
    g = GoldThread("t", "train", [GoldPost("p", "x", OP, None), GoldPost("r", "y", REPLY, 0)],
                   [GoldUnit("A", 0, 0, 12, "main_claim"), GoldUnit("B", 0, 13, 24, "premise"),
                    GoldUnit("C", 1, 0, 12, "claim"), GoldUnit("D", 1, 14, 37, "premise"),
                    GoldUnit("E", 1, 39, 51, "claim")],
                   [("B", "A", "supports"), ("C", "B", "attacks"), ("D", "C", "supports")])
    g._stance = {"p": (None, None), "r": ("attack", 0.9)}  # type: ignore[attr-defined]  # no stance model run
    return g


def _predicted(g: GoldThread):  # noqa: ANN202
    """Predicted units unlike the gold ones: B and C cut differently, D and E merged, a unit over nothing."""
    t = g.to_thread()
    for c in t.comments:
        c.stance, c.stance_score = g._stance[c.id]  # type: ignore[attr-defined]
    cuts = [("p", 0, 12, "main_claim"), ("p", 13, 23, "premise"), ("p", 25, 42, "claim"),
            ("r", 0, 13, "claim"), ("r", 14, 51, "premise")]
    t.claims = [Claim(f"{p}:{n}", p, a, b, t.by_id[p].text[a:b], role, 0.9) for n, (p, a, b, role) in enumerate(cuts)]
    return t


def test_predicted_units_map_to_the_gold_units_they_overlap() -> None:
    from argmap.lab.claims_train import unit_map

    g = _gold()
    assert unit_map(g, _predicted(g)) == {"p:0": "A", "p:1": "B", "r:3": "C", "r:4": "D"}


def test_predicted_pairs_are_labelled_with_the_mapped_gold_relations() -> None:
    from argmap.lab.claims_train import pair_examples, unit_map
    from argmap.nlp.claim_relations import pair_jobs

    g = _gold()
    t = _predicted(g)
    m = unit_map(g, t)
    feats, labels = pair_examples([g], [t], maps=[m])
    pairs = [(u.id, x.id) for u, cands, *_ in pair_jobs(t)[1] for x in cands]
    assert len(pairs) == len(labels) == len(feats)
    got = {p: lab for p, lab in zip(pairs, labels, strict=True) if lab != "none"}
    assert got == {("p:1", "p:0"): "supports", ("r:3", "p:1"): "attacks", ("r:4", "r:3"): "supports"}
    assert labels.count("none") == len(labels) - 3  # e.g. p:2 maps to no gold unit: its pairs are none
    # without the map, predicted claim ids match no gold unit id: every pair would be none
    assert set(pair_examples([g], [t])[1]) == {"none"}


def test_the_pair_units_round_trip_in_the_model_config(tmp_path: Path) -> None:
    from argmap.cli import build_parser
    from argmap.lab import claims_train as ct
    from argmap.lab.commands.claims import _train_recipe
    from argmap.nlp.claim_relations import PairModel
    from argmap.nlp.claims import RoleModel

    args = build_parser().parse_args(["lab", "train-claims", "--out", str(tmp_path), "--pair-units", "both",
                                      "--recipe", "pointwise+qinside", "--pair-c", "0.3", "--threshold", "0.6"])
    assert args.pair_units == "both"
    assert build_parser().parse_args(["lab", "train-claims", "--out", "x"]).pair_units == "gold"
    assert _train_recipe(args, ct, [_gold()], 1.0, None, 0.0) == 0
    config = json.loads((tmp_path / "claims_config.json").read_text())
    assert config["pair_units"] == "both" and config["pair_extra"] == "qinside"
    RoleModel.load(str(tmp_path))
    assert PairModel.load(str(tmp_path)).linear.W.shape[1] == 3


def test_each_fit_records_its_units_and_refuses_what_it_cannot_fit() -> None:
    import pytest

    from argmap.lab.claims_train import fit_pairs
    from argmap.nlp.claims import RoleModel

    g = _gold()
    roles = RoleModel.load()
    models = {u: fit_pairs([g], None, 0.3, "pointwise+qinside", 0.6, units=u, roles=roles)
              for u in ("gold", "predicted", "both")}
    assert {u: m.linear.config["pair_units"] for u, m in models.items()} == {u: u for u in models}
    with pytest.raises(ValueError):
        fit_pairs([g], None, 0.3, "rank", units="predicted", roles=roles)
    with pytest.raises(ValueError):
        fit_pairs([g], None, 0.3, units="predicted")


def test_cv_units_fits_each_folds_pair_scorer_on_the_other_folds() -> None:
    from argmap.lab.claims_cuts import cv_units
    from argmap.lab.claims_train import fit_pairs

    golds = [_gold(), _gold()]
    golds[1].id = "t2"
    seen = []

    def fit(train, roles):  # noqa: ANN001, ANN202
        seen.append([g.id for g in train])
        return fit_pairs(train, None, 0.3, "pointwise+qinside", 0.6, units="predicted", roles=roles)

    out = cv_units(golds, "markers", None, None, folds=2, seed=0, pair_fit={"p": fit, "q": fit})
    assert sorted(map(tuple, seen)) == [("t",), ("t",), ("t2",), ("t2",)]
    assert {k for k in out if k.startswith("rel_")} == {f"rel_{u}_{m} {n}" for u in ("pred", "gold")
                                                        for m in ("macro", "supports", "attacks") for n in "pq"}
    assert all(0 <= v <= 1 for v in out.values())
