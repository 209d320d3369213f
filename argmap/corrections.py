"""Corrections made by hand in the map page, applied to a thread graph after the models.

The page's edit mode saves ``<name>.corrections.json`` (schema: ``docs/corrections.md``). Each edit
names what it changes by the dataset's stable ids: comment ids, and claims by claim id *and* by
comment id + start + end, so that a claim is found again when a re-map numbers claims differently.
Human labels override the models' and carry ``label_source = "human"`` (the models' ``"model"``) on
comment nodes and reply edges (stance, parent), claim nodes (role) and relation edges.

An edit that no longer matches the graph (the thread changed, the claim span is gone) is never
dropped silently: it is listed in the :class:`CorrectionReport` with the reason, and ``argmap map
--corrections`` prints it. A file that is not a corrections file raises :class:`InputError`.

>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("t", [Comment("a", None, text="Tea."),
...                              Comment("b", "a", text="No.", stance="support", stance_score=0.6)]))
>>> doc = {"format": "argmap.corrections", "version": 1, "thread": {"thread_id": "t"},
...        "edits": [{"op": "stance", "comment_id": "b", "stance": "attack"},
...                  {"op": "stance", "comment_id": "zz", "stance": "attack"}]}
>>> report = apply_corrections(g, doc)
>>> g.edges["b", "a", "reply"]["stance"], g.edges["b", "a", "reply"]["label_source"], len(report.applied)
('attack', 'human', 1)
>>> report.unmatched[0].reason
'no comment zz in this thread'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.errors import InputError
from argmap.graph import add_edge
from argmap.model import COMMENT_KINDS, RELATION_KINDS, ROLES, STANCES, EdgeKind, LabelSource, NodeKind

FORMAT = "argmap.corrections"
VERSION = 1  # the newest schema version this argmap reads
SUFFIX = ".corrections.json"
RELATIONS = RELATION_KINDS
HUMAN = LabelSource.HUMAN.value
OPS = ("stance", "parent", "relation", "claim", "split", "merge")


@dataclass
class Unmatched:
    """One edit that could not be applied: where it came from, what it was, and why."""

    file: str
    edit: dict[str, Any]
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {describe(self.edit)}: {self.reason}"


@dataclass
class CorrectionReport:
    """What :func:`apply_corrections` did to one graph."""

    thread_id: str
    applied: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.thread_id}: {len(self.applied)} correction{'s' if len(self.applied) != 1 else ''} applied"
        if not self.unmatched:
            return head
        return head + f", {len(self.unmatched)} no longer match:\n" + "\n".join(f"  {u}" for u in self.unmatched)


def describe(edit: dict[str, Any]) -> str:
    """A short name for an edit, as the page's Edits list names it.

    >>> describe({"op": "stance", "comment_id": "c1", "stance": "attack"})
    'stance of comment c1 → attack'
    >>> describe({"op": "relation", "source": {"claim_id": "c2:0"}, "target": {"claim_id": "c1:0"}, "kind": None})
    'relation c2:0 → c1:0 removed'
    """
    op = edit.get("op")
    if op == "stance":
        return f"stance of comment {edit.get('comment_id')} → {edit.get('stance')}"
    if op == "parent":
        where = "the top level" if edit.get("parent_id") is None else f"comment {edit.get('parent_id')}"
        return f"comment {edit.get('comment_id')} moved to {where}"
    if op == "relation":
        kind = edit.get("kind")
        return f"relation {_claim_name(edit.get('source'))} → {_claim_name(edit.get('target'))} " + (
            "removed" if kind is None else f"= {kind}")
    if op == "claim":
        role = edit.get("role")
        return f"claim {_claim_name(edit.get('claim'))} " + ("is no claim" if role is None else f"role = {role}")
    if op == "split":
        return f"comment {edit.get('comment_id')} split at line {edit.get('line')}"
    if op == "merge":
        return f"comment {edit.get('comment_id')} merged into {edit.get('into')}"
    return f"edit {op!r}"


def _claim_name(ref: Any) -> str:
    if isinstance(ref, dict):
        return str(ref.get("claim_id") or f"{ref.get('comment_id')}[{ref.get('start')}:{ref.get('end')}]")
    return str(ref)


# ---------------------------------------------------------------- reading files


def _check(doc: Any, where: str) -> dict[str, Any]:
    """``doc`` if it is a corrections document this argmap reads; else an :class:`InputError`."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(where, f'not an argmap corrections file (no "format": "{FORMAT}")')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(where, f"corrections file without a valid version ({version!r})")
    if version > VERSION:
        raise InputError(where, f"corrections version {version} is newer than this argmap reads ({VERSION}); "
                                "upgrade argmap")
    thread = doc.get("thread")
    if not isinstance(thread, dict) or not isinstance(thread.get("thread_id"), str):
        raise InputError(where, 'corrections file without "thread": {"thread_id": …}')
    edits = doc.get("edits")
    if not isinstance(edits, list):
        raise InputError(where, 'corrections file without an "edits" list')
    for i, e in enumerate(edits):
        if not isinstance(e, dict) or e.get("op") not in OPS:
            raise InputError(where, f"edit {i + 1}: unknown op {e.get('op') if isinstance(e, dict) else e!r} "
                                    f"(known: {', '.join(OPS)})")
    return doc


