"""Threads from URLs, against a local HTTP server on 127.0.0.1 serving hand-written responses
(never the internet): each site, retries, errors, the on-disk cache and ``argmap map URL``."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import argmap
from argmap.cli import main
from argmap.errors import InputError
from argmap.readers import url
from tests.support import fake_analyser

REPO = Path(__file__).resolve().parents[2]
WEB = Path(__file__).parents[1] / "fixtures" / "web"
HN_URL = "https://news.ycombinator.com/item?id=40000001"
REDDIT_URL = "https://www.reddit.com/r/urbanism/comments/1a2b3c/should_cities_ban_cars/"

Response = tuple[int, dict[str, str], bytes]


class Server:
    """A tiny JSON server: ``routes[path]`` is a list of responses, served in turn (the last repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Response]] = {}
        self.hits: list[tuple[str, str, str]] = []  # (path, query, user agent)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                parts = urlsplit(self.path)
                server.hits.append((parts.path, parts.query, self.headers.get("User-Agent", "")))
                queue = server.routes.get(parts.path) or [(404, {}, b'{"error": "not found"}')]
                status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, *responses: Response | Path | str) -> None:
        self.routes[path] = [r if isinstance(r, tuple) else (200, {}, Path(r).read_bytes()) for r in responses]

    def stop(self) -> None:
        """Stop listening (idempotent): the port then refuses connections."""
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.hits]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Server]:
    srv = Server()
    monkeypatch.setenv("ARGMAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ARGMAP_HN_API", f"{srv.base}/api/v1")
    monkeypatch.setenv("ARGMAP_REDDIT_API", srv.base)
    monkeypatch.delenv("ARGMAP_HTTP_REFRESH", raising=False)
    monkeypatch.setattr(url, "HTTP", url.HttpSettings(timeout=5, retries=3, backoff=0.01, max_wait=0.2))
    url._FAILED.clear()
    url._NOTED.clear()
    yield srv
    srv.stop()


def test_hackernews_item_url_is_one_algolia_call(server: Server) -> None:
    server.serve("/api/v1/items/40000001", REPO / "threads" / "hn-rust-rewrite.json")
    t = url.read(HN_URL)
    assert (t.format, t.id, t.origin) == ("hackernews", "40000001", HN_URL)
    assert t.by_id["40000003"].parent_id == "40000002"
    assert server.paths() == ["/api/v1/items/40000001"]
    assert server.hits[0][2].startswith(f"argmap/{argmap.__version__} (")  # a descriptive User-Agent


def test_reddit_url_expands_more_stubs_and_reports_the_rest(server: Server, capsys) -> None:  # noqa: ANN001
    server.serve("/comments/1a2b3c.json", REPO / "threads" / "reddit-car-free-cities.json")
    server.serve("/api/morechildren.json", WEB / "reddit-morechildren.json")
    t = url.read(REDDIT_URL)
    assert (t.format, t.id) == ("reddit", "1a2b3c")
    assert t.by_id["k9"].parent_id == "1a2b3c" and t.by_id["k10"].parent_id == "k9"
    assert t.by_id["k9"].text.startswith("> ban cars\n")  # entities unescaped
    query = parse_qs(next(q for p, q, _ in server.hits if p == "/api/morechildren.json"))
    assert query["children"] == ["k9,k10,k11"] and query["link_id"] == ["t3_1a2b3c"]
    assert t.meta["fetch_notes"] == ["1 comment could not be fetched"]  # k11 did not come back
    assert "1 comment could not be fetched" in capsys.readouterr().err


def test_discourse_topic_url_fetches_the_remaining_posts(server: Server) -> None:
    server.serve("/t/anonymous-posts/321.json", WEB / "discourse-topic.json")
    server.serve("/t/321/posts.json", WEB / "discourse-posts.json")
    t = url.read(f"{server.base}/t/anonymous-posts/321")
    assert (t.format, t.id, t.title) == ("discourse", "321", "Should the forum allow anonymous posts?")
    assert [(c.id, c.parent_id) for c in t.comments] == [("1", None), ("2", "1"), ("3", "2"), ("4", "1"), ("5", "4")]
    assert t.by_id["4"].author == "dan" and t.by_id["4"].text == "Why not try it in one category first?"
    query = parse_qs(next(q for p, q, _ in server.hits if p == "/t/321/posts.json"))
    assert query["post_ids[]"] == ["9004", "9005"]


