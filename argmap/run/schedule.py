"""The one scheduler: threads (or work items read on the way) through the pipeline, in input order.

Two ways to spend the cores, with the same graphs either way (each model batch holds one thread's
texts):

* ``workers == 1``: batches of about ``batch_comments`` comments, each one pipeline call whose
  model calls use every core;
* ``workers > 1``: that many threads at once, each by itself on a thread of this process with one
  ONNX Runtime thread per model call (the models are shared; their calls release the GIL), reading
  ahead ``2 × workers`` threads so that no worker waits.

Errors: with no ``on_error``, the first input that cannot be read, or analysis that fails, raises;
with one, each failure goes to it and the rest goes on. The unit of work, :func:`analyse_unit`
(analyse one batch of read threads; a failing batch is retried thread by thread so that only the
culprit fails), is what the Ray engine's actors run too.

>>> import networkx as nx
>>> from argmap.model import Comment, Thread
>>> from argmap.pipeline import Mapped
>>> calls = []
>>> def fake(threads, models):  # a stand-in for argmap.pipeline.analyse_batch
...     calls.append(len(threads))
...     return [Mapped(nx.MultiDiGraph(thread_id=t.id)) for t in threads]
>>> threads = [Thread(f"t{i}", [Comment("a", None, text="Tea.")]) for i in range(3)]
>>> [m.graph.graph["thread_id"] for _, m in schedule(threads, None, analyser=fake, batch_comments=2)], calls
(['t0', 't1', 't2'], [2, 1])
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from argmap.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Future

    import networkx as nx

    from argmap.model import Thread
    from argmap.models import Models
    from argmap.pipeline import Mapped

T = TypeVar("T")
#: ``analyse_batch(threads, models) -> one Mapped per thread``: the pipeline, or a stand-in for it.
Analyser = Callable[[Sequence["Thread"], Any], list["Mapped"]]
DEFAULT_BATCH = 1024


class Failed(Exception):
    """A failure already described as one line (a Ray actor's report), passed on as it is."""


def failure(err: Exception) -> str:
    """How a failed analysis is reported, after the thread's name.

    >>> failure(RuntimeError("model exploded"))
    'analysis failed (RuntimeError: model exploded)'
    """
    return f"analysis failed ({type(err).__name__}: {err})"


def describe(label: str, err: Exception) -> str:
    """The one line that reports ``err`` for the input ``label``: a reader's error names its input itself.

    >>> describe("t.json", InputError("t.json", "no comments found")), describe("t.json", ValueError("x"))
    ('t.json: no comments found', 't.json: analysis failed (ValueError: x)')
    """
    return str(err) if isinstance(err, InputError | Failed) else f"{label}: {failure(err)}"


def warn(message: str) -> None:
    """``argmap: error: …`` on stderr: one clean line, even under the progress bar."""
    from tqdm import tqdm

    tqdm.write(f"argmap: error: {message}", file=sys.stderr)


def default_workers() -> int:
    """Threads mapped at once by default: one per CPU core this process may use, at most 8."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def pipeline_analyser(threads: Sequence[Thread], models: Models) -> list[Mapped]:
    """:func:`argmap.pipeline.analyse_batch`, looked up on each call (so that tests can stand in for it)."""
    from argmap import pipeline

    return pipeline.analyse_batch(threads, models)


def read_or_error(item: T, read: Callable[[T], Thread]) -> Thread | InputError:
    """``read(item)``, or the :class:`InputError` it raised."""
    try:
        return read(item)
    except InputError as err:
        return err


def analyse_unit(readings: Sequence[Thread | InputError], models: Any, analyser: Analyser = pipeline_analyser,
                 retry: bool = True) -> list[Mapped | Exception]:
    """The unit of work: the read threads of one batch analysed together; per reading, its
    :class:`~argmap.pipeline.Mapped` or its error (an unreadable input keeps its read error). If the
    batch fails, with ``retry`` it is analysed again thread by thread, so that only the culprit comes
    back as its exception; without, the error is raised."""
    threads = [r for r in readings if not isinstance(r, Exception)]
    mapped = iter(_analyse_each(threads, models, analyser, retry) if threads else [])
    return [r if isinstance(r, Exception) else next(mapped) for r in readings]


def _analyse_each(threads: Sequence[Thread], models: Any, analyser: Analyser, retry: bool) -> list[Mapped | Exception]:
    try:
        return list(analyser(threads, models))
    except Exception as err:  # noqa: BLE001 - reported per thread by the callers
        if not retry:
            raise
        if len(threads) == 1:
            return [err]
        return [r for t in threads for r in _analyse_each([t], models, analyser, retry)]


def mapped_comments(graph: nx.MultiDiGraph) -> int:
    """Comments (and article paragraphs) in a mapped thread's graph."""
    return sum(1 for _, kind in graph.nodes(data="kind") if kind in ("comment", "paragraph"))


class Progress:
    """The progress bar of a run (threads done, mapped comments per second); none for under two threads."""

    def __init__(self, total: int, desc: str = "threads", show: bool = True):
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=desc, unit="thread", disable=not show or total < 2, dynamic_ncols=True)
        self.comments, self.start = 0, time.perf_counter()

    def done(self, result: Mapped | Exception) -> None:
        """One more thread done: mapped, or failed."""
        if not isinstance(result, Exception):
            self.comments += mapped_comments(result.graph)
        self.bar.update(1)
        self.bar.set_postfix(comments_per_s=f"{self.comments / max(time.perf_counter() - self.start, 1e-9):.1f}")

    def close(self) -> None:
        self.bar.close()


