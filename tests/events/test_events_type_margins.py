"""Type decisions between the often-confused classes: crowds vs gunmen, riots vs demonstrations,
abstract "fights", fire aimed at armed posts, security measures (invented texts)."""

import pytest

from sitroom.events.cues import find_cues, load_cue_table
from sitroom.events.stage import main_event


def _frames(nlp, text):
    doc = nlp(text)
    return [h.frame for s in doc.sents for h in find_cues(s, load_cue_table())]


def test_fight_against_a_disease_is_no_battle(nlp):
    assert "clash" not in _frames(
        nlp, "Nurses marched to honour colleagues in the fight against the virus."
    )
    assert "clash" not in _frames(nlp, "The governor vowed to battle corruption in the province.")
    assert "clash" in _frames(nlp, "Rebels fought the army near the bridge for two hours.")


def test_event_in_a_relative_clause_of_a_topic(nlp):
    frames = _frames(
        nlp, "Villagers protested against the trial of the youths who clashed with a rival group."
    )
    assert "protest" in frames and "clash" not in frames


def test_topic_under_an_accusation(nlp):
    frames = _frames(
        nlp, "Residents rallied at the town hall and accused the mayor of stealing aid."
    )
    assert "protest" in frames and "loot" not in frames


def test_looted_funds_describe_a_thing(nlp):
    assert "loot" not in _frames(
        nlp, "Retirees gathered outside the bank demanding their looted savings."
    )


def test_displacement_is_other(analyze):
    event = main_event(
        analyze("Fighting between the army and rebels forced 300 villagers to flee their homes.")
    )
    assert event is not None and event.sub_event_type == "Other"


def test_grad_in_a_place_name_is_no_rocket(nlp):
    assert "shell" not in _frames(nlp, "Councillors protested in Gornji Grad on Monday.")
    assert "shell" in _frames(nlp, "Rebels fired Grad rockets at the town.")


def test_burning_objects_are_a_riot_cue(nlp):
    assert "riot" in _frames(nlp, "Drivers blocked the highway with burning tyres on Monday.")


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a crowd of locals beating a suspected thief is mob violence; gunmen are no crowd
        ("Two suspected thieves were beaten by villagers near the market.", "Mob violence"),
        ("A trader was shot dead by two armed individuals outside his shop.", "Attack"),
        # a prison riot with no demonstration around it is mob violence
        ("Inmates rioted in the central prison and set mattresses on fire.", "Mob violence"),
        (
            "Students demonstrated against the fee rise. Later they rioted and smashed shop windows.",
            "Violent demonstration",
        ),
        # a crowd's demonstration with stones thrown in the next sentence turned violent
        (
            "Farmers protested outside the district office over unpaid subsidies. "
            "Some of them threw stones at the building.",
            "Violent demonstration",
        ),
        # a mob pelting stones is mob violence even when it demands something
        ("A mob pelted stones at the police demanding the release of a suspect.", "Mob violence"),
        # fire aimed at armed positions, met by fire going both ways: an exchange on the front line
        (
            "Government forces fired mortars at the positions of the rebels near the river. "
            "Monitors heard bursts of fire in both directions near the village.",
            "Armed clash",
        ),
        # an attack fought off is a battle
        ("Soldiers repelled an attack by militants on the northern front.", "Armed clash"),
        (
            "Gunmen threw petrol bombs at two shops in the market overnight.",
            "Looting/property destruction",
        ),
    ],
)
def test_type_margins(analyze, text, sub_event_type):
    event = main_event(analyze(text))
    assert event is not None
    assert event.sub_event_type == sub_event_type


def test_a_declared_curfew_is_a_change_of_activity(analyze):
    event = main_event(analyze("The government imposed a three-day curfew on the capital."))
    assert event is not None and event.sub_event_type == "Change to group/activity"
    assert not analyze("Traders met the governor to discuss the curfew.").events


def test_a_gathering_is_a_protest_only_with_a_demand(nlp):
    text = (
        "Nurses gathered in front of the regional health office on Monday to demand unpaid wages."
    )
    assert "protest" in _frames(nlp, text)
    assert "protest" not in _frames(nlp, "Relatives gathered at the hospital on Monday.")


def test_armed_groups_handing_out_food(analyze):
    event = main_event(
        analyze("Members of the cartel delivered food packages to families in the town.")
    )
    assert event is not None and event.sub_event_type == "Change to group/activity"


def test_an_intervention_that_did_not_happen_leaves_a_protest_peaceful(analyze):
    events = analyze(
        "Farmers marched through the market town, demanding fair prices. "
        "Police did not disperse them with tear gas."
    )
    assert main_event(events).sub_event_type == "Peaceful protest"
