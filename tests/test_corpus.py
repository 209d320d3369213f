"""Corpus mode: folders and globs in, one dataset out; cache, resume, skip-and-report, exports, Ray."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import argmap
from argmap.cli import main
from argmap.corpus import Cache, Report, expand, map_local, plan, write_outputs
from tests.support import fake_analyser
from tests.support.sample_graphs import assert_same_graph


def thread(i: int, extra: str = "") -> list[dict]:
    return [{"id": "r", "author": f"op{i}", "text": f"Tea is good {i}. {extra}", "created": 1_600_000_000 + i},
            {"id": "a", "parent_id": "r", "author": "x", "text": "No, coffee. https://coffee.example/a"},
            {"id": "b", "parent_id": "a", "author": "y", "text": "Yes, tea."}]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "threads"
    folder.mkdir()
    for i in range(5):
        (folder / f"t{i}.json").write_text(json.dumps(thread(i)))
    return folder


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    fake_analyser.CALLS.clear()
    return fake_analyser.CALLS


def test_expand_folders_globs_and_convokit(corpus: Path, tmp_path: Path) -> None:
    (corpus / ".hidden").write_text("x")
    ck = tmp_path / "ck"
    ck.mkdir()
    (ck / "utterances.jsonl").write_text("")
    got = expand([str(corpus), str(corpus / "t1.json"), str(tmp_path / "threads" / "t[34].json"), str(ck)])
    assert [p.name for p in got] == ["t0.json", "t1.json", "t2.json", "t3.json", "t4.json", "ck"]


def test_corpus_one_dataset_batched(corpus: Path, tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    assert main(["map", str(corpus), "-o", str(out), "--no-html", "--batch-comments", "6", "--workers", "1"]) == 0
    assert len(fake) == 3 and sum(map(len, fake)) == 5  # 2 + 2 + 1 threads per model call
    graphs = argmap.load(out / "dataset")
    assert sorted(graphs) == [f"t{i}" for i in range(5)]
    assert graphs["t0"].edges["a", "r", "reply"]["stance"] == "attack"
    assert not list(out.glob("*.html"))
    assert "5 mapped, 0 cached, 0 failed" in capsys.readouterr().out


def test_resume_after_interrupt_maps_only_the_rest(corpus: Path, tmp_path: Path, fake, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "out"

    def interrupted(threads, models=None):  # noqa: ANN001, ANN202
        if len(fake) == 2:
            raise KeyboardInterrupt
        return fake_analyser.analyse_batch(threads, models)

    monkeypatch.setattr("argmap.pipeline.analyse_batch", interrupted)
    assert main(["map", str(corpus), "-o", str(out), "--no-html", "--batch-comments", "3", "--workers", "1"]) == 130
    assert len(list((out / ".cache").glob("*.json"))) == 2
    assert not (out / "dataset").exists()
    fake.clear()
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)
    assert main(["map", str(corpus), "-o", str(out), "--no-html", "--batch-comments", "3", "--workers", "1"]) == 0
    assert sum(fake, []) == ["t2", "t3", "t4"]
    assert sorted(argmap.load(out / "dataset")) == [f"t{i}" for i in range(5)]
    fake.clear()
    assert main(["map", str(corpus), "-o", str(out), "--no-html"]) == 0
    assert fake == []  # everything cached
    (corpus / "t4.json").write_text(json.dumps(thread(4, "Edited.")))
    assert main(["map", str(corpus), "-o", str(out), "--no-html"]) == 0
    assert fake == [["t4"]]  # changed content → new hash → mapped again


def test_failing_threads_are_reported_and_skipped(corpus: Path, tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    (corpus / "t1.json").write_text('[{"id": "a", "text": "trunc')
    (corpus / "t2.json").write_text(json.dumps(thread(2, "BOOM")))
    out = tmp_path / "out"
    assert main(["map", str(corpus), "-o", str(out), "--no-html"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "argmap: error" in line]
    assert len(err) == 2 and "t1.json" in err[0] and "JSON" in err[0]
    assert "t2.json" in err[1] and "model exploded" in err[1]
    assert sorted(argmap.load(out / "dataset")) == ["t0", "t3", "t4"]


def test_workers_map_each_thread_alone_and_keep_the_order(corpus: Path, tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    (corpus / "t1.json").write_text('[{"id": "a", "text": "trunc')
    (corpus / "t3.json").write_text(json.dumps(thread(3, "BOOM")))
    for i in range(5, 12):
        (corpus / f"t{i}.json").write_text(json.dumps(thread(i)))
    assert main(["map", str(corpus), "-o", str(tmp_path / "one"), "--no-html", "--workers", "1"]) == 1
    assert len(fake[0]) == 11  # one batch (it fails on t3, then each thread is retried alone)
    fake.clear()
    capsys.readouterr()
    assert main(["map", str(corpus), "-o", str(tmp_path / "three"), "--no-html", "--workers", "3"]) == 1
    assert len(fake) == 11 and all(len(call) == 1 for call in fake)  # every thread by itself, once
    err = [line for line in capsys.readouterr().err.splitlines() if "argmap: error" in line]
    assert len(err) == 2 and "t1.json" in err[0] and "t3.json" in err[1] and "model exploded" in err[1]
    a, b = argmap.load(tmp_path / "one" / "dataset"), argmap.load(tmp_path / "three" / "dataset")
    assert list(a) == list(b) == [f"t{i}" for i in (0, 10, 11, 2, 4, 5, 6, 7, 8, 9)]  # input order
    for tid in a:
        assert_same_graph(b[tid], a[tid])
    assert main(["map", str(corpus), "-o", str(tmp_path / "x"), "--workers", "0"]) == 1
    assert "--workers" in capsys.readouterr().err


def test_ray_actor_reports_only_the_failing_thread(corpus: Path) -> None:
    """The Ray actor's batch call (run here without Ray) skips and reports like the local engine."""
    from argmap.engines.ray_engine import Analyse

    (corpus / "t2.json").write_text(json.dumps(thread(2, "BOOM")))
    works = plan(expand([str(corpus)]))
    batch = {"path": [w.path for w in works], "key": [w.key for w in works], "name": [w.name for w in works],
             "conversation": [""] * len(works)}
    out = Analyse({}, None, analyser="tests.support.fake_analyser:analyse_batch")(batch)
    errors = dict(zip(out["key"], out["error"], strict=True))
    bad = next(w.key for w in works if w.name == "t2")
    assert "model exploded" in errors[bad] and "t2.json" in errors[bad]
    assert [k for k, e in errors.items() if e] == [bad]
    assert sum(1 for g in out["graph"] if g) == 4


