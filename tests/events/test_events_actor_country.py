"""Actor naming tied to where an event happened: crowds and default perpetrators take the event's
country, and unattributed fire on a known front line goes to the side facing the place's holder."""

from sitroom.events.frontline import sides_at
from sitroom.events.stage import main_event


def _roles(event):
    return {a.role: a.name for a in event.actors if a.role in ("actor1", "actor2")}


def test_protesters_take_the_country_of_the_event_place(analyze, fakes):
    text = "Dock workers protested in Port Blanc over unpaid wages."
    place = fakes.place(text, "Port Blanc", lat=-4.3, lon=15.3, country="CD")
    # the article's country context says otherwise (a stray mention elsewhere)
    event = main_event(analyze(text, places=[place], country="FR"))
    assert _roles(event)["actor1"] == "Protesters (Democratic Republic of Congo)"


def test_unnamed_perpetrator_takes_the_country_of_the_event_place(analyze, fakes):
    text = "A man was shot dead in Ville Basse by unknown attackers."
    place = fakes.place(text, "Ville Basse", lat=12.6, lon=-8.0, country="ML")
    event = main_event(analyze(text, places=[place], country="FR"))
    assert _roles(event)["actor1"] == "Unidentified Armed Group (Mali)"


def test_front_line_side_from_the_place_held():
    # a place next to a town held by the government side: fire came from the other side
    assert sides_at("UA", 48.41, 37.86) == (
        "NAF: United Armed Forces of Novorossiya",
        "Military Forces of Ukraine",
    )
    assert sides_at("UA", 48.02, 37.79) == (
        "Military Forces of Ukraine",
        "NAF: United Armed Forces of Novorossiya",
    )
    assert sides_at("UA", 50.45, 30.52) is None  # far from the line
    assert sides_at("SY", 48.41, 37.86) is None  # the line belongs to one country
    assert sides_at("UA", None, None) is None


def test_unattributed_explosions_on_the_front_line(analyze, fakes):
    text = "Monitors recorded 14 explosions near Zarichne overnight."
    place = fakes.place(text, "Zarichne", lat=48.40, lon=37.87, country="UA")
    event = main_event(analyze(text, places=[place], country="UA"))
    roles = _roles(event)
    assert roles["actor1"] == "NAF: United Armed Forces of Novorossiya"
    assert roles["actor2"] == "Military Forces of Ukraine"


def test_named_initiator_wins_over_the_front_line_rule(analyze, fakes):
    text = "Ukrainian forces shelled Zarichne overnight."
    place = fakes.place(text, "Zarichne", lat=48.02, lon=37.79, country="UA")
    event = main_event(analyze(text, places=[place], country="UA"))
    assert _roles(event)["actor1"] == "Military Forces of Ukraine"
