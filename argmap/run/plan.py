"""Planning: input arguments → work items, one per thread, each with its output name and cache key.

* **inputs**: files, folders (their files, sorted; a ConvoKit corpus folder gives one thread per
  conversation), glob patterns (``threads/*.json``) and thread URLs;
* **names**: unique within the run and the output folder (:func:`plan`);
* **keys**: the SHA-256 of the input's content and the run's settings (:func:`argmap.run.cache.settings_key`),
  so a thread is mapped again only when either changes.

>>> [w.name for w in plan([])]
[]
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.digest import content_hash
from argmap.errors import InputError

if TYPE_CHECKING:
    from argmap.model import Thread

GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Work:
    """One thread to map: where it comes from, its display name and its cache key."""

    path: str
    name: str  # HTML file stem; unique within the run
    key: str
    conversation: str | None = None  # ConvoKit conversation id, for corpus folders
    captured_at: float | None = None  # when a copied page was captured (its relative times count back from it)

    def read(self, fmt: str | None) -> Thread:
        """The thread, or an :class:`InputError` naming the file and the problem."""
        if self.conversation is not None:
            from argmap.readers.convokit import read_conversation

            return read_conversation(self.path, self.conversation)
        from argmap.readers import url

        if url.is_url(self.path):
            return url.read(self.path)
        from argmap.readers import read

        return read(self.path, fmt, captured_at=self.captured_at, segment=False)  # the segment stage segments


def expand(inputs: Sequence[str]) -> list[Path | str]:
    """Input arguments → paths: folders become their files (sorted), globs their matches.

    A folder holding ``utterances.jsonl`` (a ConvoKit corpus) stays one path; hidden files are
    skipped; a path that does not exist stays as given so its reader reports it; a pattern that
    matches no file is an :class:`InputError`; an ``http(s)://`` URL stays a string (see
    :mod:`argmap.readers.url`).

    >>> expand(["https://news.ycombinator.com/item?id=1"])
    ['https://news.ycombinator.com/item?id=1']
    """
    from argmap.readers.url import is_url

    paths: list[Path | str] = []
    for arg in inputs:
        if is_url(arg):
            paths.append(arg.strip())
            continue
        p = Path(arg)
        if p.is_dir() and not (p / "utterances.jsonl").is_file():
            paths += sorted(f for f in p.iterdir() if not f.name.startswith(".") and (
                f.is_file() or (f / "utterances.jsonl").is_file()))
        elif not p.exists() and GLOB_CHARS & set(arg):
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True) if not Path(m).name.startswith("."))
            if not matches:
                raise InputError(arg, "no file matches this pattern")
            paths += matches
        else:
            paths.append(p)
    return list(dict.fromkeys(paths))


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe form of an id or title: lower-case letters, digits, ``-`` and ``_``.

    >>> slug("Should cities ban cars?"), slug("t3_1a2b3c"), slug("../../etc"), slug("???")
    ('should-cities-ban-cars', 't3_1a2b3c', 'etc', '')
    """
    out = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-_")[:limit].strip("-_")


def thread_name(thread: Thread) -> str:
    """``<format>-<thread id>`` (e.g. ``reddit-1a2b3c``): a name from the thread's own id, for URL
    threads and for files whose stem is shared by other inputs of the run.

    >>> from argmap.model import Thread
    >>> thread_name(Thread("1a2b3c", [], format="reddit")), thread_name(Thread("Tea?", [], title="x"))
    ('reddit-1a2b3c', 'thread-tea')
    """
    return f"{thread.format or 'thread'}-{slug(thread.id) or slug(thread.title) or 'untitled'}"


def _named_by_content(path: Path, fmt: str | None) -> str:
    """The name of a file whose stem other inputs share: its thread's id when the content has one,
    else ``<folder>-<stem>``."""
    from argmap.readers import read

    fallback = slug(f"{path.parent.name}-{path.stem}") or "thread"
    try:
        thread = read(path, fmt)
    except InputError:
        return fallback
    own_id = thread.id != path.stem  # readers fall back on the stem when the content names no id
    return thread_name(thread) if own_id and slug(thread.id) else fallback


