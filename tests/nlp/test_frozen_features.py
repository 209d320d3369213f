"""Every shipped model's inputs besides the encoder vectors, byte for byte.

The models were trained on exactly these tokens and facts: a change to a word pattern, a stop
list, a quote parser or a bin edge would change what they read without failing any other test. Each
check hashes (SHA-256) the exact bytes of one model's inputs over a fixed set of texts (quotes,
apostrophes, non-ASCII, numbers, questions) and lines of a pasted thread, and compares the digest
with the one recorded here. A digest may change only with a retrained model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from argmap.model import Comment
from argmap.nlp import arguing, claim_cuts, claim_relations, claims, keypoints, stance, topics
from argmap.nlp.claim_spans import spans
from argmap.readers import sniff
from argmap.structure import features

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "",
    "Tea is good.",
    "> Tea is best.\nNo, coffee wins because it has caffeine!",
    ">> nested quote\n&gt; escaped quote\n>\nafter an empty mark\n&gt;&gt; twice escaped\n>&gt; mixed",
    '  > indented quote\n\n>   spaced   OUT   "quoted" \nI don\'t think so? It\'s 42% cheaper, isn\'t it?!',
    "Ünïcödé café naïve — l'école d'été, qu'il Straße 中文 émoji 🙂 and Trump's GPUs’ cost.",
    "Why? Because 3 of 4 people said so in 2024... e.g. the U.S. report [0].\n[0]: https://example.org/x",
    "Also, what isn't clear is how RL-based reasoning compares; but OpenAI said GPT 4.5 is last, so we're at a turn.",
    "Edit: typo\n- item one, and so on\n1. first: because\nhttps://x.example",
    "I think that uniforms save parents money.",
    "Any source?",
    "Love it!",
    "Ha ha.",
    "CMV: cities should ban cars\nCars pollute, and they kill people. Therefore we should ban them.",
    "don’t won't O'Neil's rock-'n'-roll x-ray e-mail 'quoted' ‘curly’ 1,000 3.5x 24/7",
    "&gt; html quote\nreply to it, since it said so",
    "> Cars pollute, and they kill people.\nThey do not kill people: drivers do. Yes but why?",
    "Los coches contaminan y matan a la gente, pero no es culpa de los coches. Die Autos sind nicht schuld.",
    "\tTabs,\tcommas;\tcolons:\tand\r\nWindows line ends\r\n",
]


def _thread_lines() -> list[str]:
    lines = (ROOT / "threads" / "ai-roi-debate.txt").read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.strip()][:60]


def _all_texts() -> list[str]:
    return TEXTS + _thread_lines()


def _lines() -> list[str]:
    """Non-empty lines of the inline texts and the pasted thread, in order."""
    return [x for t in TEXTS for x in t.splitlines() if x.strip()] + _thread_lines()


def _digest(value: Any) -> str:
    """SHA-256 of ``value``: arrays by their bytes (with dtype and shape), the rest as JSON."""
    h = hashlib.sha256()

    def add(v: Any) -> None:
        if isinstance(v, np.ndarray):
            h.update(f"{v.dtype.str}{v.shape}".encode())
            h.update(np.ascontiguousarray(v).tobytes())
        elif isinstance(v, (list, tuple)) and any(isinstance(x, np.ndarray) for x in v):
            for x in v:
                add(x)
        else:
            h.update(json.dumps(v, ensure_ascii=False, default=_json_default).encode())

    add(value)
    return h.hexdigest()


def _json_default(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    raise TypeError(type(v))


def boundary() -> Any:
    lines = _lines()
    return [features.boundary_features(lines, i) for i in range(1, len(lines))]


def line_cues() -> Any:
    return [[features.is_quote(x), features.quote_text(x), sorted(features.content_words(x))] for x in _lines()]


def parent() -> Any:
    comment_lines = [t.splitlines() for t in TEXTS if t.strip()] + [[x] for x in _thread_lines()]
    ctx = features.CommentContext(comment_lines)
    n = len(comment_lines)
    out = [[ctx.norm, ctx.quotes, [sorted(w) for w in ctx.words]]]
    for j in range(1, n):
        spine = list(range(j - 1, max(-1, j - 7), -1)) + ([0] if j > 6 else [])
        out.append(features.parent_features(ctx, j, spine, [k % 3 for k in range(n)], [k % 4 for k in range(n)]))
    return out


def role() -> Any:
    out = []
    for cutter in (None, claim_cuts.RuleCutter(), claim_cuts.CutModel.constant("drop")):
        for k, text in enumerate(_all_texts()):
            ss = spans(text, cutter=cutter)
            ctx = claims.Context(k % 2 == 0, text.split("\n", 1)[0] if k % 4 == 0 else "Tea or coffee?")
            out.append([[(s.start, s.end, s.kind, s.line, s.paragraph) for s in ss],
                        claims.span_features(ss, text, ctx)])
    return out


def cuts() -> Any:
    out = []
    for text in _all_texts():
        for lo, hi in [(0, len(text)), *((s.start, s.end) for s in spans(text, clauses=False) if s.kind == "text")]:
            pts = claim_cuts.points(text, lo, hi)
            out.append([[(p.end, p.at, p.skip, p.kind, p.word, p.index) for p in pts],
                        claim_cuts.point_features(text, lo, hi, pts)])
    return out


def relation_place() -> Any:
    texts = _all_texts()
    rows = []
    for k, (a, b) in enumerate(zip(texts, texts[1:] + texts[:1], strict=True)):
        scope = ("inside", "across", "quote")[k % 3]
        roles = ("main_claim", "claim", "premise")
        rows.append(claim_relations.place(scope, k % 9 - 6, roles[k % 3], roles[(k + 1) % 3], a, b,
                                          k % 2 == 0, ("support", "attack", "neutral", "query", None)[k % 5],
                                          0.25 + (k % 4) / 8, k % 3 == 1))
    return np.stack(rows)


def relation_words() -> Any:
    texts = _all_texts()
    quotes = [[list(q) for q in claim_relations.quotes_before(Comment(str(k), None, text=t))]
              for k, t in enumerate(texts)]
    places = [claim_relations.quote_place(q, t) for q in ("tea is best", "Cars pollute", "OUT \"quoted\"", "kill")
              for t in texts]
    return [[sorted(claim_relations.content(t)) for t in texts], [claims.words(t) for t in texts], quotes, places]


def form() -> Any:
    return np.stack([arguing.form(t) for t in _all_texts()])


def stance_inputs() -> Any:
    return [[stance.quoted_text(t), stance.thread_context("Tea or coffee?", t), stance.asks_question(t)]
            for t in _all_texts()]


def keypoint_inputs() -> Any:
    texts = _all_texts()
    per_text = [[keypoints.n_words(t), keypoints.quality(t), keypoints.candidate_problem(t),
                 keypoints.key_point_text(t), sorted(keypoints.content_words(t))] for t in texts]
    kp = texts[1::3]
    cos = np.linspace(-1.0, 1.0, len(texts) * len(kp), dtype=np.float32).reshape(len(texts), len(kp))
    return [per_text, keypoints.lexical_features(cos, texts, kp)]


def topic_words() -> Any:
    return [[topics.content_words(t), topics.informativeness(t)] for t in _all_texts()]


def reader_cues() -> Any:
    return [sniff.is_title(x) for x in _lines()]


#: name → (what it computes, SHA-256 of the bytes recorded from the shipped code)
FROZEN: dict[str, tuple[Callable[[], Any], str]] = {
    "boundary": (boundary, "62badab56ceff2172002731e21adb5b380abc167dcb820f03f4eeff13d2c2e40"),
    "line_cues": (line_cues, "99ce85f562f73c939d7224c733facf3977f5acfae6688debc3c628bab818c330"),
    "parent": (parent, "ccca37539ef6dc83540cf168c412af20055277c67f098d44b4e0756e79df508f"),
    "role": (role, "b710607866c6a5bf412abb30f068b6d44322a54630479d457a8454f4f357d2c5"),
    "cuts": (cuts, "17b3ae3890e66c9eb8f23bbef0b00790407fa587112d9f5063aa3c3489f2ea23"),
    "relation_place": (relation_place, "7485174af03d071a50282845c71ed730cced3b94c6009fd94b127e55f3a21c86"),
    "relation_words": (relation_words, "5d8310a550ff1dc08afffe96df1462f98fa6ccfd22188f3c1ff9397d085b9546"),
    "form": (form, "86dcde10749fc37324cba4b73e14509737c5c178669f03ff174e666175154e25"),
    "stance_inputs": (stance_inputs, "13a15b4a4eab0baa438af637f5f4d4f81c4d203a13ef153d078aa3102440e54a"),
    "keypoint_inputs": (keypoint_inputs, "bf62bb64efc6416cd1f499d1db9d2354dbd320a4b3a82dd1f5d10ff27b7acde6"),
    "topic_words": (topic_words, "ad543131471dc69cfe39a7e5de46a6d8d684fa44b6e8d268b0ae1005f5307d0e"),
    "reader_cues": (reader_cues, "1fc7619e0c4595c9217379ea9aab090cbe4bd1fc83cc63eeaaeca034ecced5ab"),
}


@pytest.mark.parametrize("name", list(FROZEN))
def test_model_inputs_are_byte_identical(name: str) -> None:
    compute, recorded = FROZEN[name]
    assert _digest(compute()) == recorded, f"{name}: a shipped model's inputs changed"


def test_digest_sees_bytes_dtype_and_shape() -> None:
    a = np.zeros((2, 2), np.float32)
    assert len({_digest(a), _digest(a.astype(np.float64)), _digest(a.reshape(4)), _digest(a + 1e-7)}) == 4
    assert _digest(["a", "b"]) != _digest(["a b"])


if __name__ == "__main__":  # print the digests of the code as it is
    for key, (fn, _) in FROZEN.items():
        print(f'    "{key}": ({fn.__name__}, "{_digest(fn())}"),')
