"""An output folder across runs: the threads it holds, so that a run adds to it.

``OUT/.cache/index.json`` lists every thread of ``OUT/dataset``, in dataset order, with its
input (:func:`source_of`), its output name (``OUT/<name>.html``) and its cache key. A run into
the folder:

* keeps the threads of earlier runs and adds its own (the dataset is rebuilt from the cache);
* replaces a thread whose input it maps again (the same source), and only that thread's rows;
* names its threads apart from every name the folder already uses, so no input's page
  overwrites another's (two ``raw.json`` mapped by two runs get two pages);
* with ``--fresh``, starts the folder over (:func:`start_over`).

>>> from argmap.run.plan import Work
>>> old = [Work("a.json", "a", "k1"), Work("b.json", "b", "k2")]
>>> [(w.name, w.key) for w in merge(old, [Work("b.json", "b", "k3"), Work("c.json", "c", "k4")])]
[('a', 'k1'), ('b', 'k3'), ('c', 'k4')]
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.atomic import atomic_path

if TYPE_CHECKING:
    from argmap.run.plan import Work

INDEX = "index.json"


def source_of(work: Work) -> str:
    """What identifies a thread's input across runs: its URL, or its resolved path (plus
    ``#<conversation>`` for one conversation of a ConvoKit corpus).

    >>> from argmap.run.plan import Work
    >>> source_of(Work("https://news.ycombinator.com/item?id=1", "x", "k"))
    'https://news.ycombinator.com/item?id=1'
    """
    from argmap.readers.url import is_url

    base = work.path if is_url(work.path) else str(Path(work.path).resolve())
    return base if work.conversation is None else f"{base}#{work.conversation}"


def read_index(out: Path, dataset: bool = True) -> list[Work]:
    """The threads an earlier run left in ``out`` (none when the folder holds no dataset, unless
    ``dataset`` is False)."""
    from argmap.run.cache import CACHE
    from argmap.run.plan import Work

    path = out / CACHE / INDEX
    if not path.is_file() or (dataset and not (out / "dataset").is_dir()):
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [Work(e["path"], e["name"], e["key"], e.get("conversation")) for e in entries]
    except (ValueError, KeyError, TypeError):  # a damaged index: the folder starts from this run
        return []


def write_index(out: Path, works: Sequence[Work]) -> None:
    """Record the threads ``out/dataset`` now holds."""
    from argmap.readers.url import is_url
    from argmap.run.cache import CACHE

    # paths kept absolute: a later run from another folder still knows its inputs
    entries = [{"name": w.name, "path": w.path if is_url(w.path) else str(Path(w.path).resolve()),
                "conversation": w.conversation, "key": w.key, "source": source_of(w)} for w in works]
    with atomic_path(out / CACHE / INDEX) as tmp:
        tmp.write_text(json.dumps(entries, indent=1), encoding="utf-8")


def merge(earlier: Sequence[Work], now: Sequence[Work]) -> list[Work]:
    """The folder's threads after a run: the earlier ones, each replaced in place by this run's
    thread from the same source, then this run's new threads in input order."""
    mine = {source_of(w): w for w in now}
    kept = [mine.pop(source_of(w), w) for w in earlier]
    return kept + [w for w in now if source_of(w) in mine]


def start_over(out: Path) -> None:
    """Remove what argmap wrote into ``out``: the dataset, exports, overview, the earlier threads'
    pages and images, and the cache. Other files stay."""
    from argmap.run.cache import CACHE

    earlier = read_index(out, dataset=False)
    for folder in ("dataset", "exports", CACHE):
        shutil.rmtree(out / folder, ignore_errors=True)
    for path in [out / "corpus.html"] + [out / f"{w.name}{s}" for w in earlier for s in (".html", ".png")]:
        path.unlink(missing_ok=True)
