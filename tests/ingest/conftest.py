"""A fake pipeline for ingest tests: one hand-made event per article, no spaCy needed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import pytest

from sitroom.records import Analysis, Article, Event, Evidence, stable_id
from sitroom.store import open_store


class FakePipeline:
    """Batches like the real one; an article containing `fail_on` raises, `bad_span_on` gets a broken span."""

    def __init__(
        self,
        *,
        batch_size: int = 4,
        fail_on: str = "EXPLODE",
        bad_span_on: str = "MISPRINT",
        error: Exception | None = None,
    ):
        self.error = error or RuntimeError("stage crashed")
        self.batch_size = batch_size
        self.fail_on = fail_on
        self.bad_span_on = bad_span_on
        self.calls = 0
        self.batches: list[int] = []

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        self.calls += 1
        it = iter(articles)
        while batch := list(islice(it, self.batch_size)):
            self.batches.append(len(batch))
            if any(self.fail_on in a.text for a in batch):
                raise self.error
            yield from (self._analyze(a) for a in batch)

    def _analyze(self, article: Article) -> Analysis:
        word = article.text.split()[0]
        trigger = Evidence.of(article, 0, len(word))
        if self.bad_span_on in article.text:
            trigger = Evidence(article.id, 0, len(word), word + "x")
        event = Event(
            id=stable_id(article.id, "event", 0),
            article_id=article.id,
            event_type="Battles",
            sub_event_type="Armed clash",
            plover="FIGHT",
            confidence=0.6,
            trigger=trigger,
        )
        return Analysis(article=article, events=[event])


@pytest.fixture
def pipeline() -> FakePipeline:
    return FakePipeline()


@pytest.fixture
def make_pipeline() -> type[FakePipeline]:
    """The fake's class, for tests that need other failure behaviour."""
    return FakePipeline


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "ingest.db")) as s:
        yield s


def write_warc(path, pages, *, gzip: bool = True, status: str = "200 OK"):
    """A WARC of (url, content type, body) responses, each after its request record, as crawlers write."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, content_type, body in pages:
            data = body.encode("utf-8") if isinstance(body, str) else body
            request = writer.create_warc_record(
                url, "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(data),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-03T10:00:00Z"},
            )
            writer.write_record(record)
    return path


def news_page(n: int, *, language: str = "en") -> str:
    """A short HTML news page, different for every n."""
    if language == "fr":
        body = (
            f"Des manifestants ont bloqué la route principale de la ville numéro {n} vendredi, "
            "selon les autorités locales, qui ont appelé au calme et au dialogue."
        )
    else:
        body = (
            f"Militants attacked checkpoint {n} outside Lakeside on Tuesday, officials said, and "
            f"{n % 7 + 2} soldiers were wounded before reinforcements arrived from the garrison."
        )
    return (
        f"<html><head><title>Report {n}</title></head><body><article>"
        f"<h1>Report {n}</h1><p>{body}</p></article></body></html>"
    )


@pytest.fixture
def make_warc():
    return write_warc


@pytest.fixture
def make_page():
    return news_page
