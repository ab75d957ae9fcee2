"""Backup, restore and doctor, as library calls and as `sitroom backup|restore|doctor` commands."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import BadInput
from sitroom.store import migrations, open_store
from sitroom.store.maintenance import backup, check_file, doctor, restore

runner = CliRunner()


@pytest.fixture
def db(tmp_path, analysis):
    path = tmp_path / "live.db"
    with open_store(str(path)) as store:
        store.save(analysis, pipeline_version="v1")
    return path


def _sql(path, *statements):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_backup_is_a_sound_copy_taken_while_the_store_is_open(db, tmp_path, analysis):
    with open_store(str(db)):  # a writer holding the file open
        written = backup(str(db), tmp_path / "copy.db")
    assert check_file(str(written)).ok
    with open_store(str(written)) as copy:
        assert copy.has_article(analysis.article.id)
    with pytest.raises(BadInput, match="exists"):
        backup(str(db), written)
    with pytest.raises(BadInput, match="no database"):
        backup(str(tmp_path / "missing.db"), tmp_path / "x.db")


def test_restore_refuses_to_overwrite_without_force_and_checks_the_source(db, tmp_path, build):
    saved = backup(str(db), tmp_path / "saved.db")
    with open_store(str(db)) as store:  # changes after the backup
        store.save(
            build.analysis("Gunmen attacked Northtown on Monday, killing two. Calm returned."),
            pipeline_version="v1",
        )
        assert store.stats()["articles"] == 2
    with pytest.raises(BadInput, match="--force"):
        restore(str(saved), str(db))
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello", encoding="utf-8")
    with pytest.raises(BadInput, match="not a SQLite database"):
        restore(str(not_sqlite), str(db), force=True)
    foreign = tmp_path / "foreign.db"
    _sql(foreign, "CREATE TABLE t (x)")
    with pytest.raises(BadInput, match="not a sitroom database"):
        restore(str(foreign), str(db), force=True)
    assert restore(str(saved), str(db), force=True) == migrations.latest()  # the backup's version
    with open_store(str(db)) as store:
        assert store.stats()["articles"] == 1


def test_doctor_passes_a_healthy_store(db):
    report = doctor(str(db))
    assert report.ok, report.problems
    assert any("evidence spans match" in line for line in report.checks)


def test_doctor_finds_a_broken_evidence_span(db):
    _sql(db, "UPDATE evidence SET text = 'Southtown' WHERE field = 'location'")
    report = doctor(str(db))
    assert not report.ok
    assert any("location evidence" in p and "Southtown" in p for p in report.problems)


def test_doctor_finds_broken_exported_json_evidence(db):
    _sql(db, "UPDATE events SET json = replace(json, '\"Northtown\"', '\"Southtown\"')")
    report = doctor(str(db))
    assert any("exported evidence" in p for p in report.problems)


def test_doctor_finds_orphans_and_foreign_key_breaks(db):
    _sql(
        db,
        "INSERT INTO events SELECT 'orphan-event', 'no-such-article', event_type, sub_event_type,"
        " date, lat, lon, confidence, negated, hypothetical, historical, json FROM events LIMIT 1",
        'INSERT INTO evidence (owner_kind, owner_id, field, article_id, start, "end", text,'
        " saved_by) SELECT 'place', 'gone-place', field, article_id, start, \"end\", text,"
        " saved_by FROM evidence LIMIT 1",
    )
    problems = " | ".join(doctor(str(db)).problems)
    assert "points to a missing articles row" in problems
    assert "events row orphan-event belongs to no stored article" in problems
    assert "evidence for place gone-place, which is not stored" in problems


def test_doctor_reports_a_damaged_file_in_plain_words(db):
    _sql(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite the second page
    db.write_bytes(bytes(data))
    report = doctor(str(db))
    assert not report.ok
    assert "damaged" in report.problems[0] or "cannot be read" in report.problems[0]


def test_cli_backup_restore_doctor(db, tmp_path):
    copy = tmp_path / "cli-copy.db"
    result = runner.invoke(app, ["backup", str(copy), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["restore", str(copy), "--db", str(db)])
    assert result.exit_code == 2 and "--force" in result.output
    result = runner.invoke(app, ["restore", str(copy), "--db", str(db), "--force"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["doctor", "--db", str(db)])
    assert result.exit_code == 0 and "the store is healthy" in result.output
    _sql(db, "UPDATE evidence SET start = start + 1")
    result = runner.invoke(app, ["doctor", "--db", str(db), "--format", "json"])
    assert result.exit_code == 1
    verdict = json.loads(result.output.strip().splitlines()[-1])
    assert verdict["ok"] is False and verdict["problems"]
