"""Sub-event choice among competing cues: consequences, measure nouns, mutual fire, unarmed targets
and premature blasts (invented texts)."""

import pytest

from sitroom.events.cues import find_cues, load_cue_table
from sitroom.events.stage import main_event


def _frames(nlp, text):
    doc = nlp(text)
    return [h.frame for s in doc.sents for h in find_cues(s, load_cue_table())]


def test_measure_noun_passes_to_its_of_object(nlp):
    frames = _frames(nlp, "Customs officers seized two tons of cannabis at the port on Friday.")
    assert "loot" in frames
    assert "abduct" not in frames and "take_territory" not in frames


def test_agent_of_a_passive_is_no_territory(nlp):
    frames = _frames(nlp, "Shopkeepers criticised the rules adopted by the Presidency last week.")
    assert "take_territory" not in frames


def test_shell_falling_into_a_village_is_no_takeover(nlp):
    assert "take_territory" not in _frames(nlp, "A stray shell fell into the village at noon.")


def test_forces_are_not_force(nlp):
    assert "intervene" not in _frames(nlp, "Two shops were burned down by government forces.")
    assert "intervene" in _frames(nlp, "Police removed the crowd by force.")


def test_advance_needs_ground(nlp):
    assert "clash" not in _frames(nlp, "The council met to advance the reconciliation process.")
    assert "clash" in _frames(nlp, "Rebel fighters advanced on the village overnight.")


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # the arrest is the outcome; the attack told "after" it is the event
        (
            "Eight men were arrested after they attacked a shopkeeper with sticks and stones.",
            "Attack",
        ),
        ("Police arrested the mayor of the town on corruption charges.", "Arrests"),
        # a road blocked "in both directions" is no exchange of fire
        (
            "Truck drivers protested over fuel prices and blocked the highway in both directions.",
            "Peaceful protest",
        ),
        (
            "Monitors recorded 40 explosions and shots in both directions near the front line.",
            "Armed clash",
        ),
        # an off-duty policeman counts as a civilian target
        ("Gunmen shot and killed an off-duty police officer outside his home.", "Attack"),
        ("Gunmen shot and killed a police officer at a checkpoint.", "Armed clash"),
        (
            "A landmine the militants were planting exploded prematurely, killing two of them.",
            "Disrupted weapons use",
        ),
        ("Soldiers killed two suicide bombers near the border post.", "Armed clash"),
    ],
)
def test_competing_cues(analyze, text, sub_event_type):
    event = main_event(analyze(text))
    assert event is not None
    assert event.sub_event_type == sub_event_type