def read_corrections(path: str | Path) -> dict[str, Any]:
    """One corrections file, checked (one-line :class:`InputError` when corrupt or foreign)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such corrections file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(path, f"cannot read corrections ({type(err).__name__})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, f"corrections file is not valid JSON (line {err.lineno}: {err.msg})") from None
    return _check(doc, str(path))


def corrections_files(path: str | Path) -> list[Path]:
    """``path`` itself, or the ``*.corrections.json`` files under a folder (sorted)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
    if not path.exists():
        raise InputError(path, "no such corrections file or folder")
    return [path]


class Corrections:
    """Every corrections document of a file or folder, by thread id (oldest save first)."""

    def __init__(self, path: str | Path | None = None, docs: Iterable[tuple[str, dict[str, Any]]] = ()):
        self.by_thread: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        found = [(str(p), read_corrections(p)) for p in corrections_files(path)] if path is not None else []
        if path is not None and not found:
            raise InputError(path, f"no {SUFFIX} files in this folder")
        for name, doc in [*found, *docs]:
            self.by_thread.setdefault(doc["thread"]["thread_id"], []).append((name, doc))
        for docs_ in self.by_thread.values():
            docs_.sort(key=lambda nd: str(nd[1].get("saved_at") or ""))
        self.used: set[str] = set()

    def __len__(self) -> int:
        return sum(len(d) for d in self.by_thread.values())

    def apply(self, graph: nx.MultiDiGraph) -> CorrectionReport:
        """Apply the corrections of ``graph``'s thread (none: an empty report)."""
        tid = str(graph.graph.get("thread_id") or "")
        report = CorrectionReport(tid)
        for name, doc in self.by_thread.get(tid, []):
            self.used.add(tid)
            _apply_doc(graph, doc, name, report)
        return report

    def unused(self) -> Iterator[str]:
        """Files whose thread was not among the graphs corrected so far."""
        for tid, docs in self.by_thread.items():
            if tid not in self.used:
                for name, _ in docs:
                    yield f"{name}: thread {tid} is not among the mapped threads"


def apply_corrections(graph: nx.MultiDiGraph, path: str | Path | dict[str, Any]) -> CorrectionReport:
    """Apply the corrections in ``path`` (a ``.corrections.json`` file, a folder of them, or a loaded
    document) to ``graph`` in place, and report what was applied and what no longer matches.

    Raises:
        InputError: a file that is not valid JSON, not a corrections file, or a newer version.
    """
    if isinstance(path, dict):
        return Corrections(docs=[("corrections", _check(path, "corrections"))]).apply(graph)
    return Corrections(path).apply(graph)


# ---------------------------------------------------------------- applying


class _Miss(Exception):
    """An edit that does not match this graph (the message says why)."""


