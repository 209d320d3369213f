"""Train the claim role model on CMV-modes (train split; the regularisation chosen on valid; the
shipped fit then uses train + valid).

It is an L2 logistic regression over hashed features (:func:`argmap.nlp.claims.span_features`):
convex, so a fit is deterministic (no seed). Only the weights and a config are saved (fp16
safetensors), like the stance model. The relation and argument models that read the units are
trained by :mod:`argmap.lab.relations_train`.
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


def correction_examples(labels: Sequence[Any], clauses: bool = True, cutter: Any = None
                        ) -> tuple[list[list[str]], list[str], list[float]]:
    """Feature lists, roles and weights of the candidate spans that human role labels
    (:func:`argmap.lab.corrections_data.role_labels`) cover: each text span of a corrected comment
    takes the role of the labelled span covering at least half of it ("no claim": ``none``); spans
    no label covers are left out (nobody judged them)."""
    from argmap.nlp.claims import Context

    by_comment: dict[tuple[str, str], list[Any]] = {}
    for lab in labels:
        by_comment.setdefault((lab.thread_id, lab.comment_id), []).append(lab)
    feats, roles, weights = [], [], []
    for labs in by_comment.values():
        first = labs[0]
        ss = spans(first.text, clauses, cutter)
        for s, f in zip(ss, span_features(ss, first.text, Context(first.is_root, first.title)), strict=True):
            if s.kind != "text":
                continue
            best, hit = 0, None
            for lab in labs:
                overlap = min(lab.end, s.end) - max(lab.start, s.start)
                if overlap > best:
                    best, hit = overlap, lab
            if hit is not None and best * 2 >= s.end - s.start:
                feats.append(f)
                roles.append(hit.role)
                weights.append(hit.weight)
    return feats, roles, weights


def train_roles(train: Sequence[GoldThread], c: float, clauses: bool = True, cutter: Any = None,
                corrections: Sequence[Any] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Fit the role model on ``train``; ``corrections``: human role labels
    (:func:`argmap.lab.corrections_data.role_labels`) added at their weight on top of the balanced
    class weights."""
    feats, y = role_examples(train, clauses, cutter)
    if not corrections:
        return fit_logistic(sparse(feats), y, LABELS, c)
    more, roles, weights = correction_examples(corrections, clauses, cutter)
    counts = {lab: y.count(lab) + roles.count(lab) for lab in set(y) | set(roles)}
    balanced = {lab: (len(y) + len(roles)) / (len(counts) * n) for lab, n in counts.items()}
    w = [balanced[lab] for lab in y] + [balanced[lab] * k for lab, k in zip(roles, weights, strict=True)]
    return fit_logistic(sparse(feats + more), y + roles, LABELS, c, sample_weight=w)


def gold_claim_thread(gold: GoldThread) -> Any:
    """The gold thread as an argmap Thread whose ``claims`` are the gold units (ids = unit ids)."""
    from argmap.model import Claim

    t = gold.to_thread()
    t.claims = [Claim(u.uid, gold.posts[u.post].id, u.start, u.end, gold.posts[u.post].text[u.start:u.end],
                      u.role, 1.0) for u in gold.units]
    return t


def add_stance(golds: Sequence[GoldThread], threads: Sequence[Any], stance_model: Any) -> None:
    """Run the comment-level stance model on the threads (the relation model reads it), memoised on the
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
