"""Stance and belief cues (verbs, adjectives, document phrases) and where a reported clause ends."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def cued(analysis, cue: str):
    found = [a for a in analysis.attributions if a.cue is not None and a.cue.text == cue]
    assert len(found) == 1, [(a.cue and a.cue.text, a.content.text) for a in analysis.attributions]
    return found[0]


def test_belief_verb_reports_its_clause(attribute):
    att = cued(attribute("The senator thinks the ceasefire will collapse within a week."), "thinks")
    assert att.content.text == "the ceasefire will collapse within a week"
    assert att.speaker.evidence[0].text == "The senator"


def test_wish_verb_reports_its_infinitive(attribute):
    att = cued(attribute("The opposition wants to hold talks in Geneva next month."), "wants")
    assert att.content.text == "to hold talks in Geneva next month"


def test_adjective_with_preposition(attribute):
    att = cued(attribute("The governor is critical of the new curfew in the north."), "critical of")
    assert att.content.text == "the new curfew in the north"
    assert att.speaker.evidence[0].text == "The governor"


def test_adjective_with_infinitive(attribute):
    att = cued(attribute("The rebels are willing to negotiate with the army."), "willing")
    assert att.content.text == "to negotiate with the army"
    assert att.speaker.evidence[0].text == "The rebels"


def test_document_phrase_opening_the_sentence(attribute):
    att = cued(attribute("In a new poll, the governing party leads by four points."), "In")
    assert att.content.text == "the governing party leads by four points"
    assert att.speaker.evidence[0].text.endswith("poll")


def test_phrase_after_a_reporting_verb_stays_that_verbs_cue(attribute):
    a = attribute("The ministry said in a statement that the border was closed.")
    assert not [x for x in a.attributions if x.cue is not None and x.cue.text == "in"]


def test_comma_set_relative_clause_is_not_reported(attribute):
    a = attribute("The spokesman said the army shelled the village, which lies near the border.")
    assert cued(a, "said").content.text == "the army shelled the village"


def test_passive_with_agent_reports_its_subject(attribute):
    a = attribute("The truce was denounced by the rebel commander.")
    att = cued(a, "was denounced by")
    assert att.content.text == "The truce"
    assert att.speaker.evidence[0].text == "the rebel commander"
