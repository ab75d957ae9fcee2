"""Concurrent writers and a reader on one SQLite file, as real `sitroom` subprocesses.

Nothing is lost, nothing is duplicated, and "database is locked" never reaches the user.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

from sitroom.store import open_store

WRITERS = 3
PER_WRITER = 20
SHARED = 5  # articles every writer ingests: stored once

READER = textwrap.dedent(
    """
    import os, sys, time
    from sitroom.store import open_store
    db, stop = sys.argv[1], sys.argv[2]
    reads = 0
    while not os.path.exists(stop):
        with open_store(db) as store:
            store.events(limit=50)
            store.articles(limit=50)
            store.stats()
        reads += 1
    print(reads)
    """
)


def test_three_writers_and_a_reader_lose_nothing(tmp_path, light_config, sitroom_cli):
    db = tmp_path / "shared.db"
    shared = sitroom_cli.write_articles(tmp_path / "shared", "shared", SHARED)
    with open_store(str(db)):
        pass  # created before the race, as `sitroom serve` would have
    stop = tmp_path / "stop"
    env = {**os.environ, "SITROOM_DB": str(db)}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    writers = []
    for w in range(WRITERS):
        folder = tmp_path / f"w{w}"
        sitroom_cli.write_articles(folder, f"w{w}", PER_WRITER)
        command = [*sitroom_cli.command, "--config", str(light_config), "ingest", "-q"]
        command += ["--db", str(db), str(folder), *map(str, shared)]
        writers.append(
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
            )
        )
    results = [p.communicate(timeout=240) + (p.returncode,) for p in writers]
    stop.touch()
    reads, reader_err = reader.communicate(timeout=60)

    for _stdout, stderr, code in results:
        assert code == 0, stderr
        assert "locked" not in stderr.lower() and "skipped" not in stderr
    assert reader.returncode == 0, reader_err
    assert "locked" not in reader_err.lower()
    assert int(reads) >= 1

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE status = 'ok'")]
        assert len(ids) == len(set(ids)) == WRITERS * PER_WRITER + SHARED
        # every article has exactly its one time expression: no double writes from the races
        counts = conn.execute(
            "SELECT a.id, count(t.id) FROM articles a LEFT JOIN timexes t ON t.article_id = a.id"
            " GROUP BY a.id"
        ).fetchall()
        assert {c for _, c in counts} == {1}
        assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
    finally:
        conn.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_two_ingests_and_a_running_server_lose_nothing(tmp_path, light_config, sitroom_cli):
    """Two `sitroom ingest` processes write while `sitroom serve` answers API reads on the same file."""
    import threading
    import time

    import httpx

    db = tmp_path / "served.db"
    with open_store(str(db)):
        pass
    port = _free_port()
    env = {**os.environ, "SITROOM_DB": str(db)}
    server = subprocess.Popen(
        [*sitroom_cli.command, "serve", "--port", str(port), "--db", str(db), "--read-only"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    done = threading.Event()
    try:
        for _ in range(200):  # wait for the server (bounded: 20 s)
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("sitroom serve did not start")

        def poll() -> None:
            with httpx.Client(timeout=10) as client:
                while not done.is_set() and len(statuses) < 2_000:
                    statuses.append(client.get(f"{base}/api/events?limit=20").status_code)

        poller = threading.Thread(target=poll)
        poller.start()
        writers = []
        for w in range(2):
            folder = tmp_path / f"s{w}"
            sitroom_cli.write_articles(folder, f"s{w}", PER_WRITER)
            command = [*sitroom_cli.command, "--config", str(light_config), "ingest", "-q"]
            writers.append(
                subprocess.Popen(
                    [*command, "--db", str(db), str(folder)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            )
        results = [p.communicate(timeout=240) + (p.returncode,) for p in writers]
        done.set()
        poller.join(timeout=30)
        final = httpx.get(f"{base}/api/stats", timeout=5).json()
    finally:
        done.set()
        server.terminate()
        _out, server_err = server.communicate(timeout=30)
    for _stdout, stderr, code in results:
        assert code == 0, stderr
        assert "locked" not in stderr.lower()
    assert statuses and set(statuses) == {200}
    assert "locked" not in server_err.lower()
    assert final["articles_ok"] == 2 * PER_WRITER
