"""Headless Chromium for the browser tests, the screenshot script and the HTML benchmark.

Debian's ``chromium`` + ``chromium-driver`` (``make browser``), driven by selenium (a dev
dependency, imported lazily). The browser gets a fresh profile and every switch that makes it
quiet and offline: no background networking, no component updates, no sync, no QUIC, a proxy
that leads nowhere and a resolver that resolves nothing — a page that needs the network fails.

>>> sorted(k for k in browser_paths())
['binary', 'driver']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
    "--disable-extensions", "--disable-default-apps", "--metrics-recording-only", "--mute-audio",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-precise-memory-info",
)


def browser_paths() -> dict[str, str]:
    """Where Chromium and its driver live (``$CHROMIUM`` / ``$CHROMEDRIVER`` override)."""
    return {
        "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "driver": os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"),
    }


def available() -> bool:
    """True when both the browser and the driver are installed."""
    return all(Path(p).exists() for p in browser_paths().values())


@contextmanager
def chromium(width: int = 1440, height: int = 900) -> Iterator[Any]:
    """A selenium WebDriver for headless Chromium, offline, with a throw-away profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = browser_paths()
    profile = tempfile.mkdtemp(prefix="argmap-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = paths["binary"]
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument(f"--window-size={width},{height}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(paths["driver"]), options=opts)
    try:
        # Belt and braces: the DevTools network layer is offline too.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (DevTools ``Network.requestWillBeSent``)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def wait_ready(driver: Any, flag: str = "ready", timeout: float = 60.0) -> None:
    """Wait until the page sets ``window.argmap[flag]`` (first drawing done)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(f"return !!(window.argmap && window.argmap.{flag})")
    )
