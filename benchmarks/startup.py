"""How fast ``argmap map`` starts: the phases of mapping a 10-comment thread, a bad input, a cached rerun.

In one process, for a 10-comment pasted thread (the first ten lines of
``threads/ai-roi-debate.txt``, a blank line between them), it prints the wall seconds of each
phase: **import** (argmap's map command and pipeline, and scikit-learn, which topic discovery
needs), **model load** (the models the default run uses, the pasted-text boundary model included),
**analysis** (every stage of the pipeline) and **writing** (dataset and HTML page). On the CPU,
once a first run has exported the models' ONNX sessions, none of it imports torch or
transformers; the modules a phase imported are listed.
Then, each as a fresh ``argmap map`` process, the wall seconds of: the same thread end to end
(into an empty folder), a bad input (a file that does not exist), and a cached rerun with
nothing to map. Goals: ≤ 5 s, ≤ 1 s and ≤ 2 s.

Usage::

    python benchmarks/startup.py            # best of 3 for the processes
    python benchmarks/startup.py --repeat 1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def ten_comments(folder: Path) -> Path:
    """The 10-comment thread, pasted with blank lines between comments."""
    lines = (REPO / "threads" / "ai-roi-debate.txt").read_text(encoding="utf-8").splitlines()[:10]
    path = folder / "ten.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def phases(path: Path, out: Path) -> dict[str, float]:
    """Wall seconds of each phase of mapping ``path`` in this process."""
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    import sklearn.cluster  # noqa: F401 - topic discovery's k-means

    from argmap.exporters.hf_dataset import write_dataset
    from argmap.models import Models
    from argmap.pipeline import analyse_batch
    from argmap.readers import read
    from argmap.render.html import render_html
    from argmap.run.outputs import model_info  # noqa: F401 - the run layer's own imports
    from argmap.structure.boundary import BoundaryModel

    seconds["import"] = time.perf_counter() - t
    t = time.perf_counter()
    models = Models().preload()
    BoundaryModel.load()
    seconds["model load"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = analyse_batch([read(path)], models)[0].graph
    seconds["analysis"] = time.perf_counter() - t
    t = time.perf_counter()
    write_dataset([graph], out / "dataset")
    render_html(graph, out / "ten.html")
    seconds["writing"] = time.perf_counter() - t
    return seconds


def run_cli(*args: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one ``argmap map`` process. On a busy
    machine the CPU seconds say what the run costs; the wall seconds include waiting for a core."""
    import resource

    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "argmap.cli", "map", *args], env=env, cwd=REPO,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each process; the best is printed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = ten_comments(tmp)
        for name, s in phases(path, tmp / "inproc").items():
            print(f"phase {name:12} {s:6.2f} s")
        heavy = [m for m in ("torch", "transformers", "onnxruntime", "sklearn") if m in sys.modules]
        print(f"libraries loaded: {', '.join(heavy)}")
        whole, bad, cached = [], [], []
        for k in range(args.repeat):
            out = tmp / f"out{k}"
            whole.append(run_cli(str(path), "-o", str(out)))
            cached.append(run_cli(str(path), "-o", str(out)))
            bad.append(run_cli(str(tmp / "missing.txt"), "-o", str(tmp / "bad")))
    for name, runs, goal in (("10-comment thread, whole run", whole, 5), ("bad input", bad, 1),
                             ("cached rerun, nothing to map", cached, 2)):
        wall, cpu = min(runs)
        print(f"{name:29} {wall:6.2f} s wall, {cpu:5.2f} CPU s  (goal ≤ {goal} s)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
