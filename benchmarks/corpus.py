"""Corpus-mode benchmark: map the AITA threads end to end at several corpus sizes.

Runs ``argmap map`` (corpus mode, fresh output and cache) on the first 10 %, 50 % and 100 % of
``../shared/data/aita-threads`` (823 threads, 97k comments) in a child process per size, and
prints threads, comments, wall time, comments/s, the child's peak RSS and its CPU time (user +
system: on a shared machine it moves less than wall time), so you can see how cost grows with
corpus size. Figures are printed, not asserted.

Usage::

    python benchmarks/corpus.py                          # 10 %, 50 %, 100 %
    python benchmarks/corpus.py --fractions 0.1 -- --stance-model PATH --export graphml
    python benchmarks/corpus.py --fractions 0.1,0.5 --html
    python benchmarks/corpus.py --fractions 0.1 -- --no-claims   # without claim extraction

Arguments after ``--`` go to ``argmap map`` unchanged.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from argmap.shared_data import shared_data_dir  # noqa: E402


def corpus_files(fraction: float, folder: Path) -> list[Path]:
    """The first ``fraction`` of the thread files, in a fixed (numeric) order."""
    files = sorted(folder.glob("post_thread_*.json"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    return files[: max(1, math.ceil(len(files) * fraction))]


def run(fraction: float, folder: Path, work: Path, html: bool, extra: list[str]) -> dict[str, float]:
    """Map one corpus slice in a child process; return its figures."""
    files = corpus_files(fraction, folder)
    slice_dir, out = work / f"in-{fraction:g}", work / f"out-{fraction:g}"
    shutil.rmtree(slice_dir, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    slice_dir.mkdir(parents=True)
    for f in files:  # symlinks: the data stays in ../shared
        (slice_dir / f.name).symlink_to(f)
    cmd = [sys.executable, "-m", "argmap.cli", "map", str(slice_dir), "-o", str(out),
           *([] if html else ["--no-html"]), *extra]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=REPO)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"argmap map failed on the {fraction:g} slice (exit {os.waitstatus_to_exitcode(status)})")
    import pyarrow.parquet as pq

    threads = pq.read_table(out / "dataset" / "data" / "threads.parquet", columns=["n_comments"])
    comments = sum(threads.column("n_comments").to_pylist())
    return {"fraction": fraction, "threads": threads.num_rows, "comments": comments, "wall_s": wall,
            "comments_per_s": comments / wall, "peak_rss_mb": usage.ru_maxrss / 1024,
            "cpu_s": usage.ru_utime + usage.ru_stime}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fractions", default="0.1,0.5,1.0", help="corpus fractions to run (default: 0.1,0.5,1.0)")
    p.add_argument("--data", type=Path, default=shared_data_dir() / "aita-threads", help="thread folder")
    p.add_argument("--work", type=Path, default=Path("/tmp/argmap-bench"), help="scratch folder")
    p.add_argument("--html", action="store_true", help="also render the per-thread HTML maps")
    args = p.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data} (needs ../shared/data/aita-threads)", file=sys.stderr)
        return 2
    print(f"cpus: {os.cpu_count()}  data: {args.data}  argmap map {'(html)' if args.html else '--no-html'} "
          f"{' '.join(extra)}", flush=True)
    print(f"{'fraction':>8} {'threads':>7} {'comments':>8} {'wall s':>8} {'comments/s':>10} {'peak RSS MB':>11} "
          f"{'cpu s':>8}", flush=True)
    for fraction in (float(f) for f in args.fractions.split(",")):
        r = run(fraction, args.data, args.work, args.html, extra)
        print(f"{r['fraction']:>8.1%} {r['threads']:>7} {r['comments']:>8} {r['wall_s']:>8.1f} "
              f"{r['comments_per_s']:>10.1f} {r['peak_rss_mb']:>11.0f} {r['cpu_s']:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
