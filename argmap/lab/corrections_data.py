"""Human labels from the map page's corrections, as training and evaluation data.

A research group corrects maps in the page and saves ``*.corrections.json`` beside the output
folder of ``argmap map`` (its ``dataset/``). :func:`stance_pairs` loads those datasets, applies the
corrections (:mod:`argmap.corrections`) and returns one :class:`Pair` per reply whose stance a person
set or confirmed (``label_source == "human"``), with the thread title as context. ``argmap lab
train-stance --corrections DIR`` adds them to training at ``--corrections-weight``; ``argmap lab
eval-stance --corrections DIR`` scores the models against them (the group's own gold labels).

The same datasets give :func:`role_labels` (claim roles a person set, "no claim" as ``none``) for
``train-claims`` / ``eval-claims``, :func:`relation_labels` (supports / attacks links a person drew
or removed, beside the map's own) for ``eval-claims``, and :func:`parent_labels` (comments a person
moved in pasted text) for ``train-structure`` / ``eval-structure``.

>>> import json, tempfile
>>> from pathlib import Path
>>> from argmap.exporters.hf_dataset import write_dataset
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> d = Path(tempfile.mkdtemp())
>>> _ = write_dataset([build_graph(Thread("t", [Comment("a", None, text="Tea."), Comment("b", "a", text="No.",
...     stance="support", stance_score=0.6)], title="Drinks"))], d / "out" / "dataset")
>>> _ = (d / "t.corrections.json").write_text(json.dumps({"format": "argmap.corrections", "version": 1,
...     "thread": {"thread_id": "t"}, "edits": [{"op": "stance", "comment_id": "b", "stance": "attack"}]}))
>>> [(p.parent, p.reply, p.label, p.context, p.weight) for p in stance_pairs(d, weight=2.0)]
[('Tea.', 'No.', 'attack', 'Drinks', 2.0)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import InputError
from argmap.lab.stance_data import Pair
from argmap.lab.structure_data import PastedThread

SOURCE = "corrections"


def datasets_under(folder: Path) -> list[Path]:
    """``folder`` if it is an argmap dataset, else every dataset folder under it (sorted)."""
    if (folder / "data" / "comments.parquet").is_file():
        return [folder]
    return sorted(p.parent.parent for p in folder.rglob("data/comments.parquet"))


def _corrected(folder: str | Path) -> Iterator[tuple[Any, Any, Any]]:
    """``(model graph, corrected graph, report)`` for each mapped thread that has corrections under
    ``folder``: the graph as ``argmap map`` saved it, and a copy with the corrections applied.

    Raises:
        InputError: no corrections file, a corrupt or foreign one, or no argmap dataset beside them.
    """
    from argmap.corrections import Corrections
    from argmap.load import iter_graphs

    folder = Path(folder)
    fixes = Corrections(folder)
    sets = datasets_under(folder)
    if not sets:
        raise InputError(folder, "no argmap dataset here to read the corrected comments from: keep the "
                                 "corrections beside the output folder of `argmap map` (its dataset/)")
    for ds in sets:
        for g in iter_graphs(ds):
            if str(g.graph.get("thread_id")) not in fixes.by_thread:
                continue
            fixed = g.copy()
            report = fixes.apply(fixed)
            yield g, fixed, report


def stance_pairs(folder: str | Path, weight: float = 1.0) -> list[Pair]:
    """The human stance labels of the corrections under ``folder`` as (parent, reply) pairs.

    Raises:
        InputError: no corrections file, or no argmap dataset to read the comments from.
    """
    pairs: list[Pair] = []
    for _, g, _ in _corrected(folder):
        title = str(g.graph.get("title") or "")
        for child, parent, d in g.edges(data=True):
            if d.get("kind") == "reply" and d.get("label_source") == "human" and d.get("stance"):
                pairs.append(Pair(str(g.nodes[parent].get("text") or ""), str(g.nodes[child].get("text") or ""),
                                  str(d["stance"]), title, weight, SOURCE, str(g.graph.get("thread_id"))))
    return pairs


@dataclass
class RoleLabel:
    """A span of one comment whose claim role a person set: ``role`` ∈ main_claim / claim /
    premise, or ``none`` (marked "no claim")."""

    thread_id: str
    comment_id: str
    text: str  # the comment's text; the span is text[start:end]
    is_root: bool
    title: str
    start: int
    end: int
    role: str
    weight: float = 1.0


@dataclass
class RelationLabel:
    """A claim pair whose link a person set (``kind`` supports / attacks) or removed (``none``), with
    what the map's relation model had drawn between them (``model``: a kind, or ``none``)."""

    thread_id: str
    source: str
    target: str
    kind: str
    model: str


