"""Threads from URLs: Hacker News, Reddit, Discourse and Mastodon, fetched with :mod:`urllib`.

========================================  =====================================================
URL                                       what is fetched
========================================  =====================================================
``news.ycombinator.com/item?id=N``        ``$ARGMAP_HN_API/items/N`` (Algolia: the whole tree
                                          in one call)
``reddit.com/r/SUB/comments/ID/…``        ``$ARGMAP_REDDIT_API/comments/ID.json``, then
                                          ``/api/morechildren`` for the "more" stubs
``HOST/t/SLUG/ID``                        ``HOST/t/SLUG/ID.json``, then the posts it left out
                                          via ``/t/ID/posts.json?post_ids[]=…``
``HOST/@USER/ID``                         ``HOST/api/v1/statuses/ID`` and ``…/ID/context``
========================================  =====================================================

Every response is kept under :func:`cache_dir` (``$ARGMAP_CACHE/http`` or
``~/.cache/argmap/http``), one file per URL named by its SHA-256, so a rerun reads no network
(``ARGMAP_HTTP_REFRESH=1`` fetches again). Requests carry a descriptive User-Agent, time out
after :attr:`HttpSettings.timeout` seconds and are retried with exponential backoff on 429 and
5xx (``Retry-After`` is honoured, up to :attr:`HttpSettings.max_wait`). Anything that goes
wrong (offline, refused, HTTP error, not JSON) is an :class:`~argmap.errors.InputError` naming
the thread URL and the cause. Base URLs come from :data:`API` unless ``ARGMAP_HN_API``,
``ARGMAP_REDDIT_API``, ``ARGMAP_DISCOURSE_API`` or ``ARGMAP_MASTODON_API`` is set (tests point
them at a local server).

>>> site("https://news.ycombinator.com/item?id=40000001")
('hackernews', {'id': '40000001'})
>>> site("https://www.reddit.com/r/urbanism/comments/1a2b3c/should_cities_ban_cars/")
('reddit', {'id': '1a2b3c'})
>>> site("https://meta.discourse.org/t/tabs-or-spaces/123/4")
('discourse', {'origin': 'https://meta.discourse.org', 'slug': 'tabs-or-spaces', 'id': '123'})
>>> site("https://mastodon.social/@ann/110000000000000001")
('mastodon', {'origin': 'https://mastodon.social', 'id': '110000000000000001'})
>>> site("https://example.org/blog/post")
Traceback (most recent call last):
argmap.errors.InputError: https://example.org/blog/post: not a Hacker News, Reddit, Discourse or Mastodon thread URL
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap import __version__
from argmap.errors import InputError
from argmap.model import Thread
from argmap.readers._common import as_dict, as_list

#: Default API base URLs; ``ARGMAP_<SITE>_API`` overrides each (Discourse and Mastodon default to
#: the thread's own host, shown as None).
API: dict[str, str | None] = {"hackernews": "https://hn.algolia.com/api/v1", "reddit": "https://www.reddit.com",
                              "discourse": None, "mastodon": None}
USER_AGENT = f"argmap/{__version__} (discussion-mapping tool; urllib)"
MAX_RESPONSE = 64 << 20  # bytes: a thread response larger than this is refused
REDDIT_MORE_BATCH = 100  # comment ids per /api/morechildren call (the API's limit)
REDDIT_MORE_CALLS = 30  # at most this many morechildren calls per thread
DISCOURSE_BATCH = 50  # post ids per /t/ID/posts.json call


@dataclass
class HttpSettings:
    """How requests are made (``ARGMAP_HTTP_TIMEOUT`` and ``ARGMAP_HTTP_RETRIES`` override)."""

    timeout: float = 20.0  # seconds per request
    retries: int = 4  # extra tries after a 429, a 5xx or a timeout
    backoff: float = 1.0  # first wait in seconds; doubles each retry
    max_wait: float = 60.0  # longest single wait, Retry-After included


HTTP = HttpSettings()
_FAILED: dict[str, InputError] = {}  # thread URL -> its error, so one run does not retry a dead URL twice
_NOTED: set[str] = set()  # thread URLs whose partial-fetch note was printed


def is_url(arg: str | Path) -> bool:
    """True for an ``http://`` or ``https://`` argument.

    >>> is_url("https://x.org/t/a/1"), is_url("threads/a.json")
    (True, False)
    """
    return isinstance(arg, str) and arg.lower().startswith(("http://", "https://"))


def cache_dir() -> Path:
    """Where raw responses are kept: ``$ARGMAP_CACHE/http``, else ``~/.cache/argmap/http``."""
    root = os.environ.get("ARGMAP_CACHE")
    return (Path(root) if root else Path.home() / ".cache" / "argmap") / "http"


def _base(name: str, origin: str | None = None) -> str:
    base = os.environ.get(f"ARGMAP_{'HN' if name == 'hackernews' else name.upper()}_API") or API.get(name) or origin
    return str(base).rstrip("/")


_DISCOURSE = re.compile(r"^/t/(?:(?P<slug>[^/]*[^/\d][^/]*)/)?(?P<id>\d+)(?:/\d+)?/?$")
_MASTODON = re.compile(r"^/(?:@[^/]+|users/[^/]+/statuses)/(?P<id>\d+)/?$")
_REDDIT = re.compile(r"/comments/(?P<id>[a-z0-9]+)", re.IGNORECASE)


def site(url: str) -> tuple[str, dict[str, str]]:
    """Which site a thread URL is on, and what identifies the thread there."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.scheme not in ("http", "https") or not host:
        raise InputError(url, "not an http(s) URL")
    if host == "news.ycombinator.com":
        ids = urllib.parse.parse_qs(parts.query).get("id", [])
        if parts.path.rstrip("/") == "/item" and ids and ids[0].isdigit():
            return "hackernews", {"id": ids[0]}
        raise InputError(url, "not a Hacker News item URL (…/item?id=N)")
    if host == "redd.it" and re.fullmatch(r"/[a-z0-9]+/?", parts.path, re.IGNORECASE):
        return "reddit", {"id": parts.path.strip("/")}
    if host == "reddit.com" or host.endswith(".reddit.com"):
        if m := _REDDIT.search(parts.path):
            return "reddit", {"id": m["id"]}
        raise InputError(url, "not a Reddit thread URL (…/comments/ID/…)")
    if m := _DISCOURSE.match(parts.path):
        return "discourse", {"origin": origin, "slug": m["slug"] or "", "id": m["id"]}
    if m := _MASTODON.match(parts.path):
        return "mastodon", {"origin": origin, "id": m["id"]}
    raise InputError(url, "not a Hacker News, Reddit, Discourse or Mastodon thread URL")


