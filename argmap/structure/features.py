"""Features for recovering comments and reply links from pasted thread text.

Two small feature sets, both plain ``dict[str, float]`` so a linear scorer can weigh them:

* :func:`boundary_features` — does line ``i`` start a new comment?
* :func:`parent_features` — is earlier comment ``cand`` the parent of comment ``j``?

Line cues are regular expressions (reply openers, continuations, lists, quotes, footnotes);
meaning comes from optional unit-length line embeddings (cosine = dot product).

>>> f = boundary_features(["Tea is good.", "Yes but why?"], 1)
>>> f["opener_agree"], f["cont_opener"]
(1.0, 0.0)
>>> footnote_number("[0]: https://example.org")
'0'
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from argmap.text import STRUCTURE_STOP_WORDS, is_quote, quote_text, squash, words_outside

_AGREE = re.compile(
    r"^(yes|yeah|yep|yup|no|nope|nah|agreed|exactly|true|correct|wrong|this|same|indeed|absolutely|"
    r"definitely|sure|right|nta|yta|esh|nah|info|ok|okay|fair|well|lol|lmao|haha|ha|wow|thanks|"
    r"thank you|hmm|huh|oh|eh|um|wait|seriously|really|false|not really|source|citation)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"^(you|your|you're|youre|op|op's|u)\b", re.IGNORECASE)
_I_THINK = re.compile(
    r"^(i think|i don't think|i dont think|i disagree|i agree|i doubt|i'm not sure|i am not sure|"
    r"i believe|i mean|i guess|i would|i'd|i feel|i love|i hate|i was|i have|i'm|i am)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(any|why|how|what|who|where|when|which|is|are|do|does|did|can|could|would|should|isn't|"
    r"aren't|don't|doesn't|so what|source\?)\b",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^(also|and|plus|additionally|furthermore|moreover|to be clear|in any case|however|finally|"
    r"second|secondly|third|thirdly|then|anyway|anyways|that said|for example|for instance|e\.g\.|"
    r"i\.e\.|in other words|besides|otherwise|therefore|thus|hence|because|since|which|edit|"
    r"update|ps|p\.s\.|tl;?dr|in short|in fact|in that light|overall|as for|on the other hand|"
    r"meanwhile|instead|still|even so|regardless|similarly|likewise|now|but also)\b",
    re.IGNORECASE,
)
_EDIT = re.compile(r"^\W*(edit|update|eta|ps|p\.s\.)\b", re.IGNORECASE)
_LIST = re.compile(r"^\s*([-*•+]\s|\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_FOOTNOTE = re.compile(r"^\s*\[(\d{1,3})\]:?\s")
_CITE = re.compile(r"\[(\d{1,3})\](?!:)")
_URL_ONLY = re.compile(r"^\s*(<)?https?://\S+\s*$")
_ENUM = re.compile(r"^(\D{2,30}?)\s*(\d{1,2})\s*[:.)]")


def footnote_number(line: str) -> str | None:
    """``"0"`` for a footnote definition line ``[0]: url``, else ``None``."""
    m = _FOOTNOTE.match(line)
    return m.group(1) if m else None


def cited_numbers(line: str) -> set[str]:
    """Footnote numbers cited in running text (``…costs[0].`` → ``{"0"}``).

    >>> sorted(cited_numbers("costs[0] and [1]."))
    ['0', '1']
    """
    return set(_CITE.findall(line)) if footnote_number(line) is None else set()


def content_words(text: str) -> set[str]:
    """Lower-case words minus stop words, for lexical overlap.

    >>> sorted(content_words("The tea is GOOD"))
    ['good', 'tea']
    """
    return set(words_outside(text, STRUCTURE_STOP_WORDS))


def _enum_prefix(line: str) -> tuple[str, int] | None:
    m = _ENUM.match(line.strip())
    return (m.group(1).strip().lower(), int(m.group(2))) if m else None


def _cos(emb: np.ndarray | None, a: int, b: int) -> float:
    return float(emb[a] @ emb[b]) if emb is not None else 0.0


BOUNDARY_VECTORS = False  # embedding vectors (line, previous line, product) as boundary features
PARENT_VECTORS = False  # the product of the two comment embeddings as a parent feature


def boundary_features(
    lines: list[str], i: int, emb: np.ndarray | None = None, vectors: bool | None = None,
    pair: np.ndarray | None = None,
) -> dict[str, Any]:
    """Cues that line ``i`` (``i >= 1``) starts a new comment rather than continuing one; ``pair``
    holds the boundary cross-encoder's log-odds per line, when there is one."""
    vectors = BOUNDARY_VECTORS if vectors is None else vectors
    line, prev = lines[i].strip(), lines[i - 1].strip()
    enum_now, enum_before = _enum_prefix(line), None
    for back in range(max(0, i - 6), i):
        e = _enum_prefix(lines[back])
        if e and enum_now and e[0] == enum_now[0] and e[1] < enum_now[1]:
            enum_before = e
    f = {
        "bias": 1.0,
        "opener_agree": float(bool(_AGREE.match(line))),
        "opener_you": float(bool(_SECOND_PERSON.match(line))),
        "opener_i_think": float(bool(_I_THINK.match(line))),
        "opener_question": float(bool(_QUESTION_START.match(line))),
        "cont_opener": float(bool(_CONTINUATION.match(line))),
        "edit_line": float(bool(_EDIT.match(line))),
        "quote": float(is_quote(line)),
        "prev_quote": float(is_quote(prev)),
        "list_item": float(bool(_LIST.match(line))),
        "prev_list_item": float(bool(_LIST.match(prev))),
        "both_list": float(bool(_LIST.match(line)) and bool(_LIST.match(prev))),
        "footnote": float(footnote_number(line) is not None),
        "prev_footnote": float(footnote_number(prev) is not None),
        "url_only": float(bool(_URL_ONLY.match(line))),
        "enum_continues": float(enum_before is not None),
        "prev_ends_colon": float(prev.endswith(":")),
        "prev_ends_question": float(prev.endswith("?")),
        "prev_no_final_punct": float(bool(prev) and prev[-1].isalnum()),
        "ends_question": float(line.endswith("?")),
        "starts_lower": float(bool(line) and line[0].islower()),
        "log_len": math.log1p(len(line)) / 6,
        "log_prev_len": math.log1p(len(prev)) / 6,
        "short_line": float(len(line) < 40),
        "second_line": float(i == 1),
        "lex_overlap_prev": _jaccard(content_words(line), content_words(prev)),
    }
    f.update(_context_features(lines, i))
    if emb is not None:
        f.update(_embedding_context(emb, i))
        f["cos_prev"] = _cos(emb, i, i - 1)
        f["cos_prev2"] = _cos(emb, i, i - 2) if i >= 2 else f["cos_prev"]
        f["cos_next"] = _cos(emb, i, i + 1) if i + 1 < len(lines) else 0.0
        if vectors:
            f["v_line"], f["v_prev"], f["v_prod"] = emb[i], emb[i - 1], emb[i] * emb[i - 1]
    if pair is not None:
        f["pair_logit"] = float(pair[i])
        f["pair_logit_next"] = float(pair[i + 1]) if i + 1 < len(lines) else 0.0
    return f


