"""``argmap lab train-relations``: the relation model and the argument model over MiniLM unit
vectors, trained on the pooled pair sets, calibrated and thresholded on CMV-modes valid, scored per
seed (mean ± sd) on the validation part of every set."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from argmap.lab.data import data_folder

NEEDS = "claim-relations"
SHARES = "cmv=0.7,debatepedia=0.1,arguana=0.1,perspectrum=0.1"


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train-relations", help="train the claim relation model and the argument model (MiniLM vectors)",
        description="Embed every unit once with the offline MiniLM (int8, as at run time), fit a two-layer network "
        "over (u, v, |u-v|, u*v, facts of place) → none / supports / attacks on CMV-modes train, Debatepedia "
        "train, ArguAna training and Perspectrum train (each domain's share of the loss set by --shares), "
        "fit a temperature on CMV-modes valid's candidate pairs, choose the link thresholds there (across a "
        "reply: precision ≥ --precision; inside a comment: best F1), and fit the argument model (logistic "
        "regression: UKP train + CMV-modes train spans; threshold: recall of CMV-modes valid units ≥ --recall). "
        "Prints every validation figure per seed and as mean ± sd; saves the first seed's models to OUT.")
    t.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    t.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="model folder to write (the role model's files are copied beside them); none: report only")
    t.add_argument("--seeds", default="0,1,2", metavar="S,…", help="seeds (default: 0,1,2)")
    t.add_argument("--shares", default=SHARES, metavar="D=W,…", help=f"loss share per domain (default: {SHARES})")
    t.add_argument("--hidden", type=int, default=256, help="hidden units (default: 256)")
    t.add_argument("--epochs", type=int, default=12, help="epochs (default: 12)")
    t.add_argument("--dropout", type=float, default=0.0, help="dropout on the inputs and hidden units (default: 0)")
    t.add_argument("--precision", type=float, default=0.5, help="precision across replies on valid (default: 0.5)")
    t.add_argument("--recall", type=float, default=0.99,
                   help="recall of valid units the argument model keeps (default: 0.99)")
    t.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "argmap" / "lab", metavar="DIR",
                   help="where unit vectors are remembered between runs")
    t.set_defaults(func=train)


def _mean_sd(values: list[float]) -> str:
    return f"{np.mean(values):.3f} ± {np.std(values, ddof=1) if len(values) > 1 else 0.0:.3f}"


def _scores(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Macro-F1 over the labels present, and the supports-vs-attacks accuracy of the labelled pairs."""
    from sklearn.metrics import f1_score

    kinds = y > 0
    return {"macro_f1": float(f1_score(y, p.argmax(1), average="macro")),
            "kind_accuracy": float(((p[kinds, 2] > p[kinds, 1]).astype(int) + 1 == y[kinds]).mean())}


