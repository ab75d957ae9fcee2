"""Limits per article (refused with a reason, never truncated) and the busy-database retry path."""

from __future__ import annotations

import io
import sqlite3
import threading

import pytest

from sitroom.errors import StoreError
from sitroom.ingest import ingest
from sitroom.pipeline import Pipeline
from sitroom.store import LimitReached, SQLiteStore, StoreLimits
from sitroom.store import sqlite as sqlite_module


def test_events_over_the_limit_are_refused_with_the_limit_named(tmp_path, analysis):
    limits = StoreLimits(max_events_per_article=0)
    with SQLiteStore(str(tmp_path / "l.db"), limits=limits) as store:
        with pytest.raises(LimitReached, match="1 events, more than the 0 allowed"):
            store.save(analysis, pipeline_version="v1")
        assert store.stats()["articles"] == 0  # nothing half-stored


def test_spans_over_the_limit_are_refused(tmp_path, analysis):
    with SQLiteStore(str(tmp_path / "s.db"), limits=StoreLimits(max_spans_per_article=3)) as store:
        with pytest.raises(LimitReached, match="evidence spans"):
            store.save(analysis, pipeline_version="v1")


def test_ingest_records_a_limit_reached_as_the_reason(tmp_path):
    pipeline = Pipeline(stages=["time"])
    limits = StoreLimits(max_timexes_per_article=1)
    text = "Troops shelled the town on 3 March 2024 and again on 5 March 2024."
    with SQLiteStore(":memory:", limits=limits) as store:
        report = ingest(["-"], store=store, pipeline=pipeline, stdin=io.StringIO(text))
        assert report.skipped == 1 and report.added == 0
        (error,) = store.errors()
        assert "limit reached" in error["reason"] and "2 time expressions" in error["reason"]
        assert store.articles()[0]["status"] == "skipped"


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(sqlite_module, "RETRY_PAUSES_S", (0.05, 0.1, 0.2, 0.4))


def _hold_write_lock(path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_busy_database_is_waited_for_then_written(tmp_path, analysis, quick_retries):
    path = tmp_path / "busy.db"
    with SQLiteStore(str(path)) as store:
        store._conn.execute("PRAGMA busy_timeout = 20")  # SQLite's own wait gives up fast
        other = _hold_write_lock(path)
        release = threading.Timer(0.3, other.execute, args=("COMMIT",))
        release.start()
        try:
            store.save(analysis, pipeline_version="v1")  # retried past the lock
        finally:
            release.join()
            other.close()
        assert store.has_article(analysis.article.id)


def test_a_database_locked_for_good_is_one_readable_store_error(tmp_path, analysis, quick_retries):
    path = tmp_path / "stuck.db"
    with SQLiteStore(str(path)) as store:
        store._conn.execute("PRAGMA busy_timeout = 10")
        other = _hold_write_lock(path)
        try:
            with pytest.raises(StoreError, match="another process kept it locked"):
                store.save(analysis, pipeline_version="v1")
        finally:
            other.close()
        assert not store._conn.in_transaction
