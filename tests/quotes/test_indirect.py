"""Cue, content and source spans found in the parse: clauses, quotes, colons, "according to", labels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def only(analysis, cue: str):
    found = [a for a in analysis.attributions if a.cue is not None and a.cue.text == cue]
    assert len(found) == 1, [(a.cue and a.cue.text, a.content.text) for a in analysis.attributions]
    return found[0]


def test_that_clause_with_addressee_outlet(attribute):
    a = attribute("A militia spokesman told Reuters that two bridges had been blown up.")
    att = only(a, "told")
    assert att.content.text == "that two bridges had been blown up"
    assert not att.direct
    assert att.via == "Reuters"
    assert att.speaker.evidence[0].text == "A militia spokesman"


def test_quote_before_inverted_cue(attribute):
    a = attribute("“The valley is quiet tonight,” said the district governor.")
    att = only(a, "said")
    assert att.direct
    assert att.content.text == "“The valley is quiet tonight,”"
    assert att.speaker.evidence[0].text == "the district governor"


def test_colon_then_quote_over_two_paragraphs(attribute):
    text = "Colonel Mark Reyes said:\n“The first convoy arrived at noon.\n“The second one is due tomorrow.”"
    att = only(attribute(text), "said")
    assert att.direct
    assert att.content.text.startswith("“The first convoy") and att.content.text.endswith(
        "tomorrow.”"
    )
    assert att.speaker.name == "Mark Reyes" and att.speaker.role == "colonel"


def test_split_quote_joins_into_one_content(attribute):
    text = "“We lost four men,” the captain said on the radio. “We will hold the ridge until relieved.”"
    att = only(attribute(text), "said")
    assert att.content.start == 0 and att.content.text.endswith("relieved.”")


def test_according_to_phrase(attribute):
    att = only(
        attribute("The bridge was destroyed overnight, according to local officials."),
        "according to",
    )
    assert att.content.text == "The bridge was destroyed overnight"
    assert att.speaker.kind == "anonymous" and att.speaker.evidence[0].text == "local officials"


def test_infinitive_and_preposition_frames(attribute):
    a = attribute(
        "The envoy urged both sides to respect the truce. The minister called for an inquiry into the raid."
    )
    assert only(a, "urged").content.text == "both sides to respect the truce"
    assert only(a, "called for").content.text == "an inquiry into the raid"


def test_scare_quotes_are_not_statements(attribute):
    a = attribute("The so-called “buffer zone” was mapped by engineers last year.")
    assert a.attributions == []


def test_transcript_label(attribute):
    a = attribute(
        "REPORTER: Where did the shells land?\n\nGENERAL HALE: Mostly in the old market, near the mosque."
    )
    contents = {att.content.text for att in a.attributions}
    assert "Mostly in the old market, near the mosque" in contents


def test_noun_cue_with_possessor_as_speaker(attribute):
    a = attribute(
        "The ministry rejected the group's claim that its fighters had taken the airport."
    )
    att = only(a, "claim")
    assert att.content.text == "that its fighters had taken the airport"
    assert att.speaker.evidence[0].text == "the group's"


def test_unlisted_verb_before_a_colon_quote(attribute):
    att = only(
        attribute("The commander shrugged: “We have seen worse winters than this one.”"), "shrugged"
    )
    assert att.direct and att.content.text.startswith("“We have seen")
