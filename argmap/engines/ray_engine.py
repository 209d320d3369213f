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
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from argmap.corpus import Cache, Report, Work, analyse_each, failure, record

if TYPE_CHECKING:
    from argmap.models import Models

DEFAULT_ANALYSER = "argmap.pipeline:analyse_batch"


def resolve(spec: str) -> Any:
    """``"package.module:function"`` → the function.

    >>> resolve("argmap.corpus:plan").__name__
    'plan'
    """
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class Analyse:
    """A Ray Data callable class: models load once per actor; each call maps a batch of threads."""

    def __init__(self, models: dict[str, Any], fmt: str | None, analyser: str = DEFAULT_ANALYSER):
        from argmap.models import Models

        self.models = Models(**models)
        self.fmt = fmt
        self.analyse = resolve(analyser)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from argmap.errors import InputError
        from argmap.exporters.nodelink import nodelink_data
        from argmap.nlp.corpus_keypoints import vectors_bytes

        keys, graphs, errors, vectors = [], [], [], []
        readable: list[tuple[str, Any]] = []
        for path, key, name, conv in zip(batch["path"], batch["key"], batch["name"], batch["conversation"],
                                         strict=True):
            work = Work(str(path), str(name), str(key), str(conv) or None)
            try:
                readable.append((work.key, work.read(self.fmt)))
            except InputError as err:
                keys.append(work.key), graphs.append(""), errors.append(str(err)), vectors.append(b"")
        results = analyse_each([t for _, t in readable], lambda ts: self.analyse(ts, self.models)) if readable else []
        for (key, thread), g in zip(readable, results, strict=True):
            keys.append(key)
            if isinstance(g, Exception):
                graphs.append(""), errors.append(f"{thread.origin}: {failure(g)}"), vectors.append(b"")
            else:
                graphs.append(json.dumps(nodelink_data(g.graph), ensure_ascii=False, default=str)), errors.append("")
                vectors.append(vectors_bytes(g.point_vectors))  # for the corpus key points, on the driver
        return {"key": keys, "graph": graphs, "error": errors, "vectors": vectors}


def map_ray(works: Sequence[Work], cache: Cache, models: Models, fmt: str | None, report: Report,
            address: str | None = None, workers: int | None = None, batch_comments: int = 1024,
            single: bool = False, analyser: str = DEFAULT_ANALYSER, runtime_env: dict[str, Any] | None = None,
            ) -> None:
    """Map every uncached work item on Ray; results are cached and counted like the local engine's."""
    try:
        import ray
    except ImportError:
        raise SystemExit("argmap: --engine ray needs Ray Data: pip install 'argmap[ray]'") from None
    from tqdm import tqdm

    from argmap.exporters.nodelink import read_nodelink_data
    from argmap.nlp.corpus_keypoints import vectors_from_bytes
    from argmap.pipeline import Mapped

    todo = [w for w in works if w.key not in cache]
    report.cached += len(works) - len(todo)
    if single and todo:
        todo[0].read(fmt)  # a bad single input fails here, as one line, before Ray starts
    if not todo:
        return
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address or os.environ.get("RAY_ADDRESS"), include_dashboard=False,
                 runtime_env=runtime_env, log_to_driver=False, configure_logging=False)
    try:
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 2)) // 2)
        by_key = {w.key: w for w in todo}
        rows = [{"path": w.path, "key": w.key, "name": w.name, "conversation": w.conversation or ""} for w in todo]
        cfg = {"model": models.model, "stance_model": models.stance_model, "device": models.device,
               "topics": list(models.topics) if models.topics else None,
               "claims": models.claims, "claims_model": models.claims_model,
               "min_relation_score": models.min_relation_score,
               "keypoints": models.keypoints, "keypoint_model": models.keypoint_model}
        ds = ray.data.from_items(rows).map_batches(
            Analyse, fn_constructor_kwargs={"models": cfg, "fmt": fmt, "analyser": analyser},
            batch_size=max(1, batch_comments // 64), concurrency=workers, num_cpus=1)
        with tqdm(total=len(todo), desc="threads (ray)", unit="thread", disable=len(todo) < 2) as bar:
            for row in ds.iter_rows():
                work = by_key[row["key"]]
                if row["error"]:
                    if single:
                        from argmap.errors import InputError

                        raise InputError(work.path, row["error"].split(": ", 1)[-1])
                    tqdm.write(f"argmap: error: {row['error']}", file=sys.stderr)
                    report.failed.append(work.path)
                else:
                    graph = read_nodelink_data(json.loads(row["graph"]))
                    record(cache, report, work, Mapped(graph, vectors_from_bytes(row["vectors"])))
                bar.update(1)
    finally:
        if started_here:
            ray.shutdown()
