"""What :func:`argmap.map_thread` and :func:`argmap.map_threads` do: inputs → threads → graphs.

An input is a :class:`~argmap.model.Thread`, a path (file, folder, glob; a folder or glob may
hold many threads), an ``http(s)://`` URL (read by :mod:`argmap.readers.url`), or
the text of a thread itself (a string with a line break: pasted comments, an article, or
Reddit / Hacker News / nested-comment JSON), read from memory without touching the disk.

Models load once per process and setting (:func:`models`) and are reused by every later call;
threads are analysed in batches of about ``batch_comments`` comments, as ``argmap map`` does.

>>> read_string("Tea is great.\\nNo, coffee is. Why would you drink tea?").lines[:1]  # grouped by the segment stage
['Tea is great.']
>>> read_string('{"id": "r", "text": "Root", "replies": [{"id": "c", "text": "A reply"}]}').format
'nested'
>>> read_input("no-such-thread.txt")  # doctest: +ELLIPSIS
Traceback (most recent call last):
argmap.errors.InputError: no-such-thread.txt: no such file (a one-line string is read as a path; ...)
"""

from __future__ import annotations

import copy
import importlib
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.errors import InputError
from argmap.model import Thread
from argmap.run.schedule import DEFAULT_BATCH

if TYPE_CHECKING:
    import networkx as nx

    from argmap.models import Models

Input = Thread | str | os.PathLike
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)

_MODELS: dict[tuple[str | None, str | None, str, tuple[str, ...] | None, int | None], Models] = {}


def models(model: str | None = None, stance_model: str | None = None, device: str = "auto",
           topics: Sequence[str] | None = None, threads: int | None = None) -> Models:
    """The process-wide :class:`~argmap.models.Models` for these settings (created once);
    ``threads``: ONNX Runtime threads per model call (1 when several threads are mapped at once)."""
    from argmap.models import Models

    key = (model, stance_model, device, tuple(topics) if topics else None, threads)
    if key not in _MODELS:
        _MODELS[key] = Models(model, stance_model, device, list(topics) if topics else None, threads=threads)
    return _MODELS[key]


def topic_labels(topics: str | Sequence[str] | None) -> list[str] | None:
    """``"a, b"`` or ``["a", "b"]`` → ``["a", "b"]``; empty → None (discover topics).

    >>> topic_labels("money, talent,"), topic_labels([]), topic_labels(None)
    (['money', 'talent'], None, None)
    """
    if topics is None:
        return None
    items = topics.split(",") if isinstance(topics, str) else list(topics)
    labels = [str(t).strip() for t in items if str(t).strip()]
    return labels or None


def read_string(text: str, fmt: str | None = None, name: str = "pasted") -> Thread:
    """A thread from its text: sniffed like a file (JSON formats, pasted text or article) unless
    ``fmt`` names the format; ``name`` is its thread id and the origin shown in errors."""
    from argmap.readers import FORMATS, sniff_format
    from argmap.readers._common import load_json
    from argmap.readers.sniff import JSON_READERS

    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(name, "empty text")
    data = None
    if fmt is None:
        fmt, data = sniff_format(text, name)
    if fmt not in FORMATS:
        raise InputError(name, f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "convokit":
        raise InputError(name, "a ConvoKit corpus is a folder: pass its path")
    if fmt in JSON_READERS and data is None:
        data = load_json(name, text)
    module = importlib.import_module(f"argmap.readers.{fmt}")  # every reader but convokit has parse()
    # pasted text comes as its lines: the pipeline's segment stage groups them, once
    thread = module.parse(text, name, segment=False) if fmt == "text" else module.parse(
        data if fmt in JSON_READERS else text, name)
    if not thread.comments and not thread.lines:
        raise InputError(name, "no comments found")
    return thread


def read_url(url: str) -> Thread:
    """The thread at ``url`` (Hacker News, Reddit, Discourse, Mastodon; see :mod:`argmap.readers.url`)."""
    from argmap.readers import url as url_reader

    return url_reader.read(url)


def read_input(source: Input, fmt: str | None = None, name: str | None = None) -> list[Thread]:
    """The threads of one input (see the module docstring); a path may hold several."""
    if isinstance(source, Thread):
        return [copy.deepcopy(source)]  # the pipeline changes threads in place: leave the caller's alone
    if isinstance(source, str) and not source.strip():
        raise InputError(name or "input", "empty: pass a file path, a URL or the thread's text")
    if isinstance(source, str) and ("\n" in source.strip() or "\r" in source.strip()):
        return [read_string(source, fmt, name or "pasted")]
    if isinstance(source, str) and URL.match(source.strip()):
        return [read_url(source.strip())]
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"an input is a path, URL, thread text or Thread, not {type(source).__name__}")
    from argmap.run.plan import GLOB_CHARS, expand, plan

    path = os.fspath(source)
    if not Path(path).exists() and not (GLOB_CHARS & set(path)):
        hint = "" if isinstance(source, os.PathLike) else (
            " (a one-line string is read as a path; a URL starts with http:// or https://, thread text has"
            " line breaks)")
        raise InputError(path, f"no such file{hint}")
    works = plan(expand([path]), fmt)
    if not works:
        raise InputError(path, "no thread files found")
    return [w.read(fmt) for w in works]


def analyse_threads(threads: Sequence[Thread], m: Models, batch_comments: int = DEFAULT_BATCH,
                    errors: str = "raise", workers: int = 1) -> list[nx.MultiDiGraph]:
    """Graphs of ``threads`` in order, through the run's scheduler (:func:`argmap.run.schedule.schedule`):
    batched, or with ``workers`` > 1 that many threads at once, each by itself; ``errors="skip"`` warns
    and leaves failures out."""
    from argmap.run.schedule import schedule

    failed: list[str] = []
    mapped = schedule(threads, m, batch_comments=batch_comments, workers=workers, label=lambda t: t.origin or t.id,
                      on_error=(lambda _, err: failed.append(str(err))) if errors == "skip" else None)
    graphs = [result.graph for _, result in mapped]
    for message in failed:
        warnings.warn(message, stacklevel=3)
    return graphs


def check_errors(errors: str) -> None:
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
