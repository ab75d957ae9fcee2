"""`run_batch` on an in-process Dask cluster with the model-free pipeline: merge, skip done, retry."""

from __future__ import annotations

import sqlite3

import pytest

from sitroom.batch import BatchFailed, BatchOptions, PlanOptions, run_batch
from sitroom.batch.fakes import FAIL_WHILE_ENV, FirstWordPipeline
from sitroom.config import load_settings
from sitroom.ingest import ingest
from sitroom.store import open_store

FAKE = "sitroom.batch.fakes:first_word_pipeline"


def _options(db, **kw) -> BatchOptions:
    return BatchOptions(
        target=str(db), plan=PlanOptions(records_per_partition=2), pipeline_factory=FAKE, **kw
    )


def _ingested(tmp_path, corpus):
    db = tmp_path / "ingest.db"
    with open_store(str(db)) as store:
        ingest(corpus, store=store, pipeline=FirstWordPipeline())
    return db


def test_batch_equals_one_ingest_and_a_rerun_skips_everything(
    tmp_path, corpus, thread_client, batch_helpers
):
    db = tmp_path / "batch.db"
    settings = load_settings(config_file=None)
    report = run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    assert (report.partitions, report.committed, report.failed) == (7, 7, [])
    assert report.seen == 14 and report.stored == 12 and report.skipped == 2
    assert report.fusion.startswith("12 articles fused")
    got = batch_helpers.snapshot(db)
    assert got == batch_helpers.snapshot(_ingested(tmp_path, corpus))
    assert len(got["articles"]) == 12 and len(got["events"]) == 12
    assert batch_helpers.evidence_mismatches(db) == []

    again = run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    assert (again.skipped_done, again.committed, again.seen) == (7, 0, 0)
    assert batch_helpers.snapshot(db) == got
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM batch_partitions").fetchone()[0] == 7


def test_failed_partitions_fail_the_run_and_a_rerun_completes_it(
    tmp_path, corpus, thread_client, batch_helpers, monkeypatch
):
    flag = tmp_path / "fail-now"
    flag.write_text("Rivertown")  # in 2 of the 7 partitions
    monkeypatch.setenv(FAIL_WHILE_ENV, str(flag))
    db = tmp_path / "batch.db"
    settings = load_settings(config_file=None)
    with pytest.raises(BatchFailed, match="rerun the same command") as failure:
        run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    assert failure.value.exit_code == 1
    assert "2 of 7 partitions failed" in str(failure.value)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM batch_partitions").fetchone()[0] == 5
        assert not conn.execute("SELECT 1 FROM articles WHERE text LIKE '%Rivertown%'").fetchall()
        assert not conn.execute("SELECT count(*) FROM fusion_events").fetchone()[0]  # not fused
    flag.unlink()
    report = run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    assert (report.committed, report.skipped_done) == (2, 5)
    assert batch_helpers.snapshot(db) == batch_helpers.snapshot(_ingested(tmp_path, corpus))


def test_a_changed_file_is_done_again_and_replaces_nothing_twice(
    tmp_path, corpus, thread_client, batch_helpers
):
    db = tmp_path / "batch.db"
    settings = load_settings(config_file=None)
    run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    with open(corpus[0], "a") as fh:  # one more line: the JSONL ranges are new partitions
        fh.write('{"text": "Shelling hit the market in Oakvale on Friday."}\n')
    report = run_batch(corpus, client=thread_client, settings=settings, options=_options(db))
    assert report.committed == 4 and report.skipped_done == 4  # 7 lines: 4 ranges
    assert batch_helpers.snapshot(db) == batch_helpers.snapshot(_ingested(tmp_path, corpus))


def test_memory_target_is_refused(corpus, thread_client):
    from sitroom.errors import SitroomError

    with pytest.raises(SitroomError, match="database file"):
        run_batch(corpus, client=thread_client, settings=load_settings(config_file=None),
                  options=_options(":memory:"))  # fmt: skip


def test_fusion_runs_last_on_postgresql_too(tmp_path, corpus, thread_client, pg_dsn):
    """A batch into PostgreSQL ends with fusion, as into SQLite (skipped without a server)."""
    options = _options(pg_dsn, manifest=str(tmp_path / "manifest.db"))
    settings = load_settings(config_file=None)
    report = run_batch(corpus, client=thread_client, settings=settings, options=options)
    assert report.fusion.startswith("12 articles fused"), report.fusion
    sqlite_report = run_batch(
        corpus, client=thread_client, settings=settings, options=_options(tmp_path / "b.db")
    )
    assert report.fusion == sqlite_report.fusion
