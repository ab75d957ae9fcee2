"""`kill -9` in the middle of review writes, on SQLite and PostgreSQL: the store opens, is intact, and
keeps every action reported as committed (decision row and audit row together, never one alone)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

from sitroom.store import is_postgres, open_store

WRITER = textwrap.dedent(
    """
    import sys
    from sitroom.store.review import ReviewStore
    db, ids = sys.argv[1], sys.argv[2].split(",")
    with ReviewStore(db) as review:
        n = 0
        while True:
            event_id = ids[n % len(ids)]
            if n % 2:
                review.reject(event_id, reviewer="crash-test", reason=f"round {n}")
            else:
                review.accept(event_id, reviewer="crash-test", reason=f"round {n}")
            print(f"committed {n}", flush=True)
            n += 1
    """
)


def _rows(db: str, sql: str, params: tuple = ()) -> list[tuple]:
    if is_postgres(db):
        import psycopg

        with psycopg.connect(db) as conn:
            return list(conn.execute(sql.replace("?", "%s"), params).fetchall())
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_kill_9_during_review_writes_loses_nothing_committed(store_dsn, analysis):
    db = store_dsn
    with open_store(db) as store:
        store.save(analysis, pipeline_version="v1")
        ids = [e["id"] for e in store.events()]
    assert ids
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), ",".join(ids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    committed = -1
    assert writer.stdout is not None
    for line in writer.stdout:  # let it get well into its writes, then kill it mid-stream
        committed = int(line.split()[1])
        if committed >= 40:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert committed >= 40, writer.stderr.read() if writer.stderr else ""

    if not is_postgres(db):
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    reasons = {r[0] for r in _rows(db, "SELECT reason FROM review_audit")}
    # every action the writer reported committed has its audit row
    assert {f"round {n}" for n in range(committed + 1)} <= reasons
    # each decision row matches the newest audit row of its event (written in one transaction)
    for event_id, reason in _rows(db, "SELECT id, reason FROM review_events"):
        last = _rows(
            db,
            "SELECT reason FROM review_audit WHERE event_id = ? ORDER BY id DESC LIMIT 1",
            (event_id,),
        )
        assert last and last[0][0] == reason
    with open_store(db) as store:  # and the store itself opens and reads normally
        assert len(store.events()) == len(ids)
