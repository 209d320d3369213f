"""``argmap lab train-claims`` and ``argmap lab eval-claims``: the claim role model and the claim-pair
relation scorer on CMV-modes (train / valid to fit and choose; test only for the reported figures)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from argmap.lab.data import data_folder

NEEDS = "cmv-modes/data/train"


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train-claims", help="train the claim role model and relation scorer on CMV-modes",
        description="Fit the role model (none / main_claim / claim / premise per candidate span) and the "
        "pair scorer (none / supports / attacks per parent-unit × reply-unit pair) on CMV-modes train, choose "
        "each one's regularisation C (and the link threshold) on valid, refit on train + valid with those, "
        "and save fp16 weights + config to OUT. Logistic regressions: deterministic, no seed.")
    t.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    t.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder to write")
    t.add_argument("--cs", default="0.1,0.3,1,3", metavar="C,…", help="C values tried on valid (default: 0.1,0.3,1,3)")
    t.add_argument("--vectors", action="store_true",
                   help="the pair scorer also reads MiniLM unit embeddings (cosine, rank among candidates)")
    t.add_argument("--recipe", default="pointwise",
                   help="pair scorer recipe (argmap.lab.claims_train.RECIPES; default: pointwise). Any other "
                   "is fitted on train + valid with --pair-c and --threshold, chosen by `argmap lab cv-claims`")
    t.add_argument("--pair-c", type=float, default=1.0, help="C of a non-pointwise recipe (default: 1)")
    t.add_argument("--threshold", type=float, default=0.3,
                   help="link threshold of a non-pointwise recipe (default: 0.3)")
    _silver_options(t)
    t.add_argument("--pair-units", default="gold", choices=("gold", "predicted", "both"),
                   help="units the pair scorer is fitted on: the gold units (default), the units the role model "
                   "predicts (each pair labelled with the gold relation between the gold units its ends overlap), "
                   "or both pooled; not gold: fitted on train + valid with --pair-c and --threshold, as for a "
                   "non-default recipe (`argmap lab cv-units --pair-units` compares them); saved as the config's "
                   "`pair_units`")
    t.add_argument("--cuts", default="markers", choices=("markers", "rule", "learned", "learned+rule"),
                   help="how sentences are cut into candidate spans: the fixed markers (default), the same with "
                   "and/but left out of the next unit, a cut model learned from the gold boundaries, or that model "
                   "also cutting wherever the rule does (`argmap lab cv-units` compares them); saved as the "
                   "config's `cuts` (and `cut_keep_rule`)")
    t.add_argument("--cut-c", type=float, default=3.0, help="C of the learned cut model (default: 3)")
    t.add_argument("--cut-threshold", type=float, default=0.3,
                   help="the learned cut model cuts where P(none) < this (default: 0.3)")
    t.set_defaults(func=train)
    v = sub.add_parser(
        "cv-claims", help="cross-validate claim-relation scorer recipes on CMV-modes train + valid",
        description="K-fold cross-validation over the CMV-modes train + valid threads (gold units): for each "
        "seed (fold shuffle) fit the pair scorer of --recipe on K-1 folds, link the held-out fold at each "
        "threshold and target-sharing mode, pool the folds, and print relation F1 (supports / attacks / macro) "
        "as mean ± sd over the seeds. The test split is never read.")
    v.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    v.add_argument("--recipe", default="pointwise", help="pair scorer recipe (argmap.lab.claims_train.RECIPES)")
    v.add_argument("--c", type=float, default=0.3, help="regularisation C (default: 0.3)")
    v.add_argument("--thresholds", default="0.5,0.6", metavar="T,…", help="link thresholds (default: 0.5,0.6)")
    v.add_argument("--shared", default="none", metavar="MODE,…",
                   help="target sharing across a reply's units: none, linked, all, overlap, overlap+link")
    v.add_argument("--folds", type=int, default=5, help="folds (default: 5)")
    v.add_argument("--seeds", default="0,1,2", metavar="S,…", help="fold-shuffle seeds (default: 0,1,2)")
    _silver_options(v, many=True)
    v.set_defaults(func=cross_validate)
    e = sub.add_parser(
        "eval-claims", help="score claim extraction and claim relations on CMV-modes test",
        description="On CMV-modes (default split: test) print token-level role macro-F1 (main_claim / claim / "
        "premise / none), exact-span F1, and supports / attacks relation F1 given gold units and given "
        "predicted units, for argmap's models and two baselines: every sentence a claim; a reply unit attacks "
        "the parent unit most similar to it when its comment's stance is attack.")
    e.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: ../shared/data)")
    e.add_argument("--split", default="test", choices=("train", "valid", "test"), help="split to score (default: test)")
    e.add_argument("--claims-model", default=None, metavar="DIR", help="model folder (default: the shipped one)")
    e.add_argument("--errors", action="store_true",
                   help="also break the relation errors (gold units) down by scope (inside a post / across) and kind")
    e.set_defaults(func=evaluate)


def _silver_options(p: argparse.ArgumentParser, many: bool = False) -> None:
    p.add_argument("--aita-quotes", type=int, default=0, metavar="N",
                   help="also fit the pair scorer on silver pairs from the > quote replies of N r/AmItheAsshole "
                   "threads (argmap.lab.claims_silver; pointwise recipes; default: 0, none). train-claims then "
                   "fits the pair scorer on train + valid with --pair-c and --threshold, as for a non-default recipe")
    p.add_argument("--aita-skip", type=int, default=100, metavar="K",
                   help="AITA threads (numeric order) skipped before those N (default: 100)")
    if many:
        p.add_argument("--silver-weight", default="0.3", metavar="W,…",
                       help="weights of each silver pair against a gold one, each cross-validated (default: 0.3)")
    else:
        p.add_argument("--silver-weight", type=float, default=0.3, metavar="W",
                       help="weight of each silver pair against a gold one (default: 0.3)")


def _silver(args: argparse.Namespace, data: Path | None, recipe: str, stance) -> tuple | None:  # noqa: ANN001
    """The silver pairs the options ask for (``None`` without ``--aita-quotes``), printing their counts."""
    from collections import Counter

    from argmap.errors import InputError
    from argmap.lab import claims_train as ct

    if args.aita_quotes <= 0:
        return None
    if ct.RECIPES[recipe]["mode"] != "pointwise":
        raise InputError("--aita-quotes", f"silver pairs need a pointwise recipe, not {recipe!r}")
    try:
        weights = [float(w) for w in str(args.silver_weight).split(",")]
    except ValueError:
        weights = [0.0]
    if min(weights) <= 0:
        raise InputError("--silver-weight", f"must be positive numbers, not {args.silver_weight!r}")
    from argmap.lab.claims_silver import quote_replies, silver_examples
    from argmap.nlp.claims import RoleModel

    folder = data_folder(args.data, "aita-threads") / "aita-threads"
    replies = list(quote_replies(folder, args.aita_quotes, args.aita_skip))
    x, y = silver_examples(replies, stance, RoleModel.load(), ct.RECIPES[recipe]["extra"])
    counts = Counter(y)
    print(f"silver: {len(replies)} quote replies of {args.aita_quotes} AITA threads (after {args.aita_skip}), "
          f"{len(y)} pairs ({counts['supports']} supports, {counts['attacks']} attacks)")
    return x, y


def train(args: argparse.Namespace) -> int:
    from argmap.errors import InputError
    from argmap.lab import claims_train as ct
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import predicted_units, relation_scores, role_scores
    from argmap.nlp.claim_relations import PAIR_LABELS, PairModel, link_claims
    from argmap.nlp.claims import DIM, LABELS, RoleModel
    from argmap.nlp.stance import StanceModel

    if args.recipe not in ct.RECIPES or (args.vectors and args.recipe != "pointwise"):
        raise InputError("--recipe", f"unknown recipe {args.recipe!r}, or --vectors with it "
                         f"(recipes: {', '.join(ct.RECIPES)})")
    data = data_folder(args.data, NEEDS)
    tr, va = load_split(data, "train"), load_split(data, "valid")
    cs = [float(c) for c in args.cs.split(",")]
    started = time.perf_counter()
    cutter = _cutter(args, tr)

    def valid_role_f1(c: float) -> float:
        model = RoleModel(*ct.train_roles(tr, c, cutter=cutter), {"labels": LABELS, "dim": DIM})
        model.cutter = cutter
        return role_scores(va, predicted_units(va, model))["token_macro"]

    best_role = max(cs, key=valid_role_f1)
    stance = StanceModel.load()
    if args.recipe != "pointwise" or args.aita_quotes > 0 or args.pair_units != "gold":
        return _train_recipe(args, ct, tr + va, best_role, stance, started)
    gold_tr = [ct.gold_claim_thread(g) for g in tr]
    ct.add_stance(tr, gold_tr, stance)
    vectors = None
    if args.vectors:
        from argmap.nlp.claim_relations import unit_vectors
        from argmap.nlp.encoder import Encoder

        vectors = unit_vectors(gold_tr, Encoder.get())
    x, y = ct.pair_examples(tr, gold_tr, vectors)
    gold_rel = {(f"{g.id}/{s}", f"{g.id}/{d}", k) for g in va for s, d, k in g.relations}  # unit ids: per thread
    scores = {}
    for c in cs:
        w, b = ct.fit_logistic(ct.sparse(x), y, PAIR_LABELS, c)
        for th in (0.3, 0.4, 0.5, 0.6, 0.7):
            threads = [ct.gold_claim_thread(g) for g in va]
            ct.add_stance(va, threads, stance)
            link_claims(threads, PairModel(w, b, {"dim": DIM, "pair_threshold": th, "pair_vectors": args.vectors}))
            pred = {(f"{g.id}/{r.source}", f"{g.id}/{r.target}", r.kind)
                    for g, t in zip(va, threads, strict=True) for r in t.claim_relations}
            scores[(c, th)] = relation_scores(gold_rel, pred)["macro"]
    best_c, best_th = max(scores, key=scores.get)
    both = tr + va
    _save_roles(args, ct, both, best_role)
    gold_va_threads = [ct.gold_claim_thread(g) for g in va]
    ct.add_stance(va, gold_va_threads, stance)
    if vectors is not None:
        from argmap.nlp.claim_relations import unit_vectors
        from argmap.nlp.encoder import Encoder

        vectors.update(unit_vectors(gold_va_threads, Encoder.get()))
    x, y = ct.pair_examples(both, gold_tr + gold_va_threads, vectors)
    w, b = ct.fit_logistic(ct.sparse(x), y, PAIR_LABELS, best_c)
    ct.save_linear(args.out, "pair", w, b, {"pair_labels": list(PAIR_LABELS), "pair_dim": DIM, "pair_C": best_c,
                                            "pair_threshold": best_th, "pair_vectors": args.vectors,
                                            "pair_units": "gold"})
    print(f"role C={best_role}; pair C={best_c}, threshold={best_th} (valid relation macro-F1 "
          f"{scores[(best_c, best_th)]:.3f}); saved → {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


def _train_recipe(args: argparse.Namespace, ct, both: list, role_c: float, stance, started: float) -> int:  # noqa: ANN001
    """Fit the role model and a pair scorer of another recipe, with silver pairs or on other units than
    the gold ones on train + valid, and save both."""
    from argmap.errors import InputError
    from argmap.nlp.claims import DIM

    recipe = ct.RECIPES[args.recipe]
    if args.pair_units != "gold" and recipe["mode"] != "pointwise":
        raise InputError("--pair-units", f"{args.pair_units} units need a pointwise recipe, not {args.recipe!r}")
    roles = _save_roles(args, ct, both, role_c)
    silver = _silver(args, args.data, args.recipe, stance)
    model = ct.fit_pairs(both, stance, args.pair_c, args.recipe, args.threshold, silver, args.silver_weight,
                         args.pair_units, roles)
    config = {"pair_labels": ["link"] if model.rank else list(model.linear.labels), "pair_dim": DIM,
              "pair_C": args.pair_c, "pair_threshold": args.threshold, "pair_vectors": False,
              "pair_mode": recipe["mode"], "pair_extra": recipe["extra"], "pair_units": args.pair_units}
    if silver is not None:
        config.update({"pair_silver": f"aita-quotes {args.aita_quotes} after {args.aita_skip}",
                       "pair_silver_weight": args.silver_weight})
    ct.save_linear(args.out, "pair", model.linear.W, model.linear.b, config)
    if model.kind is not None:
        ct.save_linear(args.out, "kind", model.kind.W, model.kind.b, {"kind_labels": list(model.kind.labels)})
    print(f"role C={role_c}; pair recipe {args.recipe}, C={args.pair_c}, threshold={args.threshold}; saved → "
          f"{args.out} in {time.perf_counter() - started:.0f} s")
    return 0


def _cutter(args: argparse.Namespace, golds: list):  # noqa: ANN202
    """The cutter of ``--cuts`` (the learned one fitted on ``golds``), or None."""
    from argmap.lab.claims_cuts import make_cutter

    return make_cutter(golds, args.cuts, args.cut_c, args.cut_threshold)


def _save_roles(args: argparse.Namespace, ct, golds: list, role_c: float):  # noqa: ANN001, ANN202
    """Fit the role model (and the cut model of ``--cuts learned``) on ``golds``, save them and return
    the role model (with its cutter)."""
    from argmap.nlp.claims import DIM, LABELS, RoleModel

    cutter = _cutter(args, golds)
    w, b = ct.train_roles(golds, role_c, cutter=cutter)
    learned = args.cuts.startswith("learned")
    config = {"labels": list(LABELS), "dim": DIM, "clauses": True, "role_C": role_c,
              "cuts": "learned" if learned else args.cuts}
    ct.save_linear(args.out, "role", w, b, config)
    roles = RoleModel(w, b, config)
    roles.cutter = cutter
    if learned:
        ct.save_linear(args.out, "cut", cutter.W, cutter.b, {"cut_dim": cutter.dim, "cut_C": args.cut_c,
                                                             "cut_threshold": cutter.threshold,
                                                             "cut_keep_rule": cutter.keep_rule})
    return roles


def evaluate(args: argparse.Namespace) -> int:
    from argmap.lab.claims_data import load_split
    from argmap.lab.claims_eval import baseline_report, model_report
    from argmap.nlp.claim_relations import PairModel
    from argmap.nlp.claims import RoleModel
    from argmap.nlp.stance import StanceModel

    data = data_folder(args.data, NEEDS)
    golds = load_split(data, args.split)
    stance = StanceModel.load()
    started = time.perf_counter()
    rows = {"every sentence a claim / attack-most-similar": baseline_report(golds, stance),
            "argmap": model_report(golds, RoleModel.load(args.claims_model), PairModel.load(args.claims_model), stance)}
    n_units = sum(len(g.units) for g in golds)
    n_rel = sum(len(g.relations) for g in golds)
    print(f"CMV-modes {args.split}: {len(golds)} threads, {sum(len(g.posts) for g in golds)} posts, {n_units} units, "
          f"{n_rel} relations ({time.perf_counter() - started:.0f} s)")
    keys = list(next(iter(rows.values())))
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{name[:24]:>24}" for name in rows))
    for k in keys:
        print(f"{k:{width}}  " + "  ".join(f"{r[k]:>24.3f}" for r in rows.values()))
    if args.errors:
        from argmap.lab.claims_eval import relation_errors

        print("\nargmap's relation errors, gold units:")
        for k, v in relation_errors(golds, PairModel.load(args.claims_model), stance).items():
            print(f"  {k:<45} {v:.3f}" if isinstance(v, float) else f"  {k:<45} {v}")
    return 0


def cross_validate(args: argparse.Namespace) -> int:
    import numpy as np

    from argmap.errors import InputError
    from argmap.lab import claims_train as ct
    from argmap.lab.claims_data import load_split
    from argmap.nlp.stance import StanceModel

    if args.recipe not in ct.RECIPES:
        raise InputError("--recipe", f"unknown recipe {args.recipe!r} (recipes: {', '.join(ct.RECIPES)})")
    data = data_folder(args.data, NEEDS)
    golds = load_split(data, "train") + load_split(data, "valid")
    stance = StanceModel.load()
    started = time.perf_counter()
    ths = [float(x) for x in args.thresholds.split(",")]
    shared = args.shared.split(",")
    silver = _silver(args, data, args.recipe, stance)
    for weight in [float(w) for w in str(args.silver_weight).split(",")] if silver else [0.0]:
        runs = [ct.cv_relations(golds, stance, args.c, ths, shared, args.recipe, args.folds, int(s), silver, weight)
                for s in args.seeds.split(",")]
        print(f"CMV-modes train + valid, {len(golds)} threads, {args.folds}-fold, recipe {args.recipe}, C={args.c}, "
              f"seeds {args.seeds}{f', silver weight {weight}' if silver else ''} "
              f"({time.perf_counter() - started:.0f} s)")
        for key in runs[0]:
            cell = {m: [r[key][m] for r in runs] for m in ("supports", "attacks", "macro")}
            print(f"threshold {key[0]} shared {key[1]:<12} " + "  ".join(
                f"{m} {np.mean(v):.3f} ± {np.std(v):.3f}" for m, v in cell.items()), flush=True)
    return 0
