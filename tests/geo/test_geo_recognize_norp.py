"""Recognition of big places that spaCy labelled NORP, possessives written without an apostrophe
and brackets glued into an entity, on hand-built Docs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.recognize import Recognizer

_NLP = spacy.blank("en")


def _doc(words: list[str], pos: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(_NLP.vocab, words=words, pos=pos, sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _lookups(gaz, doc: Doc) -> list[tuple[str, str]]:
    mentions, _ = Recognizer(gaz)(doc)
    return [(m.toponym.text, m.lookup) for m in mentions]


def test_norp_label_in_a_place_slot_is_a_place(gaz) -> None:
    words = ["Shells", "fell", "in", "Homs", "today", "."]
    doc = _doc(words, ["NOUN", "VERB", "ADP", "PROPN", "NOUN", "PUNCT"], [(3, 4, "NORP")])
    assert _lookups(gaz, doc) == [("Homs", "Homs")]


def test_norp_label_after_cue_of_is_a_place(gaz) -> None:
    words = ["Fighting", "north", "of", "Homs", "went", "on", "."]
    pos = ["NOUN", "ADV", "ADP", "PROPN", "VERB", "ADP", "PUNCT"]
    doc = _doc(words, pos, [(3, 4, "NORP")])
    assert _lookups(gaz, doc) == [("Homs", "Homs")]


def test_norp_label_without_a_slot_is_not_a_place(gaz) -> None:
    words = ["Homs", "fighters", "left", "."]
    doc = _doc(words, ["PROPN", "NOUN", "VERB", "PUNCT"], [(0, 1, "NORP")])
    assert _lookups(gaz, doc) == []


def test_possessive_without_apostrophe_is_looked_up_bare(gaz) -> None:
    words = ["Fighting", "in", "Homss", "outskirts", "."]
    doc = _doc(words, ["NOUN", "ADP", "PROPN", "NOUN", "PUNCT"], [(2, 3, "GPE")])
    assert _lookups(gaz, doc) == [("Homss", "Homs")]


def test_bracket_glued_into_an_entity_ends_the_name(gaz) -> None:
    words = ["Fighting", "in", "Homs", "(", "Syria", "went", "on", "."]
    pos = ["NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "VERB", "ADP", "PUNCT"]
    doc = _doc(words, pos, [(2, 5, "GPE")])
    assert ("Homs", "Homs") in _lookups(gaz, doc)
