"""Continuations resolve to the earlier speaker: pronouns, "the source", surnames, first person."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def by_cue(analysis, cue: str):
    return next(a for a in analysis.attributions if a.cue is not None and a.cue.text == cue)


def test_it_added_continues_the_anonymous_source_and_its_outlet(attribute):
    text = (
        "Fighting resumed near the river town on Monday.\n"
        "A source from the rebel coalition told Reuters that government troops had withdrawn from two villages.\n"
        "“The soldiers left before dawn. Nobody fired a shot,” it added."
    )
    added = by_cue(attribute(text), "added")
    assert added.direct
    assert added.speaker.name == "A source from the rebel coalition"
    assert added.speaker.affiliation_kind == "member_of"
    assert [e.text for e in added.speaker.evidence] == ["it", "A source from the rebel coalition"]
    assert added.via == "Reuters"


def test_the_source_prefers_the_matching_description(attribute):
    text = (
        "An army source said the road was closed.\n"
        "A diplomat close to the talks said progress was slow.\n"
        "“The road will reopen within days,” declared the army source."
    )
    declared = by_cue(attribute(text), "declared")
    assert declared.speaker.name == "An army source"
    assert declared.speaker.evidence[0].text == "the army source"


def test_he_continued_across_paragraphs(attribute):
    text = "Mayor John Ellison said the shelling had stopped.\n\n“We are counting the damage,” he continued."
    continued = by_cue(attribute(text), "continued")
    assert continued.speaker.name == "John Ellison"
    assert continued.speaker.kind == "person"


def test_surname_refers_back_to_full_name(attribute):
    text = "Defence Minister Karim Haddad said the border was sealed. Later Haddad said patrols were doubled."
    a = attribute(text)
    later = [x for x in a.attributions if x.cue.text == "said"][1]
    assert later.speaker.name == "Karim Haddad"
    assert later.speaker.evidence[0].text == "Haddad"


def test_first_person_inside_a_quote_is_the_quoting_speaker(attribute):
    text = (
        "“I warned the council that the siege would last all winter,” the governor told reporters."
    )
    a = attribute(text)
    inner = next(x for x in a.attributions if x.cue is not None and x.cue.text == "warned")
    assert inner.speaker.name == "governor"
    assert inner.speaker.evidence[0].text == "I"


def test_cueless_quote_paragraph_joins_the_previous_quote(attribute):
    text = "“We need water,” a nurse said.\n\n“The generators stopped on Sunday and nobody came to fix them.”"
    a = attribute(text)
    assert len(a.attributions) == 1
    assert a.attributions[0].content.text.endswith("fix them.”")


def test_second_quote_continues_past_a_trailing_according_to(attribute):
    text = (
        "“We will keep the clinic open all winter,” Dana Ortiz said, according to the radio station. "
        "“Nobody will be turned away.”"
    )
    said = by_cue(attribute(text), "said")
    assert said.content.text.startswith("“We will keep")
    assert said.content.text.endswith("turned away.”")
    assert said.speaker.name == "Dana Ortiz"


def test_second_quote_continues_past_a_participle_after_the_cue(attribute):
    text = (
        "“It has been a hard month,” Dana Ortiz said, asked about the closures on Tuesday. "
        "“Why would anyone be surprised?”"
    )
    said = by_cue(attribute(text), "said")
    assert said.content.text.endswith("surprised?”")


def test_cueless_titles_are_not_orphan_statements(attribute):
    text = (
        "The relief agency kept a reading list on its site.\n\n"
        "“Winter Shelters Fill Up Across the Northern Valleys,” by Lena Ortiz, was the first item.\n\n"
        "“The water trucks came twice this week and the clinic reopened on Sunday.”"
    )
    contents = [a.content.text for a in attribute(text).attributions]
    assert contents == [
        "“The water trucks came twice this week and the clinic reopened on Sunday.”"
    ]
