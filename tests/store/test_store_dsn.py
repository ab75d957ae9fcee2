"""DSN parsing: paths, sqlite:/// URLs, $SITROOM_DB, PostgreSQL DSNs that cannot be opened."""

from __future__ import annotations

import pytest

from sitroom.errors import StoreError
from sitroom.store import open_store, sqlite_path


@pytest.mark.parametrize(
    ("dsn", "path"),
    [
        ("data/x.db", "data/x.db"),
        ("sqlite:///data/x.db", "data/x.db"),
        ("sqlite:////tmp/x.db", "/tmp/x.db"),
        ("sqlite://", ":memory:"),
        (":memory:", ":memory:"),
    ],
)
def test_sqlite_paths(dsn, path):
    assert sqlite_path(dsn) == path


def test_default_is_env_then_local_file(monkeypatch):
    monkeypatch.delenv("SITROOM_DB", raising=False)
    assert sqlite_path(None) == "sitroom.db"
    monkeypatch.setenv("SITROOM_DB", "/srv/events.db")
    assert sqlite_path(None) == "/srv/events.db"


def test_postgresql_dsn_is_not_a_sqlite_path():
    with pytest.raises(StoreError, match="needs a SQLite database"):
        sqlite_path("postgresql://user@localhost/sitroom")


def test_unreachable_postgresql_is_a_one_line_store_error():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://someone:secret@127.0.0.1:1/sitroom")
    message = str(info.value)
    assert "\n" not in message and "cannot open database" in message
    assert "secret" not in message and "127.0.0.1:1/sitroom" in message


@pytest.mark.parametrize("dsn", ["mysql://host/db", "sqlite:relative.db"])
def test_unknown_dsns(dsn):
    with pytest.raises(StoreError):
        sqlite_path(dsn)


def test_open_store_with_url_creates_the_file(tmp_path):
    target = tmp_path / "nested" / "folder" / "events.db"
    with open_store(f"sqlite:///{target}") as store:
        assert store.stats()["articles"] == 0
    assert target.is_file()
