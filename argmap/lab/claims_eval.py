"""Scores for claim extraction on CMV-modes: token-level role macro-F1, exact-span F1, relation F1.

* token role F1: every whitespace token of a post gets the role of the unit covering it
  (``none`` outside units); macro-F1 over main_claim / claim / premise / none.
* exact-span F1: a predicted unit counts when its (start, end) equals a gold unit's, role aside.
* relation F1, per kind (supports / attacks) and their macro mean: a predicted (source, target, kind)
  counts when both ends map to the gold units of a gold relation of that kind. With predicted units,
  a unit maps to the gold unit it overlaps most (at least half of the shorter one).

>>> token_roles("ab cd ef", [(3, 5, "claim")])
['none', 'claim', 'none']
>>> round(f1(2, 3, 4), 3)
0.571
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_TOKEN = re.compile(r"\S+")


def token_roles(text: str, units: Iterable[tuple[int, int, str]]) -> list[str]:
    """Role per whitespace token (a token belongs to a unit when its middle lies inside it)."""
    units = list(units)
    out = []
    for m in _TOKEN.finditer(text):
        mid = (m.start() + m.end()) / 2
        out.append(next((r for a, b, r in units if a <= mid < b), "none"))
    return out


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Per-label F1 and their mean (``macro``)."""
    out = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        out[lab] = f1(tp, sum(p == lab for p in pred), sum(g == lab for g in gold))
    out["macro"] = sum(out[lab] for lab in labels) / len(labels)
    return out


def span_f1(gold: set, pred: set) -> float:
    return f1(len(gold & pred), len(pred), len(gold))


def overlap_map(pred: Sequence[tuple[int, int, int]], gold: Sequence[tuple[int, int, int]]) -> dict[int, int]:
    """Predicted unit index → gold unit index, units as (post, start, end): the gold unit overlapping
    it most, when the overlap is at least half of the shorter of the two.

    >>> overlap_map([(0, 0, 10), (0, 20, 30)], [(0, 2, 12), (1, 20, 30)])
    {0: 0}
    """
    out = {}
    for i, (pp, a, b) in enumerate(pred):
        best, arg = 0, -1
        for j, (gp, c, d) in enumerate(gold):
            if gp != pp:
                continue
            ov = min(b, d) - max(a, c)
            if ov > best and ov * 2 >= min(b - a, d - c):
                best, arg = ov, j
        if arg >= 0:
            out[i] = arg
    return out


def relation_scores(gold: set[tuple], pred: set[tuple], kinds: Sequence[str] = ("supports", "attacks")
                    ) -> dict[str, float]:
    """F1 per relation kind over (source, target, kind) triples, and their mean ``macro``."""
    out = {}
    for k in kinds:
        g = {r for r in gold if r[2] == k}
        p = {r for r in pred if r[2] == k}
        out[k] = f1(len(g & p), len(p), len(g))
    out["macro"] = sum(out[k] for k in kinds) / len(kinds)
    return out


def predicted_units(threads: Sequence, model) -> list[list[list[tuple[int, int, str, float]]]]:  # noqa: ANN001
    """Per thread, per post: predicted (start, end, role, score) units of the role model."""
    from argmap.lab.claims_train import post_context
    from argmap.nlp.claims import predict_spans

    items = [(p.text, post_context(t, i)) for t in threads for i, p in enumerate(t.posts)]
    flat = iter(predict_spans(items, model))
    return [[[(s.start, s.end, role, score) for s, role, score in next(flat)] for _ in t.posts] for t in threads]


def role_scores(threads: Sequence, units: Sequence) -> dict[str, float]:
    """Token role macro-F1 (and per role) and exact-span F1 of predicted ``units`` (as from
    :func:`predicted_units`) against the gold units."""
    gold_tokens, pred_tokens, gold_spans, pred_spans = [], [], set(), set()
    for t, posts in zip(threads, units, strict=True):
        for i, (p, pred) in enumerate(zip(t.posts, posts, strict=True)):
            gold = [(u.start, u.end, u.role) for u in t.units if u.post == i]
            gold_tokens += token_roles(p.text, gold)
            pred_tokens += token_roles(p.text, [(a, b, r) for a, b, r, *_ in pred])
            gold_spans |= {(t.id, i, a, b) for a, b, _ in gold}
            pred_spans |= {(t.id, i, a, b) for a, b, *_ in pred}
    out = {f"token_{k}": v for k, v in macro_f1(gold_tokens, pred_tokens, ("main_claim", "claim", "premise",
                                                                          "none")).items()}
    out["exact_span_f1"] = span_f1(gold_spans, pred_spans)
    return out