def _retry_after(err: urllib.error.HTTPError) -> float | None:
    value = err.headers.get("Retry-After") if err.headers else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _settings() -> HttpSettings:
    timeout = os.environ.get("ARGMAP_HTTP_TIMEOUT")
    retries = os.environ.get("ARGMAP_HTTP_RETRIES")
    return HttpSettings(float(timeout) if timeout else HTTP.timeout, int(retries) if retries else HTTP.retries,
                        HTTP.backoff, HTTP.max_wait)


def _get(url: str) -> bytes:
    """The body of a 200 response, retrying 429/5xx/timeouts; raises ``OSError`` with the cause."""
    settings = _settings()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    for attempt in range(settings.retries + 1):
        last = attempt == settings.retries
        try:
            with urllib.request.urlopen(request, timeout=settings.timeout) as response:  # noqa: S310 - http(s) only
                body = response.read(MAX_RESPONSE + 1)
            if len(body) > MAX_RESPONSE:
                raise OSError(f"response larger than {MAX_RESPONSE >> 20} MiB")
            return body
        except urllib.error.HTTPError as err:
            if err.code != 429 and err.code < 500 or last:
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise OSError(f"HTTP {err.code} {err.reason}{tries}") from None
            wait = _retry_after(err)
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                if last:
                    raise OSError(f"timed out after {settings.timeout:g} s") from None
                wait = None
            elif isinstance(reason, socket.gaierror):
                raise OSError("cannot resolve the host (offline?)") from None
            elif isinstance(reason, ConnectionRefusedError):
                raise OSError("connection refused") from None
            else:
                raise OSError(f"cannot connect ({getattr(reason, 'strerror', None) or reason})") from None
        except TimeoutError:
            if last:
                raise OSError(f"timed out after {settings.timeout:g} s") from None
            wait = None
        except (ConnectionError, urllib.error.ContentTooShortError) as err:
            if last:
                raise OSError(f"connection lost ({err})") from None
            wait = None
        time.sleep(min(wait if wait is not None else settings.backoff * 2**attempt, settings.max_wait))
    raise AssertionError("unreachable")  # pragma: no cover


