"""How the HTML map scales: file size, time until interactive and memory at 1k, 5k and 10k comments.

Builds one graph per size from the r/AmItheAsshole threads in ``../shared/data/aita-threads``
(threads merged in file order, each post a root, every comment with its LLM ``relation`` as
stance and one of eight synthetic topics), renders it with :func:`argmap.render.render_html`, and
opens it offline in headless Chromium (a fresh browser per size)::

    .venv/bin/python benchmarks/html_scale.py            # 1000 5000 10000
    .venv/bin/python benchmarks/html_scale.py 2000       # other sizes

Reported per size:

* ``size`` — the HTML file;
* ``interactive`` — navigation start → first drawing of the tree view, measured in the page
  (``performance.now()`` when vis-network's first ``afterDrawing`` fires; positions are precomputed,
  so the layout is done then);
* ``net settled`` — click on "Argument network" → force layout stabilised, physics off, drawn;
* ``filter`` — one search filter applied over every node (``refresh()``), and ``overview frame`` —
  one redraw with the whole tree in view (what panning at full zoom-out costs);
* ``JS heap`` (``performance.memory.usedJSHeapSize``) and ``PSS`` (all Chromium processes, shared
  pages counted once).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from argmap.graph import build_graph
from argmap.lab.data import shared_data_dir
from argmap.model import Comment, Thread
from argmap.render import render_html
from argmap.render.headless import available, chromium, wait_ready

RELATION = {"support": "support", "attack": "attack", "no": "neutral"}


def aita_thread(limit: int, folder: Path) -> Thread:
    """The first ``limit`` posts and comments of the AITA threads, merged into one forest."""
    comments: list[Comment] = []
    files = sorted(folder.glob("post_thread_*.json"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    for t, path in enumerate(files):
        data = json.loads(path.read_text(encoding="utf-8"))
        root = f"t{t}"
        comments.append(Comment(root, None, author=f"op{t}", text=str(data.get("post content", "")),
                                position=len(comments), topic=f"topic {t % 8}"))
        stack = [(root, c, 1) for c in reversed(data.get("comments", []))]
        while stack and len(comments) < limit:
            parent, c, depth = stack.pop()
            cid = f"{root}.{c.get('id')}.{len(comments)}"
            comments.append(Comment(
                cid, parent, author=f"user{len(comments) % 997}", text=str(c.get("content", "")),
                position=len(comments), depth=depth, topic=f"topic {t % 8}",
                stance=RELATION.get(str(c.get("relation", "")).lower()), stance_score=1.0,
                meta={"score": c.get("score")},
            ))
            stack.extend((cid, k, depth + 1) for k in reversed(c.get("comments", [])))
        if len(comments) >= limit:
            break
    return Thread(f"aita-{limit}", comments, title=f"{limit} r/AmItheAsshole comments (merged threads)",
                  format="nested", meta={"topics": {f"topic {i}": [f"synthetic {i}"] for i in range(8)}})


def pss_mb(root_pid: int) -> float:
    """Proportional set size (shared pages split between sharers) of ``root_pid``'s descendants, in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, list(children.get(root_pid, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(page: Path) -> dict[str, float]:
    with chromium(1440, 900) as driver:
        t0 = time.perf_counter()
        driver.get(page.resolve().as_uri())
        wait_ready(driver, timeout=300)
        wall = time.perf_counter() - t0
        ready_ms = driver.execute_script("return window.argmap.readyMs")
        filter_ms = driver.execute_script(
            "var a=window.argmap, t=performance.now(); a.state.q='nta'; a.refresh(); var d=performance.now()-t;"
            "a.state.q=''; a.refresh(); return d")
        frame_ms = driver.execute_async_script(
            "var done=arguments[0], n=window.argmap.network(); n.fit({animation:false});"
            "setTimeout(function(){var t=performance.now();"
            "n.once('afterDrawing',function(){done(performance.now()-t)}); n.redraw()}, 300)")
        heap = driver.execute_script("return performance.memory.usedJSHeapSize") / 2**20
        pss = pss_mb(driver.service.process.pid)
        t1 = time.perf_counter()
        driver.execute_script("window.argmap.switchView('net')")
        wait_ready(driver, "netReady", timeout=600)
        net_s = time.perf_counter() - t1
        heap_net = driver.execute_script("return performance.memory.usedJSHeapSize") / 2**20
        pss_net = pss_mb(driver.service.process.pid)
    return {"interactive_s": ready_ms / 1000, "wall_s": wall, "filter_ms": filter_ms, "frame_ms": frame_ms,
            "heap_mb": heap, "pss_mb": pss, "net_s": net_s, "heap_net_mb": heap_net, "pss_net_mb": pss_net}


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 5000, 10000]
    folder = shared_data_dir() / "aita-threads"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent (the benchmark needs ../shared/data/aita-threads)")
        return 0
    if not available():
        print("skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)")
        return 0
    print(f"{'comments':>8} {'nodes':>6} {'size MB':>8} {'interactive s':>13} {'filter ms':>9}"
          f" {'overview frame ms':>17} {'JS heap MB':>10} {'PSS MB':>7} {'net settled s':>13}"
          f" {'heap/PSS after net MB':>21}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t = time.perf_counter()
            graph = build_graph(aita_thread(n, folder))
            page = render_html(graph, Path(tmp) / f"aita-{n}.html")
            build_s = time.perf_counter() - t
            m = measure(page)
            print(f"{n:>8} {graph.number_of_nodes():>6} {page.stat().st_size / 1e6:>8.2f} {m['interactive_s']:>13.2f}"
                  f" {m['filter_ms']:>9.0f} {m['frame_ms']:>17.0f} {m['heap_mb']:>10.0f} {m['pss_mb']:>7.0f}"
                  f" {m['net_s']:>13.2f} {m['heap_net_mb']:>10.0f} / {m['pss_net_mb']:<8.0f}"
                  f"  (python build+render {build_s:.1f} s, wall to interactive {m['wall_s']:.2f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
