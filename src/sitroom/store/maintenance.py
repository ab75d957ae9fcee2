"""Backup, restore and health checks of a SQLite store: the library behind `sitroom backup|restore|doctor`.

All copies go through SQLite's online backup API, so they are consistent while other processes write.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInput, StoreError
from .migrations import latest
from .sqlite import BUSY_TIMEOUT_S, SQLiteStore

# Derived tables whose rows belong to an article; evidence rows belong to the article that saved them.
OWNED_TABLES = ("events", "attributions", "places", "timexes")
OWNER_TABLE = {
    "event": "events",
    "attribution": "attributions",
    "place": "places",
    "timex": "timexes",
}
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_LISTED = 10  # problems of one kind listed one by one before "and N more"


@dataclass(slots=True)
class DoctorReport:
    """What `doctor` checked (plain sentences) and what it found wrong."""

    path: str
    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def backup(path: str, dest: str | Path) -> Path:
    """Copy the database at `path` to `dest` (a file, or a folder to put it in)."""
    if path == ":memory:" or not Path(path).is_file():
        raise BadInput(f"no database at {path} to back up")
    target = Path(dest).expanduser()
    if target.is_dir():
        target = target / Path(path).name
    if target.exists():
        raise BadInput(f"{target} exists; choose another destination")
    with SQLiteStore(path) as store:
        written = store.backup(target)
    report = check_file(str(written))
    if not report.ok:
        raise StoreError(f"the backup at {written} does not check out: {report.problems[0]}")
    return written


def check_file(path: str) -> DoctorReport:
    """Is `path` a readable sitroom database whose integrity holds? (Does not migrate it.)"""
    report = DoctorReport(path)
    file = Path(path)
    if not file.is_file():
        report.problems.append(f"{path} does not exist or is not a file")
        return report
    with file.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            report.problems.append(f"{path} is not a SQLite database")
            return report
    conn = sqlite3.connect(f"file:{file.resolve()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        _integrity(conn, report)
        if report.ok:
            _schema_version(conn, report)
    except sqlite3.Error as exc:
        report.problems.append(f"{path} cannot be read: {exc}")
    finally:
        conn.close()
    return report


def restore(src: str, path: str, *, force: bool = False) -> int:
    """Replace the database at `path` by the backup `src`; returns the backup's schema version.

    Refuses a source that is not a sound sitroom database, and an existing target without `force`.
    """
    if path == ":memory:":
        raise BadInput("cannot restore into an in-memory database")
    checked = check_file(src)
    if not checked.ok:
        raise BadInput(f"will not restore from {src}: {checked.problems[0]}")
    if Path(path).exists() and not force:
        raise BadInput(f"{path} exists; add --force to replace it with {src}")
    if Path(src).resolve() == Path(path).resolve():
        raise BadInput("the backup and the database are the same file")
    source = sqlite3.connect(f"file:{Path(src).resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        version = int(source.execute("SELECT max(version) FROM schema_version").fetchone()[0])
        source.backup(target)  # page by page under the target's lock: readers see old or new
    except sqlite3.Error as exc:
        raise StoreError(f"restore from {src} into {path} failed: {exc}") from None
    finally:
        source.close()
        target.close()
    return version


def doctor(path: str) -> DoctorReport:
    """Integrity, foreign keys, orphan rows and the evidence invariant, checked on the stored texts."""
    report = check_file(path) if path != ":memory:" else DoctorReport(path)
    if not report.ok:  # a damaged or foreign file is reported as is, not opened for writing
        return report
    with SQLiteStore(path) as store:  # opening also migrates (with a backup first)
        conn = store._conn
        if path == ":memory:":
            _integrity(conn, report)
        _foreign_keys(conn, report)
        _orphans(conn, report)
        _evidence(conn, report)
        _json_evidence(conn, report)
    return report


def _listed(report: DoctorReport, problems: list[str]) -> None:
    report.problems += problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        report.problems.append(f"... and {len(problems) - MAX_LISTED} more like these")


def _integrity(conn: sqlite3.Connection, report: DoctorReport) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        report.checks.append("the database file is intact (SQLite integrity check)")
    else:
        _listed(report, [f"the database file is damaged: {r}" for r in rows])


def _schema_version(conn: sqlite3.Connection, report: DoctorReport) -> None:
    try:
        found = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except sqlite3.Error:
        report.problems.append("this is not a sitroom database (no schema_version table)")
        return
    if found is None or int(found) > latest():
        report.problems.append(
            f"schema version {found} is not one this sitroom knows (it writes {latest()})"
        )
    else:
        report.checks.append(f"schema version {found} (this sitroom writes {latest()})")


def _foreign_keys(conn: sqlite3.Connection, report: DoctorReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    _listed(report, [f"{r[0]} row {r[1]} points to a missing {r[2]} row" for r in rows])
    if not rows:
        report.checks.append("every row points to an article that exists (foreign keys)")


def _orphans(conn: sqlite3.Connection, report: DoctorReport) -> None:
    problems: list[str] = []
    for table in OWNED_TABLES:
        for (row_id,) in conn.execute(
            f"SELECT id FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
        ):
            problems.append(f"{table} row {row_id} belongs to no stored article")
    for kind, table in OWNER_TABLE.items():
        for (owner,) in conn.execute(
            f"SELECT DISTINCT owner_id FROM evidence WHERE owner_kind = ?"
            f" AND owner_id NOT IN (SELECT id FROM {table})",
            (kind,),
        ):
            problems.append(f"evidence for {kind} {owner}, which is not stored")
    for (article_id,) in conn.execute(
        "SELECT DISTINCT article_id FROM evidence WHERE article_id NOT IN (SELECT id FROM articles)"
    ):
        problems.append(f"evidence points into article {article_id}, which is not stored")
    _listed(report, problems)
    if not problems:
        report.checks.append("no orphan rows (every event, quote, place, date has its article)")


def _evidence(conn: sqlite3.Connection, report: DoctorReport) -> None:
    # substr counts characters (code points) from 1, as Python slices count them from 0.
    rows = conn.execute(
        'SELECT e.owner_kind, e.owner_id, e.field, e.article_id, e.start, e."end", e.text'
        " FROM evidence e JOIN articles a ON a.id = e.article_id"
        ' WHERE e.start < 0 OR e."end" < e.start OR e."end" > length(a.text)'
        ' OR substr(a.text, e.start + 1, e."end" - e.start) IS NOT e.text'
    ).fetchall()
    _listed(
        report,
        [
            f"{r[0]} {r[1]}: its {r[2]} evidence [{r[4]}:{r[5]}] {r[6]!r} is not what article "
            f"{r[3]} says there"
            for r in rows
        ],
    )
    if not rows:
        (count,) = conn.execute("SELECT count(*) FROM evidence").fetchone()
        report.checks.append(f"all {count} evidence spans match their article's text exactly")


def _json_evidence(conn: sqlite3.Connection, report: DoctorReport) -> None:
    """The evidence inside the stored event and quote JSON (what exports show) must match too."""
    texts: dict[str, str | None] = {}
    problems: list[str] = []
    for table in ("events", "attributions"):
        for row_id, data in conn.execute(f"SELECT id, json FROM {table}"):
            for ev in spans_in(json.loads(data)):
                aid = ev["article_id"]
                if aid not in texts:
                    found = conn.execute(
                        "SELECT text FROM articles WHERE id = ?", (aid,)
                    ).fetchone()
                    texts[aid] = found[0] if found else None
                text = texts[aid]
                start, end = ev["start"], ev["end"]
                if (
                    text is None
                    or not 0 <= start <= end <= len(text)
                    or text[start:end] != ev["text"]
                ):
                    problems.append(
                        f"{table} {row_id}: exported evidence [{start}:{end}] {ev['text']!r} is not "
                        f"what article {aid} says there"
                    )
    _listed(report, problems)
    if not problems:
        report.checks.append("the evidence in exported event and quote JSON matches too")


def spans_in(data: object) -> list[dict]:
    """Every Evidence-shaped object nested in a JSON value."""
    found: list[dict] = []
    if isinstance(data, dict):
        if {"article_id", "start", "end", "text"} <= data.keys():
            found.append(data)
        for value in data.values():
            found += spans_in(value)
    elif isinstance(data, list):
        for value in data:
            found += spans_in(value)
    return found
