"""``--engine ray``: the same per-thread analysis as Ray Data ``map_batches`` over a Ray cluster.

The driver (the ``argmap map`` process) plans the work, skips what is cached, and sends the
remaining threads' *paths* through ``ray.data.from_items(...).map_batches(Analyse, ...)``: each
Ray actor loads the models once and maps batches of threads with
:func:`argmap.pipeline.analyse_batch`. Results (each graph, with its point claims' vectors) stream
back to the driver, which caches them and writes the dataset, and merges the corpus key points,
exactly as the local engine does, so both engines give the same dataset.

Pointing it at a cluster: start one (``ray start --head`` on the head node, ``ray start
--address=HEAD:6379`` on the others, or a KubeRay / cloud-launcher cluster), install argmap with
the ``ray`` extra on every node, make the input files readable at the same paths on every node
(a shared or mounted filesystem), then run ``argmap map INPUTS -o OUT --engine ray
--ray-address auto`` on the head node (or set ``RAY_ADDRESS``; ``ray://HEAD:10001`` works from
outside through Ray Client). ``--ray-workers N`` sets the number of model replicas. Without an
address, a local Ray instance is started and stopped again.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from argmap.run.plan import Work
from argmap.run.schedule import DEFAULT_BATCH, Failed, Progress, analyse_unit, describe, read_or_error, settle

if TYPE_CHECKING:
    from argmap.models import Models
    from argmap.pipeline import Mapped

DEFAULT_ANALYSER = "argmap.pipeline:analyse_batch"


def resolve(spec: str) -> Any:
    """``"package.module:function"`` → the function.

    >>> resolve("argmap.run.plan:plan").__name__
    'plan'
    """
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class Analyse:
    """A Ray Data callable class: models load once per actor; each call runs the scheduler's unit of
    work (:func:`argmap.run.schedule.analyse_unit`) on a batch of threads."""

    def __init__(self, models: dict[str, Any], fmt: str | None, analyser: str = DEFAULT_ANALYSER):
        from argmap.models import Models

        self.models = Models(**models)
        self.fmt = fmt
        self.analyser = resolve(analyser)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from argmap.errors import InputError
        from argmap.exporters.nodelink import nodelink_data
        from argmap.nlp.corpus_keypoints import vectors_bytes

        works = [Work(str(path), str(name), str(key), str(conv) or None) for path, key, name, conv in
                 zip(batch["path"], batch["key"], batch["name"], batch["conversation"], strict=True)]
        readings = [read_or_error(w, lambda w: w.read(self.fmt)) for w in works]
        rows: dict[str, list[Any]] = {"key": [], "graph": [], "vectors": [], "error": [], "problem": []}
        for work, result in zip(works, analyse_unit(readings, self.models, self.analyser), strict=True):
            failed = isinstance(result, Exception)
            rows["key"].append(work.key)
            rows["graph"].append("" if failed else json.dumps(nodelink_data(result.graph), ensure_ascii=False,
                                                              default=str))
            rows["vectors"].append(b"" if failed else vectors_bytes(result.point_vectors))  # for corpus key points
            rows["error"].append(describe(work.path, result) if failed else "")
            rows["problem"].append(result.problem if isinstance(result, InputError) else "")
        return rows


def map_ray(works: Sequence[Work], models: Models, fmt: str | None,
            on_error: Callable[[Work, Exception], None] | None = None, address: str | None = None,
            workers: int | None = None, batch_comments: int = DEFAULT_BATCH, analyser: str = DEFAULT_ANALYSER,
            runtime_env: dict[str, Any] | None = None) -> Iterator[tuple[Work, Mapped]]:
    """Map ``works`` on Ray; yield ``(work, mapped)`` as results come, with the errors and progress bar
    of :func:`argmap.run.schedule.schedule` (``on_error`` as there)."""
    try:
        import ray
    except ImportError:
        raise SystemExit("argmap: --engine ray needs Ray Data: pip install 'argmap[ray]'") from None
    from argmap.errors import InputError
    from argmap.exporters.nodelink import read_nodelink_data
    from argmap.nlp.corpus_keypoints import vectors_from_bytes
    from argmap.pipeline import Mapped

    if not works:
        return
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address or os.environ.get("RAY_ADDRESS"), include_dashboard=False,
                 runtime_env=runtime_env, log_to_driver=False, configure_logging=False)
    progress = Progress(len(works), desc="threads (ray)")
    try:
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 2)) // 2)
        by_key = {w.key: w for w in works}
        rows = [{"path": w.path, "key": w.key, "name": w.name, "conversation": w.conversation or ""} for w in works]
        cfg = {"model": models.model, "stance_model": models.stance_model, "device": models.device,
               "topics": list(models.topics) if models.topics else None,
               "claims": models.claims, "claims_model": models.claims_model,
               "min_relation_score": models.min_relation_score,
               "keypoints": models.keypoints, "keypoint_model": models.keypoint_model}
        ds = ray.data.from_items(rows).map_batches(
            Analyse, fn_constructor_kwargs={"models": cfg, "fmt": fmt, "analyser": analyser},
            batch_size=max(1, batch_comments // 64), concurrency=workers, num_cpus=1)
        for row in ds.iter_rows():
            work = by_key[row["key"]]
            result: Mapped | Exception
            if row["problem"]:
                result = InputError(work.path, row["problem"])
            elif row["error"]:
                result = Failed(row["error"])
            else:
                result = Mapped(read_nodelink_data(json.loads(row["graph"])), vectors_from_bytes(row["vectors"]))
            yield from settle(work, result, lambda w: w.path, on_error, progress)
    finally:
        progress.close()
        if started_here:
            ray.shutdown()
