"""``argmap map``: threads in, one HTML map per thread and one dataset out (corpus mode included)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    """``argmap map``: :func:`argmap.run.corpus.map_corpus` with the command line's arguments, and what it did."""
    from argmap.run.corpus import map_corpus

    labels = [t.strip() for t in args.topics.split(",") if t.strip()] if args.topics else None
    report = map_corpus(
        args.inputs, args.output, format=args.format, captured_at=args.captured_at, topics=labels, model=args.model,
        stance_model=args.stance_model, claims=args.claims, claims_model=args.claims_model,
        min_relation_score=args.min_relation_score, keypoints=args.keypoints, keypoint_model=args.keypoint_model,
        corrections=args.corrections, device=args.device, html=args.html, png=args.png, exports=args.export,
        batch_comments=args.batch_comments, workers=args.workers, engine=args.engine,
        ray_address=args.ray_address, ray_workers=args.ray_workers, fresh=args.fresh)
    status = 1 if report.failed else 0
    if report.dataset is None:
        print(f"argmap: nothing mapped ({plural(len(report.failed), 'input')} failed)", file=sys.stderr)
        return 1
    counts = (f"{plural(report.threads, 'thread')}; {report.mapped} mapped, {report.cached} cached, "
              f"{len(report.failed)} failed" + (f", {report.kept} kept from earlier runs" if report.kept else ""))
    if report.unchanged:
        print(f"nothing new to map: dataset ({counts}) unchanged → {report.dataset}")
        return status
    print(f"dataset ({counts}; {plural(report.comments, 'comment')} mapped in {report.seconds:.0f} s) → "
          f"{report.dataset}")
    if report.overview is not None:
        print(f"corpus overview → {report.overview}")
    if args.export:
        print(f"exports ({', '.join(args.export)}) → {Path(args.output) / 'exports'}")
    return status
