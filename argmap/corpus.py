"""Corpus mode: many threads in, one dataset (and optional HTML maps and exports) out.

* **inputs**: files, folders (their files, sorted; a ConvoKit corpus folder gives one thread per
  conversation) and glob patterns (``threads/*.json``);
* **one model load**, with model calls **spanning threads** (:func:`argmap.pipeline.analyse_batch`;
  each batch inside a call holds one thread's texts);
* **resumable**: each thread's graph is cached under ``OUT/.cache/`` by the SHA-256 of its input
  content and the run's settings, written atomically; a rerun (after an interrupt, or with more
  inputs) only maps what is not cached yet;
* a thread that fails is **reported and skipped**; the run goes on (exit status 1 at the end);
* **streaming**: graphs go to the cache as soon as they are mapped, and the dataset and exports
  are written by streaming the cache back, so memory does not grow with the corpus.

>>> [w.name for w in plan([])]
[]
"""

from __future__ import annotations

import glob
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap import __version__
from argmap.atomic import atomic_path
from argmap.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

    from argmap.model import Thread
    from argmap.models import Models
    from argmap.nlp.keypoints import Matcher
    from argmap.pipeline import Mapped

CACHE = ".cache"
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


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a ConvoKit folder's utterance and conversation files."""
    h = hashlib.sha256()
    files = [path / "utterances.jsonl", path / "conversations.json"] if path.is_dir() else [path]
    for f in files:
        try:
            with f.open("rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            h.update(f"unreadable:{f}".encode())
    return h.hexdigest()


def model_fingerprint(stance_model: str | None) -> str:
    """SHA-256 of the stance weights and config in use (shipped or given folder), so retraining
    or a new token budget invalidates the cache."""
    from argmap.nlp.stance import CONFIG, SHIPPED, WEIGHTS

    folder = Path(stance_model) if stance_model else SHIPPED
    return "".join(content_hash(folder / f) for f in (WEIGHTS, CONFIG) if (folder / f).is_file())


def claims_fingerprint(claims_model: str | None) -> str:
    """SHA-256 of the claims models (role, argument and relation models: weights and config) in use."""
    from argmap.nlp import arguing, claim_relations, claims

    folder = Path(claims_model) if claims_model else claims.SHIPPED
    files = (claims.WEIGHTS, claims.CONFIG, arguing.WEIGHTS, arguing.CONFIG, claim_relations.WEIGHTS,
             claim_relations.CONFIG)
    return "".join(content_hash(folder / f) for f in files if (folder / f).is_file())


def keypoints_fingerprint(keypoint_model: str | None) -> str:
    """SHA-256 of the key point matcher (weights and config) in use, plus its per-thread settings."""
    from argmap.nlp.keypoints import (
        CONFIG,
        MAX_TOKENS,
        SHIPPED,
        THREAD_K,
        THREAD_MIN_COSINE,
        THREAD_MIN_SUPPORT,
        THREAD_THRESHOLD,
        WEIGHTS,
    )

    folder = Path(keypoint_model) if keypoint_model else SHIPPED
    files = "".join(content_hash(folder / f) for f in (WEIGHTS, CONFIG) if (folder / f).is_file())
    settings = (f"k={THREAD_K}|min={THREAD_MIN_SUPPORT}|th={THREAD_THRESHOLD}|cos={THREAD_MIN_COSINE}"
                f"|tokens={MAX_TOKENS}|vectors=cached")  # graphs cached before carry no claim vectors
    return f"{files}|{settings}"


def settings_key(fmt: str | None, models: Models) -> str:
    """What, besides the input, decides a thread's graph (part of every cache key)."""
    from argmap.nlp import onnx_int8
    from argmap.nlp.encoder import Encoder, resolve_device

    device = resolve_device(models.device)  # the CPU runs int8 ONNX Runtime, a GPU torch
    return json.dumps({"argmap": __version__, "format": fmt, "model": models.model,
                       "stance_model": models.stance_model, "stance_weights": model_fingerprint(models.stance_model),
                       "topics": list(models.topics or []), "device": device,
                       "claims": claims_fingerprint(models.claims_model) if models.claims else "off",
                       "min_relation_score": models.min_relation_score,
                       "keypoints": keypoints_fingerprint(models.keypoint_model)
                       if models.claims and models.keypoints else "off",
                       "encoder_tokens": Encoder.MAX_LENGTH, "batches": "one thread each",
                       "int8": onnx_int8.RECIPE if device == "cpu" and onnx_int8.installed() else ""},
                      sort_keys=True)


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

    ``earlier``: the threads an output folder already holds (:mod:`argmap.outdir`): an input
    mapped before keeps its name; every other input is named apart from the folder's names (a stem
    the folder uses for another input counts as shared).
    """
    settings += f"|captured_at={captured_at}" if captured_at is not None else ""
    from argmap.outdir import source_of
    from argmap.readers.url import is_url

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


class Cache:
    """Thread graphs as node-link JSON under ``OUT/.cache/<key>.json``, each written atomically."""

    def __init__(self, out: Path):
        self.root = out / CACHE

    def path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()

    def vectors_path(self, key: str) -> Path:
        return self.root / f"{key}.vectors.npz"

    def put(self, key: str, mapped: Mapped) -> None:
        """Cache a mapped thread's graph, and beside it its point-claim vectors, if any (written first:
        a graph in the cache always has its vectors there)."""
        from argmap.exporters.nodelink import write_nodelink
        from argmap.nlp.corpus_keypoints import vectors_bytes

        if mapped.point_vectors is not None:
            with atomic_path(self.vectors_path(key)) as tmp:
                tmp.write_bytes(vectors_bytes(mapped.point_vectors))
        write_nodelink(mapped.graph, self.path(key))

    def vectors(self, key: str) -> tuple[list[str], Any] | None:
        """The point-claim vectors cached with a graph, or None (mapped without key points)."""
        from argmap.nlp.corpus_keypoints import vectors_from_bytes

        path = self.vectors_path(key)
        return vectors_from_bytes(path.read_bytes()) if path.is_file() else None

    def get(self, key: str) -> nx.MultiDiGraph:
        from argmap.exporters.nodelink import read_nodelink

        return read_nodelink(self.path(key))


@dataclass
class Report:
    """What a corpus run did."""

    mapped: int = 0
    cached: int = 0
    comments: int = 0
    failed: list[str] = field(default_factory=list)
    fresh: set[str] = field(default_factory=set)  # cache keys mapped by this run
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.comments / self.seconds if self.seconds else 0.0


Analyser = Callable[[Sequence["Thread"]], list["Mapped"]]


def _warn(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"argmap: error: {message}", file=sys.stderr)  # one clean line, even under the progress bar


def analyse_each(threads: Sequence[Thread], analyse: Analyser) -> list[Mapped | Exception]:
    """``analyse`` over a batch; if it fails, retry thread by thread, so that only the culprit
    comes back as its exception (one bad thread must not stop the corpus)."""
    try:
        return list(analyse(threads))
    except Exception as err:  # noqa: BLE001 - reported per thread by the callers
        if len(threads) == 1:
            return [err]
        return [r for t in threads for r in analyse_each([t], analyse)]


def failure(err: Exception) -> str:
    """How a failed analysis is reported, after the thread's path."""
    return f"analysis failed ({type(err).__name__}: {err})"


