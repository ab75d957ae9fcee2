"""Facilities (streets, buildings) are placed at their town: the one written after them, else
the document's main town; one named after a place read elsewhere is that place."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Recognizer

_NLP = spacy.blank("en")


def _doc(words: list[str], pos: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(_NLP.vocab, words=words, pos=pos, sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _resolve(gaz, doc: Doc):
    mentions, countries = Recognizer(gaz)(doc)
    places, _ = Ranker(gaz).resolve(mentions, countries, doc.text)
    return {p.toponym.text: p for p in places}


def test_facility_is_placed_at_the_town_written_after_it(gaz) -> None:
    words = ["Shots", "near", "Grand", "Mosque", "in", "Homs", "and", "in", "Qusayr", "."]
    pos = ["NOUN", "ADP", "PROPN", "PROPN", "ADP", "PROPN", "CCONJ", "ADP", "PROPN", "PUNCT"]
    doc = _doc(words, pos, [(2, 4, "FAC"), (5, 6, "GPE"), (8, 9, "GPE")])
    places = _resolve(gaz, doc)
    mosque, homs = places["Grand Mosque"], places["Homs"]
    assert mosque.chosen is not None and mosque.chosen.geonameid == homs.chosen.geonameid
    assert "facility_anchor" in mosque.chosen.features
    assert 0 < mosque.confidence <= homs.confidence


def test_facility_without_a_town_after_it_goes_to_the_main_town(gaz) -> None:
    words = ["Rally", "in", "Homs", ".", "Crowds", "filled", "Clock", "Square", "."]
    pos = ["NOUN", "ADP", "PROPN", "PUNCT", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (6, 8, "FAC")])
    places = _resolve(gaz, doc)
    square = places["Clock Square"]
    assert square.chosen is not None and square.chosen.geonameid == places["Homs"].chosen.geonameid
    assert square.confidence < places["Homs"].confidence


def test_facility_alone_stays_unresolved(gaz) -> None:
    words = ["Crowds", "filled", "Clock", "Square", "."]
    doc = _doc(words, ["NOUN", "VERB", "PROPN", "PROPN", "PUNCT"], [(2, 4, "FAC")])
    assert _resolve(gaz, doc)["Clock Square"].chosen is None


def test_facility_named_after_a_place_of_the_story_is_that_place(gaz) -> None:
    words = ["Fire", "in", "Qusayr", ".", "Qusayr", "Hospital", "is", "full", "."]
    pos = ["NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "AUX", "ADJ", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (4, 6, "ORG")])
    mentions, _ = Recognizer(gaz)(doc)
    assert [m.toponym.text for m in mentions] == ["Qusayr", "Qusayr"]


def test_facility_named_after_a_big_town_with_no_story_town(gaz) -> None:
    words = ["Flights", "left", "Paris", "Airport", "."]
    doc = _doc(words, ["NOUN", "VERB", "PROPN", "PROPN", "PUNCT"], [(2, 4, "FAC")])
    airport = _resolve(gaz, doc)["Paris Airport"]
    assert airport.chosen is not None and airport.chosen.country == "FR"