def _relations_on(threads: Sequence, golds: Sequence, units_by_thread: Sequence | None, link) -> dict[str, float]:  # noqa: ANN001
    """Relation F1 of ``link(threads)`` (which sets ``claim_relations``), the threads' claims being gold
    units (``units_by_thread`` None) or predicted ones mapped to gold by overlap."""
    link(threads)
    gold, pred = set(), set()
    for g, t in zip(golds, threads, strict=True):
        gold |= {(g.id, s, d, k) for s, d, k in g.relations}
        if units_by_thread is None:
            pred |= {(g.id, r.source, r.target, r.kind) for r in t.claim_relations}
            continue
        post_of = {p.id: i for i, p in enumerate(g.posts)}
        mine = [(post_of[c.comment_id], c.start, c.end) for c in t.claims]
        theirs = [(u.post, u.start, u.end) for u in g.units]
        m = overlap_map(mine, theirs)
        idx = {c.id: i for i, c in enumerate(t.claims)}
        for r in t.claim_relations:
            a, b = m.get(idx[r.source]), m.get(idx[r.target])
            if a is not None and b is not None:
                pred.add((g.id, g.units[a].uid, g.units[b].uid, r.kind))
    def key(x: tuple) -> tuple:
        return (f"{x[0]}/{x[1]}", f"{x[0]}/{x[2]}", x[3])

    return relation_scores({key(x) for x in gold}, {key(x) for x in pred})


def _scope(golds: Sequence) -> dict[str, float]:
    n = {"same": 0, "parent": 0, "further": 0}
    for g in golds:
        post = {u.uid: u.post for u in g.units}
        for s, d, _ in g.relations:
            gap = post[s] - post[d]
            n["same" if gap == 0 else "parent" if gap == 1 else "further"] += 1
    total = sum(n.values()) or 1
    return {f"gold relations {k} post (share)": v / total for k, v in n.items()}


def claim_linker(relations, encoder, stance, min_score: float | None = None):  # noqa: ANN001, ANN201
    """``link(threads)``: embed each thread's units and set its claim relations with ``relations``."""
    from argmap.nlp.claim_relations import claim_vectors, link_claims

    def link(threads: Sequence) -> None:
        claim_vectors(threads, encoder)
        link_claims(threads, relations, min_score)

    return link


def across_precision(golds: Sequence, threads: Sequence) -> tuple[float, int]:
    """Of the relations drawn across posts (gold units), the share that are gold, and how many."""
    right = drawn = 0
    for g, t in zip(golds, threads, strict=True):
        gold = set(g.relations)
        post = {u.uid: u.post for u in g.units}
        for r in t.claim_relations:
            if post[r.source] != post[r.target]:
                drawn += 1
                right += (r.source, r.target, r.kind) in gold
    return right / max(drawn, 1), drawn


def calibration(golds: Sequence, relations, stance, encoder) -> dict[str, float]:  # noqa: ANN001
    """Expected calibration error of the relation model's P(none / supports / attacks) on every
    candidate pair of the gold units, before (temperature 1) and after calibration."""
    import numpy as np

    from argmap.lab.claims_train import add_stance, gold_claim_thread
    from argmap.lab.relations_train import expected_calibration_error
    from argmap.nlp.claim_relations import (
        LABELS,
        RelationModel,
        candidates,
        claim_vectors,
        pair_inputs,
        scored_facts,
    )

    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    u, v, facts, labels = [], [], [], []
    for g, t, vecs in zip(golds, threads, claim_vectors(threads, encoder), strict=True):
        gold = {(s, d): k for s, d, k in g.relations}
        for cands in candidates(t):
            u.append(vecs[[c.target for c in cands]])
            v.append(vecs[[c.source for c in cands]])
            facts.append(scored_facts(cands, vecs))
            labels += [LABELS.index(gold.get((t.claims[c.source].id, t.claims[c.target].id), "none")) for c in cands]
    x = pair_inputs(np.concatenate(u), np.concatenate(v), np.concatenate(facts))
    y = np.array(labels)
    raw = RelationModel({"hidden.weight": relations.w1, "hidden.bias": relations.b1, "out.weight": relations.w2,
                         "out.bias": relations.b2}, {"temperature": 1.0})
    return {"relation ECE, uncalibrated": expected_calibration_error(raw.probabilities(x), y),
            "relation ECE, calibrated": expected_calibration_error(relations.probabilities(x), y)}


