"""Recognition on hand-built Docs: places spaCy labelled PERSON or ORG, names vouched for once
and found again, listed names, demonyms in compound adjectives."""

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


def test_a_place_named_once_is_a_place_at_its_other_mentions(gaz) -> None:
    words = ["Troops", "entered", "Qusayr", ".", "Qusayr", "Council", "met", "."]
    pos = ["NOUN", "VERB", "PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (4, 6, "ORG")])
    assert _texts(gaz, doc) == ["Qusayr", "Qusayr"]


def test_no_propagation_into_a_persons_name(gaz) -> None:
    words = ["Fighting", "in", "Lebanon", ".", "Lebanon", "Hilton", "spoke", "."]
    pos = ["NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (4, 6, "PERSON")])
    assert _texts(gaz, doc) == ["Lebanon"]


def test_unvouched_name_is_not_propagated(gaz) -> None:
    words = ["Paris", "Hilton", "met", "Paris", "fans", "."]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "NOUN", "PUNCT"]
    doc = _doc(words, pos, [(0, 2, "PERSON")])
    assert _texts(gaz, doc) == []


def test_demonym_in_compound_adjectives(gaz) -> None:
    words = ["the", "Syrian", "-", "backed", "force", "and", "anti-Syrian", "views"]
    pos = ["DET", "ADJ", "PUNCT", "VERB", "NOUN", "CCONJ", "ADJ", "NOUN"]
    doc = _doc(words, pos, [(1, 2, "NORP"), (6, 7, "NORP")])
    mentions, countries = Recognizer(gaz)(doc)
    assert [m.toponym.text for m in mentions] == ["Syrian", "Syrian"]
    assert countries.count("SY") == 2
    assert doc.text[mentions[1].toponym.start : mentions[1].toponym.end] == "Syrian"


def test_big_town_confirms_a_span_by_another_spelling(gaz) -> None:
    words = ["Shelling", "hit", "Hims", "today", "."]  # an alternate spelling of Homs (775k)
    doc = _doc(words, ["NOUN", "VERB", "PROPN", "NOUN", "PUNCT"], [])
    assert _texts(gaz, doc) == ["Hims"]


def test_names_listed_with_a_place_meet_the_bar_of_a_cue() -> None:
    from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer

    gaz = InMemoryGazetteer(
        [
            GazetteerEntry(1, "Qusayr", 34.5, 36.6, "SY", "Homs", None, "P", "PPL", 41000),
            GazetteerEntry(2, "Kfarzeit", 34.4, 36.5, "SY", "Homs", None, "P", "PPL", 800),
        ]
    )
    # an 800-people village is no place alone, but is one when listed after a town
    words = ["Shops", "in", "Qusayr", "and", "Kfarzeit", "closed", "."]
    pos = ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"]
    assert _texts(gaz, _doc(words, pos, [(2, 3, "GPE")])) == ["Qusayr", "Kfarzeit"]
    alone = ["Kfarzeit", "shops", "closed", "."]
    assert _texts(gaz, _doc(alone, ["PROPN", "NOUN", "VERB", "PUNCT"], [])) == []


def test_demonym_inside_an_organization_name(gaz) -> None:
    words = ["the", "BBC", "Syrian", "Service", "reported", "it"]
    pos = ["DET", "PROPN", "ADJ", "PROPN", "VERB", "PRON"]
    doc = _doc(words, pos, [(1, 4, "ORG")])
    mentions, _ = Recognizer(gaz)(doc)
    assert [(m.toponym.text, m.country) for m in mentions] == [("Syrian", "SY")]


def test_name_continued_by_a_particle_is_one_place() -> None:
    from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer

    gaz = InMemoryGazetteer(
        [
            GazetteerEntry(
                7, "Deir ez-Zor", 35.3, 40.1, "SY", "Deir ez-Zor", None, "P", "PPL", 270000
            )
        ]
    )
    words = ["Shelling", "hit", "Deir", "ez", "Zor", "today", "."]
    pos = ["NOUN", "VERB", "PROPN", "ADP", "PROPN", "NOUN", "PUNCT"]
    doc = _doc(words, pos, [(2, 3, "GPE"), (4, 5, "GPE")])  # spaCy stops at the particle
    assert _texts(gaz, doc) == ["Deir ez Zor"]


def test_a_demonym_coordinated_with_a_modifier_is_a_modifier(gaz) -> None:
    words = ["Syrian", ",", "Lebanese", "and", "Egyptian", "envoys", "met", "."]
    pos = ["ADJ", "PUNCT", "ADJ", "CCONJ", "ADJ", "NOUN", "VERB", "PUNCT"]
    heads = [5, 0, 0, 2, 2, 6, 6, 6]
    deps = ["amod", "punct", "conj", "cc", "conj", "nsubj", "ROOT", "punct"]
    doc = Doc(_NLP.vocab, words=words, pos=pos, heads=heads, deps=deps)
    doc.ents = [
        Span(doc, 0, 1, label="NORP"),
        Span(doc, 2, 3, label="NORP"),
        Span(doc, 4, 5, label="NORP"),
    ]
    texts = _texts(gaz, doc)
    assert "Lebanese" in texts and "Syrian" in texts
