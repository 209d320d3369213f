"""``OUT/corpus.html``: the overview page of a corpus run.

The key points found across threads (with the claims, authors and ✔ supporting / ✘ attacking
replies they hold, their topic and the threads they appear in, each linked to its map), then every
thread with its counts. A static page: no script at all, every text escaped, a Content-Security-Policy
that blocks every request (it opens offline), thread links relative and percent-encoded.

>>> page = corpus_page_string([{"thread_id": "t1", "name": "t1", "title": "<b>Tea</b>", "n_comments": 3,
...                              "n_claims": 2, "n_keypoints": 1, "href": "t1.html"}], [])
>>> "&lt;b&gt;Tea&lt;/b&gt;" in page, "<script" in page, 'href="./t1.html"' in page
(True, False, True)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from argmap.atomic import atomic_path
from argmap.words import plural

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
#: Threads listed under a key point before the rest fold into "… and N more".
SHOWN_THREADS = 12

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.sum{color:#555;margin:0 0 1rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e3e3e3}
th{font-weight:600;background:#f6f6f6;position:sticky;top:0}td.n,th.n{text-align:right;white-space:nowrap}
.sup{color:#1a7f37}.att{color:#c62828}.kp{font-weight:500}.threads{font-size:.92em;color:#444}
.threads a{margin-right:.5em;white-space:nowrap}details summary{cursor:pointer;color:#555}
.empty{color:#666;font-style:italic}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def thread_href(name: str) -> str:
    """A link to a thread's page beside the corpus page: relative, every special character encoded.

    >>> thread_href("t3_1a"), thread_href("//evil.example/x"), thread_href("javascript:alert(1)")
    ('./t3_1a.html', './%2F%2Fevil.example%2Fx.html', './javascript%3Aalert%281%29.html')
    """
    return f"./{quote(name, safe='')}.html"


def _thread_link(t: dict[str, Any] | None, tid: str) -> str:
    label = _e(tid)
    if t is None or not t.get("href"):
        return f"<span>{label}</span>"
    title = f' title="{_e(t["title"])}"' if t.get("title") else ""
    return f'<a href="{_e(thread_href(t["name"]))}"{title}>{label}</a>'


def corpus_page_string(threads: Sequence[dict[str, Any]], keypoints: Sequence[dict[str, Any]],
                       keypoints_on: bool = True) -> str:
    """The page: ``threads`` (thread_id, name, title, n_comments, n_claims, n_keypoints, href or
    None) and ``keypoints`` (rows of the dataset's ``corpus_keypoints`` table)."""
    by_id = {t["thread_id"]: t for t in threads}
    in_thread: dict[str, int] = {}
    for kp in keypoints:
        for tid in kp["threads"]:
            in_thread[tid] = in_thread.get(tid, 0) + 1
    n_comments = sum(t["n_comments"] for t in threads)
    n_claims = sum(t["n_claims"] for t in threads)
    n_thread_kps = sum(t["n_keypoints"] for t in threads)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Corpus of {plural(len(threads), 'thread')} · argmap</title><style>{_CSS}</style></head><body>",
           f"<h1>Corpus of {plural(len(threads), 'thread')}</h1>",
           f'<p class="sum">{plural(n_comments, "comment")} · {plural(n_claims, "claim")} · '
           f"{plural(n_thread_kps, 'thread key point')} · {plural(len(keypoints), 'key point')} across threads</p>",
           "<h2>Key points across threads</h2>"]
    if not keypoints_on:
        out.append('<p class="empty">Key points were not extracted (mapped with --no-claims or --no-keypoints).</p>')
    elif not keypoints:
        out.append('<p class="empty">No key point appears in more than one thread.</p>')
    else:
        out += ['<table><thead><tr><th>key point</th><th class="n">threads</th><th class="n">claims</th>'
                '<th class="n">authors</th><th class="n" title="replies supporting its claims">✔</th>'
                '<th class="n" title="replies attacking its claims">✘</th><th>topic</th><th>appears in</th>'
                "</tr></thead><tbody>"]
        for kp in keypoints:
            links = [_thread_link(by_id.get(tid), tid) for tid in kp["threads"]]
            shown = " ".join(links[:SHOWN_THREADS])
            if len(links) > SHOWN_THREADS:
                shown += (f"<details><summary>… and {len(links) - SHOWN_THREADS} more</summary>"
                          f"{' '.join(links[SHOWN_THREADS:])}</details>")
            out.append(
                f'<tr id="{_e(kp["keypoint_id"])}"><td class="kp">{_e(kp["text"])}</td>'
                f'<td class="n">{kp["n_threads"]}</td><td class="n">{kp["n_claims"]}</td>'
                f'<td class="n">{kp["n_authors"]}</td><td class="n sup">✔ {kp["n_support"]}</td>'
                f'<td class="n att">✘ {kp["n_attack"]}</td><td>{_e(kp["topic"] or "")}</td>'
                f'<td class="threads">{shown}</td></tr>')
        out.append("</tbody></table>")
    out += ["<h2>Threads</h2>",
            '<table><thead><tr><th>thread</th><th>title</th><th class="n">comments</th><th class="n">claims</th>'
            '<th class="n">key points</th><th class="n" title="key points it shares with other threads">shared</th>'
            "</tr></thead><tbody>"]
    for t in threads:
        out.append(f'<tr><td>{_thread_link(t, t["thread_id"])}</td><td>{_e(t["title"])}</td>'
                   f'<td class="n">{t["n_comments"]}</td><td class="n">{t["n_claims"]}</td>'
                   f'<td class="n">{t["n_keypoints"]}</td><td class="n">{in_thread.get(t["thread_id"], 0)}</td></tr>')
    out += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(out)


def render_corpus_page(path: str | Path, threads: Sequence[dict[str, Any]], keypoints: Sequence[dict[str, Any]],
                       keypoints_on: bool = True) -> Path:
    """Write :func:`corpus_page_string` to ``path`` atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(corpus_page_string(threads, keypoints, keypoints_on), encoding="utf-8")
    return path
