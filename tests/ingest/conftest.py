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
