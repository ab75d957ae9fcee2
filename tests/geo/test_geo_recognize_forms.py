"""Written forms of names the tokenizer or the model cut: "ST. JOHN'S", "D-Iowa City",
"Newfoundland and Labrador"; and the key under which name variants count as one name."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.candidates import name_key
from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Recognizer

_NLP = spacy.blank("en")


def _gazetteer() -> InMemoryGazetteer:
    return InMemoryGazetteer(
        [
            GazetteerEntry(
                1,
                "St. John's",
                47.6,
                -52.7,
                "CA",
                "Newfoundland and Labrador",
                None,
                "P",
                "PPL",
                100000,
            ),
            GazetteerEntry(
                2,
                "Newfoundland and Labrador",
                52.0,
                -56.0,
                "CA",
                "Newfoundland and Labrador",
                None,
                "A",
                "ADM1",
                500000,
            ),
            GazetteerEntry(3, "Iowa City", 41.7, -91.5, "US", "Iowa", None, "P", "PPL", 75000),
        ]
    )


def _texts(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str]]) -> list[str]:
    doc = Doc(
        _NLP.vocab, words=words, spaces=spaces, sent_starts=[i == 0 for i in range(len(words))]
    )
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "X"
    mentions, _ = Recognizer(_gazetteer())(doc)
    return [m.toponym.text for m in mentions]


def test_an_abbreviation_split_from_its_period_runs_on_into_the_name() -> None:
    words = ["ST", ".", "JOHN", "'S", "mourned", "."]
    spaces = [False, True, False, True, False, False]
    assert _texts(words, spaces, [(0, 1, "GPE")]) == ["ST. JOHN'S"]


def test_a_party_letter_is_not_part_of_the_district() -> None:
    words = ["Rep.", "Lee", ",", "D", "-", "Iowa", "City", ",", "spoke"]
    spaces = [True, False, True, False, False, True, False, True, False]
    assert _texts(words, spaces, [(3, 7, "GPE")]) == ["Iowa City"]


def test_and_inside_a_known_name_extends_the_span() -> None:
    words = ["Ties", "of", "Newfoundland", "and", "Labrador", "to", "the", "sea"]
    spaces = [True] * 7 + [False]
    assert _texts(words, spaces, [(2, 3, "GPE")]) == ["Newfoundland and Labrador"]


def test_name_key_drops_generic_and_compass_words_only() -> None:
    assert name_key("Dublin City") == "dublin"
    assert name_key("downtown Paris") == "paris"
    assert name_key("North") == "north"  # nothing left: the name stays itself
    assert name_key("Kansas City") == "kansas"
    assert name_key("Jackson County") == "jackson county"


def test_an_abbreviated_name_is_also_looked_up_written_out() -> None:
    gaz = InMemoryGazetteer(
        [
            GazetteerEntry(
                10, "Mt Pleasant", 49.3, -123.1, "CA", "British Columbia", None, "P", "PPL", 30000
            ),
            GazetteerEntry(11, "Mount Pleasant", 41.0, -91.6, "US", "Iowa", None, "P", "PPL", 8000),
        ]
    )
    found = Ranker(gaz)._lookup_expanded("Mt. Pleasant")
    assert {c.geonameid: "match_name" in c.features for c in found} == {10: True, 11: True}
