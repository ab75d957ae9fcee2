"""`kill -9` of a real `sitroom ingest` mid-run, and of a migration: the store opens, passes its
integrity check, keeps every article that was committed, and a rerun completes the rest once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from sitroom.store import open_store
from sitroom.store.maintenance import doctor

ARTICLES = 250
POLL_S = 0.02


def _committed(db) -> set[str]:
    """Article ids a separate reader sees as committed (what a user could have been shown)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return set()
    try:
        return {r[0] for r in conn.execute("SELECT id FROM articles WHERE status = 'ok'")}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_kill_dash_nine_during_ingest_loses_nothing_committed(tmp_path, light_config, sitroom_cli):
    db = tmp_path / "crash.db"
    folder = tmp_path / "articles"
    sitroom_cli.write_articles(folder, "a", ARTICLES)
    command = [*sitroom_cli.command, "--config", str(light_config), "ingest", "-q"]
    command += ["--db", str(db), str(folder)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: set[str] = set()
    deadline = time.monotonic() + 120
    while len(seen) < 20 and proc.poll() is None and time.monotonic() < deadline:
        if db.exists():
            seen = _committed(db)
        time.sleep(POLL_S)
    if proc.poll() is not None:
        pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read()!r}")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    report = doctor(str(db))  # integrity, foreign keys, orphans, every evidence span
    assert report.ok, report.problems
    after = _committed(db)
    assert seen <= after  # everything reported committed survived
    assert len(after) < ARTICLES  # it really was killed mid-run

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == ARTICLES
        per_article = conn.execute(
            "SELECT count(t.id) FROM articles a LEFT JOIN timexes t ON t.article_id = a.id"
            " GROUP BY a.id"
        ).fetchall()
        assert {c for (c,) in per_article} == {1}  # no duplicate or missing derived rows
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == ARTICLES
    finally:
        conn.close()


SLOW_MIGRATION = textwrap.dedent(
    """
    import sys
    from sitroom.store import migrations, open_store
    migrations.register(migrations.latest() + 1, "slow test migration", [
        "CREATE TABLE slow_fill (n INTEGER)",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50000000)"
        " INSERT INTO slow_fill SELECT n FROM c",
    ])
    open_store(sys.argv[1])
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_kill_dash_nine_during_a_migration_keeps_the_old_schema(tmp_path, analysis):
    db = tmp_path / "migrating.db"
    with open_store(str(db)) as store:
        store.save(analysis, pipeline_version="v1")
        version = store.stats()["schema_version"]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_MIGRATION, str(db)], env=dict(os.environ))
    backup = tmp_path / f"migrating.db.v{version}.bak"
    deadline = time.monotonic() + 60
    while not backup.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(POLL_S)
    assert backup.exists() and proc.poll() is None, "the migration did not start"
    time.sleep(0.5)  # inside the migration's transaction now
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == version
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "slow_fill" not in names
    finally:
        conn.close()
    with open_store(str(db)) as store:  # this code's schema: opens as before, data intact
        assert store.has_article(analysis.article.id)
        assert len(store.events()) == len(analysis.events)