def record(cache: Cache, report: Report, work: Work, mapped: Mapped) -> None:
    """Cache a freshly mapped thread and count it."""
    cache.put(work.key, mapped)
    graph = mapped.graph
    report.mapped += 1
    report.fresh.add(work.key)
    report.comments += sum(1 for _, a in graph.nodes(data=True) if a.get("kind") in ("comment", "paragraph"))


def map_local(works: Sequence[Work], cache: Cache, analyse: Analyser, fmt: str | None, report: Report,
              batch_comments: int = 1024, single: bool = False, workers: int = 1) -> None:
    """Map every work item not cached yet, in batches of about ``batch_comments`` comments; with
    ``workers`` > 1, that many threads at once instead, each by itself on a thread of this process
    (the models are shared; their calls release the GIL), in input order. A thread's results are
    the same either way (each model batch holds one thread's texts)."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    from tqdm import tqdm

    todo = [w for w in works if w.key not in cache]
    report.cached += len(works) - len(todo)
    bar = tqdm(total=len(todo), desc="threads", unit="thread", disable=len(todo) < 2, dynamic_ncols=True)
    batch: list[tuple[Work, Thread]] = []
    start = time.perf_counter()

    def done(work: Work, graph: Mapped | Exception) -> None:
        if isinstance(graph, Exception):
            _warn(f"{work.path}: {failure(graph)}")
            report.failed.append(work.path)
        else:
            record(cache, report, work, graph)
        bar.update(1)
        bar.set_postfix(comments_per_s=f"{report.comments / max(time.perf_counter() - start, 1e-9):.1f}")

    def flush() -> None:
        for (work, _), graph in zip(batch, analyse_each([t for _, t in batch], analyse), strict=True):
            done(work, graph)
        batch.clear()

    pool = ThreadPoolExecutor(workers, thread_name_prefix="argmap-map") if workers > 1 and len(todo) > 1 else None
    pending: deque[tuple[Work, Future]] = deque()
    try:
        for work in todo:
            try:
                thread = work.read(fmt)
            except InputError as err:
                if single:
                    raise
                _warn(str(err))
                report.failed.append(work.path)
                bar.update(1)
                continue
            if pool is not None:  # a few threads read ahead, so no worker waits; results kept in order
                pending.append((work, pool.submit(analyse_each, [thread], analyse)))
                while len(pending) > 2 * workers:
                    w, future = pending.popleft()
                    done(w, future.result()[0])
                continue
            batch.append((work, thread))
            if sum(t.size for _, t in batch) >= batch_comments:
                flush()
        while pending:
            w, future = pending.popleft()
            done(w, future.result()[0])
        if batch:
            flush()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    bar.close()


def default_workers() -> int:
    """Threads mapped at once by default: one per CPU core this process may use, at most 8."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def cached_graphs(works: Sequence[Work], cache: Cache) -> Iterator[tuple[Work, nx.MultiDiGraph]]:
    """The cached graph of every work item that has one, in input order, thread ids made unique."""
    seen: dict[str, int] = {}
    for work in works:
        if work.key not in cache:
            continue
        g = cache.get(work.key)
        tid = str(g.graph.get("thread_id") or work.name)
        seen[tid] = seen.get(tid, 0) + 1
        if seen[tid] > 1:
            tid = f"{tid}-{seen[tid]}"
            for _, attrs in g.nodes(data=True):
                attrs["thread_id"] = tid
        g.graph["thread_id"] = tid
        g.graph["name"] = work.name  # the output name (OUT/<name>.html), for argmap.load(..., key="name")
        yield work, g


