"""Speaker records from the subject phrase: persons with titles and roles, anonymous sources with their
affiliation, groups, organizations and documents."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def first(analysis):
    assert analysis.attributions, "no attribution found"
    return analysis.attributions[0].speaker


def test_person_with_role_title_and_affiliation(attribute):
    speaker = first(
        attribute("Hamas commander Sheikh Ali Barakat warned that the group would answer any raid.")
    )
    assert speaker.kind == "person"
    assert speaker.name == "Ali Barakat"
    assert speaker.role == "commander"
    assert speaker.affiliation == "Hamas"


def test_anonymous_source_member_of(attribute):
    speaker = first(
        attribute("A source from the rebel coalition said government troops had withdrawn.")
    )
    assert speaker.kind == "anonymous"
    assert speaker.affiliation == "rebel coalition"
    assert speaker.affiliation_kind == "member_of"
    assert speaker.description == "A source from the rebel coalition"


def test_anonymous_source_close_to(attribute):
    a = attribute(
        "A source close to the militia told the newspaper that the convoy was never attacked.",
        outlet="The Daily Star",
    )
    speaker = a.attributions[0].speaker
    assert (speaker.kind, speaker.affiliation, speaker.affiliation_kind) == (
        "anonymous",
        "militia",
        "close_to",
    )
    assert a.attributions[0].via == "The Daily Star"  # "told the newspaper" = this article's outlet


def test_group_of_fighters(attribute):
    speaker = first(attribute("Kurdish fighters said they had repelled the attack."))
    assert speaker.kind == "group"
    assert speaker.affiliation == "Kurdish"


def test_document_heard_in_recordings(attribute):
    speaker = first(
        attribute(
            "In a video shared online, gunmen could be heard saying that the checkpoint had fallen."
        )
    )
    assert speaker.kind == "document"
    assert speaker.name == "a video shared online"
    assert speaker.evidence[0].text == "gunmen"


def test_organization(attribute):
    speaker = first(attribute("The Red Cross said the clinic had run out of fuel."))
    assert speaker.kind == "organization"
    assert speaker.name == "Red Cross"