_DELETED = frozenset({"[deleted]", "[removed]", "deleted", "removed"})
_SENT_END = re.compile(r"""[.!?]["')\]*]*$""")
_LINK_START = re.compile(r"^\s*(\[[^\]]*\]\(|https?://|www\.)")
_RULE_LINE = re.compile(r"^\s*([-*_=]\s*){3,}$")


def _context_features(lines: list[str], i: int) -> dict[str, float]:
    """Cues from the wider context of line ``i``: deleted posts, bot footers, rules, sentence ends,
    the line two back, the next line, the thread position and word overlap beyond the previous line.

    >>> f = _context_features(["Tea.", "[deleted]", "Yes."], 2)
    >>> f["prev_deleted"], f["deleted"], f["prev_ends_sentence"]
    (1.0, 0.0, 0.0)
    """
    line, prev = lines[i].strip(), lines[i - 1].strip()
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    prev2 = lines[i - 2].strip() if i >= 2 else ""
    words, prev_words = content_words(line), content_words(prev)
    earlier = set().union(*(content_words(lines[k]) for k in range(max(0, i - 5), i - 1))) if i >= 2 else set()
    root_words = content_words(lines[0])
    return {
        "deleted": float(line.lower() in _DELETED),
        "prev_deleted": float(prev.lower() in _DELETED),
        "bot_line": float(line.startswith("^")),
        "prev_bot_line": float(prev.startswith("^")),
        "rule_line": float(bool(_RULE_LINE.match(line))),
        "prev_rule_line": float(bool(_RULE_LINE.match(prev))),
        "prev_ends_sentence": float(bool(_SENT_END.search(prev)) and prev not in _DELETED),
        "prev_ends_dash": float(prev.endswith(("-", "—", "–", "...", "…"))),
        "link_start": float(bool(_LINK_START.match(line))),
        "prev_url_only": float(bool(_URL_ONLY.match(prev))),
        "prev_link_start": float(bool(_LINK_START.match(prev))),
        "starts_quote_mark": float(line[:1] in "\"“'"),
        "prev2_quote": float(is_quote(prev2)),
        "next_quote": float(is_quote(nxt)),
        "next_list_item": float(bool(_LIST.match(nxt))),
        "next_cont_opener": float(bool(_CONTINUATION.match(nxt))),
        "next_footnote_or_url": float(footnote_number(nxt) is not None or bool(_URL_ONLY.match(nxt))),
        "len_ratio": (math.log1p(len(line)) - math.log1p(len(prev))) / 6,
        "log_next_len": math.log1p(len(nxt)) / 6,
        "n_words_le3": float(len(line.split()) <= 3),
        "prev_n_words_le3": float(len(prev.split()) <= 3),
        "position": i / len(lines),
        "log_position": math.log1p(i) / 6,
        "overlap_earlier": _jaccard(words, earlier),
        "overlap_root": _jaccard(words, root_words),
        "overlap_prev_minus_earlier": _jaccard(words, prev_words) - _jaccard(words, earlier),
        "mentions_op": float(bool(re.search(r"\bop\b", line.lower()))),
        "has_you": float(bool(re.search(r"\b(you|your|you're|youre)\b", line.lower()))),
        "has_i": float(bool(re.search(r"\b(i|i'm|my|me)\b", line.lower()))),
    }


