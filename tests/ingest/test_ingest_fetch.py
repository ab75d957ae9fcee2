"""URL ingestion: SSRF refusals (each address, each redirect hop), HTTP failures, size and type checks."""

from __future__ import annotations

import http.server
import threading

import httpx
import pytest

from sitroom.ingest import ingest
from sitroom.ingest.fetch import FetchError, FetchOptions, HttpFetcher
from sitroom.ingest.ssrf import BlockedURL, address_problem, check_url

PAGE = (
    "<html><head><title>Convoy ambushed near Lakeside</title>"
    '<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>'
    "<body><article><h1>Convoy ambushed near Lakeside</h1>"
    "<p>Militants ambushed an army convoy near Lakeside on Thursday, officials said, "
    "and at least four soldiers were killed in the attack on the northern road.</p>"
    "<p>The army said reinforcements had been sent to the area and that the road was closed "
    "to civilian traffic until further notice.</p></article></body></html>"
)
HOSTS = {
    "news.example": ["93.184.216.34"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],  # one private address is enough to refuse
    "evil.example": ["127.0.0.1"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in HOSTS:
        raise OSError("Name or service not known")
    return HOSTS[host]


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    html = {"content-type": "text/html; charset=utf-8"}
    if path == "/article":
        return httpx.Response(200, headers=html, text=PAGE)
    if path == "/ua":
        return httpx.Response(200, headers=html, text=request.headers["user-agent"])
    if path == "/moved":
        return httpx.Response(302, headers={"location": "/article"})
    if path == "/to-loopback":
        return httpx.Response(302, headers={"location": "http://127.0.0.1/admin"})
    if path == "/to-metadata":
        return httpx.Response(301, headers={"location": "http://169.254.169.254/latest/meta-data"})
    if path == "/to-evil":
        return httpx.Response(302, headers={"location": "http://evil.example/"})
    if path == "/loop":
        return httpx.Response(302, headers={"location": "/loop2"})
    if path == "/loop2":
        return httpx.Response(302, headers={"location": "/loop"})
    if path.startswith("/hop"):
        return httpx.Response(302, headers={"location": f"/hop{int(path[4:]) + 1}"})
    if path == "/pdf":
        return httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF-1")
    if path == "/huge":
        return httpx.Response(200, headers=html, content=b"<p>" + b"x" * 5000)
    if path == "/binary":
        return httpx.Response(200, headers=html, content=b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    if path == "/empty":
        return httpx.Response(
            200, headers=html, text="<html><body><script>x=1</script></body></html>"
        )
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    if path == "/down":
        raise httpx.ConnectError("connection refused", request=request)
    return httpx.Response(404, text="no")


@pytest.fixture
def fetcher():
    options = FetchOptions(max_bytes=4000, max_redirects=3, timeout_s=1.0)
    with HttpFetcher(options, transport=httpx.MockTransport(handler), resolver=resolver) as f:
        yield f


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("169.254.10.1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "non-global"),
        ("93.184.216.34", None),
        ("2606:2800:220:1::248", None),
    ],
)
def test_address_problems(address, problem):
    assert address_problem(address) == problem


def test_check_url_refuses_every_resolved_address_and_bad_schemes():
    check_url("https://news.example/x", resolver=resolver)
    with pytest.raises(BlockedURL, match="10.0.0.7"):
        check_url("https://mixed.example/x", resolver=resolver)
    with pytest.raises(BlockedURL, match="scheme 'file'"):
        check_url("file:///etc/passwd", resolver=resolver)
    with pytest.raises(BlockedURL, match="cannot resolve"):
        check_url("http://nowhere.example/", resolver=resolver)
    check_url("http://evil.example/", resolver=resolver, allow_private=True)


def test_fetch_follows_redirects_and_sends_a_user_agent(fetcher):
    got = fetcher.fetch("https://news.example/moved")
    assert got.final_url == "https://news.example/article" and got.status == 200
    assert got.content_type == "text/html" and got.charset == "utf-8"
    assert fetcher.fetch("https://news.example/ua").body.startswith(b"sitroom/")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-loopback", "refused: 127.0.0.1 resolves to loopback address 127.0.0.1"),
        ("/to-metadata", "cloud metadata address 169.254.169.254"),
        ("/to-evil", "evil.example resolves to loopback"),
        ("/loop", "redirect loop"),
        ("/hop0", "too many redirects"),
        ("/pdf", "wrong content type 'application/pdf'"),
        ("/huge", "too large"),
        ("/slow", "timed out"),
        ("/down", "unreachable: ConnectError"),
        ("/missing", "HTTP 404 Not Found"),
    ],
)
def test_fetch_failures_have_reasons(fetcher, path, reason):
    with pytest.raises(FetchError, match=reason.replace(".", r"\.").replace("(", r"\(")):
        fetcher.fetch("https://news.example" + path)


def test_ingest_urls_stores_articles_and_records_failures(store, pipeline, fetcher):
    urls = [f"https://news.example{p}" for p in ("/article", "/missing", "/to-metadata", "/pdf",
                                                 "/binary", "/empty", "/moved")]  # fmt: skip
    report = ingest(urls, store=store, pipeline=pipeline, fetcher=fetcher)
    assert (report.seen, report.added, report.unchanged, report.skipped) == (7, 1, 1, 5)
    (article,) = store.articles()
    assert article["title"] == "Convoy ambushed near Lakeside"
    assert article["url"] == "https://news.example/article"
    assert article["published"] == "2024-05-02"
    reasons = {e["source"]: e["reason"] for e in store.errors()}
    assert reasons[urls[1]].endswith("HTTP 404 Not Found")
    assert "cloud metadata" in reasons[urls[2]]
    assert "binary file" in reasons[urls[4]] and "no text" in reasons[urls[5]]
    assert report.reasons["HTTP 404 Not Found"] == 1 and report.reasons["refused"] == 1


class _Page(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        type(self).hits += 1
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page"
    server.shutdown()
    server.server_close()


def test_real_local_server_needs_allow_private(store, pipeline, local_server):
    refused = ingest([local_server], store=store, pipeline=pipeline)
    assert refused.added == 0 and "loopback" in refused.errors[0]
    allowed = ingest([local_server], store=store, pipeline=pipeline, allow_private=True)
    assert allowed.added == 1


def test_connection_goes_to_the_checked_address_not_a_new_dns_answer(local_server):
    port = local_server.split(":")[2].split("/")[0]
    # The system resolver cannot know this name: only the vetted (pinned) address can be dialled.
    pinned = {"pinned.example": ["127.0.0.1"]}
    options = FetchOptions(allow_private=True, timeout_s=5.0)
    with HttpFetcher(options, resolver=lambda host, _port: pinned[host]) as fetcher:
        page = fetcher.fetch(f"http://pinned.example:{port}/page")
    assert page.status == 200 and b"Lakeside" in page.body


def test_dns_rebinding_cannot_reach_loopback(local_server):
    port = local_server.split(":")[2].split("/")[0]
    _Page.hits = 0
    # The check's lookup gives a public address; a second lookup of "localhost" would give loopback.
    rebinding = {"localhost": ["93.184.216.34"]}
    options = FetchOptions(timeout_s=1.0)
    with HttpFetcher(options, resolver=lambda host, _port: rebinding[host]) as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch(f"http://localhost:{port}/page")
    assert _Page.hits == 0
