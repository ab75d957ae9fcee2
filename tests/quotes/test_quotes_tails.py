"""Content boundaries against annotated-news conventions: an object's time and place adverbials
stay out, the clause after a cue is its report, a participle after a parenthetical cue is no content.
"""

from __future__ import annotations

import pytest

from sitroom.quotes.lexicon import boundaries

pytestmark = pytest.mark.slow


def by_cue(analysis, cue: str):
    found = [a for a in analysis.attributions if a.cue is not None and a.cue.text == cue]
    assert len(found) == 1, [(a.cue and a.cue.text, a.content.text) for a in analysis.attributions]
    return found[0]


def test_object_tail_table_keeps_complements_and_drops_adverbials():
    rules = boundaries()
    assert {"as", "for"} <= rules.tail_preps
    assert not {"during", "after", "before"} & rules.tail_preps
    assert "npadvmod" not in rules.tail_deps and "conj" not in rules.tail_deps


def test_time_phrase_after_an_object_is_left_out(attribute):
    a = attribute("The governor endorsed the mayor during a rally in the capital.")
    att = by_cue(a, "endorsed")
    assert att.content.text == "the mayor"


def test_complement_after_an_object_stays(attribute):
    a = attribute("The minister described the ceasefire as a fragile first step.")
    att = by_cue(a, "described")
    assert att.content.text == "the ceasefire as a fragile first step"


def test_clause_after_the_cue_wins_over_the_sentence_before_it(attribute):
    a = attribute(
        "Last month the union polled its members online: 1,400 teachers said they wanted "
        "a new contract."
    )
    att = by_cue(a, "said")
    assert att.content.text == "they wanted a new contract"


def test_participle_after_a_parenthetical_cue_is_not_content(attribute):
    a = attribute("The talks will resume next week, the envoy said, adding that both sides agreed.")
    att = by_cue(a, "said")
    assert att.content.text == "The talks will resume next week"
