"""Thread files for the HTML scale benchmark: single-root megathreads and forests of real comments.

Both shapes are nested JSON (the ``nested`` reader) made from the r/AmItheAsshole threads in
``../shared/data/aita-threads``, taken in file order, so they are mapped by the real
``argmap map`` (stance, topics, sources, claims, key points)::

    .venv/bin/python benchmarks/megathread_inputs.py OUTDIR 1000 10000 50000
    .venv/bin/argmap map OUTDIR/mega-10000.json OUTDIR/forest-10000.json -o OUTDIR/mapped

* ``mega-N.json`` — one thread of N comments under a single root, the shape of a Reddit
  megathread: the root's top-level comments are the top-level comments of many AITA threads
  (thousands of them), each with its replies one level deep (deeper where N needs more);
* ``forest-N.json`` — N comments in many small threads, one root per AITA post (a JSON list).

The last subtree is cut so that each file has exactly N comments, roots included.

Mapping a 50k-comment thread takes over an hour on a 2-core machine, so the same shapes can
also be assembled from the per-thread graphs of one ``argmap map`` run over the whole AITA
folder (``OUT/.cache/*.json``; the run of ``benchmarks/corpus.py --fractions 1.0``)::

    .venv/bin/python benchmarks/megathread_inputs.py --from-corpus CORPUS_OUT OUTDIR 50000

writes ``OUTDIR/mega-N/.cache/mega-N.json`` and ``OUTDIR/forest-N/.cache/forest-N.json``
(node-link, as ``argmap map`` caches them), with the same comments as the JSON files above. Each
comment keeps the stance, topic, sources and claims its own thread's mapping gave it; the
megathread's top-level comments keep their stance toward their own post; topics and key points
stay those of each source thread (a real megathread's would be discovered over all of it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from argmap.shared_data import shared_data_dir


def aita_posts(folder: Path) -> Iterator[dict[str, Any]]:
    """The AITA thread files in numeric order, parsed."""
    files = sorted(folder.glob("post_thread_*.json"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    for path in files:
        yield json.loads(path.read_text(encoding="utf-8"))


def _node(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": None, "text": str(c.get("content", "")), "score": c.get("score"),
            "relation": c.get("relation"), "comments": []}


def take(comments: list[dict[str, Any]], budget: int, depth: int = 99) -> tuple[list[dict[str, Any]], int]:
    """Copies of ``comments`` and their replies down to ``depth`` levels below them, depth-first, at
    most ``budget`` nodes; (nodes, used)."""
    out: list[dict[str, Any]] = []
    used = 0
    stack = [(c, out, 0) for c in reversed(comments)]
    while stack and used < budget:
        c, into, level = stack.pop()
        node = _node(c)
        into.append(node)
        used += 1
        if level < depth:
            stack.extend((k, node["comments"], level + 1) for k in reversed(c.get("comments") or []))
    return out, used


def _available(folder: Path, depth: int) -> int:
    """How many comments the AITA threads have within ``depth`` levels below their top-level comments."""
    return sum(take(post.get("comments") or [], 10**9, depth)[1] for post in aita_posts(folder))


def megathread(n: int, folder: Path) -> dict[str, Any]:
    """One root with ``n - 1`` comments: the top-level comments of AITA threads, in file order, each
    with its replies down to the smallest depth (at least one level) that reaches ``n``."""
    depth = 1
    while depth < 99 and _available(folder, depth) < n - 1:
        depth += 1
    root = {"title": f"Megathread: {n} r/AmItheAsshole comments under one post",
            "text": "Megathread. Post your verdicts on this week's stories here; one top-level comment each.",
            "comments": []}
    left = n - 1
    for post in aita_posts(folder):
        got, used = take(post.get("comments") or [], left, depth)
        root["comments"].extend(got)
        left -= used
        if left <= 0:
            break
    return root


def forest(n: int, folder: Path) -> list[dict[str, Any]]:
    """AITA posts with their comments, one root each, ``n`` nodes in all."""
    roots: list[dict[str, Any]] = []
    left = n
    for post in aita_posts(folder):
        if left <= 0:
            break
        got, used = take(post.get("comments") or [], left - 1)
        roots.append({"text": str(post.get("post content", "")), "comments": got})
        left -= used + 1
    return roots


def _strip_ids(data: Any) -> Any:
    """Drop the placeholder ``id`` keys (the reader then numbers nodes by reply path)."""
    stack = data if isinstance(data, list) else [data]
    stack = list(stack)
    while stack:
        node = stack.pop()
        node.pop("id", None)
        stack.extend(node.get("comments", []))
    return data


# ---------------------------------------------------------------- from mapped per-thread graphs

PREFIXED = ("claim", "keypoint", "topic", "source")


def _renamer(thread: str):
    """Node id → the same id made unique across threads (``claim:T/…``, ``T/…``)."""
    def rename(node: Any) -> str:
        kind, sep, rest = str(node).partition(":")
        return f"{kind}:{thread}/{rest}" if sep and kind in PREFIXED else f"{thread}/{node}"
    return rename


def _kids(g: Any) -> dict[Any, list[Any]]:
    """Comment → its replies, in page order (``position``)."""
    kids: dict[Any, list[Any]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("kind") == "reply":
            kids.setdefault(v, []).append(u)
    for v in kids:
        kids[v].sort(key=lambda n: g.nodes[n].get("position") or 0)
    return kids


def _pick(kids: dict[Any, list[Any]], tops: list[Any], budget: int, depth: int) -> list[Any]:
    """``tops`` and their replies down to ``depth`` levels, depth-first, at most ``budget``."""
    out: list[Any] = []
    stack = [(t, 0) for t in reversed(tops)]
    while stack and len(out) < budget:
        n, level = stack.pop()
        out.append(n)
        if level < depth:
            stack.extend((k, level + 1) for k in reversed(kids.get(n, [])))
    return out


def _corpus_graphs(corpus: Path) -> list[Any]:
    """The mapped AITA thread graphs, in file order."""
    from argmap.exporters.nodelink import read_nodelink

    graphs = [read_nodelink(p) for p in (corpus / ".cache").glob("*.json") if p.name != "manifest.json"]
    return sorted(graphs, key=lambda g: int(str(g.graph["thread_id"]).rsplit("_", 1)[1]))


def _keep(g: Any, comments: set[Any]) -> Any:
    """``g`` with only ``comments`` and what hangs on them (claims, their key points, sources, topics)."""
    drop = {n for n, d in g.nodes(data=True)
            if (d.get("kind") in ("comment", "paragraph") and n not in comments)
            or (d.get("kind") == "claim" and d.get("comment_id") not in comments)}
    h = g.copy()
    h.remove_nodes_from(drop)
    h.remove_nodes_from([n for n, d in h.nodes(data=True)
                         if d.get("kind") in ("source", "topic", "keypoint") and h.degree(n) == 0])
    return h


def _renamed(g: Any) -> Any:
    import networkx as nx

    t = str(g.graph["thread_id"])
    rename = _renamer(t)
    h = nx.relabel_nodes(g, rename, copy=True)
    for _, d in h.nodes(data=True):
        if d.get("kind") == "claim" and d.get("comment_id") is not None:
            d["comment_id"] = rename(d["comment_id"])
        if d.get("kind") == "keypoint" and d.get("claim_id") is not None:
            d["claim_id"] = f"{t}/{d['claim_id']}"
        if d.get("parent_id") is not None:
            d["parent_id"] = rename(d["parent_id"])
    return h


def assemble(corpus: Path, n: int, shape: str) -> Any:
    """A ``mega`` or ``forest`` graph of ``n`` comments from the mapped per-thread graphs."""
    import networkx as nx

    graphs = _corpus_graphs(corpus)
    depth = 99
    if shape == "mega":
        depth = 1
        while depth < 99 and sum(
                len(_pick(_kids(g), _kids(g).get(_root(g), []), 10**9, depth)) for g in graphs) < n - 1:
            depth += 1
    out = nx.MultiDiGraph()
    root = "mega/root"
    if shape == "mega":
        out.add_node(root, kind="comment", text="Megathread. Post your verdicts on this week's stories here; "
                     "one top-level comment each.", label="Megathread", depth=0, position=0, thread_id=f"mega-{n}")
    left = n - 1 if shape == "mega" else n
    topics: dict[str, Any] = {}
    for g in graphs:
        if left <= 0:
            break
        kids, post = _kids(g), _root(g)
        if shape == "mega":
            picked = _pick(kids, kids.get(post, []), left, depth)
        else:
            picked = [post] + _pick(kids, kids.get(post, []), left - 1, depth)
        left -= len(picked)
        h = _renamed(_keep(g, set(picked)))
        topics.update(g.graph.get("topics") or {})
        out.update(h)
        if shape == "mega":  # the post's replies answer the megathread's root instead
            for u, _, k, d in list(g.in_edges(post, keys=True, data=True)):
                if d.get("kind") == "reply" and u in picked:
                    out.add_edge(f"{g.graph['thread_id']}/{u}", root, key=k, **d)
                    out.nodes[f"{g.graph['thread_id']}/{u}"]["parent_id"] = root
    title = (f"Megathread: {n} r/AmItheAsshole comments under one post" if shape == "mega"
             else f"{n} r/AmItheAsshole comments in many threads")
    out.graph.update(thread_id=f"{shape}-{n}", title=title, origin="assembled", format="nested", topics=topics)
    return out


def _root(g: Any) -> Any:
    """The thread's opening post (the comment that replies to nothing)."""
    replying = {u for u, _, d in g.edges(data=True) if d.get("kind") == "reply"}
    return next(n for n, d in g.nodes(data=True) if d.get("kind") in ("comment", "paragraph") and n not in replying)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: megathread_inputs.py OUTDIR [SIZES...] | --from-corpus CORPUS_OUT OUTDIR [SIZES...]")
        return 1
    if argv[0] == "--from-corpus":
        from argmap.exporters.nodelink import write_nodelink

        corpus, out = Path(argv[1]), Path(argv[2])
        for n in [int(a) for a in argv[3:]] or [50000]:
            for shape in ("mega", "forest"):
                g = assemble(corpus, n, shape)
                path = write_nodelink(g, out / f"{shape}-{n}" / ".cache" / f"{shape}-{n}.json")
                kinds = [k for _, k in g.nodes(data="kind")]
                print(f"{path}  {kinds.count('comment')} comments, {kinds.count('claim')} claims,"
                      f" {kinds.count('keypoint')} key points", flush=True)
        return 0
    out = Path(argv[0])
    sizes = [int(a) for a in argv[1:]] or [1000, 10000, 50000]
    folder = shared_data_dir() / "aita-threads"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent (needs ../shared/data/aita-threads)")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        for name, data in ((f"mega-{n}", megathread(n, folder)), (f"forest-{n}", forest(n, folder))):
            path = out / f"{name}.json"
            path.write_text(json.dumps(_strip_ids(data)), encoding="utf-8")
            print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
