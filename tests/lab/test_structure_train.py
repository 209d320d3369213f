"""Training and evaluating the pasted-text segmenter (argmap.lab.structure_train): `eval-structure`,
the parent error buckets, AITA threads as extra parent-scorer rows."""

from __future__ import annotations


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
