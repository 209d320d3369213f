"""Screenshot an argmap HTML page in headless Chromium (offline): ``screenshot.py PAGE.html OUT.png``.

Options: ``--select ID`` clicks a node first (fills the side panel), ``--view net`` shows the
argument network, ``--view outline`` the Outline (topics → key points → claims; ``--open N`` unfolds
the first N key points with their claims), ``--edit STANCE`` turns edit mode on and sets the
selected comment's stance (needs ``--select``; the ✎ mark and the Edits list show), ``--size
1440x900`` the viewport, which is the image's size. A page without the map script (``corpus.html``)
is captured as it is; the options that need the map then end in a one-line error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from argmap.render.headless import available, chromium, wait_ready  # noqa: E402


def size(value: str) -> tuple[int, int]:
    """``WxH`` → ``(W, H)``.

    >>> size("1440x900")
    (1440, 900)
    """
    try:
        w, h = (int(x) for x in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not WIDTHxHEIGHT (e.g. 1440x900)") from None
    if w < 100 or h < 100:
        raise argparse.ArgumentTypeError(f"{value!r}: at least 100x100")
    return w, h


def set_viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport, and so the screenshot, exactly ``width`` × ``height``."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def has_map(driver: Any, timeout: float = 10.0) -> bool:
    """Whether the loaded page is a map page (it has the map script), once it has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    return bool(driver.execute_script("return !!window.argmap"))


def prepare(driver: Any, args: argparse.Namespace) -> str | None:
    """Bring the loaded page to the requested state; the problem, as one line, when it cannot."""
    from selenium.common.exceptions import TimeoutException

    edit = getattr(args, "edit", None)
    wants_map = args.view != "tree" or args.select or args.open or edit
    if not has_map(driver):
        return "not a map page (no map script): --view, --select, --open and --edit need a thread's page" \
            if wants_map else None
    try:
        wait_ready(driver)
        if args.view == "net":
            driver.execute_script("window.argmap.switchView('net')")
            wait_ready(driver, "netReady", timeout=120)
    except TimeoutException:
        return "the map did not finish drawing in time"
    if args.view == "outline":
        # a click on a key point's summary lists its claims, then opens it (as a reader's click does)
        driver.execute_script("var n = arguments[0]; window.argmap.outline.show();"
                              "document.querySelectorAll('#outline details > summary').forEach("
                              "function (s, i) { if (i < n) s.click(); })", args.open)
    if edit:
        from selenium.common.exceptions import JavascriptException

        try:  # a fresh browser profile: no edits stored from an earlier run
            driver.execute_script("var e = window.argmap.edits; e.clear(); e.on(true);"
                                  "e.setStance(arguments[0], arguments[1])", args.select, edit)
        except JavascriptException as err:
            return f"--edit: {str(err.msg).splitlines()[0]}"
    if args.select:  # after the edit, which redraws the views (a focus animation would stop)
        driver.execute_script("window.argmap.select(arguments[0], {focus: arguments[1]})", args.select, args.focus)
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("page", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--select", help="node id to open in the side panel")
    ap.add_argument("--focus", action="store_true", help="also move the camera to the selected node")
    ap.add_argument("--view", choices=("tree", "net", "outline"), default="tree")
    ap.add_argument("--size", type=size, default=(1440, 900), metavar="WxH",
                    help="viewport in CSS pixels, the image's size (default: 1440x900)")
    ap.add_argument("--open", type=int, default=0, metavar="N",
                    help="outline: unfold the first N key points, with their claims")
    ap.add_argument("--edit", choices=("support", "attack", "neutral", "query"), metavar="STANCE",
                    help="edit mode: set the --select comment's stance to STANCE (support, attack, neutral, query)")
    args = ap.parse_args(argv)
    if args.edit and not args.select:
        ap.error("--edit needs --select (the comment whose stance it sets)")
    if not available():
        print("screenshot: needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)", file=sys.stderr)
        return 2
    if not args.page.is_file():
        print(f"screenshot: {args.page}: no such file", file=sys.stderr)
        return 1
    w, h = args.size
    with chromium(w, h) as driver:
        set_viewport(driver, w, h)
        driver.get(args.page.resolve().as_uri())
        problem = prepare(driver, args)
        if problem:
            print(f"screenshot: {args.page}: {problem}", file=sys.stderr)
            return 1
        time.sleep(0.6)  # let a focus animation finish
        args.png.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.png))
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