def test_exports_for_the_corpus(corpus: Path, tmp_path: Path, fake) -> None:  # noqa: ANN001
    import networkx as nx

    out = tmp_path / "out"
    assert main(["map", str(corpus / "t*.json"), "-o", str(out), "--no-html",
                 "--export", "graphml,gexf,aif,convokit,json"]) == 0
    ex = out / "exports"
    assert sorted(p.name for p in ex.iterdir()) == ["aif", "convokit", "gexf", "graphml", "json"]
    assert nx.read_graphml(ex / "graphml" / "t0.graphml").number_of_nodes() == 5  # 3 comments, 1 url, 1 topic
    assert nx.read_gexf(ex / "gexf" / "t3.gexf").number_of_edges() == 5  # 2 replies, 1 cites, 2 about
    assert json.loads((ex / "aif" / "t1.aif.json").read_text())["argmap"]["thread_id"] == "t1"
    assert len((ex / "convokit" / "utterances.jsonl").read_text().splitlines()) == 15
    assert main(["map", str(ex / "convokit"), "-o", str(tmp_path / "again"), "--no-html"]) == 0
    assert sorted(argmap.load(tmp_path / "again" / "dataset")) == [f"t{i}" for i in range(5)]


def test_cache_key_follows_the_stance_weights_and_config(tmp_path: Path) -> None:
    import shutil

    from argmap.corpus import settings_key
    from argmap.models import Models
    from argmap.nlp.stance import CONFIG, SHIPPED, WEIGHTS

    folder = tmp_path / "stance"
    shutil.copytree(SHIPPED, folder)
    key = settings_key(None, Models(stance_model=str(folder)))
    assert settings_key(None, Models(stance_model=str(folder))) == key
    config = json.loads((folder / CONFIG).read_text())
    (folder / CONFIG).write_text(json.dumps(config | {"max_length": config["max_length"] - 16}))
    changed = settings_key(None, Models(stance_model=str(folder)))
    assert changed != key  # a new token budget maps threads afresh
    (folder / WEIGHTS).write_bytes((folder / WEIGHTS).read_bytes() + b"retrained")
    assert settings_key(None, Models(stance_model=str(folder))) not in (key, changed)


def test_duplicate_stems_get_unique_names(tmp_path: Path) -> None:
    """Files sharing a stem, whose content names no thread id, are named <folder>-<stem>."""
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "t.json").write_text(json.dumps(thread(0)))
    (tmp_path / "solo.json").write_text(json.dumps(thread(1)))
    works = plan(expand([str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "solo.json")]))
    assert [w.name for w in works] == ["a-t", "b-t", "solo"]  # a unique stem keeps its name