def _apply_doc(g: nx.MultiDiGraph, doc: dict[str, Any], name: str, report: CorrectionReport) -> None:
    for edit in doc["edits"]:
        try:
            _APPLY[edit["op"]](g, edit)
        except _Miss as miss:
            report.unmatched.append(Unmatched(name, edit, str(miss)))
        else:
            report.applied.append(edit)


def _comment(g: nx.MultiDiGraph, cid: Any) -> str:
    if cid is None or str(cid) not in g or g.nodes[str(cid)].get("kind") not in COMMENT_KINDS:
        raise _Miss(f"no comment {cid} in this thread")
    return str(cid)


def _reply(g: nx.MultiDiGraph, cid: str) -> tuple[str, str, Any] | None:
    for u, v, k, d in g.out_edges(cid, keys=True, data=True):
        if d.get("kind") == EdgeKind.REPLY:
            return u, v, k
    return None


def _stance(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    cid = _comment(g, e.get("comment_id"))
    if e.get("stance") not in STANCES:
        raise _Miss(f"unknown stance {e.get('stance')!r}")
    edge = _reply(g, cid)
    if edge is None:
        raise _Miss(f"comment {cid} replies to nothing here, so it has no stance")
    g.edges[edge].update(stance=e["stance"], score=1.0, label_source=HUMAN)
    g.nodes[cid].update(stance=e["stance"], stance_score=1.0, label_source=HUMAN)


def _set_depths(g: nx.MultiDiGraph, root: str, depth: int) -> None:
    stack = [(root, depth)]
    seen = set()
    while stack:
        n, d = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        g.nodes[n]["depth"] = d
        stack.extend((u, d + 1) for u, _, k in g.in_edges(n, keys=True) if k == EdgeKind.REPLY)


def _parent(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    cid = _comment(g, e.get("comment_id"))
    new = None if e.get("parent_id") is None else _comment(g, e["parent_id"])
    a = new
    while a is not None:
        if a == cid:
            raise _Miss(f"comment {new} is {cid} or one of its replies")
        up = _reply(g, a)
        a = up[1] if up else None
    old = _reply(g, cid)
    if old is not None and old[1] == new:
        g.edges[old]["label_source"] = HUMAN  # confirmed
        g.nodes[cid]["label_source"] = HUMAN
        return
    if old is not None:
        g.remove_edge(*old)
    node = g.nodes[cid]
    node.update(parent_id=new, stance=None, stance_score=None, label_source=HUMAN)  # stance was toward the old parent
    if new is not None:
        add_edge(g, cid, new, EdgeKind.REPLY, stance=None, score=None, label_source=HUMAN)
    _set_depths(g, cid, 0 if new is None else int(g.nodes[new].get("depth") or 0) + 1)


def _claims_of(g: nx.MultiDiGraph, cid: str) -> list[str]:
    return [v for _, v, k in g.out_edges(cid, keys=True) if k == EdgeKind.CONTAINS]


def _claim(g: nx.MultiDiGraph, ref: Any) -> str:
    """The claim node a reference names: by claim id when its span agrees, else by comment and span,
    else by comment and text (the span moved); a :class:`_Miss` when none."""
    if not isinstance(ref, dict):
        ref = {"claim_id": ref}
    cid, start, end, text = ref.get("comment_id"), ref.get("start"), ref.get("end"), ref.get("text")
    node = f"claim:{ref.get('claim_id')}"
    if ref.get("claim_id") is not None and node in g and g.nodes[node].get("kind") == NodeKind.CLAIM:
        d = g.nodes[node]
        if start is None or (d.get("start"), d.get("end"), str(d.get("comment_id"))) == (start, end, str(cid)):
            return node
    if cid is not None and str(cid) in g:
        mine = _claims_of(g, str(cid))
        for n in mine:
            if (g.nodes[n].get("start"), g.nodes[n].get("end")) == (start, end):
                return n
        for n in mine:
            if text and g.nodes[n].get("text") == text:
                return n
    raise _Miss(f"claim {_claim_name(ref)}" + (f" (“{str(text)[:60]}”)" if text else "") + " is no longer in the map")


def _relation(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    src, dst = _claim(g, e.get("source")), _claim(g, e.get("target"))
    kind = e.get("kind")
    if kind is not None and kind not in RELATIONS:
        raise _Miss(f"unknown relation kind {kind!r}")
    old = [(k, d) for k, d in g.get_edge_data(src, dst, default={}).items() if d.get("kind") in RELATIONS]
    for k, _ in old:
        g.remove_edge(src, dst, k)
    if kind is not None:
        via = old[0][1].get("via") if old else None
        add_edge(g, src, dst, kind, stance=None, score=1.0, via=via, label_source=HUMAN)


def _role(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    node = _claim(g, e.get("claim"))
    role = e.get("role")
    if role is None:
        g.remove_node(node)  # no claim: its relations and key point matches go with it
        return
    if role not in ROLES:
        raise _Miss(f"unknown role {role!r}")
    g.nodes[node].update(role=role, score=1.0, label_source=HUMAN)


def _text_only(g: nx.MultiDiGraph) -> None:
    if g.graph.get("format") != "text":
        raise _Miss("only pasted text can be split or merged")


def _move_claims(g: nx.MultiDiGraph, src: str, dst: str, keep: Any, shift: int) -> None:
    for n in _claims_of(g, src):
        d = g.nodes[n]
        if not keep(d):
            g.remove_edge(src, n, EdgeKind.CONTAINS.value)
            add_edge(g, dst, n, EdgeKind.CONTAINS, stance=None, score=None)
            d.update(comment_id=dst, start=int(d.get("start") or 0) + shift, end=int(d.get("end") or 0) + shift)


def _split(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    _text_only(g)
    cid = _comment(g, e.get("comment_id"))
    text = str(g.nodes[cid].get("text") or "")
    lines = text.split("\n")
    line = e.get("line")
    if not isinstance(line, int) or not 0 < line < len(lines):
        raise _Miss(f"comment {cid} has no line {line} to split at (it has {len(lines)})")
    new = f"{cid}~{line}"
    if new in g:
        raise _Miss(f"comment {cid} is already split at line {line}")
    head, tail = "\n".join(lines[:line]), "\n".join(lines[line:])
    cut = len(head) + 1
    a = g.nodes[cid]
    a.update(text=head, label=head[:60], label_source=HUMAN)
    g.add_node(new, **{**a, "id": new, "text": tail, "label": tail[:60], "parent_id": cid, "stance": None,
                       "stance_score": None, "depth": int(a.get("depth") or 0) + 1, "label_source": HUMAN})
    add_edge(g, new, cid, EdgeKind.REPLY, stance=None, score=None, label_source=HUMAN)
    _move_claims(g, cid, new, lambda d: int(d.get("start") or 0) < cut, -cut)


def _merge(g: nx.MultiDiGraph, e: dict[str, Any]) -> None:
    _text_only(g)
    cid = _comment(g, e.get("comment_id"))
    into = _comment(g, e.get("into"))
    a = g.nodes[into]
    shift = len(str(a.get("text") or "")) + 1
    a.update(text=f"{a.get('text') or ''}\n{g.nodes[cid].get('text') or ''}", label_source=HUMAN)
    _move_claims(g, cid, into, lambda d: False, shift)
    for u, _, k, d in list(g.in_edges(cid, keys=True, data=True)):
        if d.get("kind") == EdgeKind.REPLY and u != into:
            g.add_edge(u, into, key=k, **{**d, "label_source": HUMAN})
            g.nodes[u]["parent_id"] = into
    for _, v, k, d in list(g.out_edges(cid, keys=True, data=True)):
        if d.get("kind") in (EdgeKind.CITES, EdgeKind.ABOUT) and not g.has_edge(into, v, k):
            g.add_edge(into, v, key=k, **d)
    g.remove_node(cid)
    _set_depths(g, into, int(a.get("depth") or 0))


_APPLY = {"stance": _stance, "parent": _parent, "relation": _relation, "claim": _role, "split": _split,
          "merge": _merge}
