"""PostgreSQL target: workers write the store directly, a manifest marks done partitions; a partition
that failed half-way and is redone leaves no duplicates (model-free pipeline, in-process Dask)."""

from __future__ import annotations

import pytest

from sitroom.batch import BatchFailed, BatchOptions, PlanOptions, run_batch
from sitroom.batch.fakes import FAIL_WHILE_ENV, FirstWordPipeline
from sitroom.config import load_settings
from sitroom.ingest import ingest
from sitroom.store import open_store

FAKE = "sitroom.batch.fakes:first_word_pipeline"


def _contents(store) -> dict[str, list]:
    return {
        "articles": sorted((a["id"], a["status"], a["title"]) for a in store.articles()),
        "events": sorted(e["id"] for e in store.events()),
        "evidence": sorted(
            (r["owner_id"], r["field"], r["start"], r["end"], r["text"])
            for r in store.evidence_rows()
        ),
        "errors": sorted((e["source"], e["line"], e["reason"]) for e in store.errors()),
    }


def test_partly_written_partitions_redone_leave_no_duplicates(
    tmp_path, corpus, pg_dsn, thread_client, monkeypatch
):
    flag = tmp_path / "fail-now"
    flag.write_text(
        "Lakeside"
    )  # 4th line of a JSONL range, 3rd WARC record: 2 articles stored before
    monkeypatch.setenv(FAIL_WHILE_ENV, str(flag))
    options = BatchOptions(
        target=pg_dsn, plan=PlanOptions(records_per_partition=4), pipeline_factory=FAKE,
        manifest=str(tmp_path / "manifest.db"), fuse=False,
    )  # fmt: skip
    settings = load_settings(config_file=None)
    with pytest.raises(BatchFailed, match="partitions failed"):
        run_batch(corpus, client=thread_client, settings=settings, options=options)
    with open_store(pg_dsn) as store:
        partial = _contents(store)
    assert 0 < len(partial["articles"]) < 12
    flag.unlink()
    report = run_batch(corpus, client=thread_client, settings=settings, options=options)
    assert report.skipped_done >= 1 and report.committed >= 1
    assert report.unchanged >= 2  # the half-written partition's stored articles were not redone

    reference = tmp_path / "ingest.db"
    with open_store(str(reference)) as store:
        ingest(corpus, store=store, pipeline=FirstWordPipeline())
        want = _contents(store)
    with open_store(pg_dsn) as store:
        got = _contents(store)
    for table, rows in want.items():
        assert got[table] == rows, table
    again = run_batch(corpus, client=thread_client, settings=settings, options=options)
    assert again.committed == 0 and again.skipped_done == again.partitions
