"""Negated, hypothetical and historical events on invented sentences."""

import datetime as dt


def _event(analysis, trigger):
    return next(e for e in analysis.events if e.trigger.text == trigger)


def test_expected_battle_is_hypothetical(analyze, fakes):
    a = analyze("Analysts expected a bloody battle for the port, but the militia left quietly.")
    assert _event(a, "battle").flags.hypothetical
    assert not _event(a, "battle").flags.negated


def test_threatened_and_would_are_hypothetical(analyze, fakes):
    a = analyze(
        "The group threatened to attack the convoy. The army would shell the hills if needed."
    )
    assert all(e.flags.hypothetical for e in a.events if e.trigger.text in ("attack", "shell"))


def test_reported_fact_is_not_hypothetical(analyze, fakes):
    a = analyze("Witnesses said gunmen attacked the market on Tuesday.")
    assert not _event(a, "attacked").flags.hypothetical


def test_instead_of_negates(analyze, fakes):
    a = analyze("Instead of fighting, the soldiers surrendered their weapons.")
    assert _event(a, "fighting").flags.negated


def test_perfect_tense_after_a_span_of_years_is_historical(analyze, fakes):
    text = (
        "Families have lived in tents for nine years. Their farms have been destroyed by the army."
    )
    a = analyze(text, times=[fakes.duration(text, "nine years", "P9Y")])
    event = next(e for e in a.events if "destroy" in e.trigger.text)
    assert event.flags.historical
    # its own old date (publication 2024-03-10 minus the span of years), never the publication week
    assert event.date is not None and event.date.latest < dt.date(2023, 3, 10)


def test_old_date_makes_it_historical_and_dates_it(analyze, fakes):
    text = "In 2013 the militia burned the market of the town."
    a = analyze(
        text,
        published=dt.date(2024, 3, 10),
        times=[fakes.time(text, "2013", dt.date(2013, 1, 1), dt.date(2013, 12, 31), value="2013")],
    )
    event = next(e for e in a.events if "burn" in e.trigger.text)
    assert event.flags.historical
    assert event.date is not None and event.date.value.year == 2013


def test_years_ago_without_time_stage(analyze, fakes):
    a = analyze("Ten years ago rebels captured the airport.")
    assert all(e.flags.historical for e in a.events)