def _url_work(url: str, settings: str, unique: Callable[[str, str], str]) -> Work:
    """A URL thread: fetched now (or read from the HTTP cache) for its name and content key; one
    that cannot be fetched keeps a name from the URL and fails, as one line, when it is read."""
    from argmap.readers.url import fetch
    from argmap.readers.url import read as read_url

    try:
        _, data, _ = fetch(url)
        thread = read_url(url)
    except InputError:
        key = hashlib.sha256(f"unread:{url}".encode()).hexdigest()
        return Work(url, unique(slug(url.split("://", 1)[-1]) or "url", url), key)
    content = json.dumps(data, sort_keys=True, default=str)
    return Work(url, unique(thread_name(thread), url), hashlib.sha256((content + settings).encode()).hexdigest())


def plan(paths: Sequence[Path | str], fmt: str | None = None, settings: str = "",
         captured_at: float | None = None, earlier: Sequence[Work] = ()) -> list[Work]:
    """One :class:`Work` per thread, with unique names and content-based cache keys.

    Names: a file whose stem no other input of the run shares is named by its stem
    (``threads/tea.json`` → ``tea``); files sharing a stem (25 ``raw.json`` exports) are named
    from their thread's own id (``reddit-<id>``), or ``<folder>-<stem>`` when the content has no
    id; URL threads are named ``<format>-<id>``; a ConvoKit corpus gives each conversation its id.
    A name already taken gets ``-2``, ``-3`` … (two copies of one thread). ``captured_at`` (POSIX
    seconds) is when copied pages were captured; by default each page's file modification time.

    ``earlier``: the threads an output folder already holds (:mod:`argmap.run.outdir`): an input
    mapped before keeps its name; every other input is named apart from the folder's names (a stem
    the folder uses for another input counts as shared).
    """
    settings += f"|captured_at={captured_at}" if captured_at is not None else ""
    from argmap.readers.url import is_url
    from argmap.run.outdir import source_of

    works: list[Work] = []
    own = {source_of(w): w.name for w in earlier}
    used = set(own.values())

    def unique(name: str, source: str) -> str:
        if source in own:
            return own[source]
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name}-{n}"
        used.add(candidate)
        return candidate

    stems: dict[str, int] = {}
    for path in paths:
        if not is_url(path):
            stems[Path(path).stem] = stems.get(Path(path).stem, 0) + 1
    for path in paths:
        if is_url(path):
            works.append(_url_work(str(path), settings, unique))
            continue
        path = Path(path)
        digest = hashlib.sha256((content_hash(path) + settings).encode()).hexdigest()
        is_corpus = path.is_dir() and (path / "utterances.jsonl").is_file() and fmt in (None, "convokit")
        if is_corpus:
            from argmap.readers.convokit import conversation_offsets

            try:
                conversations = list(conversation_offsets(path))
            except InputError:
                conversations = []
            if conversations:
                for conv in conversations:
                    key = hashlib.sha256(f"{digest}:{conv}".encode()).hexdigest()
                    source = source_of(Work(str(path), conv, key, conv))
                    works.append(Work(str(path), unique(conv, source), key, conv))
                continue
        source = source_of(Work(str(path), path.stem, digest))
        if source in own:
            works.append(Work(str(path), own[source], digest, captured_at=captured_at))
            continue
        shared = stems[path.stem] > 1 or path.stem in used
        name = _named_by_content(path, fmt) if shared else path.stem
        works.append(Work(str(path), unique(name, source), digest, captured_at=captured_at))
    return works


def check_input(path: Path | str, fmt: str | None) -> None:
    """Read a run's one input now (readers need no model library): its problem, if any, is an
    :class:`InputError` before the models load."""
    from argmap.readers.url import is_url

    if is_url(path) or Path(path).is_dir():  # a folder: its files are read, and reported, one by one
        return
    Work(str(path), "", "").read(fmt)
