"""Store behaviour on both backends (SQLite, PostgreSQL/PostGIS): saving with evidence checks, skips,
re-processing, filters and ids. Each test runs once per backend (`store_dsn` in conftest)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitroom.errors import BadInput, NotFound, StoreError
from sitroom.records import EventFlags, Evidence
from sitroom.store import InvalidAnalysis, SQLiteStore, Store, open_store
from sitroom.store.migrations import LATEST
from sitroom.store.pg_migrations import pg_latest

V1 = "test-1"


@pytest.fixture
def store(any_store):
    assert isinstance(any_store, Store)
    return any_store


def test_two_stores_on_one_database_see_each_other(store_dsn, analysis):
    with open_store(store_dsn) as writer, open_store(store_dsn) as reader:
        assert reader.stats()["articles"] == 0
        writer.save(analysis, pipeline_version=V1)
        assert reader.has_article(analysis.article.id, pipeline_version=V1)


def test_newer_schema_is_refused(store_dsn, raw_sql):
    with open_store(store_dsn) as s:
        later = s.stats()["schema_version"] + 1
        raw_sql(s, "INSERT INTO schema_version VALUES (?, 'later')", (later,))
    with pytest.raises(StoreError, match="newer"):
        open_store(store_dsn)


def test_reopening_keeps_data_and_does_not_remigrate(store_dsn, analysis):
    with open_store(store_dsn) as s:
        s.save(analysis, pipeline_version=V1)
        version = s.stats()["schema_version"]
    with open_store(store_dsn) as s:
        assert s.has_article(analysis.article.id, pipeline_version=V1)
        assert s.stats()["schema_version"] == version
        assert version == (LATEST if isinstance(s, SQLiteStore) else pg_latest())


def test_save_round_trip(store, analysis):
    store.save(analysis, pipeline_version=V1)
    article = analysis.article
    assert store.article(article.id) == article
    (row,) = store.articles(with_text=True)
    assert row == {
        "id": article.id,
        "title": "Post attacked",
        "outlet": "Test Wire",
        "published": "2024-03-05",
        "url": None,
        "status": "ok",
        "text": article.text,
    }
    assert "text" not in store.articles()[0]
    (event,) = store.events()
    assert event == analysis.events[0].to_dict() | {"reports": event["reports"]}
    assert event["reports"] == [
        {"article_id": article.id, "url": None, "outlet": "Test Wire", "published": "2024-03-05"}
    ]
    assert store.event(event["id"][:8]) == event
    assert store.quotes() == [analysis.attributions[0].to_dict()]
    (place,) = store.places(article_id=article.id)
    assert (place["text"], place["geonameid"], place["country"], place["confidence"]) == (
        "Northtown",
        123,
        "XX",
        0.9,
    )
    (timex,) = store.timexes()
    assert (timex["value"], timex["earliest"]) == ("2024-03-04", "2024-03-04")


def test_evidence_rows_cover_every_field_and_match_the_text(store, analysis):
    store.save(analysis, pipeline_version=V1)
    text = analysis.article.text
    event_id = analysis.events[0].id
    rows = store.evidence_for(event_id)
    assert [r["field"] for r in rows] == ["event_type", "actor", "location", "date", "fatalities"]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["owner_kind"] == "event" and r["owner_id"] == event_id
    quote_fields = [r["field"] for r in store.evidence_for(analysis.attributions[0].id)]
    assert quote_fields == ["speaker", "cue", "content"]
    assert store.stats()["evidence"] == 5 + 3 + 1 + 1  # event, quote, place, timex


def test_has_article_checks_pipeline_version(store, analysis):
    article_id = analysis.article.id
    assert not store.has_article(article_id)
    store.save(analysis, pipeline_version=V1)
    assert store.has_article(article_id)
    assert store.has_article(article_id, pipeline_version=V1)
    assert not store.has_article(article_id, pipeline_version="test-2")


def test_reprocessing_replaces_derived_rows(store, analysis, build):
    article = analysis.article
    second = build.event(article, trigger="killing", event_type="Battles", with_fields=False)
    analysis.events.append(second)
    store.save(analysis, pipeline_version=V1)
    assert store.stats()["events"] == 2
    fresh = build.analysis(article.text)
    fresh.attributions.clear()
    fresh.places.clear()
    store.save(fresh, pipeline_version="test-2")
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["attributions"], stats["places"]) == (
        1,
        1,
        0,
        0,
    )
    assert stats["evidence"] == 5 + 1  # the event's fields and the timex
    assert store.evidence_for(second.id) == []
    assert store.has_article(article.id, pipeline_version="test-2")


def test_broken_evidence_span_is_refused_and_nothing_is_written(store, analysis):
    event = analysis.events[0]
    bad = Evidence(analysis.article.id, event.trigger.start, event.trigger.end, "attacks")
    analysis.events[0] = dataclasses.replace(event, trigger=bad)
    with pytest.raises(StoreError, match="does not match"):
        store.save(analysis, pipeline_version=V1)
    assert store.stats()["articles"] == 0 and store.stats()["evidence"] == 0


def test_out_of_range_span_is_refused(store, analysis):
    n = len(analysis.article.text)
    analysis.places[0].toponym.start, analysis.places[0].toponym.end = n + 1, n + 4
    with pytest.raises(InvalidAnalysis):
        store.save(analysis, pipeline_version=V1)


def test_evidence_into_an_unknown_article_is_refused(store, analysis):
    event = analysis.events[0]
    foreign = Evidence("0123456789abcdef", 0, 4, "Gunm")
    event.actors[0].evidence.append(foreign)
    with pytest.raises(InvalidAnalysis, match="unknown article"):
        store.save(analysis, pipeline_version=V1)


def test_failed_save_rolls_back_and_keeps_previous_rows(store, analysis, build):
    store.save(analysis, pipeline_version=V1)
    other = build.analysis("Gunmen attacked a depot in Northtown on Monday, killing two guards.")
    other.attributions.clear()
    # An event id that collides with the first article's event: the insert fails mid-transaction.
    other.events[0] = dataclasses.replace(other.events[0], id=analysis.events[0].id)
    with pytest.raises(InvalidAnalysis):
        store.save(other, pipeline_version=V1)
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["places"], stats["timexes"]) == (1, 1, 1, 1)
    assert not store.has_article(other.article.id)


def test_duplicate_ids_inside_one_analysis_are_refused(store, analysis):
    analysis.events.append(analysis.events[0])
    with pytest.raises(InvalidAnalysis, match="duplicate"):
        store.save(analysis, pipeline_version=V1)


def test_save_skipped_records_errors_once(store, analysis):
    store.save_skipped(None, source="a.jsonl", line=3, reason="a.jsonl:3: invalid JSON")
    store.save_skipped(None, source="a.jsonl", line=3, reason="a.jsonl:3: invalid JSON")
    store.save_skipped(analysis.article, source="b.txt", line=None, reason="b.txt: pipeline failed")
    errors = store.errors()
    assert [(e["source"], e["line"], e["article_id"]) for e in errors] == [
        ("a.jsonl", 3, None),
        ("b.txt", None, analysis.article.id),
    ]
    assert store.articles()[0]["status"] == "skipped"
    assert store.has_article(analysis.article.id)
    assert not store.has_article(analysis.article.id, pipeline_version=V1)


def test_skipping_a_stored_article_clears_its_stale_rows(store, analysis):
    store.save(analysis, pipeline_version=V1)
    store.save_skipped(analysis.article, source="x.txt", line=None, reason="x.txt: pipeline failed")
    assert store.stats()["events"] == 0 and store.stats()["evidence"] == 0


def test_event_filters_and_order(store, build):
    a = build.analysis()
    b = build.analysis(
        'Gunmen attacked a market in Northtown on Monday, killing two traders. "Never again," the mayor said.'
    )
    a.events[0] = build.event(a.article, date=dt.date(2024, 3, 9), confidence=0.4)
    b.events[0] = build.event(b.article, date=dt.date(2024, 3, 1))
    b.events.append(
        build.event(
            b.article,
            trigger="killing",
            event_type="Battles",
            date=None,
            flags=EventFlags(negated=True),
            with_fields=False,
        )  # fmt: skip
    )
    store.save(a, pipeline_version=V1)
    store.save(b, pipeline_version=V1)
    dates = [e["date"]["value"] if e["date"] else None for e in store.events()]
    assert dates == ["2024-03-01", "2024-03-09", None]
    assert len(store.events(event_type="battles")) == 1
    assert len(store.events(min_confidence=0.5)) == 2
    assert len(store.events(include_flagged=False)) == 2
    assert len(store.events(article_id=a.article.id)) == 1
    assert [e["date"]["value"] for e in store.events(limit=1, offset=1)] == ["2024-03-09"]
    assert len(store.quotes(article_id=b.article.id)) == 1 and len(store.quotes(limit=1)) == 1


def test_unknown_and_ambiguous_ids(store, analysis, raw_sql):
    store.save(analysis, pipeline_version=V1)
    with pytest.raises(NotFound):
        store.event("ffffffffffff")
    with pytest.raises(NotFound):
        store.event(analysis.events[0].id[:4])  # too short to be a prefix
    with pytest.raises(NotFound):
        store.article("nope")
    assert store.article(analysis.article.id[:6]).id == analysis.article.id
    for suffix in ("1", "2"):
        raw_sql(
            store,
            "INSERT INTO events (id, article_id, event_type, confidence, negated, hypothetical,"
            " historical, json) VALUES (?, ?, 'Riots', 0.5, 0, 0, 0, '{}')",
            ("abcdef" + suffix, analysis.article.id),
        )
    with pytest.raises(BadInput, match="ambiguous"):
        store.event("abcdef")