def model_report(golds: Sequence, roles, arguing, relations, stance, encoder) -> dict[str, float]:  # noqa: ANN001
    """argmap's figures on ``golds``: role scores of the units that argue, then relation F1 on gold
    units (and the precision of the links drawn across posts) and on predicted units."""
    from argmap.lab.claims_train import add_stance, gold_claim_thread
    from argmap.nlp.arguing import keep_arguing
    from argmap.nlp.claim_relations import claim_vectors, link_claims
    from argmap.nlp.claims import extract_claims

    threads = [g.to_thread() for g in golds]
    add_stance(golds, threads, stance)
    extract_claims(threads, roles)
    claim_vectors(threads, encoder)
    keep_arguing(threads, arguing)
    post_of = [{p.id: i for i, p in enumerate(g.posts)} for g in golds]
    units = [[[(c.start, c.end, c.role, c.score) for c in t.claims if post_of[n][c.comment_id] == i]
              for i in range(len(g.posts))] for n, (g, t) in enumerate(zip(golds, threads, strict=True))]
    out = role_scores(golds, units)
    linked = _relations_on(threads, golds, [], lambda ts: link_claims(ts, relations))
    out.update({f"rel_pred_units_{k}": v for k, v in linked.items()})
    gold_threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, gold_threads, stance)
    out.update({f"rel_gold_units_{k}": v for k, v in
                _relations_on(gold_threads, golds, None, claim_linker(relations, encoder, stance)).items()})
    out["precision of relations drawn across posts (gold units)"], n = across_precision(golds, gold_threads)
    out["relations drawn across posts (gold units)"] = float(n)
    out.update(_scope(golds))
    return out


def baseline_link(threads: Sequence) -> None:
    """The relation baseline: each reply unit attacks the parent unit most similar to it (word cosine)
    when its comment's stance is attack; nothing else is linked."""
    from argmap.model import ClaimRelation
    from argmap.nlp.claim_relations import content, similarity

    for t in threads:
        by_comment: dict[str, list] = {}
        for u in t.claims:
            by_comment.setdefault(u.comment_id, []).append(u)
        t.claim_relations = []
        for c in t.comments:
            cands = by_comment.get(c.parent_id or "", [])
            if c.stance != "attack" or not cands:
                continue
            for u in by_comment.get(c.id, []):
                best = max(cands, key=lambda x, u=u: similarity(content(x.text), content(u.text)))
                t.claim_relations.append(ClaimRelation(u.id, best.id, "attacks", 1.0, "model"))


def baseline_report(golds: Sequence, stance) -> dict[str, float]:  # noqa: ANN001
    """The baselines' figures: every candidate sentence (no clause cuts) a claim; :func:`baseline_link`."""
    from argmap.lab.claims_train import add_stance, gold_claim_thread
    from argmap.model import Claim
    from argmap.nlp.claim_spans import spans

    units = [[[(s.start, s.end, "claim", 1.0) for s in spans(p.text, clauses=False) if s.kind == "text"]
              for p in g.posts] for g in golds]
    out = role_scores(golds, units)
    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    out.update({f"rel_gold_units_{k}": v for k, v in _relations_on(threads, golds, None, baseline_link).items()})
    threads = [g.to_thread() for g in golds]
    add_stance(golds, threads, stance)
    for t, posts in zip(threads, units, strict=True):
        t.claims = [Claim(f"{c.id}:{n}", c.id, a, b, c.text[a:b], r, s)
                    for c, us in zip(t.comments, posts, strict=True) for n, (a, b, r, s) in enumerate(us)]
    out.update({f"rel_pred_units_{k}": v for k, v in _relations_on(threads, golds, [], baseline_link).items()})
    out.update(_scope(golds))
    return out


