"""EventStage end to end on invented texts: typing, roles, evidence for every field."""

import datetime as dt

import pytest

from sitroom.events.stage import EventStage, main_event
from sitroom.records import Analysis, Article, stable_id


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        (
            "Russian warplanes bombed a market in the town, killing 9 civilians.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "A roadside bomb exploded under an army truck, killing two soldiers.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "Teachers protested outside the ministry, demanding unpaid salaries.",
            "Protests",
            "Peaceful protest",
        ),
        (
            "Hundreds marched to the palace. Police dispersed them with tear gas.",
            "Protests",
            "Protest with intervention",
        ),
        (
            "Youths threw stones at police and burned tyres on the main road.",
            "Riots",
            "Violent demonstration",
        ),
        (
            "Gunmen abducted five traders on the highway.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "Unknown gunmen shot dead a shopkeeper in the village.",
            "Violence against civilians",
            "Attack",
        ),
        (
            "Taliban militants attacked a police checkpoint, killing four policemen.",
            "Battles",
            "Armed clash",
        ),
        (
            "The rebels captured the town of Mora after two days of fighting.",
            "Battles",
            "Non-state actor overtakes territory",
        ),
        ("Police arrested 12 journalists in the capital.", "Strategic developments", "Arrests"),
        (
            "The two sides signed a ceasefire agreement in the capital.",
            "Strategic developments",
            "Agreement",
        ),
        (
            "Militiamen looted shops and set houses on fire in the market.",
            "Strategic developments",
            "Looting/property destruction",
        ),
    ],
)
def test_main_event_type(analyze, text, event_type, sub_event_type):
    event = main_event(analyze(text))
    assert event is not None
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_government_regains_when_the_state_takes_ground(analyze):
    a = analyze("Nigerian troops recaptured the town from Boko Haram on Sunday.", country="NG")
    event = main_event(a)
    assert event.sub_event_type == "Government regains territory"
    roles = {x.role: x.name for x in event.actors}
    assert roles["actor1"] == "Military Forces of Nigeria"
    assert roles["actor2"].startswith("Boko Haram")


def test_every_field_has_matching_evidence(analyze, fakes):
    text = "On Friday Syrian troops shelled Kafr Nabl, killing 3 civilians. No talks were held."
    a = analyze(
        text,
        times=[fakes.time(text, "Friday", dt.date(2024, 3, 8), dt.date(2024, 3, 8))],
        places=[fakes.place(text, "Kafr Nabl", lat=35.6, lon=36.6, country="SY", admin1="Idlib")],
    )
    (event,) = [e for e in a.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    spans = [
        event.trigger,
        *event.date.evidence,
        *event.location.evidence,
        *event.fatalities.evidence,
    ]
    for actor in event.actors:
        spans.extend(actor.evidence)
    for ev in spans:
        assert a.article.text[ev.start : ev.end] == ev.text
        assert ev.article_id == a.article.id
    assert event.id == stable_id(a.article.id, event.sub_event_type, event.trigger.start)
    assert event.plover == "ASSAULT"
    assert event.reports[0].outlet == "Test Wire"
    assert event.fatalities.value == 3
    assert event.location.admin1 == "Idlib"
    assert event.date.value == dt.date(2024, 3, 8)
    assert 0 < event.confidence <= 1


def test_duplicate_triggers_in_a_sentence_make_one_event(analyze):
    a = analyze("Clashes and heavy fighting broke out between the army and rebels near the dam.")
    assert len([e for e in a.events if e.event_type == "Battles"]) == 1


def test_protest_actor_is_named_by_convention(analyze):
    a = analyze("Farmers in Kenya protested against new taxes.")
    event = main_event(a)
    assert [x.name for x in event.actors if x.role == "actor1"] == ["Protesters (Kenya)"]


def test_stage_without_parse_leaves_a_note():
    analysis = Analysis(article=Article.from_text("Rebels attacked the base."))
    EventStage()(analysis)
    assert analysis.events == [] and analysis.notes
