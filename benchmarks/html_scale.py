"""How the HTML map scales, as a user feels it: time until the page answers, slowest frame while
panning and zooming, memory — for forests of small threads and for single-root megathreads.

Inputs are threads mapped by the real ``argmap map`` (stance, topics, sources, claims, key
points), made by ``benchmarks/megathread_inputs.py``; the benchmark reloads each mapped graph from
its output folder's ``.cache/`` and renders it with the current renderer, so a change to the page
is measured without re-running the models::

    .venv/bin/python benchmarks/megathread_inputs.py /tmp/mega 1000 10000 50000
    for f in /tmp/mega/*.json; do .venv/bin/argmap map "$f" -o "/tmp/mega/out-$(basename "$f" .json)"; done
    .venv/bin/python benchmarks/html_scale.py /tmp/mega/out-*      # one row per folder
    .venv/bin/python benchmarks/html_scale.py --wait 120 DIR...     # give up on a view after 120 s
    .venv/bin/python benchmarks/html_scale.py --edit DIR...         # with edit mode on (and one edit)

A folder may also be a raw thread file (read and built without models; marked ``unmapped``).
Each page is opened offline in a fresh headless Chromium (1440×900). Reported per page:

* ``answer s`` — navigation → the first script answered (a DevTools ``Runtime.evaluate`` round
  trip; the page's own scripts hold the main thread until then);
* ``free s`` — navigation → the main thread is free: the end of the last long task (over 50 ms,
  ``PerformanceObserver`` ``longtask``) or the load event, whichever is later, once the page has
  been quiet for 1.5 s;
* ``tree frame ms`` — the slowest frame (gap between ``requestAnimationFrame`` callbacks) while
  the thread tree is panned and zoomed around the whole-tree overview (fit, 10 pans, zoom in ×4
  and back out);
* ``net free s`` / ``net frame ms`` — click on "Argument network" → main thread free, and the
  slowest frame while panning and zooming its overview;
* ``outline free s`` / ``outline frame ms`` — click on "Outline" → main thread free, and the
  slowest frame while scrolling it;
* ``heap MB`` (``performance.memory.usedJSHeapSize``, the most seen) and ``PSS MB`` (all
  Chromium processes, shared pages counted once, the most seen).

With ``--edit``, edit mode is switched on once the page is free and one reply's stance is set (the
page replays its edits and redraws the tree): ``edit s`` is that click → main thread free; the
other figures are then taken with edit mode on.

A figure reads ``inf`` when its step did not finish within ``--wait`` seconds (default 600); the
steps after it are then skipped.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.render import render_html
from argmap.render.headless import available, chromium

# Installed before any page script runs: every long task, as [start, duration] in page time.
LONGTASKS = """
window.__longtasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longtasks.push([e.startTime, e.duration]); });
  }).observe({ type: "longtask", buffered: true });
} catch (err) {}
"""

# arguments: view name ("tree"/"net"), done. Pans and zooms the view's overview, one step per
# animation frame; answers the slowest frame (ms) and the number of frames.
PAN_ZOOM = """
var done = arguments[arguments.length - 1], a = window.argmap, n = a.network();
if (!n) { done([-1, 0]); return; }
n.fit({ animation: false });
var s0 = n.getScale(), c0 = n.getViewPosition(), box = n.body.container.getBoundingClientRect();
var steps = [];
for (var k = 1; k <= 10; k++) {
  (function (k) {
    steps.push(function () {
      var dx = (k % 2 ? 1 : -1) * box.width * 0.2 / s0, dy = (k % 3 - 1) * box.height * 0.2 / s0;
      n.moveTo({ position: { x: c0.x + dx, y: c0.y + dy }, scale: s0, animation: false });
    });
  })(k);
}
[1.5, 2.25, 3.4, 5, 3.4, 2.25, 1.5, 1].forEach(function (f) {
  steps.push(function () { n.moveTo({ position: c0, scale: s0 * f, animation: false }); });
});
var gaps = [], last = null, i = 0;
function tick(ts) {
  if (last !== null) gaps.push(ts - last);
  last = ts;
  if (i < steps.length) { steps[i++](); requestAnimationFrame(tick); }
  else done([Math.max.apply(null, gaps), gaps.length]);
}
setTimeout(function () { requestAnimationFrame(tick); }, 200);
"""

# Scrolls the outline view 20 times by 400 px, one step per frame; answers the slowest frame (ms).
SCROLL_OUTLINE = """
var done = arguments[arguments.length - 1], box = document.getElementById("outline");
var gaps = [], last = null, i = 0;
function tick(ts) {
  if (last !== null) gaps.push(ts - last);
  last = ts;
  if (i++ < 20) { box.scrollTop += 400; requestAnimationFrame(tick); }
  else done([Math.max.apply(null, gaps), gaps.length]);
}
requestAnimationFrame(tick);
"""


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


def load_graph(path: Path) -> tuple[nx.MultiDiGraph, bool]:
    """The mapped graph in an ``argmap map`` output folder (its one ``.cache/*.json``), or a raw
    thread file built without models; (graph, mapped)."""
    if path.is_dir():
        from argmap.exporters.nodelink import read_nodelink

        graphs = [p for p in sorted((path / ".cache").glob("*.json")) if p.name != "manifest.json"]
        if len(graphs) != 1:
            raise SystemExit(f"{path}: expected one mapped graph in .cache/, found {len(graphs)}")
        return read_nodelink(graphs[0]), True
    from argmap.graph import build_graph
    from argmap.readers import read

    return build_graph(read(path)), False


def quiet_until(driver: Any, since_ms: float, flag: str | None = None, quiet_s: float = 1.5,
                timeout: float = 600) -> float:
    """Wait until ``window.argmap[flag]`` (if given) and no long task for ``quiet_s``; return the
    page time (ms) when the main thread became free: the end of the last long task after
    ``since_ms``, or ``since_ms`` itself."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now, ok, last = driver.execute_script(
            "var f=arguments[0], ok=!f||!!(window.argmap&&window.argmap[f]), last=arguments[1];"
            "(window.__longtasks||[]).forEach(function(t){ if (t[0]+t[1]>last) last=t[0]+t[1]; });"
            "return [performance.now(), ok, last]", flag, since_ms)
        if ok and now - last >= quiet_s * 1000:
            return float(last)
        time.sleep(0.1)
    raise TimeoutError("the page never went quiet")


def heap_mb(driver: Any) -> float:
    return driver.execute_script("return performance.memory.usedJSHeapSize") / 2**20


# Edit mode on, then the stance of the first reply set to attack (what a click in the panel does).
EDIT = """
var t = performance.now(), a = window.argmap, d = a.data.nodes, e = a.data.edges;
document.getElementById("edit-toggle").click();
for (var k = 0; k < e.length; k++) if (e[k][2] === "reply") { a.edits.setStance(d[e[k][0]].id, "attack"); break; }
return [t, a.edits.list().length];
"""


def measure(page: Path, wait: float = 600, edit: bool = False) -> dict[str, float]:
    """The figures for one page; a view that is not free after ``wait`` seconds reads ``inf`` (and
    the views after it are not measured)."""
    out: dict[str, float] = dict.fromkeys((c[1] for c in COLUMNS + EDIT_COLUMN), float("inf"))
    with chromium(1440, 900) as driver:
        driver.set_page_load_timeout(wait)
        driver.set_script_timeout(wait)
        driver.command_executor.client_config.timeout = wait + 30  # a frozen page answers no command
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONGTASKS})
        t0 = time.perf_counter()
        try:
            driver.get(page.resolve().as_uri())
            driver.execute_script("return 1")
        except Exception:  # noqa: BLE001 - frozen past ``wait``: the figures stay inf
            return out
        out["answer_s"] = time.perf_counter() - t0
        load_end = driver.execute_script("return performance.timing.loadEventEnd - performance.timing.navigationStart")
        free = quiet_until(driver, float(load_end), "ready", timeout=wait)
        out["free_s"] = free / 1000
        out["heap_mb"] = heap_mb(driver)
        out["pss_mb"] = pss_mb(driver.service.process.pid)
        if edit:
            t_edit, n_edits = driver.execute_script(EDIT)
            assert n_edits == 1, "the edit did not happen"
            out["edit_s"] = (quiet_until(driver, t_edit, timeout=wait) - t_edit) / 1000
        try:
            out["tree_frame_ms"] = driver.execute_async_script(PAN_ZOOM)[0]
            for view, button, flag in (("net", "view-net", "netReady"), ("outline", "view-outline", None)):
                t_click = driver.execute_script(
                    f"var t=performance.now(); document.getElementById('{button}').click(); return t")
                t_free = quiet_until(driver, t_click, flag, timeout=wait)
                out[f"{view}_free_s"] = (t_free - t_click) / 1000
                out["heap_mb"] = max(out["heap_mb"], heap_mb(driver))
                script = PAN_ZOOM if view == "net" else SCROLL_OUTLINE
                out[f"{view}_frame_ms"] = driver.execute_async_script(script)[0]
            out["pss_mb"] = max(out["pss_mb"], pss_mb(driver.service.process.pid))
        except Exception:  # noqa: BLE001 - a view frozen past ``wait``: what is left stays inf
            pass
    return out


COLUMNS = (("answer s", "answer_s", "{:.2f}"), ("free s", "free_s", "{:.2f}"),
           ("tree frame ms", "tree_frame_ms", "{:.0f}"), ("net free s", "net_free_s", "{:.2f}"),
           ("net frame ms", "net_frame_ms", "{:.0f}"), ("outline free s", "outline_free_s", "{:.2f}"),
           ("outline frame ms", "outline_frame_ms", "{:.0f}"), ("heap MB", "heap_mb", "{:.0f}"),
           ("PSS MB", "pss_mb", "{:.0f}"))
EDIT_COLUMN = (("edit s", "edit_s", "{:.2f}"),)


def shape_of(graph: nx.MultiDiGraph) -> str:
    """``mega`` for one root, else ``forest:R`` (R roots); with the root's direct replies."""
    roots = [n for n, d in graph.nodes(data=True)
             if d.get("kind") in ("comment", "paragraph") and not any(
                 e.get("kind") == "reply" for _, _, e in graph.out_edges(n, data=True))]
    fan = max((sum(1 for _, _, e in graph.in_edges(r, data=True) if e.get("kind") == "reply") for r in roots),
              default=0)
    return (f"mega ({fan} top)" if len(roots) == 1 else f"forest ({len(roots)} roots)")


def main(argv: list[str]) -> int:
    wait, edit = 600.0, False
    while argv[:1] in (["--wait"], ["--edit"]):
        if argv[0] == "--edit":
            edit, argv = True, argv[1:]
        else:
            wait, argv = float(argv[1]), argv[2:]
    columns = COLUMNS + EDIT_COLUMN if edit else COLUMNS
    if not argv:
        print(__doc__)
        return 1
    if not available():
        print("skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)")
        return 0
    print(f"{'input':<22} {'shape':<19} {'comments':>8} {'claims':>7} {'MB':>5} "
          + " ".join(f"{c[0]:>{len(c[0])}}" for c in columns), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for arg in argv:
            path = Path(arg)
            graph, mapped = load_graph(path)
            kinds = [k for _, k in graph.nodes(data="kind")]
            page = render_html(graph, Path(tmp) / "page.html")
            m = measure(page, wait, edit)
            name = path.name if mapped else f"{path.stem} (unmapped)"
            print(f"{name:<22} {shape_of(graph):<19} {kinds.count('comment'):>8} {kinds.count('claim'):>7}"
                  f" {page.stat().st_size / 1e6:>5.1f} "
                  + " ".join(f"{c[2].format(m[c[1]]):>{len(c[0])}}" for c in columns), flush=True)
            print("   " + json.dumps({k: round(v, 3) for k, v in m.items()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
