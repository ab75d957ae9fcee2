"""Event location: the resolved place in the trigger's clause, else context, else NER names."""


def test_place_in_clause_beats_destination(analyze, fakes):
    text = (
        "The fighters withdrew to Lebanon and the town of Qara was captured by the rebels in Syria."
    )
    places = [
        fakes.place(text, "Lebanon", lat=33.8, lon=35.8, country="LB", code="PCLI"),
        fakes.place(text, "Qara", lat=34.15, lon=36.74, country="SY", admin1="Rif Dimashq"),
        fakes.place(text, "Syria", lat=35.0, lon=38.0, country="SY", code="PCLI"),
    ]
    a = analyze(text, places=places, country="SY")
    capture = next(e for e in a.events if e.sub_event_type == "Non-state actor overtakes territory")
    assert capture.location.name == "Qara"
    assert capture.location.admin1 == "Rif Dimashq"
    ev = capture.location.evidence[0]
    assert a.article.text[ev.start : ev.end] == "Qara"


def test_without_geo_stage_ner_place_name_is_used(analyze, fakes):
    a = analyze("Police fired tear gas at protesters in Nairobi on Monday.")
    (event,) = a.events
    assert event.location is not None and event.location.name == "Nairobi"
    assert event.location.lat is None
