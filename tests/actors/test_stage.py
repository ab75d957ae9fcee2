"""ActorStage on invented texts: qualifiers, aliases, coreference, evidence."""

import datetime as dt


def _names(analysis):
    return [(m.text, m.actor.name) for m in analysis.actors]


def test_country_qualifier_and_named_groups(analyze):
    a = analyze(
        "Kenyan police clashed with Al Shabaab fighters near the border.", events_stage=False
    )
    names = _names(a)
    assert ("Kenyan police", "Police Forces of Kenya") in names
    assert ("Al Shabaab fighters", "Al Shabaab") in names


def test_regime_resolves_to_the_state_of_the_article_country(analyze):
    text = "Syrian troops shelled the town. The regime later denied it."
    a = analyze(text, events_stage=False)
    assert ("the regime", "Military Forces of Syria") in [
        (m.text.lower(), m.actor.name) for m in a.actors
    ]


def test_the_party_is_hezbollah_only_when_hezbollah_is_mentioned(analyze):
    with_group = analyze(
        "Hezbollah sent fighters north. The party said they would stay.", events_stage=False
    )
    assert any(m.text == "The party" and m.actor.name == "Hezbollah" for m in with_group.actors)
    without = analyze("The party said its members would vote on Sunday.", events_stage=False)
    assert not any(m.actor.name == "Hezbollah" for m in without.actors)


def test_definite_noun_refers_to_previous_armed_group(analyze):
    a = analyze(
        "Boko Haram raided a village. The militants then fled into the forest.", events_stage=False
    )
    assert any(
        m.text == "The militants" and m.actor.name.startswith("Boko Haram") for m in a.actors
    )


def test_acronym_is_case_sensitive(analyze):
    a = analyze("It is unclear who fired. IS claimed the attack.", events_stage=False)
    assert [m.actor.name for m in a.actors if m.actor.name == "Islamic State"] == ["Islamic State"]


def test_mentions_carry_exact_offsets(analyze):
    a = analyze(
        "Ugandan soldiers and ADF rebels fought in Beni on Monday.",
        events_stage=False,
        published=dt.date(2021, 5, 3),
    )
    assert a.actors
    for m in a.actors:
        assert a.article.text[m.start : m.end] == m.text
