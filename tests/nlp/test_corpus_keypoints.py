"""Corpus key points: the streaming merge, the dataset tables, corpus.html, local and Ray engines agree."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from argmap.cli import main
from argmap.graph import build_graph
from argmap.model import Claim, Comment, Thread
from argmap.nlp.corpus_keypoints import CorpusKeyPoints, ThreadPoints, thread_points
from argmap.nlp.keypoints import Matcher, thread_key_points
from argmap.run.cache import Cache
from argmap.run.corpus import Report
from argmap.run.outputs import write_outputs
from argmap.run.plan import expand, plan
from argmap.run.schedule import schedule
from tests.support import fake_analyser

BULLYING = ["School uniforms reduce bullying because nobody stands out.",
            "Uniforms stop kids being bullied for their clothes.",
            "Bullying drops when every student wears the same uniform."]
MONEY = ["School uniforms save parents a lot of money.",
         "Uniforms are cheaper than buying fashionable clothes.",
         "Families spend less on clothing with a uniform."]
OTHER = ["My cat sleeps on the keyboard every morning.", "The train was late again today, as usual."]


def uniform_thread(tid: str, texts: list[str]) -> Thread:
    cs = [Comment(f"c{i}", None if i == 0 else "c0", author=f"{tid}-u{i}", text=t) for i, t in enumerate(texts)]
    claims = [Claim(f"c{i}:0", f"c{i}", 0, len(t), t, "claim", 0.9, "school") for i, t in enumerate(texts)]
    return Thread(tid, cs, claims=claims)


def test_tiny_corpus_gets_the_key_points_its_threads_share() -> None:
    """Real encoder and matcher: bullying in threads a and b, money in a and c; the remarks every thread
    makes once are no thread's key point, so no corpus key point either."""
    threads = [uniform_thread("a", BULLYING + MONEY + OTHER),
               uniform_thread("b", [BULLYING[2], BULLYING[1], "Kids get bullied less in uniforms."] + OTHER),
               uniform_thread("c", [MONEY[1], MONEY[2], "Uniforms cost parents less than normal clothes."] + OTHER)]
    thread_key_points(threads, Matcher.load())
    merger = CorpusKeyPoints(Matcher.load())
    for t in threads:
        merger.add(thread_points(build_graph(t), *t.point_vectors))
    found = merger.result()
    by_threads = {tuple(p.threads): p for p in found}
    assert sorted(by_threads) == [("a", "b"), ("a", "c")], [(p.text, p.threads) for p in found]
    assert "bull" in by_threads[("a", "b")].text.lower() and by_threads[("a", "b")].n_claims >= 3
    assert any(w in by_threads[("a", "c")].text.lower() for w in ("money", "cheaper", "spend"))
    assert by_threads[("a", "b")].n_authors == by_threads[("a", "b")].n_claims  # every claim its own author
    assert [p.id for p in found] == ["ckp0", "ckp1"] and all(p.topic == "school" for p in found)
    assert not any(m[1].startswith("c3") for m in by_threads[("a", "b")].matches if m[0] == "b")  # OTHER stays out


def unit(*hot: int, dim: int = 8) -> np.ndarray:
    v = np.zeros(dim, np.float32)
    v[list(hot)] = 1.0
    return v / np.linalg.norm(v)


def test_counts_add_up_across_threads() -> None:
    """Claims, distinct authors, supporting / attacking replies; a lone claim joins an existing point."""
    kp = CorpusKeyPoints(Matcher.load())
    kp.add(ThreadPoints("t1", ["a:0", "b:0", "c:0"], ["Tea is good for you.", "Tea is healthy.", "Coffee wins."],
                        np.stack([unit(0), unit(0), unit(1)]), ["ann", "bob", "cy"], ["drinks"] * 3,
                        n_support=[1, 0, 0], n_attack=[2, 1, 0], groups=[(0, [0, 1], [1.0, 0.8])]))
    kp.add(ThreadPoints("t2", ["x:0", "y:0"], ["Tea is good for you, honestly.", "Trains are slow."],
                        np.stack([unit(0), unit(2)]), ["ann", "dee"], [None, None], n_support=[3, 0],
                        n_attack=[0, 0]))
    [point] = kp.result()
    assert point.threads == ["t1", "t2"] and point.n_claims == 3 and point.n_authors == 2
    assert (point.n_support, point.n_attack) == (4, 3)
    assert [(tid, cid) for tid, cid, _ in point.matches] == [("t1", "a:0"), ("t1", "b:0"), ("t2", "x:0")]


