"""Names in one list ("Oregon and Washington", "Sharon, Cornwall and Salisbury") lean towards
readings of the same kind or the same region as the other members."""

from __future__ import annotations

from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym


def _gazetteer() -> InMemoryGazetteer:
    return InMemoryGazetteer(
        [
            GazetteerEntry(1, "Oregon", 44.0, -120.5, "US", "Oregon", None, "A", "ADM1", 4_000_000),
            GazetteerEntry(
                2, "Washington", 47.5, -120.5, "US", "Washington", None, "A", "ADM1", 1_000_000
            ),
            GazetteerEntry(
                3, "Washington", 38.9, -77.0, "US", "Washington, D.C.", None, "P", "PPLC", 700_000
            ),
        ]
    )


def _chosen(text: str, names: list[str]) -> list[int | None]:
    mentions = [Mention(Toponym(text.index(n), text.index(n) + len(n), n), "GPE", n) for n in names]
    places, _ = Ranker(_gazetteer()).resolve(mentions, [], text)
    return [p.chosen.geonameid if p.chosen else None for p in places]


def test_a_state_listed_with_a_state_is_the_state() -> None:
    assert _chosen("New laws in Oregon and Washington allow it.", ["Oregon", "Washington"]) == [
        1,
        2,
    ]


def test_unlisted_the_capital_stands() -> None:
    text = "New laws in Oregon allow it; Washington objects."
    assert _chosen(text, ["Oregon", "Washington"]) == [1, 3]
