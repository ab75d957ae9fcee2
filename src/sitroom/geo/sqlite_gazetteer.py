"""An on-disk gazetteer imported from GeoNames dump files into SQLite (an indexed normalized-name
column), and the importer behind `sitroom gazetteer import`."""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from ..errors import BadInput, ResourceError
from ..records import Candidate
from .gazetteer import (
    ALIAS,
    BUILD_VERSION,
    FUZZY,
    NAME,
    GazetteerEntry,
    candidate_from_row,
)
from .names import norm, skeleton

SCHEMA_VERSION = "1"
DEFAULT_NAME = "gazetteer.sqlite"  # under `cache_dir()`: used automatically once it exists
# alternateNames "languages" that are codes or links, not names.
_SKIP_LANGUAGES = frozenset(
    {"post", "link", "iata", "icao", "faac", "wkdt", "unlc", "tcid", "abbr", "fr_1793"}
)
_BATCH = 20_000
Progress = Callable[[str, int, int], None]  # (label, bytes done, bytes total)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
  admin1 TEXT, admin2 TEXT, fclass TEXT, fcode TEXT, pop INTEGER);
CREATE TABLE names (key TEXT NOT NULL, kind INTEGER NOT NULL, place INTEGER NOT NULL);
"""
_SELECT = (
    "SELECT p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.admin2, p.fclass, p.fcode, p.pop,"
    " MIN(n.kind) FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? AND n.kind {op} 2"
    " GROUP BY p.id ORDER BY MIN(n.kind), p.pop DESC LIMIT ?"
)


class SqliteGazetteer:
    """Read-only lookups in an imported index; same candidate order as `IndexedGazetteer`."""

    def __init__(self, path: str | Path, *, max_exact: int = 40, max_fuzzy: int = 20) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ResourceError(f"gazetteer index not found: {path}")
        try:
            self._db = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise ResourceError(
                f"gazetteer index {path} is damaged ({exc}); rebuild it with "
                "`sitroom gazetteer import FILE...`"
            ) from exc
        if meta.get("complete") != "1" or meta.get("schema") != SCHEMA_VERSION:
            raise ResourceError(
                f"gazetteer index {path} is incomplete or from another version; rebuild it with "
                f"`sitroom gazetteer import {meta.get('sources', 'FILE...')}`"
            )
        self.meta = meta
        self._lock = threading.Lock()
        self._caps = (max_exact, max_fuzzy)
        self._rows = lru_cache(maxsize=50_000)(self._rows_uncached)

    def __len__(self) -> int:
        return int(self.meta.get("places", 0))

    def _query(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _rows_uncached(self, name: str) -> tuple[tuple[Any, ...], ...]:
        key = norm(name)
        if key.startswith("the "):
            key = key[4:]
        rows = self._query(_SELECT.format(op="<"), (key, self._caps[0]))
        seen = {r[0] for r in rows}
        skel = skeleton(name)
        if len(skel) >= 4:
            for r in self._query(_SELECT.format(op="="), (skel, self._caps[1])):
                if r[0] not in seen:
                    rows.append(r)
        return tuple(rows)

    def lookup(self, name: str) -> list[Candidate]:
        return [_candidate(row) for row in self._rows(name)]

    def get(self, geonameid: int) -> Candidate | None:
        rows = self._query(
            "SELECT id, name, lat, lon, country, admin1, admin2, fclass, fcode, pop, 0"
            " FROM places WHERE id = ?",
            (geonameid,),
        )
        return _candidate(rows[0]) if rows else None

    def close(self) -> None:
        self._db.close()


def _candidate(row: tuple[Any, ...]) -> Candidate:
    """A stored row whose last column says how the name matched."""
    return candidate_from_row(row[:-1], row[-1])


@contextmanager
def _lines(path: Path, progress: Progress | None) -> Iterator[Iterator[str]]:
    """Text lines of a .txt or of the first .txt inside a .zip, reporting bytes read."""
    archive = None
    if path.suffix == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise BadInput(f"{path}: not a readable zip file ({exc})") from exc
        members = [m for m in archive.infolist() if m.filename.endswith(".txt")]
        members = [m for m in members if not m.filename.lower().startswith("readme")]
        if not members:
            raise BadInput(f"{path}: no .txt file inside")
        total = members[0].file_size
        raw: IO[bytes] = archive.open(members[0])
    else:
        total = path.stat().st_size
        raw = open(path, "rb")

    def read() -> Iterator[str]:
        done = 0
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8", errors="replace")):
            done += len(line)  # characters: close enough to bytes for a progress bar
            if progress is not None and number % 50_000 == 0:
                progress(path.name, min(done, total), total)
            yield line.rstrip("\n")
        if progress is not None:
            progress(path.name, total, total)

    try:
        yield read()
    finally:
        raw.close()
        if archive is not None:
            archive.close()


def _is_alternate_names(path: Path) -> bool:
    return "alternatename" in path.name.lower()


def _entry_rows(entry: GazetteerEntry) -> tuple[tuple[Any, ...], list[tuple[str, int, int]]]:
    place = (
        entry.geonameid,
        entry.name,
        entry.lat,
        entry.lon,
        entry.country,
        entry.admin1,
        entry.admin2,
        entry.feature_class,
        entry.feature_code,
        entry.population,
    )
    names: list[tuple[str, int, int]] = []
    for kind, group in ((NAME, (entry.name,)), (ALIAS, entry.alternate_names)):
        for name in group:
            key = norm(name)
            if key:
                names.append((key, kind, entry.geonameid))
    skel = skeleton(entry.name)
    if len(skel) >= 4:
        names.append((skel, FUZZY, entry.geonameid))
    return place, names


def _insert(db: sqlite3.Connection, entries: Iterable[GazetteerEntry]) -> int:
    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, int]] = []
    count = 0

    def flush() -> None:
        db.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        db.executemany("INSERT INTO names VALUES (?,?,?)", names)
        places.clear()
        names.clear()

    for entry in entries:
        place, keys = _entry_rows(entry)
        places.append(place)
        names.extend(keys)
        count += 1
        if len(places) >= _BATCH:
            flush()
    flush()
    return count


def _alternate_names(lines: Iterator[str]) -> Iterator[tuple[str, int, int]]:
    from .build import good_alternate

    for line in lines:
        cols = line.split("\t")
        if len(cols) < 4 or not cols[1].isdigit() or cols[2] in _SKIP_LANGUAGES:
            continue
        if len(cols) > 7 and cols[7] == "1":
            continue  # historic names
        if good_alternate(cols[3]) and (key := norm(cols[3])):
            yield key, ALIAS, int(cols[1])


def import_dumps(
    files: list[str | Path],
    out: str | Path,
    *,
    embedded: Callable[[], Iterable[GazetteerEntry]] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build the index at `out` from the embedded entries plus GeoNames `geoname` dumps
    (allCountries.zip, XX.txt, cities500.zip) and alternateNames files; written to a temporary
    file renamed into place, so that a failed import never leaves a half-built index behind."""
    from .build import admin1_names, build_entries, read_dump

    paths = [Path(f) for f in files]
    if not paths:
        raise BadInput("gazetteer import: give at least one GeoNames dump file")
    for path in paths:
        if not path.is_file():
            raise BadInput(f"gazetteer import: file not found: {path}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        if progress is not None:
            progress("embedded gazetteer", 0, 1)
        count = _insert(db, (embedded or build_entries)())
        if progress is not None:
            progress("embedded gazetteer", 1, 1)
        display = admin1_names()
        aliases = 0
        for path in sorted(paths, key=_is_alternate_names):  # places before their names
            with _lines(path, progress) as lines:
                if _is_alternate_names(path):
                    batch: list[tuple[str, int, int]] = []
                    for row in _alternate_names(lines):
                        batch.append(row)
                        if len(batch) >= _BATCH:
                            db.executemany("INSERT INTO names VALUES (?,?,?)", batch)
                            aliases += len(batch)
                            batch.clear()
                    db.executemany("INSERT INTO names VALUES (?,?,?)", batch)
                    aliases += len(batch)
                else:
                    count += _insert(db, read_dump(lines, display))
        if progress is not None:
            progress("index", 0, 1)
        db.execute("CREATE INDEX names_key ON names (key, kind, place)")
        places = db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        meta = {
            "schema": SCHEMA_VERSION,
            "build": BUILD_VERSION,
            "places": str(places),
            "sources": " ".join(str(p) for p in paths),
            "complete": "1",
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
        if progress is not None:
            progress("index", 1, 1)
    except BaseException:
        db.close()
        partial.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(partial, out)
    return {"path": str(out), "places": places, "rows_read": count, "alternate_names": aliases}
