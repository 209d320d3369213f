"""Screenshot an argmap HTML page in headless Chromium (offline): ``screenshot.py PAGE.html OUT.png``.

Options: ``--select ID`` clicks a node first (fills the side panel), ``--view net`` shows the
argument network, ``--view outline`` the Outline (topics → key points → claims; ``--open N`` unfolds
the first N key points), ``--size 1440x900``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from argmap.render.headless import available, chromium, wait_ready


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("page", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--select", help="node id to open in the side panel")
    ap.add_argument("--focus", action="store_true", help="also move the camera to the selected node")
    ap.add_argument("--view", choices=("tree", "net", "outline"), default="tree")
    ap.add_argument("--size", default="1440x900")
    ap.add_argument("--open", type=int, default=0, metavar="N", help="outline: unfold the first N key points")
    args = ap.parse_args(argv)
    if not available():
        print("needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)", file=sys.stderr)
        return 2
    w, h = (int(x) for x in args.size.split("x"))
    with chromium(w, h) as driver:
        driver.get(args.page.resolve().as_uri())
        wait_ready(driver)
        if args.view == "net":
            driver.execute_script("window.argmap.switchView('net')")
            wait_ready(driver, "netReady", timeout=120)
        if args.view == "outline":
            driver.execute_script("var n = arguments[0]; window.argmap.outline.show();"
                                  "document.querySelectorAll('#outline details').forEach("
                                  "function (d, i) { if (i < n) d.open = true; })", args.open)
        if args.select:
            driver.execute_script("window.argmap.select(arguments[0], {focus: arguments[1]})", args.select, args.focus)
        time.sleep(0.6)  # let a focus animation finish
        args.png.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.png))
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
