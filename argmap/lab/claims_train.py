"""Train the claim role model and the claim-pair relation scorer on CMV-modes (train split; the
regularisation chosen on valid; the shipped fit then uses train + valid).

Both are L2 logistic regressions over hashed features (:func:`argmap.nlp.claims.span_features`,
:func:`argmap.nlp.claim_relations.pair_features`): convex, so a fit is deterministic (no seed).
Only the weights and a config are saved (fp16 safetensors), like the stance model. Other pair
scorer recipes (:data:`RECIPES`: a listwise ranker, extra features) are compared by
:func:`cv_relations` (``argmap lab cv-claims``), whose seeds shuffle the folds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from argmap.lab.claims_data import GoldThread
from argmap.nlp.claim_spans import Span, spans
from argmap.nlp.claims import CONFIG, DIM, LABELS, WEIGHTS, Context, hashed, span_features


def gold_role(span: Span, units: Sequence[tuple[int, int, str]]) -> str:
    """The role of the gold unit covering most of ``span`` (at least half of it), else ``none``.

    >>> gold_role(Span(0, 10, "x" * 10, "text", 0, 0), [(0, 6, "claim"), (6, 10, "premise")])
    'claim'
    >>> gold_role(Span(0, 10, "x" * 10, "text", 0, 0), [(8, 20, "claim")])
    'none'
    """
    best, role = 0, "none"
    for a, b, r in units:
        overlap = min(b, span.end) - max(a, span.start)
        if overlap > best:
            best, role = overlap, r
    return role if best * 2 >= span.end - span.start else "none"


def post_context(thread: GoldThread, i: int) -> Context:
    title = thread.posts[0].text.split("\n", 1)[0] if i == 0 else ""
    return Context(i == 0, title)


def role_examples(threads: Sequence[GoldThread], clauses: bool = True, cutter: Any = None
                  ) -> tuple[list[list[str]], list[str]]:
    """Feature lists and gold roles of every non-quote candidate span (``cutter``: as :func:`spans`)."""
    feats, labels = [], []
    for t in threads:
        for i, p in enumerate(t.posts):
            ss = spans(p.text, clauses, cutter)
            units = [(u.start, u.end, u.role) for u in t.units if u.post == i]
            for s, f in zip(ss, span_features(ss, p.text, post_context(t, i)), strict=True):
                if s.kind == "quote":
                    continue
                feats.append(f)
                labels.append(gold_role(s, units) if s.kind == "text" else "none")
    return feats, labels


def sparse(feats: Sequence[Sequence[str]], dim: int = DIM) -> Any:
    """Hashed feature lists as a CSR matrix of counts."""
    from scipy.sparse import csr_matrix

    rows = [r for r, f in enumerate(feats) for _ in f]
    cols = [c for f in feats for c in hashed(f, dim)]
    return csr_matrix((np.ones(len(cols), np.float32), (rows, cols)), shape=(len(feats), dim))


def fit_logistic(x: Any, y: Sequence[str], labels: Sequence[str], c: float, balanced: bool = True,
                 sample_weight: Sequence[float] | None = None) -> tuple:
    """``(W, b)`` of a multinomial logistic regression, ``W`` as dim × labels in ``labels`` order;
    ``sample_weight``: one weight per row (then ``balanced`` is left to the caller)."""
    from sklearn.linear_model import LogisticRegression

    if sample_weight is None:
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
        clf.fit(x, list(y))
    else:
        clf = LogisticRegression(C=c, max_iter=2000)
        clf.fit(x, list(y), sample_weight=np.asarray(sample_weight, np.float64))
    order = [list(clf.classes_).index(lab) if lab in clf.classes_ else -1 for lab in labels]
    w = np.zeros((x.shape[1], len(labels)), np.float32)
    b = np.full(len(labels), -30.0, np.float32)
    coef = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_[0] / 2, clf.coef_[0] / 2])
    icpt = clf.intercept_ if len(clf.classes_) > 2 else np.array([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
    for j, k in enumerate(order):
        if k >= 0:
            w[:, j], b[j] = coef[k], icpt[k]
    return w, b


def save_linear(folder: str | Path, name: str, w: np.ndarray, b: np.ndarray, config: dict[str, Any],
                weights: str = WEIGHTS, config_name: str = CONFIG) -> None:
    """Add ``<name>.weight`` / ``<name>.bias`` (fp16) to ``folder/weights`` and ``config`` under
    ``name`` to ``folder/config_name``."""
    from safetensors.numpy import load_file, save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / weights
    state = load_file(str(path)) if path.is_file() else {}
    state.update({f"{name}.weight": w.astype(np.float16), f"{name}.bias": b.astype(np.float16)})
    save_file(state, str(path))
    cfg_path = folder / config_name
    cfg = json.loads(cfg_path.read_text()) if cfg_path.is_file() else {}
    cfg.update(config)
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")


def train_roles(train: Sequence[GoldThread], c: float, clauses: bool = True, cutter: Any = None
                ) -> tuple[np.ndarray, np.ndarray]:
    feats, y = role_examples(train, clauses, cutter)
    return fit_logistic(sparse(feats), y, LABELS, c)


def gold_claim_thread(gold: GoldThread) -> Any:
    """The gold thread as an argmap Thread whose ``claims`` are the gold units (ids = unit ids)."""
    from argmap.model import Claim

    t = gold.to_thread()
    t.claims = [Claim(u.uid, gold.posts[u.post].id, u.start, u.end, gold.posts[u.post].text[u.start:u.end],
                      u.role, 1.0) for u in gold.units]
    return t


def add_stance(golds: Sequence[GoldThread], threads: Sequence[Any], stance_model: Any) -> None:
    """Run the comment-level stance model on the threads (the pair scorer's prior), memoised on the
    gold threads so each is classified once per process."""
    from argmap.nlp.stance import classify_threads

    todo = [t for g, t in zip(golds, threads, strict=True) if not hasattr(g, "_stance")]
    if todo:
        classify_threads(todo, stance_model)
    for g, t in zip(golds, threads, strict=True):
        if not hasattr(g, "_stance"):
            g._stance = {c.id: (c.stance, c.stance_score) for c in t.comments}  # type: ignore[attr-defined]
        for c in t.comments:
            c.stance, c.stance_score = g._stance[c.id]  # type: ignore[attr-defined]


def pair_examples(golds: Sequence[GoldThread], threads: Sequence[Any], vectors: dict | None = None,
                  extra: str = "", maps: Sequence[dict[str, str]] | None = None) -> tuple[list[list[str]], list[str]]:
    """Pair-scorer features and labels (none / supports / attacks) of every candidate pair
    (:func:`argmap.nlp.claim_relations.pair_jobs`); ``vectors``: unit embeddings, for a model that
    reads them; ``maps``: per thread, claim id → gold unit id (:func:`unit_map`; None: the claims are
    the gold units), a pair labelled with the gold relation between the units its ends map to."""
    from argmap.nlp.claim_relations import pair_jobs

    feats, labels = [], []
    for n, (g, t) in enumerate(zip(golds, threads, strict=True)):
        gold = {(s, d): k for s, d, k in g.relations}
        m = maps[n] if maps is not None else {c.id: c.id for c in t.claims}
        for u, cands, _via, f, _null in pair_jobs(t, vectors, extra)[1]:
            feats += f
            labels += [gold.get((m.get(u.id), m.get(x.id)), "none") for x in cands]
    return feats, labels


#: the units a pair scorer is fitted on: the gold units, the role model's predicted units (each
#: mapped to the gold unit it overlaps, :func:`unit_map`), or both pooled
PAIR_UNITS = ("gold", "predicted", "both")


def unit_map(gold: GoldThread, thread: Any) -> dict[str, str]:
    """Claim id → id of the gold unit it maps to (:func:`argmap.lab.claims_eval.overlap_map`, the
    matching the predicted-unit relation F1 uses); claims that map to none are left out."""
    from argmap.lab.claims_eval import overlap_map

    post_of = {p.id: i for i, p in enumerate(gold.posts)}
    m = overlap_map([(post_of[c.comment_id], c.start, c.end) for c in thread.claims],
                    [(u.post, u.start, u.end) for u in gold.units])
    return {thread.claims[i].id: gold.units[j].uid for i, j in m.items()}


def predicted_claim_threads(golds: Sequence[GoldThread], roles: Any, stance: Any) -> list[Any]:
    """The gold threads as argmap Threads whose ``claims`` are the units ``roles`` predicts."""
    from argmap.nlp.claims import extract_claims

    threads = [g.to_thread() for g in golds]
    add_stance(golds, threads, stance)
    extract_claims(threads, roles)
    return threads


def relation_f1(golds: Sequence[GoldThread], model: Any, stance: Any) -> dict[str, float]:
    """Relation F1 (supports / attacks / macro) of ``model`` on ``golds`` given their gold units."""
    from argmap.lab.claims_eval import relation_scores
    from argmap.nlp.claim_relations import link_claims

    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    link_claims(threads, model)
    gold = {(f"{g.id}/{s}", f"{g.id}/{d}", k) for g in golds for s, d, k in g.relations}
    pred = {(f"{g.id}/{r.source}", f"{g.id}/{r.target}", r.kind)
            for g, t in zip(golds, threads, strict=True) for r in t.claim_relations}
    return relation_scores(gold, pred)


#: the pair scorer recipes: ``pointwise`` (0.6.0: P(none / supports / attacks) per candidate) and
#: ``rank`` (a softmax over each unit's candidates and "no target", and a kind model), each with or
#: without the extra features
RECIPES = {f"{mode}{'+' if extra else ''}{extra.replace(',', '+')}": {"mode": mode, "extra": extra}
           for mode in ("pointwise", "rank")
           for extra in ("", "within", "cross", "within,cross", "question", "qinside")}


def rank_examples(golds: Sequence[GoldThread], threads: Sequence[Any], extra: str
                  ) -> tuple[list[list[list[str]]], list[int], list[list[str]], list[str]]:
    """Ranking groups (per unit: "no target" features, then each candidate's), the gold row of each
    group (0: no target, also when the gold target is not a candidate), and the kind examples
    (features and kind of each candidate that is the unit's gold target)."""
    from argmap.nlp.claim_relations import pair_jobs

    groups, gold_rows, kind_x, kind_y = [], [], [], []
    for g, t in zip(golds, threads, strict=True):
        gold = {(s, d): k for s, d, k in g.relations}
        for u, cands, _via, f, null in pair_jobs(t, None, extra, null=True)[1]:
            groups.append([null, *f])
            hit = [j for j, x in enumerate(cands) if (u.id, x.id) in gold]
            gold_rows.append(1 + hit[0] if hit else 0)
            for j in hit:
                kind_x.append(f[j])
                kind_y.append(gold[(u.id, cands[j].id)])
    return groups, gold_rows, kind_x, kind_y


def fit_ranker(groups: Sequence[Sequence[Sequence[str]]], gold_rows: Sequence[int], c: float, dim: int = DIM
               ) -> tuple[np.ndarray, np.ndarray]:
    """``(W, b)`` (dim × 1, bias 0) of a linear ranker: per group a softmax over its rows, the gold row's
    log-probability maximised (× ``c``) with an L2 penalty ½‖w‖² (L-BFGS; convex, so deterministic)."""
    from scipy.optimize import minimize

    rows = [r for grp in groups for r in grp]
    x = sparse(rows, dim)
    sizes = np.array([len(grp) for grp in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group_of = np.repeat(np.arange(len(groups)), sizes)
    y = np.zeros(len(rows))
    y[starts + np.asarray(gold_rows)] = 1.0
    xt = x.T.tocsr()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        sc = x @ w
        top = np.maximum.reduceat(sc, starts)
        e = np.exp(sc - top[group_of])
        z = np.add.reduceat(e, starts)
        logp = sc - top[group_of] - np.log(z)[group_of]
        p = e / z[group_of]
        return -c * float(logp @ y) + 0.5 * float(w @ w), c * (xt @ (p - y)) + w

    res = minimize(loss, np.zeros(dim), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x.astype(np.float32)[:, None], np.zeros(1, np.float32)


def silver_weights(gold: Sequence[str], silver: Sequence[str], weight: float) -> list[float]:
    """Row weights of gold rows then silver rows: each row's "balanced" class weight computed on the
    gold rows alone (so the gold part is weighted as without silver), times ``weight`` for silver.

    >>> silver_weights(["none", "none", "none", "attacks"], ["attacks", "none"], 0.5)
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0, 1.0, 0.3333333333333333]
    """
    from collections import Counter

    counts = Counter(gold)
    per = {k: len(gold) / (len(counts) * v) for k, v in counts.items()}
    return [per[k] for k in gold] + [per.get(k, 1.0) * weight for k in silver]


def fit_pairs(golds: Sequence[GoldThread], stance: Any, c: float, recipe: str = "pointwise",
              threshold: float = 0.5, silver: tuple[list[list[str]], list[str]] | None = None,
              silver_weight: float = 0.3, units: str = "gold", roles: Any = None) -> Any:
    """The pair scorer of ``recipe`` (:data:`RECIPES`) fitted on ``golds`` with regularisation ``c``,
    as a :class:`~argmap.nlp.claim_relations.PairModel` linking at ``threshold``; ``units``
    (:data:`PAIR_UNITS`): the pairs of the gold units, of the units the role model ``roles`` predicts
    (pointwise recipes only), or both; ``silver``: extra ``(features, labels)`` rows
    (:func:`argmap.lab.claims_silver.silver_examples`, pointwise recipes only), each weighted
    ``silver_weight`` (:func:`silver_weights`)."""
    from argmap.nlp.claim_relations import PAIR_LABELS, PairModel

    r = RECIPES[recipe]
    if silver and r["mode"] != "pointwise":
        raise ValueError(f"silver pairs need a pointwise recipe, not {recipe!r}")
    if units not in PAIR_UNITS or (units != "gold" and (r["mode"] != "pointwise" or roles is None)):
        raise ValueError(f"pair units {units!r} need a pointwise recipe and a role model (units: {PAIR_UNITS})")
    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    config = {"dim": DIM, "pair_threshold": threshold, "pair_mode": r["mode"], "pair_extra": r["extra"],
              "pair_units": units}
    if r["mode"] == "pointwise":
        x, y = pair_examples(golds, threads, extra=r["extra"]) if units != "predicted" else ([], [])
        if units != "gold":
            pred = predicted_claim_threads(golds, roles, stance)
            px, py = pair_examples(golds, pred, extra=r["extra"],
                                   maps=[unit_map(g, t) for g, t in zip(golds, pred, strict=True)])
            x, y = x + px, y + py
        if not silver or not silver[0]:
            return PairModel(*fit_logistic(sparse(x), y, PAIR_LABELS, c), config)
        weights = silver_weights(y, silver[1], silver_weight)
        return PairModel(*fit_logistic(sparse(x + silver[0]), y + silver[1], PAIR_LABELS, c,
                                       sample_weight=weights), config)
    groups, gold_rows, kx, ky = rank_examples(golds, threads, r["extra"])
    w, b = fit_ranker(groups, gold_rows, c)
    return PairModel(w, b, config, fit_logistic(sparse(kx), ky, PAIR_LABELS[1:], c, balanced=False))


def with_threshold(model: Any, threshold: float, shared: str | dict | None = None) -> Any:
    """A copy of a fitted pair scorer linking at another threshold (and, given ``shared``, with
    another way of sharing a reply's target, or given targets: (thread, reply, answered comment) →
    unit id)."""
    import copy

    out = copy.copy(model)
    out.threshold = threshold
    if shared is not None:
        out.shared = shared
    return out


def cv_relations(golds: Sequence[GoldThread], stance: Any, c: float, thresholds: Sequence[float],
                 shared: Sequence[str] = ("none",), recipe: str = "pointwise", folds: int = 5, seed: int = 0,
                 silver: tuple[list[list[str]], list[str]] | None = None, silver_weight: float = 0.3
                 ) -> dict[tuple[float, str], dict[str, float]]:
    """Relation F1 (gold units: supports / attacks / macro) per (threshold, target sharing), by
    ``folds``-fold cross-validation over threads shuffled with ``seed``: each fold is scored by a
    scorer of ``recipe`` fitted (with ``c``) on the others (and on the ``silver`` rows, weighted
    ``silver_weight``: they join every fold's training part only), and the held-out predictions of
    all folds are pooled."""
    from argmap.lab.claims_eval import relation_scores
    from argmap.nlp.claim_relations import link_claims

    order = np.random.default_rng(seed).permutation(len(golds))
    parts = [[golds[i] for i in order[f::folds]] for f in range(folds)]
    gold = {(f"{g.id}/{s}", f"{g.id}/{d}", k) for g in golds for s, d, k in g.relations}
    pred: dict[tuple[float, str], set] = {(th, sh): set() for th in thresholds for sh in shared}
    for f, held in enumerate(parts):
        model = fit_pairs([g for j, p in enumerate(parts) if j != f for g in p], stance, c, recipe,
                          silver=silver, silver_weight=silver_weight)
        for th, sh in pred:
            threads = [gold_claim_thread(g) for g in held]
            add_stance(held, threads, stance)
            link_claims(threads, with_threshold(model, th, sh))
            pred[(th, sh)] |= {(f"{g.id}/{r.source}", f"{g.id}/{r.target}", r.kind)
                               for g, t in zip(held, threads, strict=True) for r in t.claim_relations}
    return {k: relation_scores(gold, p) for k, p in pred.items()}