def _comment_of(g: Any, cid: str) -> tuple[str, bool]:
    """A comment's text and whether it is the thread's root (replies to nothing)."""
    root = not any(d.get("kind") == "reply" for _, _, d in g.out_edges(cid, data=True))
    return str(g.nodes[cid].get("text") or ""), root


def role_labels(folder: str | Path, weight: float = 1.0) -> list[RoleLabel]:
    """The human claim roles of the corrections under ``folder``: claims whose role a person set, and
    claims a person marked "no claim" (role ``none``).

    Raises:
        InputError: as :func:`stance_pairs`.
    """
    from argmap.corrections import _claim, _Miss

    out: list[RoleLabel] = []
    for model, g, report in _corrected(folder):
        tid, title = str(g.graph.get("thread_id")), str(g.graph.get("title") or "")
        found: dict[str, tuple[Any, str]] = {}  # claim node → (graph it lives in, role); later edits win
        for n, d in g.nodes(data=True):
            if d.get("kind") == "claim" and d.get("label_source") == "human" and d.get("role"):
                found[n] = (g, str(d["role"]))
        for e in report.applied:
            if e["op"] == "claim" and e.get("role") is None:
                try:
                    n = _claim(model, e.get("claim"))
                except _Miss:
                    continue
                if n not in g:
                    found[n] = (model, "none")
        for n, (h, role) in found.items():
            d = h.nodes[n]
            cid = str(d.get("comment_id"))
            if cid not in h:
                continue
            text, root = _comment_of(h, cid)
            out.append(RoleLabel(tid, cid, text, root, title if root else "", int(d["start"]), int(d["end"]),
                                 role, weight))
    return out


def relation_labels(folder: str | Path) -> list[RelationLabel]:
    """The human claim relations of the corrections under ``folder``: links a person drew or
    confirmed (supports / attacks) and links a person removed (``none``), each with the map's own.

    Raises:
        InputError: as :func:`stance_pairs`.
    """
    from argmap.corrections import RELATIONS, _claim, _Miss

    def drawn(h: Any, src: str, dst: str) -> str:
        kinds = [d.get("kind") for d in h.get_edge_data(src, dst, default={}).values() if d.get("kind") in RELATIONS]
        return str(kinds[0]) if kinds else "none"

    out: list[RelationLabel] = []
    for model, g, report in _corrected(folder):
        tid = str(g.graph.get("thread_id"))
        pairs: dict[tuple[str, str], str] = {}
        for src, dst, d in g.edges(data=True):
            if d.get("kind") in RELATIONS and d.get("label_source") == "human":
                pairs[src, dst] = str(d["kind"])
        for e in report.applied:
            if e["op"] == "relation" and e.get("kind") is None:
                try:
                    key = (_claim(model, e.get("source")), _claim(model, e.get("target")))
                except _Miss:
                    continue
                if key not in pairs and key[0] in g and key[1] in g:
                    pairs[key] = "none"
        out += [RelationLabel(tid, s, t, k, drawn(model, s, t) if s in model and t in model else "none")
                for (s, t), k in pairs.items()]
    return out


@dataclass
class ParentLabels:
    """A corrected pasted-text thread as the segmenter sees it (the map's comments, after split and
    merge corrections, as gold boundaries) and the comments a person moved (``judged``: comment
    indices whose gold parent in ``thread.parents`` a person set)."""

    thread: PastedThread
    judged: set[int]
    weight: float = 1.0


def parent_labels(folder: str | Path, weight: float = 1.0) -> list[ParentLabels]:
    """The human parent moves of pasted-text threads (format ``text``) under ``folder``; moves to
    the top level are left out (the segmenter always gives a reply a parent).

    Raises:
        InputError: as :func:`stance_pairs`.
    """
    out: list[ParentLabels] = []
    for _, g, report in _corrected(folder):
        if g.graph.get("format") != "text":
            continue
        moved = {str(e["comment_id"]) for e in report.applied if e["op"] == "parent"}
        order = sorted((n for n, d in g.nodes(data=True) if d.get("kind") == "comment"),
                       key=lambda n: int(g.nodes[n].get("position") or 0))  # stable: a split part after its head
        index = {n: k for k, n in enumerate(order)}
        lines: list[str] = []
        starts: list[int] = []
        parents: list[int | None] = []
        judged: set[int] = set()
        for k, n in enumerate(order):
            starts.append(len(lines))
            lines += str(g.nodes[n].get("text") or "").split("\n")
            up = next((v for _, v, d in g.out_edges(n, data=True) if d.get("kind") == "reply"), None)
            parents.append(index.get(up) if up is not None else None)
            if n in moved and parents[-1] is not None and k > 0:
                judged.add(k)
        if judged:
            tid = str(g.graph.get("thread_id"))
            out.append(ParentLabels(PastedThread(tid, lines, starts, parents), judged, weight))
    return out
