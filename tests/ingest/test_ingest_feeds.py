"""Feed watches: new entries ingested once, ETag/304, backoff after failures, bad feeds recorded."""

from __future__ import annotations

import threading

import httpx
import pytest

from sitroom.ingest.feeds import FeedBook, WatchOptions, feed_urls, parse_interval, poll, watch
from sitroom.ingest.fetch import HttpFetcher

FEED_URL = "https://news.example/feed.xml"


def rss(items: list[int]) -> str:
    entries = "".join(
        f"<item><title>Report {n}</title><link>https://news.example/a/{n}</link>"
        f"<guid>id-{n}</guid><pubDate>Tue, 0{n + 1} Apr 2024 10:00:00 GMT</pubDate></item>"
        for n in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        f"<link>https://news.example/</link>{entries}</channel></rss>"
    )


class Server:
    """A fake site: a feed whose answers the test scripts, and one page per entry."""

    def __init__(self, make_page) -> None:
        self.feed_answers: list[httpx.Response] = []
        self.feed_requests: list[httpx.Request] = []
        self.page_hits = 0
        self.make_page = make_page

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed.xml":
            self.feed_requests.append(request)
            return self.feed_answers.pop(0)
        self.page_hits += 1
        n = int(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200, headers={"content-type": "text/html"}, text=self.make_page(n))


@pytest.fixture
def site(make_page):
    return Server(make_page)


@pytest.fixture
def fetcher(site):
    with HttpFetcher(transport=httpx.MockTransport(site),
                     resolver=lambda host, port: ["93.184.216.34"]) as f:  # fmt: skip
        yield f


def test_new_entries_are_ingested_once_and_etag_is_sent(site, fetcher, store, pipeline, tmp_path):
    xml = {"content-type": "application/rss+xml", "etag": '"v1"'}
    site.feed_answers += [
        httpx.Response(200, headers=xml, text=rss([0, 1])),
        httpx.Response(200, headers=xml, text=rss([0, 1, 2])),
        httpx.Response(304),
    ]
    book = FeedBook(tmp_path / "feeds.json")
    options = WatchOptions(interval_s=60)
    state = book.state(FEED_URL)
    first = poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=0)
    assert (first.status, first.entries, first.ingest.added) == ("new entries", 2, 2)
    second = poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=60)
    assert (second.entries, second.ingest.added) == (1, 1)
    assert site.page_hits == 3  # the two old entries' pages were not fetched again
    third = poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=120)
    assert third.status == "not modified"
    assert site.feed_requests[1].headers["if-none-match"] == '"v1"'
    rows = {a["title"]: a for a in store.articles()}
    assert rows["Report 2"]["outlet"] == "Example Wire"
    book.save()
    assert FeedBook(tmp_path / "feeds.json").state(FEED_URL).seen == [
        f"https://news.example/id-{n}"
        for n in range(3)  # feedparser resolves relative guids
    ]


def test_500_then_200_backs_off_then_recovers(site, fetcher, store, pipeline):
    site.feed_answers += [httpx.Response(500), httpx.Response(500),
                          httpx.Response(200, text=rss([0]), headers={"content-type": "text/xml"})]  # fmt: skip
    book = FeedBook(None)
    state = book.state(FEED_URL)
    options = WatchOptions(interval_s=60, max_backoff_s=200)
    poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=0)
    assert (state.failures, state.next_poll) == (1, 120)
    poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=120)
    assert (state.failures, state.errors, state.next_poll) == (2, 2, 320)  # capped at 200 s
    ok = poll(state, fetcher=fetcher, store=store, pipeline=pipeline, options=options, now=320)
    assert ok.ingest.added == 1 and (state.failures, state.errors) == (0, 2)
    assert state.next_poll == 380
    assert any("HTTP 500" in e["reason"] for e in store.errors())


def test_invalid_feed_xml_is_an_error_with_a_reason(site, fetcher, store, pipeline):
    site.feed_answers.append(
        httpx.Response(
            200, headers={"content-type": "application/xml"}, text="<rss><channel><item>"
        )
    )
    state = FeedBook(None).state(FEED_URL)
    report = poll(state, fetcher=fetcher, store=store, pipeline=pipeline,
                  options=WatchOptions(), now=0)  # fmt: skip
    assert report.status == "error" and "invalid feed" in report.error
    assert store.errors()[0]["source"] == FEED_URL


def test_watch_once_skips_feeds_in_backoff_and_stops_on_event(site, fetcher, store, pipeline):
    site.feed_answers.append(
        httpx.Response(200, text=rss([0]), headers={"content-type": "text/xml"})
    )
    book = FeedBook(None)
    book.state("https://news.example/other.xml").next_poll = 10_000
    reports = watch([FEED_URL, "https://news.example/other.xml"], fetcher=fetcher, store=store,
                    pipeline=pipeline, book=book, options=WatchOptions(), once=True,
                    clock=lambda: 0.0)  # fmt: skip
    assert [r.status for r in reports] == ["new entries", "not due"]
    stop = threading.Event()
    stop.set()  # Ctrl-C before the first round: nothing polled, state saved
    assert watch([FEED_URL], fetcher=fetcher, store=store, pipeline=pipeline, book=book,
                 options=WatchOptions(), stop=stop) == []  # fmt: skip


def test_opml_and_intervals(tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        f'<outline type="rss" xmlUrl="{FEED_URL}"/><outline type="rss" xmlUrl="https://b.example/rss"/>'
        "</outline></body></opml>"
    )
    assert feed_urls([str(opml), FEED_URL]) == [FEED_URL, "https://b.example/rss"]
    assert [parse_interval(v) for v in ("90s", "10m", "2h", "30")] == [90, 600, 7200, 30]
    with pytest.raises(ValueError, match="bad interval"):
        parse_interval("soon")