def test_mastodon_status_url_reads_status_and_context(server: Server) -> None:
    sid = "110000000000000002"
    server.serve(f"/api/v1/statuses/{sid}", WEB / "mastodon-status.json")
    server.serve(f"/api/v1/statuses/{sid}/context", WEB / "mastodon-context.json")
    t = url.read(f"{server.base}/@bob/{sid}")
    assert (t.format, t.id) == ("mastodon", "110000000000000001")
    assert [(c.id[-1], c.parent_id and c.parent_id[-1]) for c in t.comments] == [("1", None), ("2", "1"), ("3", "2")]
    assert t.by_id[sid].text == "@ann Not if it's loose-leaf: bags are faster."
    assert t.comments[2].author == "cy@other.example" and t.comments[2].text.startswith("CW: hot takes\n")


def test_429_then_200_is_retried(server: Server) -> None:
    server.serve("/api/v1/items/40000001", (429, {"Retry-After": "0"}, b'{"error": "slow down"}'),
                 REPO / "threads" / "hn-rust-rewrite.json")
    assert url.read(HN_URL).id == "40000001"
    assert server.paths() == ["/api/v1/items/40000001"] * 2


def test_500_forever_is_one_clear_error(server: Server) -> None:
    server.serve("/api/v1/items/40000001", (500, {}, b"oops"))
    with pytest.raises(InputError) as err:
        url.read(HN_URL)
    message = str(err.value)
    assert message.startswith(HN_URL + ": HTTP 500") and "after 4 tries" in message and "\n" not in message
    assert len(server.hits) == 4  # 1 + HttpSettings.retries
    with pytest.raises(InputError):
        url.read(HN_URL)
    assert len(server.hits) == 4  # the same dead URL is not retried again in one run


def test_connection_refused_is_one_clear_error(server: Server) -> None:
    server.stop()  # nothing listens on its port any more
    with pytest.raises(InputError) as err:
        url.read(f"{server.base}/@bob/1")
    assert str(err.value) == f"{server.base}/@bob/1: connection refused ({server.base}/api/v1/statuses/1)"


def test_not_json_and_http_404_are_clear_errors(server: Server) -> None:
    server.serve("/api/v1/items/40000001", (200, {}, b"<html>maintenance</html>"))
    with pytest.raises(InputError, match=r"response is not JSON"):
        url.read(HN_URL)
    with pytest.raises(InputError, match=r"HTTP 404 Not Found \(http://127\.0\.0\.1:\d+/t/x/9\.json\)$"):
        url.read(f"{server.base}/t/x/9")


def test_cache_makes_a_rerun_offline(server: Server, tmp_path: Path) -> None:
    server.serve("/api/v1/items/40000001", REPO / "threads" / "hn-rust-rewrite.json")
    first = url.read(HN_URL)
    assert len(list((tmp_path / "cache" / "http").glob("*.json"))) == 1
    server.stop()
    again = url.read(HN_URL)
    assert [(c.id, c.parent_id, c.text) for c in again.comments] == [
        (c.id, c.parent_id, c.text) for c in first.comments]


def test_unsupported_url_is_refused() -> None:
    with pytest.raises(InputError, match="not a Hacker News, Reddit, Discourse or Mastodon thread URL"):
        url.read("https://example.org/blog/post")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.pipeline.analyse_batch", fake_analyser.analyse_batch)


def test_map_urls_names_outputs_from_the_thread(server: Server, tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    server.serve("/api/v1/items/40000001", REPO / "threads" / "hn-rust-rewrite.json")
    server.serve("/t/anonymous-posts/321.json", WEB / "discourse-topic.json")
    server.serve("/t/321/posts.json", WEB / "discourse-posts.json")
    out = tmp_path / "out"
    assert main(["map", HN_URL, f"{server.base}/t/anonymous-posts/321", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.html")) == ["corpus.html", "discourse-321.html",
                                                          "hackernews-40000001.html"]
    assert sorted(argmap.load(out / "dataset")) == ["321", "40000001"]
    hits = len(server.hits)
    assert main(["map", HN_URL, "-o", str(out)]) == 0  # the rerun fetches nothing and maps nothing
    assert len(server.hits) == hits and "0 mapped, 1 cached" in capsys.readouterr().out


def test_map_unreachable_url_exits_1_and_writes_nothing(server: Server, tmp_path: Path, fake, capsys) -> None:  # noqa: ANN001
    server.serve("/api/v1/items/40000001", (503, {}, b"down"))
    out = tmp_path / "out"
    assert main(["map", HN_URL, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and HN_URL in err and "HTTP 503" in err and "Traceback" not in err
    assert not out.exists()


def test_responses_are_cached_by_url_hash(server: Server, tmp_path: Path) -> None:
    import hashlib

    server.serve("/api/v1/items/40000001", REPO / "threads" / "hn-rust-rewrite.json")
    url.read(HN_URL)
    key = hashlib.sha256(f"{server.base}/api/v1/items/40000001".encode()).hexdigest()
    cached = tmp_path / "cache" / "http" / f"{key}.json"
    assert json.loads(cached.read_text())["id"] == 40000001
