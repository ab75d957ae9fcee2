"""Fatality counts from invented sentences."""

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police killed 3 militants and 1-2 policemen in the raid.", 4),
        ("A bomb blast killed six people and injured 32 in the district.", 6),
        ("Twenty-five soldiers died in the ambush.", 25),
        ("The attack left 5 people dead.", 5),
        ("Gunmen shot a farmer, killing him.", 1),
        ("Rebels shelled the town. No fatalities were reported.", 0),
        ("Clashes erupted in the hills. Unknown fatalities coded as 10.", 10),
        ("Dozens of civilians were killed in air strikes on the market.", 12),
    ],
)
def test_counts(analyze, text, expected):
    a = analyze(text)
    event = a.events[0]
    assert event.fatalities is not None
    assert event.fatalities.value == expected
    ev = event.fatalities.evidence[0]
    assert a.article.text[ev.start : ev.end] == ev.text


def test_year_in_dateline_is_not_a_toll(analyze):
    a = analyze("Sun 16 Apr 2017 Bomb blast hits convoy near the city.")
    assert all(e.fatalities is None or e.fatalities.value != 2017 for e in a.events)


def test_injuries_are_not_deaths(analyze):
    a = analyze("Rioters injured 14 policemen with stones.")
    assert all(e.fatalities is None for e in a.events)