def _embedding_context(emb: np.ndarray, i: int) -> dict[str, float]:
    """Embedding cues around line ``i``: closeness to the root's first line, to the lines before
    the previous one, and how the previous line itself sat with its predecessor."""
    n = len(emb)
    window = [float(emb[i] @ emb[k]) for k in range(max(0, i - 5), i - 1)]
    prev_sim = float(emb[i] @ emb[i - 1])
    return {
        "cos_root": float(emb[i] @ emb[0]),
        "cos_prev_root": float(emb[i - 1] @ emb[0]),
        "cos_window_max": max(window) if window else prev_sim,
        "cos_prev_minus_window": prev_sim - (sum(window) / len(window) if window else prev_sim),
        "cos_prev_prev2": float(emb[i - 1] @ emb[i - 2]) if i >= 2 else 0.0,
        "cos_next_prev": float(emb[i + 1] @ emb[i - 1]) if i + 1 < n else 0.0,
    }


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def quote_match(quotes: list[str], norm: str) -> float:
    """Share of the quotes (see :func:`~argmap.text.quote_text`) found in a text as
    :func:`~argmap.text.squash` gives it (``norm``; prefix match of 40 chars).

    >>> quote_match(["tea is good"], squash("I said: Tea  is good, really."))
    1.0
    """
    return sum(1.0 for q in quotes if q and q[:40] in norm) / len(quotes) if quotes else 0.0


class CommentContext:
    """Per-comment data computed once per thread: text, words, quotes, first line, embeddings.

    >>> ctx = CommentContext([["Tea is good."], ["> tea is good", "No."]])
    >>> ctx.quotes[1], sorted(ctx.words[0])
    (['tea is good'], ['good', 'tea'])
    """

    def __init__(self, comment_lines: list[list[str]], cemb: np.ndarray | None = None):
        self.lines = comment_lines
        self.text = ["\n".join(c) for c in comment_lines]
        self.norm = [squash(t) for t in self.text]
        self.words = [content_words(t) for t in self.text]
        self.quotes = [[quote_text(x) for x in c if is_quote(x)] for c in comment_lines]
        self.first = [c[0].strip() for c in comment_lines]
        self.cemb = cemb


