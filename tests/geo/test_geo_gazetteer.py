"""The name-indexed gazetteer: lookups by name, alias and skeleton; ids; saving and opening."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import ResourceError
from sitroom.geo.build import good_alternate
from sitroom.geo.gazetteer import Gazetteer, GazetteerEntry, IndexedGazetteer, open_gazetteer


def test_fake_satisfies_protocol(gaz) -> None:
    assert isinstance(gaz, Gazetteer)


def test_lookup_by_name_alias_and_skeleton(gaz) -> None:
    gaz = gaz
    by_alias = gaz.lookup("Qusayr")
    assert [c.geonameid for c in by_alias][:1] == [173322]
    assert "match_alias" in by_alias[0].features
    # the Egyptian town is reached through the transliteration skeleton only
    egypt = [c for c in by_alias if c.geonameid == 360531]
    assert egypt and "match_fuzzy" in egypt[0].features
    assert {c.geonameid for c in gaz.lookup("al-qusayr")} == {173322, 360531}
    assert gaz.lookup("Atlantis") == []


def test_lookup_returns_fresh_candidates(gaz) -> None:
    gaz = gaz
    first = gaz.lookup("Homs")
    first[0].score = 99.0
    first[0].features["x"] = 1.0
    again = gaz.lookup("Homs")
    assert again[0].score == 0.0 and "x" not in again[0].features


def test_get_by_id(gaz) -> None:
    gaz = gaz
    homs = gaz.get(169575)
    assert homs is not None and homs.feature_code == "ADM1" and homs.admin1 == "Homs"
    assert gaz.get(1) is None


def test_duplicate_ids_are_kept_once() -> None:
    entry = GazetteerEntry(1, "Somewhere", 0.0, 0.0, "XX")
    gaz = IndexedGazetteer.from_entries([entry, entry])
    assert len(gaz) == 1 and len(gaz.lookup("Somewhere")) == 1


def test_save_and_open_pickle(gaz, tmp_path: Path) -> None:
    path = tmp_path / "gaz.pkl"
    gaz.save(path)
    loaded = open_gazetteer(str(path))
    assert loaded.get(173322) is not None
    assert [c.geonameid for c in loaded.lookup("Qusair")][:1] == [173322]


def test_open_missing_file_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        open_gazetteer(str(tmp_path / "missing.pkl"))


def test_alternate_name_filter() -> None:
    assert good_alternate("El Quseir")
    assert not good_alternate("alqsyr")  # romanized non-Latin script, all lower case
    assert not good_alternate("QHS")  # airport code
    assert not good_alternate("القصير")