def fetch_json(url: str, thread_url: str) -> Any:
    """The parsed JSON at ``url``: from the cache when there, else fetched and cached.

    Raises:
        InputError: naming ``thread_url``, with the cause and ``url`` when it is another one.
    """
    path = cache_dir() / f"{hashlib.sha256(url.encode()).hexdigest()}.json"
    where = "" if url == thread_url else f" ({url})"
    if path.is_file() and not os.environ.get("ARGMAP_HTTP_REFRESH"):
        try:
            return json.loads(path.read_bytes())
        except (ValueError, RecursionError, OSError):
            pass  # a damaged cache entry: fetch again
    try:
        body = _get(url)
    except OSError as err:
        raise InputError(thread_url, f"{err}{where}") from None
    try:
        data = json.loads(body)
    except RecursionError:
        raise InputError(thread_url, f"response nested too deeply{where}") from None
    except ValueError as err:
        raise InputError(thread_url, f"response is not JSON ({str(err).splitlines()[0][:80]}){where}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)
    except OSError:
        pass  # no cache: the run still works, it just fetches again next time
    return data


def _hackernews(url: str, ids: dict[str, str]) -> tuple[Any, list[str]]:
    return fetch_json(f"{_base('hackernews')}/items/{ids['id']}", url), []


def _reddit(url: str, ids: dict[str, str]) -> tuple[Any, list[str]]:
    from argmap.readers.reddit import more_stubs

    base = _base("reddit")
    data = fetch_json(f"{base}/comments/{ids['id']}.json?limit=500", url)
    if not isinstance(data, list):
        raise InputError(url, "Reddit sent no [submission, comments] listing pair")
    queue = more_stubs(data)
    things: list[Any] = []
    missed = branches = calls = 0
    while queue:
        stub = queue.pop(0)
        kids = [k for k in as_list(stub.get("children")) if isinstance(k, str)]
        if not kids:  # "continue this thread": a reply chain too deep for the listing
            branches += 1
            continue
        for start in range(0, len(kids), REDDIT_MORE_BATCH):
            chunk = kids[start:start + REDDIT_MORE_BATCH]
            if calls >= REDDIT_MORE_CALLS:
                missed += len(chunk)
                continue
            calls += 1
            query = urllib.parse.urlencode({"api_type": "json", "link_id": f"t3_{ids['id']}",
                                            "children": ",".join(chunk), "limit_children": "false"})
            try:
                reply = fetch_json(f"{base}/api/morechildren.json?{query}", url)
            except InputError:
                missed += len(chunk)
                continue
            got = [t for t in as_list(as_dict(as_dict(as_dict(reply).get("json")).get("data")).get("things"))
                   if isinstance(t, dict)]
            things += [t for t in got if t.get("kind") == "t1"]
            queue += [t.get("data") for t in got if t.get("kind") == "more" and isinstance(t.get("data"), dict)]
            missed += max(0, len(chunk) - sum(1 for t in got if t.get("kind") == "t1"))
    if things:
        data = [*data, {"kind": "Listing", "data": {"children": things}}]
    notes = []
    if missed:
        notes.append(f"{missed} comment{'' if missed == 1 else 's'} could not be fetched")
    if branches:
        notes.append(f"{branches} deeper reply chains ('continue this thread') were not fetched")
    return data, notes


def _discourse(url: str, ids: dict[str, str]) -> tuple[Any, list[str]]:
    base = _base("discourse", ids["origin"])
    topic_url = f"{base}/t/{ids['slug']}/{ids['id']}.json" if ids["slug"] else f"{base}/t/{ids['id']}.json"
    data = fetch_json(topic_url, url)
    stream = data.get("post_stream") if isinstance(data, dict) else None
    if not isinstance(stream, dict) or not isinstance(stream.get("posts"), list):
        raise InputError(url, "Discourse sent no post_stream.posts")
    posts = [p for p in stream["posts"] if isinstance(p, dict)]
    have = {p.get("id") for p in posts}
    wanted = [i for i in stream.get("stream") or [] if isinstance(i, int) and i not in have]
    missed = 0
    for start in range(0, len(wanted), DISCOURSE_BATCH):
        chunk = wanted[start:start + DISCOURSE_BATCH]
        query = urllib.parse.urlencode([("post_ids[]", i) for i in chunk])
        try:
            more = fetch_json(f"{base}/t/{ids['id']}/posts.json?{query}", url)
        except InputError:
            missed += len(chunk)
            continue
        got = [p for p in as_list(as_dict(as_dict(more).get("post_stream")).get("posts"))
               if isinstance(p, dict) and p.get("id") not in have]
        have |= {p.get("id") for p in got}
        posts += got
        missed += max(0, len(chunk) - len(got))
    number = {id(p): p.get("post_number") if isinstance(p.get("post_number"), int) else 1 << 62 for p in posts}
    data = {**data, "post_stream": {**stream, "posts": sorted(posts, key=lambda p: number[id(p)])}}
    return data, [f"{missed} post{'' if missed == 1 else 's'} could not be fetched"] if missed else []


def _mastodon(url: str, ids: dict[str, str]) -> tuple[Any, list[str]]:
    base = f"{_base('mastodon', ids['origin'])}/api/v1/statuses/{ids['id']}"
    status = fetch_json(base, url)
    context = fetch_json(f"{base}/context", url)
    if not isinstance(status, dict) or not isinstance(context, dict):
        raise InputError(url, "Mastodon sent no status or context object")
    return {"status": status, "ancestors": context.get("ancestors"), "descendants": context.get("descendants")}, []


FETCHERS = {"hackernews": _hackernews, "reddit": _reddit, "discourse": _discourse, "mastodon": _mastodon}


def fetch(url: str) -> tuple[str, Any, list[str]]:
    """``(format, data, notes)``: the thread at ``url`` as its reader's JSON, fetched (or from the
    cache), and what could not be fetched.

    A thread fetched only in part (Reddit comments or Discourse posts the API would not give)
    is noted once on stderr; the same URL failing twice in one run is tried only once.
    """
    url = url.strip()
    if url in _FAILED:
        raise _FAILED[url]
    try:
        fmt, ids = site(url)
        data, notes = FETCHERS[fmt](url, ids)
    except InputError as err:
        _FAILED[url] = err
        raise
    if notes and url not in _NOTED:
        _NOTED.add(url)
        print(f"argmap: note: {url}: {'; '.join(notes)}", file=sys.stderr)
    return fmt, data, notes


def read(url: str) -> Thread:
    """The thread at ``url`` (see the module docstring for the sites and URL shapes)."""
    import importlib

    fmt, data, notes = fetch(url)
    try:
        thread = importlib.import_module(f"argmap.readers.{fmt}").parse(data, url)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError) as err:
        raise InputError(url, f"unexpected {fmt} response ({type(err).__name__}: {str(err)[:120]})") from None
    if not thread.comments:
        raise InputError(url, "no comments found")
    thread.origin = url
    if notes:
        thread.meta["fetch_notes"] = notes
    return thread
