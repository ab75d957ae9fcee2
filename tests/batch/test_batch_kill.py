"""Exactly-once: `sitroom batch --workers 2` with a worker SIGKILLed mid-partition, then rerun, leaves
the store of one clean ingest (same articles, events and evidence; no duplicates, nothing missing)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sitroom.batch.task import KILL_AFTER_ENV, KILL_MARK_ENV

SITROOM = [sys.executable, "-c", "from sitroom.cli import main; main()"]


def _versions(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT DISTINCT pipeline_version FROM articles WHERE status = 'ok'")
        return {r[0] for r in rows}


def _batch(db: Path, sources: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    cmd = [*SITROOM, "batch", *sources, "--workers", "2", "--db", str(db),
           "--partition-records", "3", "--no-fuse", "--quiet"]  # fmt: skip
    # fusion is left out here: test_batch_run checks it runs last; this test is about the store
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_worker_killed_then_rerun_equals_one_clean_run(tmp_path, corpus, batch_helpers):
    clean = tmp_path / "clean.db"  # one clean `sitroom ingest`, in a fresh process like the workers
    done = subprocess.run([*SITROOM, "-q", "ingest", *corpus, "--db", str(clean)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    want = batch_helpers.snapshot(clean)
    assert len(want["articles"]) == 12 and want["events"]

    mark = tmp_path / "killed.pid"
    env = dict(os.environ)
    env.update({
        KILL_AFTER_ENV: "2",  # a worker kills itself after 2 articles of its first partition
        KILL_MARK_ENV: str(mark),
        # no retry on another worker: the partition fails in this run and the rerun must do it
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
    })  # fmt: skip
    db = tmp_path / "batch.db"
    first = _batch(db, corpus, env)
    assert first.returncode == 1, first.stderr
    found = re.search(r"(\d) of 5 partitions failed", first.stderr)
    assert found and "KilledWorker" in first.stderr, first.stderr
    # the partition in progress failed, and any other one the scheduler had queued on that worker
    failed = int(found.group(1))
    assert mark.is_file()  # the worker did kill itself
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM batch_partitions").fetchone()[0] == 5 - failed
    partial = batch_helpers.snapshot(db)
    assert 0 < len(partial["articles"]) < 12

    for key in (KILL_AFTER_ENV, KILL_MARK_ENV):
        env.pop(key)
    rerun = _batch(db, corpus, env)
    assert rerun.returncode == 0, rerun.stderr
    got = batch_helpers.snapshot(db)
    if _versions(db) != _versions(clean):
        pytest.skip("the data tables of this checkout changed during the test (shared tree)")
    for table, rows in want.items():
        assert got[table] == rows, table
    assert batch_helpers.evidence_mismatches(db) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM batch_partitions").fetchone()[0] == 5
