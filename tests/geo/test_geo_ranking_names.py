"""Ranking details: namesake prominence in co-location, official country forms, compass words."""

from __future__ import annotations

from sitroom.geo.context import add_colocation_features
from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym


def _mention(text: str, start: int = 0) -> Mention:
    return Mention(Toponym(start, start + len(text), text), "GPE", text)


def _capitals_and_namesakes() -> InMemoryGazetteer:
    """Invented populations: two capitals, each with a small namesake in the same far region."""
    rows = [
        (1, "Capitola", 10.0, 10.0, "AA", "North", 5_000_000, "PPLC"),
        (2, "Capitola", 50.0, -80.0, "BB", "Lakes", 20_000, "PPL"),
        (3, "Metropa", 12.0, 14.0, "CC", "East", 2_000_000, "PPLC"),
        (4, "Metropa", 50.3, -80.4, "BB", "Lakes", 9_000, "PPL"),
        (5, "Smallton", 40.0, -90.0, "BB", "Prairie", 3_000, "PPL"),
        (6, "Smallton", 30.0, -95.0, "BB", "Gulf", 8_000, "PPL"),
        (7, "Tinyville", 40.2, -90.1, "BB", "Prairie", 1_500, "PPL"),
        (8, "Tinyville", 33.0, -84.0, "BB", "Hills", 2_500, "PPL"),
    ]
    return InMemoryGazetteer(
        [
            GazetteerEntry(i, name, lat, lon, cc, adm1, None, "P", code, pop)
            for i, name, lat, lon, cc, adm1, pop, code in rows
        ]
        + [GazetteerEntry(9, "Armenia", 40.25, 45.0, "AM", None, None, "A", "PCLI", 3_000_000)]
        + [GazetteerEntry(10, "Republic", 37.1, -93.5, "US", "Missouri", None, "P", "PPL", 16_000)]
        + [GazetteerEntry(11, "North West", -26.4, 26.1, "ZA", "North West", None, "A", "ADM1", 9)]
    )


def test_namesakes_of_big_places_hardly_vouch_for_each_other() -> None:
    gaz = _capitals_and_namesakes()
    groups = {"capitola": gaz.lookup("Capitola"), "metropa": gaz.lookup("Metropa")}
    add_colocation_features(groups)
    small = next(c for c in groups["capitola"] if c.geonameid == 2)
    assert small.features["admin1_support"] < 0.1  # the Metropa namesake is 0.2 % of Metropa


def test_namesakes_of_small_towns_vouch_fully() -> None:
    gaz = _capitals_and_namesakes()
    groups = {"smallton": gaz.lookup("Smallton"), "tinyville": gaz.lookup("Tinyville")}
    add_colocation_features(groups)
    prairie = next(c for c in groups["smallton"] if c.geonameid == 5)
    assert prairie.features["admin1_support"] > 0.3


def test_official_form_resolves_to_the_country() -> None:
    gaz = _capitals_and_namesakes()
    text = "the Republic of Armenia"
    places, _ = Ranker(gaz).resolve([_mention("Republic of Armenia", 4)], [], text)
    assert places[0].chosen is not None and places[0].chosen.geonameid == 9


def test_compass_words_are_not_a_name_of_their_own() -> None:
    gaz = _capitals_and_namesakes()
    places, _ = Ranker(gaz).resolve([_mention("north west Capitola")], [], "north west Capitola")
    chosen = places[0].chosen
    assert chosen is not None and chosen.name == "Capitola"  # not the "North West" province


def test_local_official_forms_and_abbreviated_compass_words() -> None:
    gaz = _capitals_and_namesakes()
    for text in ("Town of Capitola", "S.E. Capitola"):
        places, _ = Ranker(gaz).resolve([_mention(text)], [], text)
        assert places[0].chosen is not None and places[0].chosen.name == "Capitola", text


def _arabic_spellings() -> InMemoryGazetteer:
    return InMemoryGazetteer(
        [
            GazetteerEntry(21, "Ar Rutbah", 33.04, 40.28, "IQ", "Anbar", None, "P", "PPL", 22_000),
            GazetteerEntry(
                22, "Samarra", 34.2, 43.87, "IQ", "Salah ad Din", None, "P", "PPL", 158_000
            ),
            GazetteerEntry(23, "Samara", 53.2, 50.15, "RU", "Samara", None, "P", "PPL", 1_163_000),
        ]
    )


def test_article_and_final_h_spellings_are_aliases_not_fuzzy() -> None:
    gaz = _arabic_spellings()
    places, _ = Ranker(gaz).resolve([_mention("Rutba")], [], "Rutba")
    assert places[0].chosen is not None and places[0].chosen.geonameid == 21
    assert "match_alias" in places[0].chosen.features


def test_fuzzy_readings_give_way_to_an_exact_name() -> None:
    places, _ = Ranker(_arabic_spellings()).resolve([_mention("Samarra")], [], "Samarra")
    assert [c.geonameid for c in places[0].alternatives] == [22]
