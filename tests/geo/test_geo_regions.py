"""Region readings: a state named like an old alias of its capital, and foreign compass names
("Nord-Ouest") that the gazetteer keeps in English, steered by the document's country."""

from __future__ import annotations

from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym

GAZ = InMemoryGazetteer(
    [
        GazetteerEntry(1, "Lumeria", 1.0, 1.0, "BR", "Lumeria", None, "A", "ADM1", 9_000_000),
        GazetteerEntry(
            2, "Porto Alvo", 1.5, 1.5, "BR", "Lumeria", None, "P", "PPLA", 2_500_000, ("Lumeria",)
        ),
        GazetteerEntry(3, "Brazil", -10.0, -55.0, "BR", None, None, "A", "PCLI", 200_000_000),
        GazetteerEntry(
            4, "Nord-Ouest", 19.8, -72.7, "HT", "Nord-Ouest", None, "A", "ADM1", 700_000
        ),
        GazetteerEntry(5, "North-West", 6.2, 10.2, "CM", "North-West", None, "A", "ADM1", 900_000),
        GazetteerEntry(6, "Cameroon", 6.0, 12.0, "CM", None, None, "A", "PCLI", 25_000_000),
        GazetteerEntry(7, "Bamenda", 5.96, 10.15, "CM", "North-West", None, "P", "PPLA", 400_000),
    ]
)


def _m(text: str, start: int) -> Mention:
    return Mention(Toponym(start, start + len(text), text), "GPE", text)


def _ids(text: str, *names: str) -> list[int | None]:
    mentions = [_m(n, text.index(n)) for n in names]
    places, _ = Ranker(GAZ).resolve(mentions, [], text)
    return [p.chosen.geonameid if p.chosen else None for p in places]


def test_region_named_like_a_city_alias_is_the_region() -> None:
    assert _ids("Floods hit Lumeria, Brazil.", "Lumeria", "Brazil") == [1, 3]


def test_foreign_compass_name_resolves_in_the_document_country() -> None:
    text = "Clashes in Nord-Ouest near Bamenda, Cameroon."
    assert _ids(text, "Nord-Ouest", "Bamenda", "Cameroon") == [5, 7, 6]
    assert _ids("Storm in Nord-Ouest.", "Nord-Ouest") == [4]  # no context: the name match