def train(args: argparse.Namespace) -> int:
    from argmap.errors import InputError
    from argmap.lab import relations_data as rd
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import _relations_on, across_precision
    from argmap.lab.claims_train import add_stance, gold_claim_thread
    from argmap.lab.relations_train import (
        domain_weights,
        expected_calibration_error,
        fit_logistic,
        fit_network,
        fit_temperature,
        precision_threshold,
        recall_threshold,
        vectors_for,
    )
    from argmap.nlp.arguing import FORM, ArgumentModel, features
    from argmap.nlp.claim_relations import LABELS, MAX_TOKENS, PLACE, RelationModel, link_claims, pair_inputs
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.stance import StanceModel

    try:
        shares = {k: float(v) for k, v in (kv.split("=") for kv in args.shares.split(","))}
        seeds = [int(s) for s in args.seeds.split(",")]
    except ValueError:
        raise InputError("--shares/--seeds", f"cannot read {args.shares!r} / {args.seeds!r}") from None
    data = data_folder(args.data, NEEDS)
    t0 = time.time()
    tr, va = load_split(data, "train"), load_split(data, "valid")
    encoder = Encoder.get()
    stance = StanceModel.load()
    sets = {"cmv": rd.cmv(tr, stance), "debatepedia": rd.debatepedia(data, "train"),
            "arguana": rd.arguana(data, "training"), "perspectrum": rd.perspectrum(data, "train")}
    vals = {"cmv": rd.cmv(va, stance), "debatepedia": rd.debatepedia(data, "val"),
            "arguana": rd.arguana(data, "validation"), "perspectrum": rd.perspectrum(data, "dev")}
    for name, pairs in [*sets.items(), *vals.items()]:
        if name != "cmv":
            rd.attach_stances(pairs, stance, args.cache)

    def inputs(p: rd.Pairs) -> np.ndarray:
        u, v = vectors_for(p.targets, encoder, args.cache), vectors_for(p.sources, encoder, args.cache)
        return pair_inputs(u, v, rd.facts_matrix(p, u, v))

    used = [d for d in sets if shares.get(d, 0) > 0]
    x = np.concatenate([inputs(sets[d]) for d in used])
    y = np.concatenate([sets[d].labels for d in used])
    w = domain_weights([d for d in used for _ in range(len(sets[d]))], shares)
    xv = {d: inputs(p) for d, p in vals.items()}
    print("pairs: " + ", ".join(f"{d} {len(sets[d])} (val {len(vals[d])})" for d in sets)
          + f"; embedded in {time.time() - t0:.0f} s")

    threads = [gold_claim_thread(g) for g in va]
    add_stance(va, threads, stance)
    for t in threads:
        for claim, vector in zip(t.claims, vectors_for([c.text for c in t.claims], encoder, args.cache), strict=True):
            claim.vector = vector

    report: dict[str, list[float]] = {}
    saved: dict | None = None
    for seed in seeds:
        state = fit_network(x, y, w, seed, hidden=args.hidden, epochs=args.epochs, dropout=args.dropout)
        raw = RelationModel(state, {"temperature": 1.0})
        temp = fit_temperature(raw.logits(xv["cmv"]), vals["cmv"].labels)
        model = RelationModel(state, {"temperature": temp, "thresholds": {"inside": 0.5, "across": 0.5}})
        row = {"temperature": temp,
               "cmv valid ECE before": expected_calibration_error(raw.probabilities(xv["cmv"]), vals["cmv"].labels),
               "cmv valid ECE after": expected_calibration_error(model.probabilities(xv["cmv"]), vals["cmv"].labels)}
        # thresholds: across for precision, then inside for F1 (on gold units of CMV-modes valid)
        link_claims(threads, model, min_score=0.0)
        gold = [set(g.relations) for g in va]
        across = [(r.score, (r.source, r.target, r.kind) in rs)
                  for rs, t in zip(gold, threads, strict=True) for r in t.claim_relations if r.via == "model"]
        t_across = precision_threshold([s for s, _ in across], [ok for _, ok in across], args.precision)

        def link(ts, m=model):  # noqa: ANN001, ANN202
            return link_claims(ts, m)

        best = (-1.0, 0.5)
        for t_in in np.round(np.arange(0.2, 0.91, 0.05), 2):
            model.thresholds = {"inside": float(t_in), "across": t_across}
            f = _relations_on(threads, va, None, link)["macro"]
            best = max(best, (f, float(t_in)))
        model.thresholds = {"inside": best[1], "across": t_across}
        row.update({"threshold inside": best[1], "threshold across": t_across})
        scores = _relations_on(threads, va, None, link)
        row.update({f"cmv valid relation {k} F1 (gold units)": v for k, v in scores.items()})
        precision, drawn = across_precision(va, threads)
        row["cmv valid precision across"] = precision
        row["cmv valid links across"] = float(drawn)
        for d in ("debatepedia", "arguana", "perspectrum"):
            for k, v in _scores(model.probabilities(xv[d]), vals[d].labels).items():
                row[f"{d} val {k}"] = v
        print(f"seed {seed}: " + json.dumps({k: round(v, 4) for k, v in row.items()}), flush=True)
        for k, v in row.items():
            report.setdefault(k, []).append(v)
        if saved is None:
            saved = {"state": state, "config": {"labels": list(LABELS), "place": list(PLACE),
                                                "temperature": temp, "thresholds": model.thresholds,
                                                "hidden": args.hidden, "epochs": args.epochs,
                                                "dropout": args.dropout, "seed": seed,
                                                "shares": shares, "max_tokens": MAX_TOKENS}}

    # the argument model: UKP train + CMV-modes train spans; threshold on CMV-modes valid units
    texts, labels, domains = rd.argument_examples(data, "train", tr)
    wa = domain_weights(domains, {"ukp": 0.5, "cmv": 0.5})
    coef, bias = fit_logistic(features(vectors_for(texts, encoder, args.cache), texts), labels, wa)
    vt, vl, vd = rd.argument_examples(data, "val", va)
    pv = ArgumentModel(coef, bias, {}).probabilities(vectors_for(vt, encoder, args.cache), vt)
    vd = np.asarray(vd)
    cmv_mask = vd == "cmv"
    threshold = recall_threshold(pv[cmv_mask], vl[cmv_mask], args.recall)
    from sklearn.metrics import f1_score

    arg_row = {"threshold": threshold}
    for d in ("ukp", "cmv"):
        m = vd == d
        arg_row[f"{d} val accuracy"] = float(((pv[m] >= threshold) == vl[m]).mean())
        arg_row[f"{d} val F1 (argues)"] = float(f1_score(vl[m], pv[m] >= threshold))
    print("argument model: " + json.dumps({k: round(v, 4) for k, v in arg_row.items()}))
    print("\nmean ± sd over seeds " + ",".join(map(str, seeds)) + ":")
    for k, v in report.items():
        print(f"  {k}: {_mean_sd(v)}")
    if args.out and saved is not None:
        from safetensors.numpy import save_file

        args.out.mkdir(parents=True, exist_ok=True)
        save_file({k: v.astype(np.float16) for k, v in saved["state"].items()}, str(args.out / "relations.safetensors"))
        (args.out / "relations_config.json").write_text(json.dumps(saved["config"], indent=2) + "\n")
        save_file({"weight": coef.astype(np.float32), "bias": np.array([bias], np.float32)},
                  str(args.out / "arguing.safetensors"))
        (args.out / "arguing_config.json").write_text(json.dumps(
            {"threshold": threshold, "form": list(FORM), "recall": args.recall, "C": 1.0,
             "min_content_words": 2}, indent=2) + "\n")
        print(f"saved to {args.out}")
    return 0
