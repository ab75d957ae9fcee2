"""A name followed by a municipal institution ("the Jordan middle school") is a town's at every
mention: its country, state or region readings lose."""

from __future__ import annotations

from sitroom.geo.context import municipal_names
from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym

_PHRASES = frozenset({"middle school", "city council", "mayor"})


def _gazetteer() -> InMemoryGazetteer:
    return InMemoryGazetteer(
        [
            GazetteerEntry(1, "Jordan", 31.0, 36.0, "JO", None, None, "A", "PCLI", 10_000_000),
            GazetteerEntry(2, "Jordan", 44.7, -93.6, "US", "Minnesota", None, "P", "PPL", 6000),
            GazetteerEntry(
                3, "Minnesota", 46.0, -94.0, "US", "Minnesota", None, "A", "ADM1", 5_000_000
            ),
        ]
    )


def _chosen(text: str) -> list[int | None]:
    mentions = [
        Mention(Toponym(i, i + len(name), name), "GPE", name)
        for i in range(len(text))
        for name in ("Jordan", "Minnesota")
        if text.startswith(name, i)
    ]
    places, _ = Ranker(_gazetteer()).resolve(mentions, [], text)
    return [p.chosen.geonameid if p.chosen else None for p in places]


def test_a_municipal_institution_makes_every_mention_the_town() -> None:
    text = "A Minnesota team practises at the Jordan middle school. Jordan won twice."
    assert _chosen(text) == [3, 2, 2]


def test_without_one_the_country_stands() -> None:
    assert _chosen("A Minnesota team flew to Jordan. Jordan won twice.") == [3, 1, 1]


def test_possessive_and_punctuation_are_skipped() -> None:
    text = "Athens' City Council met; Paris, mayor of nothing; Rome's mayor."
    names = [("athens", 0, 6), ("paris", 26, 31), ("rome", 51, 55)]
    assert municipal_names(names, text, _PHRASES) == {"athens", "rome"}


def test_a_name_closing_a_street_address_is_a_towns() -> None:
    text = "Services at 400 S. Locust St., Lebanon, on Tuesday; peace in Lebanon."
    first, second = text.index("Lebanon"), text.rindex("Lebanon")
    names = [("lebanon", first, first + 7), ("beirut", second, second + 7)]
    found = municipal_names(names, text, _PHRASES, frozenset({"st", "ave"}))
    assert found == {"lebanon"}
