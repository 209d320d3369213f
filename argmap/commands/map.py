"""``argmap map``: threads in, one HTML map per thread and one dataset out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argmap.errors import InputError
from argmap.readers import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map",
        help="map threads into HTML argument maps and a dataset",
        description="Read each INPUT, recover its reply tree, classify stance and topics, extract "
        "sources, and write OUTDIR/<name>.html per thread plus OUTDIR/dataset/ for all of them.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="thread files (text, article, Reddit/HN/nested JSON)")
    p.add_argument("-o", "--output", default="outputs", metavar="OUTDIR", help="output folder (default: outputs)")
    p.add_argument("--format", choices=FORMATS, help="input format; default: sniffed from each file's content")
    p.add_argument("--topics", metavar="A,B,C", help="comma-separated topic labels; default: discover topics")
    p.add_argument(
        "--model", metavar="PATH_OR_ID", help="encoder for topics and segmentation (default: offline MiniLM package)"
    )
    p.add_argument(
        "--stance-model", metavar="PATH_OR_ID", help="stance classifier (default: the model shipped in argmap)"
    )
    p.add_argument("--device", default="auto", help="torch device: auto (CUDA when present), cpu, cuda, cuda:1 …")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from argmap.exporters.hf_dataset import write_dataset
    from argmap.pipeline import Models, analyse
    from argmap.readers import read
    from argmap.render.html import render_html

    out = Path(args.output)
    labels = [t.strip() for t in args.topics.split(",") if t.strip()] if args.topics else None
    models = Models(args.model, args.stance_model, args.device, labels)
    graphs, failed = [], 0
    for path in tqdm(args.inputs, desc="threads", unit="thread", disable=len(args.inputs) < 2):
        try:
            thread = read(path, args.format)
        except InputError as err:
            if len(args.inputs) == 1:
                raise
            print(f"argmap: error: {err}", file=sys.stderr)
            failed += 1
            continue
        graph = analyse(thread, models)
        html = render_html(graph, out / f"{Path(path).stem}.html")
        print(f"{path}: {graph.graph['thread_id']} → {html}")
        graphs.append(graph)
    if graphs:
        dataset = write_dataset(graphs, out / "dataset", model_info=models.info)
        print(f"dataset ({len(graphs)} threads) → {dataset}")
    return 1 if failed else 0
