"""SQLite store: opening (WAL, migrations, bad files), saving with evidence checks, and queries."""

from __future__ import annotations

import os
import sqlite3

import pytest

from sitroom.errors import StoreError
from sitroom.store import SQLiteStore, Store, open_store
from sitroom.store.migrations import LATEST

V1 = "test-1"


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "db.sqlite")) as s:
        yield s


def test_opens_in_wal_mode_with_foreign_keys(tmp_path):
    path = tmp_path / "wal.db"
    with open_store(str(path)) as s:
        assert isinstance(s, Store)
        assert s.journal_mode() == "wal"
    conn = sqlite3.connect(path)  # WAL is a property of the file, seen by any connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST
    conn.close()


def test_connection_settings(store):
    conn = store._conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_corrupt_database_file_is_a_one_line_store_error(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreError) as info:
        open_store(str(path))
    message = str(info.value)
    assert "\n" not in message and "garbage.db" in message and "not a database" in message


def test_unwritable_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot"):
        open_store(str(blocker / "sub" / "db.sqlite"))


def test_directory_as_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_a_store_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError):
            open_store(str(folder / "db.sqlite"))
    finally:
        folder.chmod(0o700)


def test_memory_store_works_the_same(analysis):
    with open_store(":memory:") as s:
        assert isinstance(s, SQLiteStore)
        s.save(analysis, pipeline_version=V1)
        assert s.stats()["events"] == 1