def settle(item: T, result: Mapped | Exception, label: Callable[[T], str],
           on_error: Callable[[T, Exception], None] | None, progress: Progress) -> Iterator[tuple[T, Mapped]]:
    """One result, in input order: a mapped thread is yielded; a failure raises (no ``on_error``) or goes
    to ``on_error`` as the one line :func:`describe` makes (in :class:`Failed`, unless a read error)."""
    progress.done(result)
    if not isinstance(result, Exception):
        yield item, result
    elif on_error is None:
        raise result
    else:
        on_error(item, result if isinstance(result, InputError) else Failed(describe(label(item), result)))


def schedule(items: Sequence[T], models: Any, *, read: Callable[[T], Thread] | None = None,
             analyser: Analyser = pipeline_analyser, batch_comments: int = DEFAULT_BATCH, workers: int = 1,
             on_error: Callable[[T, Exception], None] | None = None, label: Callable[[T], str] = str,
             progress: bool = False) -> Iterator[tuple[T, Mapped]]:
    """Map ``items`` (threads, or anything ``read`` turns into one) with ``analyser(threads, models)``;
    yield ``(item, mapped)`` in input order as results come.

    ``batch_comments``: with one worker, comments per pipeline call; ``workers`` > 1: threads mapped at
    once, each alone (``models`` are then loaded first, with one ONNX Runtime thread per model call).
    ``on_error(item, error)``: see the module docstring; ``label(item)`` names an item in its error
    line. ``progress``: show a progress bar.
    """
    from concurrent.futures import ThreadPoolExecutor

    read = read or (lambda item: item)  # type: ignore[assignment,return-value]
    pool = None
    if workers > 1 and len(items) > 1:
        if models is not None:
            models.threads = 1  # one intra-op thread per model call
            models.preload()  # before threads share them
        pool = ThreadPoolExecutor(workers, thread_name_prefix="argmap-map")
    bar = Progress(len(items), show=progress)
    retry = on_error is not None
    pending: deque[tuple[list[T], Future[list[Mapped | Exception]]]] = deque()

    def results(batch: list[T], done: list[Mapped | Exception]) -> Iterator[tuple[T, Mapped]]:
        for item, result in zip(batch, done, strict=True):
            yield from settle(item, result, label, on_error, bar)

    try:
        for batch, readings in batches(items, read, 0 if pool else max(1, batch_comments)):
            if pool is None:
                yield from results(batch, analyse_unit(readings, models, analyser, retry))
                continue
            pending.append((batch, pool.submit(analyse_unit, readings, models, analyser, retry)))
            while len(pending) > 2 * workers:  # read ahead; results kept in order
                batch, future = pending.popleft()
                yield from results(batch, future.result())
        while pending:
            batch, future = pending.popleft()
            yield from results(batch, future.result())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        bar.close()


def batches(items: Iterable[T], read: Callable[[T], Thread], batch_comments: int,
            ) -> Iterator[tuple[list[T], list[Thread | InputError]]]:
    """``items`` read one by one and grouped into batches of at least ``batch_comments`` comments
    (the last may hold fewer); ``0``: one item each.

    >>> from argmap.model import Comment, Thread
    >>> ts = [Thread(str(n), [Comment(str(i), None, text="x") for i in range(n)]) for n in (2, 1, 3, 1)]
    >>> [[t.id for t in batch] for batch, _ in batches(ts, lambda t: t, 3)]
    [['2', '1'], ['3'], ['1']]
    """
    batch: list[T] = []
    readings: list[Thread | InputError] = []
    comments = 0
    for item in items:
        reading = read_or_error(item, read)
        batch.append(item)
        readings.append(reading)
        comments += 0 if isinstance(reading, InputError) else reading.size
        if comments >= batch_comments:
            yield batch, readings
            batch, readings, comments = [], [], 0
    if batch:
        yield batch, readings
