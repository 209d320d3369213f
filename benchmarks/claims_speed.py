"""CPU time of the claims stage alone (role model, unit vectors, argument model, relation model:
``extract_claims``, ``claim_vectors``, ``keep_arguing`` then ``link_claims``), per thread, best of
``--repeat`` runs: seed 002 (``threads/ai-roi-debate.txt``) and the first AITA threads of
../shared/data when it is present. No stance pass (the relation model reads a reply's stance only
to choose the kind its links may have; its cost does not depend on the value). The unit vectors
are the key points' too, so with key points on they are not an extra cost of claims.

    .venv/bin/python benchmarks/claims_speed.py [--aita 5] [--repeat 3] [--claims-model DIR] [FILE ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    from argmap.api import read_input
    from argmap.nlp.arguing import ArgumentModel, keep_arguing
    from argmap.nlp.claim_relations import RelationModel, claim_vectors, link_claims
    from argmap.nlp.claims import RoleModel, extract_claims
    from argmap.nlp.encoder import Encoder
    from argmap.shared_data import shared_data_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="threads (default: seed 002 and AITA threads)")
    ap.add_argument("--aita", type=int, default=5, help="how many AITA threads (file-name order; default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per thread; the fastest is shown (default 3)")
    ap.add_argument("--claims-model", default=None, metavar="DIR", help="model folder (default: the shipped one)")
    args = ap.parse_args()
    files = args.files or [REPO / "threads" / "ai-roi-debate.txt",
                           *sorted((shared_data_dir() / "aita-threads").glob("post_thread_*.json"))[: args.aita]]
    threads = [read_input(f)[0] for f in files]
    roles, arguing = RoleModel.load(args.claims_model), ArgumentModel.load(args.claims_model)
    relations, encoder = RelationModel.load(args.claims_model), Encoder.get(threads=1)

    def stage(t) -> None:  # noqa: ANN001
        extract_claims([t], roles)
        claim_vectors([t], encoder)
        keep_arguing([t], arguing)
        link_claims([t], relations)

    stage(threads[0])  # warm caches
    total = 0.0
    for f, t in zip(files, threads, strict=True):
        best = float("inf")
        for _ in range(args.repeat):
            started = time.process_time()
            stage(t)
            best = min(best, time.process_time() - started)
        total += best
        print(f"{f.name:28} {len(t.comments):5} comments {len(t.claims):5} units {len(t.claim_relations):5} relations"
              f" {best * 1000:7.0f} ms CPU")
    print(f"total {total * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
