"""The dataset folder: Parquet tables + card that ``datasets.load_dataset`` reads offline."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from argmap.exporters import write_dataset
from argmap.exporters.schema import TABLES
from argmap.graph import build_graph
from argmap.load import load
from argmap.model import Comment, Thread
from argmap.nlp.corpus_keypoints import CorpusKeyPoint, corpus_rows
from tests.support.sample_graphs import sample_threads


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    graphs = (build_graph(t) for t in sample_threads())  # a generator: consumed once
    return write_dataset(graphs, tmp_path / "dataset", {"stance_model": "test-model", "model_version": "0"},
                         corpus_rows=lambda: corpus_rows([CORPUS_POINT]))


#: A corpus key point over the sample threads (the corpus tables come after every thread's rows).
CORPUS_POINT = CorpusKeyPoint(0, "Tea is good.", "tea", "a:0", threads=["tea", "essay"], id="ckp0",
                              matches=[("tea", "a:0", 1.0), ("essay", "p1:0", 0.7)], authors={"ann"}, n_support=1)


def test_corpus_tables_follow_the_threads(dataset: Path) -> None:
    row = pq.read_table(dataset / "data" / "corpus_keypoints.parquet").to_pylist()
    assert row == [{"keypoint_id": "ckp0", "text": "Tea is good.", "thread_id": "tea", "claim_id": "a:0", "topic": None,
                    "n_threads": 2, "threads": ["tea", "essay"], "n_claims": 2, "n_authors": 1, "n_support": 1,
                    "n_attack": 0, "extra": None}]
    matches = pq.read_table(dataset / "data" / "corpus_keypoint_matches.parquet").to_pylist()
    assert [(m["keypoint_id"], m["thread_id"], m["claim_id"], m["score"]) for m in matches] == [
        ("ckp0", "tea", "a:0", 1.0), ("ckp0", "essay", "p1:0", 0.7)]
    assert sorted(load(dataset)) == ["essay", "tea"]  # not part of any thread's graph


def test_layout_and_card_yaml(dataset: Path) -> None:
    assert sorted(p.name for p in dataset.iterdir()) == ["README.md", "data"]
    assert not [p for p in dataset.parent.iterdir() if p.name.startswith(".")]  # no temp left behind
    card = dataset.joinpath("README.md").read_text()
    header = yaml.safe_load(card.split("---")[1])
    assert [c["config_name"] for c in header["configs"]] == list(TABLES)
    for config in header["configs"]:
        assert (dataset / config["data_files"][0]["path"]).is_file()
    for table in TABLES.values():  # the card documents every column
        for col in table.columns:
            assert f"| `{col.name}` |" in card
    assert "test-model" in card


def test_parquet_schema_is_exact(dataset: Path) -> None:
    for name, table in TABLES.items():
        schema = pq.read_schema(dataset / "data" / f"{name}.parquet")
        assert schema.names == table.names
    comments = pq.read_schema(dataset / "data" / "comments.parquet")
    assert str(comments.field("created").type) == "timestamp[us, tz=UTC]"
    assert str(comments.field("stance").type) == "int64"


def test_rows(dataset: Path) -> None:
    comments = pq.read_table(dataset / "data" / "comments.parquet").to_pylist()
    assert [(r["thread_id"], r["comment_id"], r["parent_id"], r["position"]) for r in comments] == [
        ("tea", "a", None, 0), ("tea", "b", "a", 1), ("tea", "c", "b", 2), ("tea", "d", "a", 3),
        ("essay", "p1", None, 0), ("essay", "p2", "p1", 1)]
    assert comments[0]["text"] == "Tea is good.\nSee [1]."
    assert [r["stance"] for r in comments] == [None, 1, 3, 0, None, 0]
    assert [r["kind"] for r in comments] == [0, 0, 0, 0, 1, 1]
    sources = pq.read_table(dataset / "data" / "sources.parquet").to_pylist()
    assert [(s["source_id"], s["kind"], s["cited_by"]) for s in sources] == [("1", 1, ["a"]), ("2", 2, ["a", "b"])]
    threads = pq.read_table(dataset / "data" / "threads.parquet").to_pylist()
    assert [(t["thread_id"], t["n_comments"], t["n_sources"], t["n_topics"]) for t in threads] == [
        ("tea", 4, 2, 1), ("essay", 2, 0, 0)]
    edges = pq.read_table(dataset / "data" / "edges.parquet").to_pylist()
    assert sorted((e["source"], e["target"], e["kind"]) for e in edges if e["thread_id"] == "tea") == [
        ("a", "source:1", 1), ("a", "source:2", 1), ("a", "topic:drinks", 2),
        ("b", "a", 0), ("b", "source:2", 1), ("b", "topic:drinks", 2), ("c", "b", 0), ("d", "a", 0)]


def test_load_dataset_offline(dataset: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True, raising=False)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    ds = datasets.load_dataset(str(dataset), "comments", split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.column_names == TABLES["comments"].names
    assert len(ds) == 6
    assert ds.features["stance"].names == ["support", "attack", "neutral", "query"]
    assert ds.features["kind"].names == ["comment", "paragraph"]
    assert ds.features["created"].dtype == "timestamp[us, tz=UTC]"
    assert ds[1]["stance"] == 1 and ds.features["stance"].int2str(ds[1]["stance"]) == "attack"
    for name in TABLES:
        loaded = datasets.load_dataset(str(dataset), name, split="train", cache_dir=str(tmp_path / "cache"))
        assert loaded.column_names == TABLES[name].names
    edges = datasets.load_dataset(str(dataset), "edges", split="train", cache_dir=str(tmp_path / "cache"))
    assert edges.features["kind"].names == ["reply", "cites", "about"]


def test_empty_corpus(tmp_path: Path) -> None:
    out = write_dataset(iter(()), tmp_path / "empty")
    assert pq.read_table(out / "data" / "comments.parquet").num_rows == 0


def test_failed_write_keeps_previous(tmp_path: Path) -> None:
    out = write_dataset([build_graph(sample_threads()[0])], tmp_path / "ds")
    bad = build_graph(Thread("bad", [Comment("a", None), Comment("b", "a", stance="sarcasm")]))
    with pytest.raises(ValueError, match="sarcasm"):
        write_dataset([bad], out)
    assert pq.read_table(out / "data" / "threads.parquet").column("thread_id").to_pylist() == ["tea"]


def test_votes_column_carries_reader_scores(tmp_path) -> None:
    """Reddit ``score`` / Hacker News ``points`` kept by the readers become the typed ``votes`` column."""
    out = write_dataset([build_graph(t) for t in sample_threads()], tmp_path / "ds", {})
    table = pq.read_table(out / "data" / "comments.parquet")
    assert str(table.schema.field("votes").type) == "int64"
    votes = dict(zip(table.column("comment_id").to_pylist(), table.column("votes").to_pylist(), strict=True))
    assert votes["a"] == 12 and votes["b"] == -3 and votes["c"] is None


def test_load_dataset_reads_the_card_without_warnings(
    dataset: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``datasets`` warns "The `splits` field in YAML is malformed" (and drops dataset_info) unless
    every split has name, num_examples and num_bytes; the card must load without any such message."""
    import logging
    import warnings

    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True, raising=False)
    ds_logger = logging.getLogger("datasets")
    monkeypatch.setattr(ds_logger, "propagate", True)  # datasets keeps its logs to itself by default
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = datasets.load_dataset(str(dataset), "comments", split="train", cache_dir=str(tmp_path / "cache"))
    messages = [r.getMessage() for r in caplog.records] + [str(w.message) for w in caught]
    assert not [m for m in messages if "malformed" in m or "Ignoring part of dataset_info" in m], messages
    assert ds.info.splits["train"].num_examples == 6  # the card's split info was read, not ignored
    header = yaml.safe_load(dataset.joinpath("README.md").read_text().split("---")[1])
    for info in header["dataset_info"]:
        assert {"name", "num_examples", "num_bytes"} <= set(info["splits"][0])