def reddit_export(thread_id: str) -> list[dict]:
    return [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": thread_id, "title": "Tea?"}}]}},
            {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
                "id": f"c{thread_id}", "parent_id": f"t3_{thread_id}", "body": "Yes."}}]}}]


def test_repeated_stems_are_named_from_the_thread_id(tmp_path: Path) -> None:
    """25 RumourEval-style ``<thread>/raw.json`` exports: named reddit-<id>, not raw, raw-2 …"""
    ids = [f"t{i:02d}x" for i in range(25)]
    for tid in ids:
        (tmp_path / tid).mkdir()
        (tmp_path / tid / "raw.json").write_text(json.dumps(reddit_export(tid)))
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "raw.json").write_text(json.dumps(reddit_export(ids[0])))  # the same thread twice
    works = plan(expand(sorted(str(p) for p in tmp_path.glob("*/raw.json"))))
    names = [w.name for w in works]
    assert names[:2] == ["reddit-t00x", "reddit-t00x-2"]  # copy/ sorts first; the same id twice gets -2
    assert names[2:] == [f"reddit-{tid}" for tid in ids[1:]]
    assert len(set(names)) == len(names) and not any(n.startswith("raw") for n in names)


def test_ray_engine_equals_local(corpus: Path, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    from argmap.engines.ray_engine import map_ray
    from argmap.models import Models

    works = plan(expand([str(corpus)]))
    local, remote = Cache(tmp_path / "local"), Cache(tmp_path / "ray")
    map_local(works, local, fake_analyser.analyse_batch, None, Report())
    tests_dir = str(Path(__file__).parents[1])  # the repository: tests.support.fake_analyser
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": tests_dir}})
    try:
        report = Report()
        map_ray(works, remote, Models(), None, report, analyser="tests.support.fake_analyser:analyse_batch",
                batch_comments=128)
    finally:
        ray.shutdown()
    assert report.mapped == 5 and not report.failed
    a = argmap.load(write_outputs(works, tmp_path / "local", local, [], {}))
    b = argmap.load(write_outputs(works, tmp_path / "ray", remote, [], {}))
    assert list(a) == list(b)
    for tid in a:
        assert_same_graph(b[tid], a[tid])


@pytest.mark.slow
def test_ray_cli_with_real_models_equals_local(corpus: Path, tmp_path: Path) -> None:
    """``--engine ray`` with the real models gives the local run's dataset (labels equal, scores to 1e-4).

    Needs the shipped stance model, or ``ARGMAP_TEST_STANCE_MODEL`` naming a stance model folder.
    """
    import os

    pytest.importorskip("ray.data")
    from argmap.nlp.stance import SHIPPED, WEIGHTS

    model = os.environ.get("ARGMAP_TEST_STANCE_MODEL")
    if not model and not (SHIPPED / WEIGHTS).is_file():
        pytest.skip("no stance model (ship one or set ARGMAP_TEST_STANCE_MODEL)")
    extra = ["--stance-model", model] if model else []
    files = [str(corpus / "t0.json"), str(corpus / "t1.json")]
    assert main(["map", *files, "-o", str(tmp_path / "local"), "--no-html", *extra]) == 0
    assert main(["map", *files, "-o", str(tmp_path / "ray"), "--no-html", "--engine", "ray", "--ray-workers", "1",
                 *extra]) == 0
    a, b = argmap.load(tmp_path / "local" / "dataset"), argmap.load(tmp_path / "ray" / "dataset")
    assert list(a) == list(b)
    import pyarrow.parquet as pq

    for table in ("keypoints", "corpus_keypoints"):  # every batch holds one thread: same key points
        rows = [pq.read_table(tmp_path / run / "dataset" / "data" / f"{table}.parquet").to_pylist()
                for run in ("local", "ray")]
        assert rows[0] == rows[1], table
    for tid in a:
        assert dict(a[tid].nodes(data="stance")) == dict(b[tid].nodes(data="stance"))
        assert dict(a[tid].nodes(data="topic")) == dict(b[tid].nodes(data="topic"))
        for n, score in a[tid].nodes(data="stance_score"):
            assert score is None or abs(score - b[tid].nodes[n]["stance_score"]) < 1e-4


@pytest.mark.shared
def test_rumoureval_raw_exports_are_named_by_thread_id(shared_data: Path) -> None:
    """The real case: every RumourEval thread is ``<thread>/raw.json``."""
    files = sorted((shared_data / "rumoureval2019-reddit" / "dev").glob("*/raw.json"))
    if not files:
        pytest.skip("no RumourEval dev threads")
    names = [w.name for w in plan(expand([str(f) for f in files]))]
    assert len(set(names)) == len(names) == len(files)
    assert all(n.startswith("reddit-") for n in names)
