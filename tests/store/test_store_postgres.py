"""PostgreSQL/PostGIS specifics: PostGIS column and indexes, full-text search, DSN and PostGIS errors,
concurrent writers (threads and `sitroom ingest` processes), the CLI's `--db postgresql://`."""

from __future__ import annotations

import json
import subprocess
import threading
from urllib.parse import quote

import psycopg
import pytest

from sitroom.errors import StoreError
from sitroom.store import open_store
from sitroom.store.postgres import PostgresStore, safe_dsn

V1 = "test-1"


@pytest.fixture
def pg(pg_dsn):
    with open_store(pg_dsn) as s:
        assert isinstance(s, PostgresStore)
        yield s


def test_event_location_is_a_postgis_point_with_gist_index(pg, analysis):
    pg.save(analysis, pipeline_version=V1)
    (row,) = pg.query("SELECT ST_X(geom) AS x, ST_Y(geom) AS y, ST_SRID(geom) AS srid FROM events")
    assert (row["x"], row["y"], row["srid"]) == (20.25, 10.5, 4326)
    indexes = {r["indexname"]: r["indexdef"] for r in pg.query("SELECT * FROM pg_indexes")}
    assert "gist (geom)" in indexes["events_geom"].lower()
    assert "gin (tsv)" in indexes["articles_tsv"].lower()


def test_full_text_search_finds_articles_by_word_forms(pg, build):
    pg.save(build.analysis(), pipeline_version=V1)
    other = build.analysis("Gunmen attacked a market in Northtown on Monday, killing two traders.")
    pg.save(other, pipeline_version=V1)
    assert [r["id"] for r in pg.search_articles("traders")] == [other.article.id]
    assert len(pg.search_articles("attacks")) == 2  # stemmed: attacked ~ attacks
    assert pg.search_articles("nothing-like-this") == []


def test_errors_view_and_replaced_error_rows(pg):
    pg.save_skipped(None, source="a.jsonl", line=1, reason="bad")
    pg.save_skipped(None, source="b.jsonl", line=None, reason="worse")
    pg.save_skipped(None, source="a.jsonl", line=1, reason="bad")  # met again: moves last
    assert [e["source"] for e in pg.errors()] == ["b.jsonl", "a.jsonl"]
    view = pg.query("SELECT source, position FROM ingest_errors ORDER BY source")
    assert view == [{"source": "a.jsonl", "position": 1}, {"source": "b.jsonl", "position": None}]


@pytest.mark.parametrize(
    "dsn", ["postgresql://u@127.0.0.1:1/x", "postgresql://u:pw@h:notaport/db", "postgresql://%zz"]
)
def test_bad_dsns_are_one_line_store_errors(dsn):
    with pytest.raises(StoreError) as info:
        open_store(dsn)
    assert "\n" not in str(info.value) and "pw" not in str(info.value)


def test_safe_dsn_hides_the_password():
    assert safe_dsn("postgresql://me:hunter2@db.example:5433/events") == (
        "postgresql://me@db.example:5433/events"
    )


def test_missing_postgis_rights_is_a_clear_store_error(pg_server):
    """A user who may not create the extension, in a database without it: one line that says so."""
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS nogis")
        conn.execute("DROP ROLE IF EXISTS plain")
        conn.execute("CREATE ROLE plain LOGIN PASSWORD 'plainpw'")
        conn.execute("CREATE DATABASE nogis OWNER plain")
    host = pg_server.split("@", 1)[1].rsplit("/", 1)[0]
    try:
        with pytest.raises(StoreError, match="PostGIS") as info:
            open_store(f"postgresql://plain:plainpw@{host}/nogis")
        assert "\n" not in str(info.value)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute("DROP DATABASE nogis WITH (FORCE)")
            conn.execute("DROP ROLE plain")


def test_concurrent_writers_of_the_same_and_other_articles_lose_nothing(pg_dsn, build):
    analyses = [
        build.analysis(f"Gunmen attacked a post in Northtown on Monday, killing two. Item {i}.")
        for i in range(12)
    ]
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            with open_store(pg_dsn) as s:
                for a in analyses:  # every thread writes every article: same rows, racing
                    s.save(a, pipeline_version=V1)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with open_store(pg_dsn) as s:
        stats = s.stats()
        assert (stats["articles"], stats["events"], stats["places"]) == (12, 12, 12)
        assert stats["evidence"] == 12 * (5 + 1 + 1)


def test_cli_ingest_and_events_on_postgresql(pg_dsn, tmp_path, light_config, sitroom_cli):
    paths = sitroom_cli.write_articles(tmp_path / "in", "pg", 6)
    cmd = [*sitroom_cli.command, "--config", str(light_config)]
    procs = [
        subprocess.Popen([*cmd, "ingest", *map(str, paths[i::2]), "--db", pg_dsn]) for i in range(2)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    again = subprocess.run(
        [*cmd, "ingest", *map(str, paths), "--db", pg_dsn], capture_output=True, check=False
    )
    assert again.returncode == 0
    listed = subprocess.run(
        [*cmd, "articles", "--db", pg_dsn, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(listed.stdout)) == 6
    with open_store(pg_dsn) as s:
        assert s.stats()["articles_ok"] == 6 and s.stats()["timexes"] == 6


def test_cli_bad_postgresql_dsn_exits_1_with_one_line(sitroom_cli):
    done = subprocess.run(
        [*sitroom_cli.command, "articles", "--db", "postgresql://x@127.0.0.1:1/" + quote("db")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "cannot open database" in done.stderr


def test_a_deadlocked_write_is_retried_whole(pg, monkeypatch):
    from psycopg import errors as pgerr

    import sitroom.store.postgres as postgres

    monkeypatch.setattr(postgres, "RETRY_PAUSES_S", (0.0, 0.0))
    calls = []

    def work(cur):
        calls.append(1)
        cur.execute("SELECT 1")
        if len(calls) == 1:
            raise pgerr.DeadlockDetected("deadlock detected (simulated)")
        return "done"

    assert pg._write(work) == "done" and len(calls) == 2

    def always(cur):
        raise pgerr.SerializationFailure("could not serialize (simulated)")

    with pytest.raises(postgres.StoreError, match="kept conflicting"):
        pg._write(always)
