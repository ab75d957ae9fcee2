"""Names coordinated before a plural admin word ("Jackson and Barrow counties") read as that
kind of region and resolve together; a county opening an organization name is the county."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Recognizer

_NLP = spacy.blank("en")


def _gazetteer() -> InMemoryGazetteer:
    # invented populations; the bigger namesakes lie in other states
    return InMemoryGazetteer(
        [
            GazetteerEntry(
                1, "Barrow County", 34.0, -83.7, "US", "Georgia", None, "A", "ADM2", 80000
            ),
            GazetteerEntry(
                2, "Jackson County", 34.1, -83.6, "US", "Georgia", None, "A", "ADM2", 70000
            ),
            GazetteerEntry(
                3, "Jackson County", 39.0, -94.3, "US", "Missouri", None, "A", "ADM2", 700000
            ),
            GazetteerEntry(
                4, "Jackson", 32.3, -90.2, "US", "Mississippi", None, "P", "PPL", 150000
            ),
            GazetteerEntry(5, "Barrow", 71.3, -156.8, "US", "Alaska", None, "P", "PPL", 4000),
            GazetteerEntry(6, "Georgia", 32.8, -83.5, "US", "Georgia", None, "A", "ADM1", 9000000),
        ]
    )


def _doc(words: list[str], pos: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(_NLP.vocab, words=words, pos=pos, sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_every_coordinated_name_takes_the_shared_county_word() -> None:
    words = ["Schools", "in", "Jackson", "and", "Barrow", "counties", "grew", "."]
    pos = ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "NOUN", "VERB", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (4, 5, "GPE")])
    mentions, _ = Recognizer(_gazetteer())(doc)
    assert [(m.toponym.text, m.lookup, m.cue) for m in mentions] == [
        ("Jackson", "Jackson County", "ADM2"),
        ("Barrow", "Barrow County", "ADM2"),
    ]
    places, _ = Ranker(_gazetteer()).resolve(mentions, [], doc.text)
    assert [p.chosen.geonameid for p in places if p.chosen] == [2, 1]  # both in Georgia


def test_a_name_the_gazetteer_does_not_back_stops_the_coordination() -> None:
    words = ["Farms", "in", "Jackson", "and", "Zzyzx", "counties", "."]
    pos = ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "NOUN", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE")])
    mentions, _ = Recognizer(_gazetteer())(doc)
    assert [(m.toponym.text, m.lookup) for m in mentions] == [("Jackson", "Jackson")]


def test_a_capitalized_plural_is_no_shared_admin_word() -> None:
    words = ["Georgia", "and", "Jackson", "Counties", "Association", "met", "."]
    pos = ["PROPN", "CCONJ", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = _doc(words, pos, [(0, 1, "GPE")])
    mentions, _ = Recognizer(_gazetteer())(doc)
    assert [m.toponym.text for m in mentions] == ["Georgia"]


def test_a_county_opening_an_organization_name_is_the_county() -> None:
    words = ["The", "Jackson", "County", "Sheriff", "Office", "said", "so", "."]
    pos = ["DET", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "ADV", "PUNCT"]
    doc = _doc(words, pos, [(0, 5, "ORG")])
    mentions, _ = Recognizer(_gazetteer())(doc)
    # not the bigger city "Jackson" that opens the name too
    assert [(m.toponym.text, m.lookup, m.cue) for m in mentions] == [
        ("Jackson County", "Jackson County", "ADM2")
    ]
