"""Facilities named after places: a compass-qualified state inside one is the state, and several
facilities named after one town count as one name, not as mutual support for its biggest namesake."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention, Recognizer
from sitroom.records import Toponym

_NLP = spacy.blank("en")


def _gazetteer() -> InMemoryGazetteer:
    return InMemoryGazetteer(
        [
            GazetteerEntry(
                1, "Georgia", 32.8, -83.5, "US", "Georgia", None, "A", "ADM1", 10_000_000
            ),
            GazetteerEntry(2, "Texas", 31.3, -99.3, "US", "Texas", None, "A", "ADM1", 22_000_000),
            GazetteerEntry(
                3, "Mount Pleasant", 32.8, -79.9, "US", "South Carolina", None, "P", "PPL", 81_000
            ),
            GazetteerEntry(
                4, "Mount Pleasant", 33.2, -95.0, "US", "Texas", None, "P", "PPL", 16_000
            ),
        ]
    )


def test_a_compass_qualified_state_inside_a_facility_is_the_state() -> None:
    words = ["Taken", "to", "Northeast", "Georgia", "Medical", "Center", "."]
    doc = Doc(_NLP.vocab, words=words, sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, 2, 6, label="FAC")]
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "X"
    mentions, _ = Recognizer(_gazetteer())(doc)
    assert [m.toponym.text for m in mentions] == ["Georgia"]


def test_facilities_named_after_one_town_do_not_vouch_for_each_other() -> None:
    text = "Mount Pleasant High School and Mount Pleasant Fire Department, in Texas."
    names = ["Mount Pleasant High School", "Mount Pleasant Fire Department", "Texas"]
    mentions = []
    for name in names:
        start = text.index(name)
        label = "GPE" if name == "Texas" else "FACILITY"
        mentions.append(Mention(Toponym(start, start + len(name), name), label, name))
    places, _ = Ranker(_gazetteer()).resolve(mentions, [], text)
    assert [p.chosen.geonameid if p.chosen else None for p in places] == [4, 4, 2]