def write_outputs(works: Sequence[Work], out: Path, cache: Cache, exports: Sequence[str],
                  model_info: dict[str, Any],
                  on_graph: Callable[[Work, nx.MultiDiGraph], None] | None = None,
                  matcher: Matcher | None = None, overview: Path | None = None) -> Path:
    """Stream the cached graphs into ``OUT/dataset`` and the requested exports; return the dataset path.

    ``on_graph`` is called once per thread during the same pass (the CLI renders HTML there). With a
    key point ``matcher``, the same pass merges the threads' key points into the corpus key points
    (:mod:`argmap.nlp.corpus_keypoints`, from the vectors cached with each graph), written to the
    dataset's corpus tables. ``overview``: where to write the corpus page (threads and corpus key
    points, linking each thread's page in ``out`` when there is one).
    """
    import importlib

    from argmap.exporters import EXPORTS
    from argmap.exporters.hf_dataset import write_dataset
    from argmap.nlp.corpus_keypoints import CorpusKeyPoints, corpus_rows, thread_points

    per_thread = [f for f in exports if EXPORTS[f][2]]
    merger = CorpusKeyPoints(matcher) if matcher is not None else None
    threads: list[dict[str, Any]] = []
    rows: list[tuple[str, dict[str, Any]]] = []

    def graphs() -> Iterator[nx.MultiDiGraph]:
        for work, g in cached_graphs(works, cache):
            for fmt in per_thread:
                module, writer, suffix = EXPORTS[fmt]
                fn = getattr(importlib.import_module(f"argmap.exporters.{module}"), writer)
                fn(g, out / "exports" / fmt / f"{work.name}{suffix}")
            if on_graph:
                on_graph(work, g)
            if merger is not None and (vectors := cache.vectors(work.key)) is not None:
                merger.add(thread_points(g, *vectors))
            if overview is not None:
                threads.append(thread_summary(work, g))
            yield g

    def corpus() -> list[tuple[str, dict[str, Any]]]:
        rows[:] = corpus_rows(merger.result()) if merger is not None else []
        return rows

    dataset = write_dataset(graphs(), out / "dataset", model_info=model_info, corpus_rows=corpus)
    if "convokit" in exports:
        from argmap.exporters.convokit import write_convokit

        write_convokit((g for _, g in cached_graphs(works, cache)), out / "exports" / "convokit")
    if overview is not None:
        from argmap.render.corpus_page import render_corpus_page

        for t in threads:
            t["href"] = f"{t['name']}.html" if (out / f"{t['name']}.html").is_file() else None
        render_corpus_page(overview, threads, [r for table, r in rows if table == "corpus_keypoints"],
                           keypoints_on=merger is not None)
    return dataset


def thread_summary(work: Work, g: nx.MultiDiGraph) -> dict[str, Any]:
    """One thread's line on the corpus page."""
    kinds: dict[str, int] = {}
    for _, kind in g.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"thread_id": str(g.graph.get("thread_id")), "name": work.name, "title": str(g.graph.get("title") or ""),
            "n_comments": kinds.get("comment", 0) + kinds.get("paragraph", 0), "n_claims": kinds.get("claim", 0),
            "n_keypoints": kinds.get("keypoint", 0)}


def write_manifest(out: Path, works: Sequence[Work], report: Report) -> None:
    """``OUT/.cache/manifest.json``: what the last run mapped, reused and skipped (for humans)."""
    with atomic_path(out / CACHE / "manifest.json") as tmp:
        tmp.write_text(json.dumps({"threads": len(works), "mapped": report.mapped, "cached": report.cached,
                                   "failed": report.failed, "comments_mapped": report.comments,
                                   "seconds": round(report.seconds, 1)}, indent=1))
