"""The int8 ONNX Runtime path: exported once into the cache, then agreeing with torch fp32."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from argmap.nlp import onnx_int8
from argmap.nlp.encoder import Encoder
from argmap.nlp.stance import PairEncoder, StanceModel

pytestmark = pytest.mark.skipif(not onnx_int8.available(), reason="onnxruntime is not installed")

PARENTS = ["We should ban cars from the city centre.", "Brexit has been a disaster for the economy.",
           "The new stadium is a waste of public money.", "Remote work makes teams more productive."]
REPLIES = ["No, that is completely wrong and you know it.", "Yes, exactly this. Couldn't agree more.",
           "Where did you read that? Any source?", "I had eggs for breakfast and the weather is mild."]


@pytest.fixture(scope="module")
def models() -> tuple[StanceModel, StanceModel]:
    return StanceModel.load(None, "cpu", quantize=False), StanceModel.load(None, "cpu", quantize=True)


def test_default_cpu_stance_runs_int8_session(models: tuple[StanceModel, StanceModel]) -> None:
    fp32, int8 = models
    assert fp32.session is None
    assert int8.session is not None and int8.session.path.is_file()


def test_int8_stance_agrees_with_fp32(models: tuple[StanceModel, StanceModel]) -> None:
    fp32, int8 = models
    a, b = fp32.predict(PARENTS, REPLIES), int8.predict(PARENTS, REPLIES)
    assert [max(p, key=p.get) for p in a] == [max(p, key=p.get) for p in b]
    assert max(abs(p[k] - q[k]) for p, q in zip(a, b, strict=True) for k in p) < 0.1


def test_export_is_cached_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     models: tuple[StanceModel, StanceModel]) -> None:
    monkeypatch.setenv("ARGMAP_CACHE", str(tmp_path))
    fp32 = models[0]
    example = PairEncoder.collate(fp32.encoder.ids(PARENTS[:1], REPLIES[:1]))
    first = onnx_int8.Int8Session(fp32.net, example)
    assert first.path.parent == tmp_path / "onnx"
    assert [p.name for p in first.path.parent.iterdir()] == [first.path.name]  # no temp files left
    stamp = first.path.stat().st_mtime_ns
    second = onnx_int8.Int8Session(fp32.net, example)
    assert second.path == first.path and second.path.stat().st_mtime_ns == stamp
    logits = second({k: v.numpy() for k, v in example.items()})
    assert logits.shape == (1, 4) and np.isfinite(logits).all()


def test_int8_encoder_close_to_fp32() -> None:
    texts = ["Tea is good.", "The striker scored twice in the second half.", "", "Taxes fund schools " * 40]
    int8, fp32 = Encoder.get(), Encoder.get(None, "auto", quantize=False)
    assert int8.session is not None and fp32.session is None
    a, b = int8.embed(texts), fp32.embed(texts)
    assert np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-3)
    assert (a * b).sum(1).min() > 0.95


def test_failed_export_falls_back_to_torch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           models: tuple[StanceModel, StanceModel]) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("exporter exploded")

    monkeypatch.setenv("ARGMAP_CACHE", str(tmp_path))
    monkeypatch.setattr(onnx_int8, "_export", broken)
    example = PairEncoder.collate(models[0].encoder.ids(PARENTS[:1], REPLIES[:1]))
    with pytest.warns(UserWarning, match="exporter exploded"):
        assert onnx_int8.try_session(models[0].net, example) is None
    assert not any(tmp_path.rglob("*.onnx"))


def test_export_leaves_out_the_slow_fused_kernels(models: tuple[StanceModel, StanceModel]) -> None:
    import onnx

    ops = {node.op_type for node in onnx.load(str(models[1].session.path)).graph.node}
    assert not ops & {"Attention", "QAttention", "SkipLayerNormalization"}  # left unfused on purpose
    assert {"MatMulInteger", "BiasGelu"} <= ops  # int8 linear layers; the GELU fusion kept


def test_encoder_token_budget_per_call() -> None:
    enc = Encoder.get()
    long = "The committee met on Tuesday to discuss the budget for next year. " * 12
    head = enc.tokenizer.convert_tokens_to_string(enc.tokenizer.tokenize(long)[: enc.max_length - 2])
    short, full = enc.embed([long, head]), enc.embed([long, head], max_length=256)
    assert float(short[0] @ short[1]) > 0.99  # the default budget reads only the head of a long text
    assert float(full[0] @ full[1]) < float(short[0] @ short[1])  # a larger budget reads more


def test_embed_memo_reuses_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    enc = Encoder.get()
    calls: list[list[str]] = []
    embed = enc.embed
    monkeypatch.setattr(enc, "embed",
                        lambda texts, groups=None: calls.append(list(texts)) or embed(texts, groups=groups))
    monkeypatch.setattr(enc, "_memo", {})
    first = enc.embed_memo(["tea", "coffee", "tea"])
    assert calls == [["tea", "coffee"]] and np.allclose(first[0], first[2])
    assert np.array_equal(first[1], embed(["coffee"])[0])  # each text by itself: no batch-mate changes it
    again = enc.embed_memo(["coffee", "milk"])
    assert calls[1] == ["milk"] and np.array_equal(again[0], first[1])
    monkeypatch.setattr(enc, "MEMO_SIZE", 3)
    enc.embed_memo(["sugar", "honey"])  # would exceed the bound: starts afresh
    assert set(enc._memo) == {"sugar", "honey"}
    assert enc.embed_memo([]).shape == (0, enc.dim)


def test_threads_share_a_model_and_get_its_results() -> None:
    """Corpus workers call one encoder and one stance model from several threads, each with its own
    token budget: every thread gets what it gets alone (the tokenizer's truncation is per thread),
    and a one-thread session gives the default session's numbers."""
    from concurrent.futures import ThreadPoolExecutor

    enc = Encoder.get()
    long = ["word " * 200 + str(i) for i in range(40)]
    alone = {n: enc.embed(long, max_length=n) for n in (16, 64)}
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda n: (n, enc.embed(long, max_length=n)), [16, 64] * 6))
    for n, v in got:
        np.testing.assert_array_equal(v, alone[n])
    one = Encoder(quantize=True, threads=1)
    np.testing.assert_array_equal(one.embed(long[:5]), enc.embed(long[:5]))
    stance = StanceModel.load(None, "cpu", threads=1)
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: stance.predict(PARENTS * 10, REPLIES * 10), range(4)))
    assert all(r == runs[0] for r in runs)
    assert runs[0][:4] == StanceModel.load(None, "cpu").predict(PARENTS, REPLIES)


def test_a_later_run_finds_the_session_without_building_the_model() -> None:
    """The first load exports (or finds) the session and records it by the model's files; the next
    load opens it without the torch model, and embeds and classifies exactly as before."""
    texts = ["Tea is good.", "No, coffee is better and you know it.", ""]
    first, again = Encoder(None, "cpu"), Encoder(None, "cpu")
    assert again.model is None and again.session is not None and again.session.path == first.session.path
    assert np.array_equal(first.embed(texts), again.embed(texts))
    StanceModel.load.cache_clear()
    one = StanceModel.load(None, "cpu")
    StanceModel.load.cache_clear()
    two = StanceModel.load(None, "cpu")
    assert two._net is None and two.session.path == one.session.path  # opened without building the network
    assert one.predict(PARENTS, REPLIES) == two.predict(PARENTS, REPLIES)