def test_pool_stays_bounded_and_scores_only_near_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = Matcher.load()
    widths: list[int] = []
    score = matcher.score_matrix

    def spy(u, v, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        widths.append(len(v))
        return score(u, v, *args, **kwargs)

    monkeypatch.setattr(matcher, "score_matrix", spy)
    kp = CorpusKeyPoints(matcher, near=3, pool=5)
    rng = np.random.default_rng(0)
    first = rng.normal(size=32).astype(np.float32)
    for i in range(40):  # every thread brings a new point, and a near copy of point 0
        base = rng.normal(size=(2, 32)).astype(np.float32)
        base[0 if i == 0 else 1] = first + (0.05 * rng.normal(size=32) if i else 0)
        x = base / np.linalg.norm(base, axis=1, keepdims=True)
        kp.add(ThreadPoints(f"t{i}", ["a:0", "b:0", "a:1"], ["A new point here.", "The first point again.", "Same."],
                            np.stack([x[0], x[1], x[0]]), ["u", "v", "w"], groups=[(0, [0, 2], [1.0, 0.9])]))
        assert len(kp.points) <= 5
    assert max(widths) <= 3
    top = kp.result()[0]
    assert top.thread_id == "t0" and top.n_threads == 40  # the shared point survives every eviction


def write_corpus(tmp_path: Path, n: int = 4, hostile: str = "") -> Path:
    folder = tmp_path / "threads"
    folder.mkdir(exist_ok=True)
    for i in range(n):
        rows = [{"id": "r", "author": f"op{i}", "text": f"Should cities ban cars? Thread {i}.",
                 "title": f"Cars{hostile}"},
                {"id": "a", "parent_id": "r", "author": f"u{i}",
                 "text": "Cars make city streets dangerous for children."},
                {"id": "b", "parent_id": "r", "author": f"v{i}",
                 "text": "City streets are dangerous for children with cars."},
                {"id": "d", "parent_id": "r", "author": f"x{i}",
                 "text": "With cars, city streets are dangerous for children."},
                {"id": "c", "parent_id": "a", "author": f"w{i}", "text": f"Unrelated remark number {i} about weather."}]
        (folder / f"t{i}.json").write_text(json.dumps(rows))
    return folder


@pytest.fixture
def fake_kp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch_with_key_points)


def test_corpus_run_writes_the_tables_and_the_overview_page(tmp_path: Path, fake_kp) -> None:  # noqa: ANN001
    folder = write_corpus(tmp_path, hostile=" <script>alert(1)</script>")
    out = tmp_path / "out"
    assert main(["map", str(folder), "-o", str(out), "--no-html"]) == 0
    kps = pq.read_table(out / "dataset" / "data" / "corpus_keypoints.parquet").to_pylist()
    assert kps and kps[0]["keypoint_id"] == "ckp0" and kps[0]["threads"] == ["t0", "t1", "t2", "t3"]
    assert "dangerous" in kps[0]["text"] and kps[0]["n_claims"] == 12 and kps[0]["n_authors"] == 12
    matches = pq.read_table(out / "dataset" / "data" / "corpus_keypoint_matches.parquet").to_pylist()
    assert {(m["thread_id"], m["claim_id"]) for m in matches if m["keypoint_id"] == "ckp0"} == {
        (f"t{i}", f"{c}:0") for i in range(4) for c in "abd"}
    from datasets import load_dataset

    ds = load_dataset(str(out / "dataset"), "corpus_keypoints", split="train")
    assert ds[0]["threads"] == kps[0]["threads"]
    import argmap

    assert sorted(argmap.load(out / "dataset")) == [f"t{i}" for i in range(4)]  # corpus tables stay out of graphs
    assert not (out / "corpus.html").exists()  # --no-html: no pages at all
    assert main(["map", str(folder), "-o", str(out)]) == 0  # cached graphs; now with the pages
    page = (out / "corpus.html").read_text()
    assert "<script" not in page and "&lt;script&gt;" in page and "Content-Security-Policy" in page
    assert kps[0]["text"] in page and "<h1>Corpus of 4 threads</h1>" in page
    assert 'href="./t0.html"' in page and (out / "t0.html").is_file()
    again = pq.read_table(out / "dataset" / "data" / "corpus_keypoints.parquet").to_pylist()
    assert again == kps  # from the cache: vectors cached beside each graph


def test_without_key_points_the_tables_are_empty(tmp_path: Path, fake_kp) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    assert main(["map", str(write_corpus(tmp_path)), "-o", str(out), "--no-keypoints"]) == 0
    assert pq.read_table(out / "dataset" / "data" / "corpus_keypoints.parquet").num_rows == 0
    assert "not extracted" in (out / "corpus.html").read_text()


def test_ray_engine_gives_the_local_corpus_key_points(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    from argmap.engines.ray_engine import map_ray
    from argmap.models import Models

    works = plan(expand([str(write_corpus(tmp_path, n=5))]))
    local, remote = Cache(tmp_path / "local"), Cache(tmp_path / "ray")
    for work, mapped in schedule(works, None, read=lambda w: w.read(None), batch_comments=8,
                                 analyser=fake_analyser.analyse_batch_with_key_points):
        local.put(work.key, mapped)
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).parents[2])}})
    try:
        report = Report()
        for work, mapped in map_ray(works, Models(), None, batch_comments=128,
                                    analyser="tests.support.fake_analyser:analyse_batch_with_key_points"):
            report.record(remote, work, mapped)
    finally:
        ray.shutdown()
    assert report.mapped == 5 and not report.failed
    tables = {}
    for name, cache in (("local", local), ("ray", remote)):
        ds = write_outputs(works, tmp_path / name, cache, [], {}, matcher=Matcher.load())
        tables[name] = [pq.read_table(ds / "data" / f"{t}.parquet").to_pylist()
                        for t in ("corpus_keypoints", "corpus_keypoint_matches")]
    assert tables["local"][0] and tables["local"] == tables["ray"]
