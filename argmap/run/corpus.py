"""A corpus run, :func:`map_corpus`: many threads in, one dataset (and HTML maps, exports, a corpus page) out.

* **one model load**, with pipeline calls spanning threads (:mod:`argmap.run.schedule`);
* **resumable**: each thread's graph is cached under ``OUT/.cache/`` by the SHA-256 of its input
  content and the run's settings (:mod:`argmap.run.cache`), written atomically; a rerun (after an
  interrupt, or with more inputs) maps only what is not cached yet;
* a thread that fails is **reported and skipped**; the run goes on (:attr:`Report.failed`);
* **streaming**: graphs go to the cache as soon as they are mapped, and the outputs are written by
  streaming the cache back (:mod:`argmap.run.outputs`), so memory does not grow with the corpus;
* an output folder **keeps its threads** across runs (:mod:`argmap.run.outdir`).

``argmap map`` is this function with its arguments from the command line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.errors import InputError
from argmap.run.schedule import DEFAULT_BATCH

if TYPE_CHECKING:
    from argmap.pipeline import Mapped
    from argmap.run.cache import Cache
    from argmap.run.plan import Work

ENGINES = ("local", "ray")


@dataclass
class Report:
    """What a corpus run did."""

    mapped: int = 0
    cached: int = 0
    comments: int = 0  # comments (and paragraphs) mapped by this run
    failed: list[str] = field(default_factory=list)  # the inputs (and images) that failed
    fresh: set[str] = field(default_factory=set)  # cache keys mapped by this run
    seconds: float = 0.0
    threads: int = 0  # threads the output folder's dataset holds after the run
    kept: int = 0  # ... of them kept from earlier runs
    dataset: Path | None = None  # the dataset folder, when there is one
    overview: Path | None = None  # the corpus page, when written
    unchanged: bool = False  # the folder already held what this run would write: nothing was rewritten

    @property
    def rate(self) -> float:
        return self.comments / self.seconds if self.seconds else 0.0

    def record(self, cache: Cache, work: Work, mapped: Mapped) -> None:
        """Cache a freshly mapped thread and count it."""
        from argmap.run.schedule import mapped_comments

        cache.put(work.key, mapped)
        self.mapped += 1
        self.fresh.add(work.key)
        self.comments += mapped_comments(mapped.graph)


def map_corpus(inputs: Sequence[str | os.PathLike], out: str | os.PathLike = "outputs", *,
               format: str | None = None,  # noqa: A002 - the CLI's --format
               captured_at: float | None = None, topics: Sequence[str] | None = None, model: str | None = None,
               stance_model: str | None = None, claims: bool = True, claims_model: str | None = None,
               min_relation_score: float | None = None, keypoints: bool = True, keypoint_model: str | None = None,
               corrections: str | os.PathLike | None = None, device: str = "auto", html: bool = True,
               png: bool = False, exports: Sequence[str] = (), batch_comments: int = DEFAULT_BATCH,
               workers: int | None = None, engine: str = "local", ray_address: str | None = None,
               ray_workers: int | None = None, fresh: bool = False, quiet: bool = False) -> Report:
    """Map ``inputs`` into the folder ``out``; see :func:`argmap.map_corpus` for the arguments.

    Raises:
        InputError: an option is out of range, no input matches, or the run's one input cannot be read.
    """
    from argmap.models import Models
    from argmap.run.cache import Cache, settings_key
    from argmap.run.outdir import merge, read_index, start_over, write_index
    from argmap.run.outputs import write_all
    from argmap.run.plan import check_input, expand, plan

    folder = Path(out)
    if png:
        from argmap.render.png import missing

        if missing():
            raise InputError("--png", missing())
    fixes = None
    if corrections is not None:  # a bad file fails before any model loads
        from argmap.corrections import Corrections

        fixes = Corrections(os.fspath(corrections))
    if workers is not None and workers < 1:
        raise InputError("--workers", f"must be at least 1, not {workers}")
    from argmap.exporters import EXPORTS

    if unknown := [e for e in exports if e not in EXPORTS]:
        raise InputError("--export", f"unknown export {', '.join(unknown)} (choose from {', '.join(EXPORTS)})")
    if engine not in ENGINES:
        raise InputError("--engine", f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    inputs = [os.fspath(i) for i in inputs]
    paths = expand(inputs)
    if not paths:
        raise InputError(" ".join(inputs), "no thread files found")
    single = len(inputs) == 1 and len(paths) == 1
    if single:
        check_input(paths[0], format)  # a bad input answers before any model library loads
    models = Models(model, stance_model, device, list(topics) if topics else None, claims=claims,
                    claims_model=claims_model, min_relation_score=min_relation_score,
                    keypoints=claims and keypoints, keypoint_model=keypoint_model)
    if fresh:
        start_over(folder)
    earlier = read_index(folder)
    works = plan(paths, format, settings_key(format, models), captured_at, earlier=earlier)
    single = single and len(works) == 1 and works[0].conversation is None
    cache, report = Cache(folder), Report()
    todo = [w for w in works if w.key not in cache]
    report.cached = len(works) - len(todo)

    def on_error(work: Work, err: Exception) -> None:
        from argmap.run.schedule import warn

        if single and isinstance(err, InputError):
            raise err  # the run's one input: one line, as for a missing file
        warn(str(err))
        report.failed.append(work.path)

    started = time.perf_counter()
    if engine == "ray":
        from argmap.engines.ray_engine import map_ray

        mapped: Iterator[tuple[Work, Mapped]] = map_ray(
            todo, models, format, on_error, address=ray_address, workers=ray_workers, batch_comments=batch_comments)
    else:
        from argmap.run.schedule import default_workers, schedule

        mapped = schedule(todo, models, read=lambda w: w.read(format), batch_comments=batch_comments,
                          workers=1 if len(works) < 2 else (workers or default_workers()), on_error=on_error,
                          label=lambda w: w.path, progress=not quiet)
    for work, result in mapped:
        report.record(cache, work, result)
    report.seconds = time.perf_counter() - started
    if report.mapped + report.cached == 0:
        return report
    everything = merge(earlier, [w for w in works if w.key in cache])
    report.threads, report.kept = len(everything), len(everything) - report.mapped - report.cached
    report.overview = folder / "corpus.html" if html and len(everything) > 1 else None
    report.dataset = folder / "dataset"
    if fixes is None and up_to_date(folder, earlier, everything, report, html, png, exports):
        report.unchanged = True
        return report
    report.dataset = write_all(folder, works, everything, cache, models, report, html=html, png=png,
                               exports=exports, overview=report.overview, fixes=fixes, quiet=quiet)
    write_index(folder, everything)
    return report


def up_to_date(out: Path, earlier: Sequence[Work], everything: Sequence[Work], report: Report, html: bool,
               png: bool, exports: Sequence[str]) -> bool:
    """Whether the folder already holds exactly what this run would write (then nothing is rewritten)."""
    if report.mapped or exports or png or not (out / "dataset").is_dir():
        return False
    if [(w.name, w.key) for w in everything] != [(w.name, w.key) for w in earlier]:
        return False
    pages = [out / f"{w.name}.html" for w in everything] if html else []
    return all(p.is_file() for p in pages) and (report.overview is None or report.overview.is_file())
