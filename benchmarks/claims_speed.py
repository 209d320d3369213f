"""CPU time of the claims stage alone (role model + pair scorer: ``extract_claims`` then
``link_claims``), per thread, best of ``--repeat`` runs: seed 002 (``threads/ai-roi-debate.txt``)
and the first AITA threads of ../shared/data when it is present. No stance pass (the pair scorer
reads a reply's stance as one feature; its cost does not depend on the value).

    .venv/bin/python benchmarks/claims_speed.py [--aita 5] [--repeat 3] [--claims-model DIR] [FILE ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    from argmap.api import read_input
    from argmap.lab.data import shared_data_dir
    from argmap.nlp.claim_relations import PairModel, link_claims
    from argmap.nlp.claims import RoleModel, extract_claims

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="threads (default: seed 002 and AITA threads)")
    ap.add_argument("--aita", type=int, default=5, help="how many AITA threads (file-name order; default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per thread; the fastest is shown (default 3)")
    ap.add_argument("--claims-model", default=None, metavar="DIR", help="model folder (default: the shipped one)")
    args = ap.parse_args()
    files = args.files or [REPO / "threads" / "ai-roi-debate.txt",
                           *sorted((shared_data_dir() / "aita-threads").glob("post_thread_*.json"))[: args.aita]]
    threads = [read_input(f)[0] for f in files]
    roles, pairs = RoleModel.load(args.claims_model), PairModel.load(args.claims_model)
    extract_claims(threads[:1], roles)
    link_claims(threads[:1], pairs)  # warm caches
    total = 0.0
    for f, t in zip(files, threads, strict=True):
        best = float("inf")
        for _ in range(args.repeat):
            started = time.process_time()
            extract_claims([t], roles)
            link_claims([t], pairs)
            best = min(best, time.process_time() - started)
        total += best
        print(f"{f.name:28} {len(t.comments):5} comments {len(t.claims):5} units {len(t.claim_relations):5} relations"
              f" {best * 1000:7.0f} ms CPU")
    print(f"total {total * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
