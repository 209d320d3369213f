"""``argmap lab eval-sniff``: are pasted threads read as threads and articles as articles?

Threads (RumourEval-2019 train+dev, r/AmItheAsshole) are pasted as a browser copies them, with a
blank line between paragraphs and comments (:mod:`argmap.lab.sniff_eval`); articles are the
articles in ``threads/`` and the shared seeds, as they are and pasted the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from argmap.lab.commands.structure import AITA_DIR, RE_DIR
from argmap.lab.data import data_folder

REPO = Path(__file__).resolve().parents[3]
#: The example inputs that are articles.
THREAD_ARTICLES = ("grok3-delay-article.txt",)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``eval-sniff`` subcommand."""
    p = sub.add_parser(
        "eval-sniff",
        help="share of pasted threads read as threads and of articles read as articles",
        description="Paste RumourEval-2019 train+dev and r/AmItheAsshole threads as text with blank lines "
        "between paragraphs and comments, and the articles of threads/ and the shared seeds (as they are and "
        "with blank lines), and print the share the format sniffer reads as text (a thread) or article.",
    )
    p.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help="shared data folder (default: $ARGMAP_DATA or ../shared/data)")
    p.add_argument("--aita", type=int, default=823, metavar="N", help="AITA threads pasted (default: 823, all)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print, per set, how many texts the sniffer reads as threads and as articles."""
    from argmap.lab import pages
    from argmap.lab.sniff_eval import SEED_ARTICLES, SEED_THREADS, as_pasted, pasted, seed_files, share

    data = data_folder(args.data, RE_DIR)
    seeds = data_folder(args.data, "seeds") / "seeds"
    articles = {f"threads/{n}": (REPO / "threads" / n).read_text(encoding="utf-8")
                for n in THREAD_ARTICLES if (REPO / "threads" / n).is_file()}
    articles |= {f"seeds/{n}": t for n, t in seed_files(seeds, SEED_ARTICLES).items()}
    sets = {
        "RumourEval-2019 train+dev": ("text", [pasted(t) for split in ("train", "dev")
                                               for t in pages.rumoureval_trees(data / RE_DIR / split)]),
        f"AITA threads 1-{args.aita}": ("text", [pasted(t) for t in pages.aita_trees(
            data_folder(args.data, AITA_DIR) / AITA_DIR, args.aita)]),
        "seed 002 (a thread)": ("text", [as_pasted(t) for t in seed_files(seeds, SEED_THREADS).values()]),
        "articles as they are": ("article", list(articles.values())),
        "articles with blank lines": ("article", [as_pasted(t) for t in articles.values()]),
    }
    rows = [{"data": name, "expected": want, "texts": len(texts), **share(texts)}
            for name, (want, texts) in sets.items()]
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    print(f"{'data':28} {'texts':>5} {'thread':>7} {'article':>7}  goal")
    for r in rows:
        goal = "≥ 0.95 thread" if r["expected"] == "text" else "1.00 article"
        print(f"{r['data']:28} {r['texts']:5d} {r.get('text', 0.0):7.3f} {r.get('article', 0.0):7.3f}  {goal}")
    return 0
