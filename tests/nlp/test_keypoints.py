"""Key points: the shipped matcher, extraction on a tiny corpus, the ``argmap keypoints`` command."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from argmap.cli import main
from argmap.nlp.keypoints import SHIPPED, Matcher, embed, extract

TEXTS = [
    "School uniforms reduce bullying because nobody stands out.",
    "Uniforms stop kids being bullied for their clothes.",
    "Bullying drops when every student wears the same uniform.",
    "School uniforms save parents a lot of money.",
    "Uniforms are cheaper than buying fashionable clothes.",
    "Families spend less on clothing with a uniform.",
    "lol",
]


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_matcher_loads_offline_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    m = Matcher.load()
    assert (SHIPPED / "README.md").is_file()
    assert sum(f.stat().st_size for f in SHIPPED.iterdir()) < 12_000_000
    s = m.score_features(np.zeros((3, len(m.mean)), dtype=np.float32))
    assert s.shape == (3,) and np.all((s >= 0) & (s <= 1))


def test_tiny_corpus_gets_one_key_point_per_idea() -> None:
    found = extract(embed(TEXTS), TEXTS, Matcher.load(), k=5)
    assert 2 <= len(found.chosen) <= 3
    groups = {found.members[i] for i in (0, 1, 2)}, {found.members[i] for i in (3, 4, 5)}
    assert all(len(g) == 1 and None not in g for g in groups)
    assert groups[0] != groups[1]
    assert 6 not in found.chosen
    assert found.scores.shape == (len(TEXTS), len(found.chosen))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_keypoints_command_extracts_then_round_trips_given_ids(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": t, "topic": "uniforms"} for i, t in enumerate(TEXTS)]
    rows.append({"id": "empty", "text": "  ", "topic": "uniforms"})
    args = _write(tmp_path / "args.csv", rows)
    assert main(["keypoints", str(args), "--text-col", "text", "--id-col", "id", "--group-cols", "topic",
                 "-o", str(tmp_path / "a")]) == 0
    kps = _read(tmp_path / "a" / "key_points.csv")
    matches = _read(tmp_path / "a" / "matches.csv")
    assert list(kps[0]) == ["key_point_id", "key_point", "topic", "source_id", "n_matched"]
    assert all(k["key_point"] == TEXTS[int(k["source_id"][1:])] for k in kps)
    assert len(matches) == len(TEXTS) * len(kps)  # every non-empty row against every key point; empty skipped
    assert all(0 <= float(m["score"]) <= 1 for m in matches)
    given = _write(tmp_path / "kp.csv", [{"key_point_id": "KP-A", "key_point": "Uniforms prevent bullying",
                                           "topic": "uniforms"},
                                          {"key_point_id": "KP-B", "key_point": "Uniforms save money",
                                           "topic": "uniforms"}])
    assert main(["keypoints", str(args), "--text-col", "text", "--id-col", "id", "--group-cols", "topic",
                 "--key-points", str(given), "-o", str(tmp_path / "b")]) == 0
    assert [k["key_point_id"] for k in _read(tmp_path / "b" / "key_points.csv")] == ["KP-A", "KP-B"]
    best: dict[str, tuple[float, str]] = {}
    for m in _read(tmp_path / "b" / "matches.csv"):
        best[m["id"]] = max(best.get(m["id"], (-1.0, "")), (float(m["score"]), m["key_point_id"]))
    assert [best[f"r{i}"][1] for i in range(6)] == ["KP-A"] * 3 + ["KP-B"] * 3


def test_keypoints_command_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _write(tmp_path / "args.csv", [{"id": "1", "text": "Tea."}])
    assert main(["keypoints", str(args), "--text-col", "body", "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert "args.csv" in err and "'body'" in err and "\n" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.shared
def test_eval_keypoints_on_argkp_dev(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "eval-keypoints", "--data", str(shared_data)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("argmap matcher"))
    assert float(line.split()[2]) >= 0.72


def test_key_points_round_trip_through_the_dataset(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from argmap import load
    from argmap.exporters import write_dataset
    from argmap.graph import build_graph
    from tests.support.sample_graphs import sample_threads

    g = build_graph(sample_threads()[0])
    out = write_dataset([g], tmp_path / "ds")
    assert pq.read_table(out / "data" / "keypoints.parquet").column("n_claims").to_pylist() == [2]
    assert "### `keypoints`" in (out / "README.md").read_text()
    back = load(out)["tea"]
    assert back.nodes["keypoint:kp0"] == g.nodes["keypoint:kp0"]
    assert back.nodes["keypoint:kp0"]["kind"] == "keypoint"
    edges = sorted((u, d["score"]) for u, _, d in back.in_edges("keypoint:kp0", data=True) if d["kind"] == "matches")
    assert edges == [("claim:a:0", 1.0), ("claim:d:0", 0.625)]


def test_thread_key_points_count_authors_and_replies() -> None:
    from argmap.model import Claim, ClaimRelation, Comment, Thread
    from argmap.nlp.keypoints import thread_key_points

    cs = [Comment(f"c{i}", None if i == 0 else "c0", author=f"u{i % 3}", text=t) for i, t in enumerate(TEXTS)]
    claims = [Claim(f"c{i}:0", f"c{i}", 0, len(t), t, "claim", 0.9, "school") for i, t in enumerate(TEXTS)]
    t = Thread("t", cs, claims=claims, claim_relations=[ClaimRelation("c6:0", "c0:0", "attacks", 0.7, "model")])
    thread_key_points([t], Matcher.load())
    assert t.key_points, "two ideas, three claims each: key points expected"
    bullying = next(k for k in t.key_points if "c0:0" in dict(k.claims))
    assert bullying.n_attack == 1 and bullying.n_support == 0 and bullying.topic == "school"
    assert bullying.n_authors >= 2 and bullying.text == TEXTS[int(bullying.claim_id[1])]


def test_a_key_point_never_takes_a_text_of_the_opposite_stance() -> None:
    texts = TEXTS[:3] + ["School uniforms do not reduce bullying at all, kids still get picked on."]
    stances = [1, 1, 1, -1]
    found = extract(embed(texts), texts, Matcher.load(), k=3, stances=stances)
    assert found.chosen and all(stances[found.chosen[m]] == stances[r] for r, m in enumerate(found.members)
                                if m is not None)
    m = Matcher.load()
    v = embed(texts)
    s = m.score_texts(v, v[:1], texts, texts[:1], stances=stances, kp_stances=[1])
    assert s[3, 0] == 0.0 and s[1, 0] > 0


def test_candidate_rules() -> None:
    from argmap.nlp.keypoints import candidate_problem, key_point_text

    assert key_point_text("I think that school uniforms save parents a lot of money.") == \
        "School uniforms save parents a lot of money."
    assert key_point_text("To be clear, remote work saves hours of commuting every week.") == \
        "Remote work saves hours of commuting every week."
    assert key_point_text("Also, remote workers get more done in fewer hours.") == \
        "Remote workers get more done in fewer hours."
    for text in ("I'm not talking about Elon's reputation due to his politics.",
                 "I think a similar thing is playing out with AI.",
                 "I'm not saying that people who currently work on Grok are not great.",
                 "It makes the company look weak to every investor.", "They never listen to their users at all.",
                 "This is why nobody trusts the numbers anymore.", "Too short.",
                 "Is this really what the data says about remote work?",
                 " ".join(["word"] * 21) + "."):
        assert key_point_text(text) is None, text
    assert candidate_problem("Cars make city streets dangerous for children.") is None


def test_a_thread_key_point_needs_three_claims_from_two_comments() -> None:
    from argmap.model import Claim, Comment, Thread
    from argmap.nlp.keypoints import thread_key_points

    def thread(where: dict[int, int]) -> Thread:  # TEXTS index -> comment number
        cs = [Comment(f"c{i}", None if i == 0 else "c0", text="x") for i in range(max(where.values()) + 1)]
        claims = [Claim(f"c{c}:{i}", f"c{c}", 0, 1, TEXTS[i], "claim", 0.9) for i, c in where.items()]
        return Thread("t", cs, claims=claims)

    pairs = thread({0: 0, 1: 1, 3: 2, 4: 3})  # two claims per idea: too few
    ok = thread({0: 0, 1: 1, 2: 2, 3: 3, 4: 3, 5: 3})  # bullying in three comments, money in one
    thread_key_points([pairs, ok], Matcher.load())
    assert pairs.key_points == []
    assert len(ok.key_points) == 1, [(k.text, k.claims) for k in ok.key_points]
    kp = ok.key_points[0]
    assert "bull" in kp.text.lower() and len(kp.claims) == 3
    assert kp.n_comments == 3 and kp.n_authors == 0  # no authors in the thread: the comments are counted


def test_support_and_attack_count_each_reply_once() -> None:
    from argmap.model import Claim, ClaimRelation, Comment, Thread
    from argmap.nlp.keypoints import reply_counts, thread_key_points

    cs = [Comment(f"c{i}", None if i == 0 else "c0", text="x") for i in range(6)]
    cs.append(Comment("r", "c0", text="No."))
    claims = [Claim(f"c{i}:0", f"c{i}", 0, 1, TEXTS[i], "claim", 0.9) for i in range(6)]
    claims += [Claim("r:0", "r", 0, 1, "No way.", "claim", 0.9), Claim("r:1", "r", 0, 1, "Wrong.", "claim", 0.9)]
    rel = [ClaimRelation("r:0", "c0:0", "attacks", 0.9, "model"), ClaimRelation("r:1", "c1:0", "attacks", 0.8, "model"),
           ClaimRelation("r:1", "c2:0", "supports", 0.5, "model")]
    t = Thread("t", cs, claims=claims, claim_relations=rel)
    assert reply_counts(t, {"c0:0", "c1:0", "c2:0"}) == (0, 1, 4)  # r: three links, counted once
    thread_key_points([t], Matcher.load())
    kp = next(k for k in t.key_points if "c0:0" in dict(k.claims))
    assert kp.n_support + kp.n_attack <= kp.n_replies


def test_keypoints_command_writes_each_rows_best_key_point(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": t} for i, t in enumerate(TEXTS)]
    args = _write(tmp_path / "args.csv", rows)
    given = _write(tmp_path / "kp.csv", [{"key_point_id": "A", "key_point": "Uniforms prevent bullying"},
                                          {"key_point_id": "B", "key_point": "Uniforms save money"}])
    assert main(["keypoints", str(args), "--text-col", "text", "--id-col", "id", "--key-points", str(given),
                 "-o", str(tmp_path / "o")]) == 0
    best = {r["id"]: r for r in _read(tmp_path / "o" / "best.csv")}
    assert list(best["r0"]) == ["id", "key_point_id", "key_point", "score"]
    assert [best[f"r{i}"]["key_point_id"] for i in range(6)] == ["A"] * 3 + ["B"] * 3
    assert best["r0"]["key_point"] == "Uniforms prevent bullying" and 0 < float(best["r0"]["score"]) <= 1
    assert best["r6"]["key_point_id"] == "" and best["r6"]["score"] == ""  # "lol": below the threshold