def _parent_context(
    ctx: CommentContext, j: int, spine: list[int], level: int, depth: list[int], sims: list[float] | None
) -> dict[str, float]:
    """Reply-level cues (how deep the previous comment sits, how close comment ``j`` is to the root
    and to the previous comment) and their products with "candidate is the root / the previous
    comment", so that a linear scorer can use them to pick between the two."""
    cand, prev = spine[level], spine[0]
    is_prev, is_root = float(level == 0), float(cand == spine[-1])
    prev_depth = math.log1p(depth[prev])
    has_quote = float(bool(ctx.quotes[j]))
    prev_q = float(ctx.text[prev].rstrip().endswith("?"))
    len_j = math.log1p(len(ctx.text[j])) / 6
    f = {
        "dist": math.log1p(j - cand),
        "prev_depth": prev_depth,
        "prev_depth_x_root": prev_depth * is_root,
        "prev_depth_x_prev": prev_depth * is_prev,
        "quote_x_prev": has_quote * is_prev,
        "quote_x_root": has_quote * is_root,
        "prev_question_x_prev": prev_q * is_prev,
        "len_j_x_root": len_j * is_root,
        "len_prev_x_prev": math.log1p(len(ctx.text[prev])) / 6 * is_prev,
        "j_lines_x_root": math.log1p(len(ctx.lines[j])) * is_root,
    }
    if sims is not None and ctx.cemb is not None:
        root_sim, prev_sim = float(ctx.cemb[j] @ ctx.cemb[0]), sims[0]
        f.update(
            {
                "j_cos_root": root_sim,
                "j_cos_prev": prev_sim,
                "root_minus_prev_x_root": (root_sim - prev_sim) * is_root,
                "root_minus_prev_x_prev": (root_sim - prev_sim) * is_prev,
                "cos_x_level": sims[level] * math.log1p(level),
            }
        )
    return f


def parent_features(
    ctx: CommentContext, j: int, spine: list[int], n_children: list[int], depth: list[int]
) -> list[dict[str, float]]:
    """Cues, one dict per candidate on ``spine``, that the candidate is comment ``j``'s parent.

    ``spine[0]`` is the previous comment, ``spine[-1]`` the first (root) comment: in depth-first
    order only these can be the parent.
    """
    first, text_j = ctx.first[j], ctx.text[j]
    quotes = ctx.quotes[j]
    qms = [quote_match(quotes, ctx.norm[s]) for s in spine]
    overlaps = [_jaccard(ctx.words[j], ctx.words[s]) for s in spine]
    sims = [float(ctx.cemb[j] @ ctx.cemb[s]) for s in spine] if ctx.cemb is not None else None
    reply_open = float(bool(_AGREE.match(first) or _SECOND_PERSON.match(first) or _I_THINK.match(first)))
    you = float(bool(_SECOND_PERSON.match(first)))
    op = float(" op" in f" {text_j.lower()}" or "the article" in text_j.lower())
    len_j = math.log1p(len(text_j)) / 6
    out = []
    for level, cand in enumerate(spine):
        is_prev, is_root = float(level == 0), float(cand == spine[-1])
        cand_q = float("?" in ctx.lines[cand][-1])
        f = {
            "bias": 1.0,
            "is_prev": is_prev,
            "is_root": is_root,
            "level1": float(level == 1),
            "level2": float(level == 2),
            "log_level": math.log1p(level),
            "spine_len": math.log1p(len(spine)),
            "cand_depth": math.log1p(depth[cand]),
            "cand_children": math.log1p(n_children[cand]),
            "cand_has_children": float(n_children[cand] > 0),
            "quote_match": qms[level],
            "quote_elsewhere": float(max(qms) > qms[level]),
            "has_quote_no_match": float(bool(quotes) and max(qms) == 0.0),
            "overlap": overlaps[level],
            "overlap_is_max": float(overlaps[level] > 0 and overlaps[level] >= max(overlaps)),
            "overlap_rel": overlaps[level] - max(overlaps),
            "reply_open_prev": reply_open * is_prev,
            "reply_open_root": reply_open * is_root,
            "cand_question_prev": cand_q * is_prev,
            "cand_question": cand_q,
            "you_root": you * is_root,
            "op_mention_root": op * is_root,
            "log_len_j": len_j,
            "log_len_cand": math.log1p(len(ctx.text[cand])) / 6,
        }
        f.update(_parent_context(ctx, j, spine, level, depth, sims))
        if sims is not None:
            f["cos"] = sims[level]
            f["cos_rel"] = sims[level] - max(sims)
            f["cos_is_max"] = float(sims[level] >= max(sims))
            f["cos_prev_rel"] = sims[level] - sims[0]
            if PARENT_VECTORS:
                f["v_prod"] = ctx.cemb[j] * ctx.cemb[cand]
        out.append(f)
    return out
