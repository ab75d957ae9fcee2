"""Recognition of places that spaCy labelled PERSON or ORG, on hand-built Docs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from sitroom.geo.recognize import Recognizer

_NLP = spacy.blank("en")


def _doc(words: list[str], pos: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(_NLP.vocab, words=words, pos=pos, sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _texts(gaz, doc: Doc) -> list[str]:
    mentions, _ = Recognizer(gaz)(doc)
    return [m.toponym.text for m in mentions]


def test_person_label_with_locative_cue_is_a_place(gaz) -> None:
    words = ["He", "lives", "in", "Paris", "now", "."]
    doc = _doc(words, ["PRON", "VERB", "ADP", "PROPN", "ADV", "PUNCT"], [(3, 4, "PERSON")])
    assert _texts(gaz, doc) == ["Paris"]


def test_person_label_before_its_state_is_a_place(gaz) -> None:
    words = ["He", "met", "Paris", ",", "Tennessee", "voters"]
    pos = ["PRON", "VERB", "PROPN", "PUNCT", "PROPN", "NOUN"]
    doc = _doc(words, pos, [(2, 3, "PERSON"), (4, 5, "GPE")])
    assert "Paris" in _texts(gaz, doc)


def test_person_label_without_cue_stays_a_person(gaz) -> None:
    words = ["He", "met", "Paris", "today", "."]
    doc = _doc(words, ["PRON", "VERB", "PROPN", "NOUN", "PUNCT"], [(2, 3, "PERSON")])
    assert _texts(gaz, doc) == []


def test_country_inside_an_organization_name(gaz) -> None:
    words = ["Air", "Syria", "Express", "said", "so", "."]
    pos = ["PROPN", "PROPN", "PROPN", "VERB", "ADV", "PUNCT"]
    doc = _doc(words, pos, [(0, 3, "ORG")])
    assert _texts(gaz, doc) == ["Syria"]
