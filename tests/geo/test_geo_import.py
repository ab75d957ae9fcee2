"""`sitroom gazetteer import`: a tiny GeoNames-format fixture (invented places) into the SQLite
index, lookups through it, automatic use from the cache folder, and bad or half-built inputs."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.errors import BadInput, ResourceError
from sitroom.geo import gazetteer as gazetteer_module
from sitroom.geo.gazetteer import GazetteerEntry, open_gazetteer
from sitroom.geo.sqlite_gazetteer import SqliteGazetteer, import_dumps

FIXTURES = Path(__file__).parent / "fixtures"
DUMP = FIXTURES / "geonames_ZZ.txt"
ALTS = FIXTURES / "alternateNamesV2_ZZ.txt"


def _embedded() -> list[GazetteerEntry]:
    return [
        GazetteerEntry(163843, "Syria", 35.0, 38.0, "SY", None, None, "A", "PCLI", 22_000_000),
        GazetteerEntry(9000001, "Zaytun (embedded)", 34.6, 36.4, "SY", "Homs", None, "P", "PPL", 5),
    ]


@pytest.fixture
def index(tmp_path: Path) -> Path:
    out = tmp_path / "gaz.sqlite"
    seen: list[str] = []
    summary = import_dumps(
        [ALTS, DUMP], out, embedded=_embedded, progress=lambda label, d, t: seen.append(label)
    )
    assert summary["places"] == 4  # two embedded (one shared id), two new; the broken row skipped
    assert "geonames_ZZ.txt" in seen and "alternateNamesV2_ZZ.txt" in seen
    return out


def test_lookup_by_name_alias_and_alternate_names(index: Path) -> None:
    gaz = SqliteGazetteer(index)
    (hit,) = gaz.lookup("Qaryat Zaytun")
    assert hit.geonameid == 9000001 and hit.name == "Zaytun (embedded)"  # embedded row wins
    assert "match_name" in hit.features
    assert [c.geonameid for c in gaz.lookup("Olive Hamlet")] == [9000001]  # alternateNames file
    assert "match_alias" in gaz.lookup("Olive Hamlet")[0].features
    assert gaz.lookup("Tell Abiad le Petit")[0].geonameid == 9000003
    assert gaz.lookup("Old Abyadh Fort") == []  # historic names are left out
    assert gaz.lookup("12345") == [] and gaz.lookup("Broken Row") == []
    wadi = gaz.get(9000002)
    assert wadi is not None and wadi.feature_class == "H" and wadi.admin1 == "Homs"
    assert gaz.get(1) is None and len(gaz) == 4


def test_fuzzy_skeleton_match(index: Path) -> None:
    found = SqliteGazetteer(index).lookup("Qaryat Zeytoun")
    assert found and found[0].geonameid == 9000001 and "match_fuzzy" in found[0].features


def test_zip_input(tmp_path: Path) -> None:
    archive = tmp_path / "ZZ.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(DUMP, "ZZ.txt")
    out = tmp_path / "z.sqlite"
    import_dumps([archive], out, embedded=list)
    assert SqliteGazetteer(out).lookup("Wadi Sinnar")[0].geonameid == 9000002


def test_missing_file_and_bad_zip(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="not found"):
        import_dumps([tmp_path / "nope.zip"], tmp_path / "x.sqlite", embedded=list)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BadInput):
        import_dumps([bad], tmp_path / "x.sqlite", embedded=list)
    assert not (tmp_path / "x.sqlite").exists() and not (tmp_path / "x.sqlite.partial").exists()


def test_half_built_or_corrupt_index_is_a_clear_error(tmp_path: Path, index: Path) -> None:
    with sqlite3.connect(index) as db:
        db.execute("DELETE FROM meta WHERE key = 'complete'")
    with pytest.raises(ResourceError, match="rebuild"):
        SqliteGazetteer(index)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"garbage" * 100)
    with pytest.raises(ResourceError, match="rebuild"):
        SqliteGazetteer(junk)


def test_cli_import_is_used_automatically(tmp_path: Path, monkeypatch) -> None:
    import sitroom.geo.build as build
    from sitroom.cli import app

    monkeypatch.setenv("SITROOM_CACHE", str(tmp_path))
    monkeypatch.setattr(build, "build_entries", _embedded)
    monkeypatch.setattr(gazetteer_module, "_OPEN", {})
    result = CliRunner().invoke(app, ["--quiet", "gazetteer", "import", str(DUMP)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gazetteer.sqlite").is_file()
    gaz = open_gazetteer(None)
    assert isinstance(gaz, SqliteGazetteer)
    assert gaz.lookup("Wadi Sinnar")[0].geonameid == 9000002
    missing = CliRunner().invoke(app, ["gazetteer", "import", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2