def relation_errors(golds: Sequence, relations, stance, encoder) -> dict[str, float]:  # noqa: ANN001
    """Where the relation errors on gold units are: for gold relations inside one post and across
    posts, per kind, the share whose source is linked to the gold target with the right kind
    (``hit``), to it with the wrong kind, to another unit of its own post or of another post, or to
    nothing; and F1 per (scope, kind)."""
    from argmap.lab.claims_train import add_stance, gold_claim_thread

    threads = [gold_claim_thread(g) for g in golds]
    add_stance(golds, threads, stance)
    claim_linker(relations, encoder, stance)(threads)
    n: dict[str, int] = {}

    def bump(key: str) -> None:
        n[key] = n.get(key, 0) + 1

    for g, t in zip(golds, threads, strict=True):
        post = {u.uid: u.post for u in g.units}
        gold = {(s, d): k for s, d, k in g.relations}
        pred = {r.source: (r.target, r.kind) for r in t.claim_relations}
        for (s, d), k in gold.items():
            scope = "inside" if post[s] == post[d] else "across"
            bump(f"{scope} {k}")
            got = pred.get(s)
            if got is None:
                bump(f"{scope} {k}: unlinked")
            elif got[0] == d:
                bump(f"{scope} {k}: {'hit' if got[1] == k else 'wrong kind'}")
            else:
                bump(f"{scope} {k}: other target {'inside' if post[got[0]] == post[s] else 'across'}")
        for s, (d, k) in pred.items():
            scope = "inside" if post[s] == post[d] else "across"
            bump(f"predicted {scope} {k}")
            if gold.get((s, d)) == k:
                bump(f"predicted {scope} {k}: right")
    out = {}
    modal = links = 0
    for g in golds:
        post = {u.uid: u.post for u in g.units}
        by_reply: dict[int, list[str]] = {}
        for s, d, _ in g.relations:
            if post[s] - post[d] == 1:
                by_reply.setdefault(post[s], []).append(d)
        links += sum(len(v) for v in by_reply.values())
        modal += sum(max(v.count(x) for x in v) for v in by_reply.values())
    out["gold links to the parent post: to the reply's most-linked parent unit (share)"] = modal / max(links, 1)
    for scope in ("inside", "across"):
        for k in ("supports", "attacks"):
            total = n.get(f"{scope} {k}", 0)
            out[f"{scope} {k}: gold relations"] = total
            for what in ("hit", "wrong kind", "other target inside", "other target across", "unlinked"):
                out[f"{scope} {k}: {what} (share)"] = n.get(f"{scope} {k}: {what}", 0) / max(total, 1)
            out[f"{scope} {k}: F1"] = f1(n.get(f"predicted {scope} {k}: right", 0), n.get(f"predicted {scope} {k}", 0),
                                          total)
    return out


def correction_scores(roles: Sequence, relations: Sequence, model) -> dict[str, Any]:  # noqa: ANN001
    """Accuracy against a group's own labels (:mod:`argmap.lab.corrections_data`): the role ``model``
    on the human role labels (a labelled span takes the role of the predicted unit covering at least
    half of it, else ``none``), and the map's relations on the human relation labels (``none``: no
    link). Each with its count ``n`` and the confusion ``(gold, predicted) → count``."""
    from collections import Counter

    from argmap.lab.claims_train import gold_role
    from argmap.nlp.claim_spans import Span
    from argmap.nlp.claims import Context, predict_spans

    items = sorted({(r.text, r.is_root, r.title) for r in roles})
    units = dict(zip(items, predict_spans([(t, Context(root, title)) for t, root, title in items], model),
                     strict=True))
    role_pairs = [(r.role, gold_role(Span(r.start, r.end, r.text[r.start:r.end], "text", 0, 0),
                                     [(s.start, s.end, role) for s, role, _ in units[r.text, r.is_root, r.title]]))
                  for r in roles]
    rel_pairs = [(r.kind, r.model) for r in relations]
    out: dict[str, Any] = {}
    for name, pairs in (("role", role_pairs), ("relation", rel_pairs)):
        out[name] = {"n": len(pairs), "accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else None,
                     "confusion": Counter(pairs)}
    return out
