"""Upgrades: fixture databases of earlier schema versions are migrated forward after a backup, and a
failing migration is rolled back whole with a message that says why."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sitroom.errors import StoreError
from sitroom.store import migrations, open_store

FIXTURES = Path(__file__).parent / "fixtures"
RELEASED = sorted(FIXTURES.glob("schema_v*.sqlite"))


@pytest.fixture
def extra_migrations(monkeypatch):
    """Register test migrations on a copy of the registry (the real one is left untouched)."""
    monkeypatch.setattr(migrations, "MIGRATIONS", list(migrations.MIGRATIONS))
    return migrations.register


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / fixture.name.replace(".sqlite", ".db")
    shutil.copyfile(fixture, target)
    return target


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0])
    finally:
        conn.close()


def test_there_is_a_fixture_for_schema_v1():
    assert FIXTURES / "schema_v1.sqlite" in RELEASED


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_schema_opens_with_its_data(fixture, tmp_path):
    db = _copy(fixture, tmp_path)
    with open_store(str(db)) as store:
        stats = store.stats()
        assert stats["schema_version"] == migrations.latest()
        assert stats["articles"] == 1 and stats["events"] == 1 and stats["evidence"] == 10
        event = store.events()[0]
        article = store.article(event["reports"][0]["article_id"])
        for ev in store.evidence_for(event["id"]):
            assert article.text[ev["start"] : ev["end"]] == ev["text"]
        assert store.errors()[0]["reason"] == "empty text"


def test_forward_migration_takes_a_backup_first(tmp_path, extra_migrations):
    db = _copy(FIXTURES / "schema_v1.sqlite", tmp_path)
    found = _version(db)
    new = migrations.latest() + 1
    extra_migrations(new, "notes on articles", ["ALTER TABLE articles ADD COLUMN note TEXT"])
    with open_store(str(db)) as store:
        assert store.stats()["schema_version"] == new
        assert store.stats()["articles"] == 1
    backup = Path(f"{db}.v{found}.bak")  # taken before the first pending migration
    assert backup.is_file() and _version(backup) == found
    with open_store(str(db)) as store:  # already current: no second backup
        assert store.stats()["schema_version"] == new
    assert not Path(f"{db}.v{new}.bak").exists()


def test_failing_migration_rolls_back_and_says_why(tmp_path, extra_migrations):
    db = _copy(FIXTURES / "schema_v1.sqlite", tmp_path)
    found = _version(db)
    new = migrations.latest() + 1
    extra_migrations(
        new,
        "broken on purpose",
        ["CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y TEXT"],
    )
    with pytest.raises(StoreError) as failure:
        open_store(str(db))
    message = str(failure.value)
    assert f"migration {new} (broken on purpose) failed" in message
    assert "rolled back" in message and "no_such_table" in message
    # earlier pending migrations commit one by one; the database stays at the one before the failure
    assert f"version {new - 1}" in message and ".bak" in message
    conn = sqlite3.connect(db)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names  # the first statement was undone too
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        conn.close()
    assert _version(db) == new - 1 >= found


def test_register_refuses_a_taken_version(extra_migrations):
    with pytest.raises(StoreError, match="taken"):
        extra_migrations(1, "again", ["SELECT 1"])


def test_new_database_is_not_backed_up(tmp_path):
    with open_store(str(tmp_path / "fresh.db")):
        pass
    assert not list(tmp_path.glob("*.bak"))


def test_ingest_errors_view_lists_skipped_items(tmp_path):
    db = tmp_path / "e.db"
    with open_store(str(db)) as store:
        store.save_skipped(None, source="feed.jsonl", line=7, reason="not valid JSON")
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT source, position, reason FROM ingest_errors").fetchall()
    finally:
        conn.close()
    assert rows == [("feed.jsonl", 7, "not valid JSON")]


def test_review_decision_survives_a_schema_upgrade(tmp_path):
    from sitroom.store.review import ReviewStore

    db = _copy(FIXTURES / "schema_v1.sqlite", tmp_path)
    event_id = sqlite3.connect(db).execute("SELECT id FROM events").fetchone()[0]
    with ReviewStore(str(db)) as review:  # an analyst's decision made on the old schema
        review.reject(event_id, reviewer="ana", reason="duplicate report")
    with open_store(str(db)) as store:  # upgrade to the current schema
        assert store.stats()["schema_version"] == migrations.latest()
    with ReviewStore(str(db)) as review:
        decision = review.decision(event_id)
        assert decision is not None and decision["status"] == "rejected"
        assert [a.reason for a in review.audit(event_id=event_id)] == ["duplicate report"]
