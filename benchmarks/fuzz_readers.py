"""Long fuzz run of every reader: mutated JSON fields and mutated bytes, counted per seed.

The same seeds and strategies as ``tests/test_reader_fuzz.py`` (see ``tests/reader_fuzz.py``),
for as many cases as asked. Each case must give a Thread or an InputError; anything else is a
crash, counted with its first example instead of stopping the run. Exit status 1 on any crash.

Usage::

    python benchmarks/fuzz_readers.py --examples 5000          # per seed and mutation kind
    python benchmarks/fuzz_readers.py --examples 500 --only reddit,mastodon
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from reader_fuzz import Seed, mutated_bytes, mutated_json, outcome, seeds  # noqa: E402


def fuzz(seed: Seed, kind: str, examples: int, folder: Path) -> tuple[Counter[str], str]:
    """Counts of ``thread`` / ``input error`` / ``crash`` for one seed, and the first crash."""
    counts: Counter[str] = Counter()
    first_crash = ""
    path = folder / f"{kind}-{seed.name}{seed.suffix if kind == 'bytes' else '.json'}"
    strategy = mutated_json(seed.data) if kind == "json" else mutated_bytes(seed.encoded())

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case: object) -> None:
        nonlocal first_crash
        if kind == "json":
            path.write_text(json.dumps(case), encoding="utf-8")
        else:
            path.write_bytes(case)  # type: ignore[arg-type]
        for fmt in (seed.fmt, None):  # the reader itself, then sniffed
            try:
                counts[outcome(fmt, path)] += 1
            except Exception as err:  # noqa: BLE001 - a crash is what this counts
                counts["crash"] += 1
                first_crash = first_crash or f"{type(err).__name__}: {err} <- {str(case)[:160]}"

    run()
    return counts, first_crash


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="cases per seed and mutation kind (default 1000)")
    parser.add_argument("--only", default="", help="comma-separated seed names (default: all)")
    args = parser.parse_args(argv)
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    total: Counter[str] = Counter()
    started = time.perf_counter()
    print(f"{'seed':22} {'kind':5} {'threads':>8} {'errors':>8} {'crashes':>8}  first crash")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds():
            if wanted and seed.name not in wanted:
                continue
            for kind in ("json", "bytes") if seed.data is not None else ("bytes",):
                counts, crash = fuzz(seed, kind, args.examples, Path(tmp))
                total += counts
                print(f"{seed.name:22} {kind:5} {counts['thread']:8} {counts['input error']:8} {counts['crash']:8}"
                      f"  {crash[:200]}", flush=True)
    print(f"total: {sum(total.values())} reads, {total['thread']} threads, {total['input error']} input errors, "
          f"{total['crash']} crashes in {time.perf_counter() - started:.0f} s")
    return 1 if total["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
