"""Event dating through the parse: clause attachment, anchoring chains, past perfects, historical
spans and the reasons left in the notes for dates that are dropped or cannot be resolved."""

from __future__ import annotations

import datetime as dt

import pytest

PUB = dt.date(2024, 3, 10)
D = dt.date


@pytest.fixture(scope="module")
def dated(analyze, nlp):
    """Run the real time stage on the text, then the actors and events stages."""
    from sitroom.records import Article
    from sitroom.time.stage import tag_times

    def run(text: str, *, published: dt.date | None = PUB):
        stored = Article.from_text(text).text
        times = tag_times(stored, dct=published, doc=nlp(stored))
        return analyze(text, published=published, times=times)

    return run


def _event(analysis, word: str):
    return next(e for e in analysis.events if word in e.trigger.text)


def test_clause_date_beats_nearer_date_of_another_clause(dated):
    a = dated("Gunmen who were arrested on Monday had attacked the convoy on 2 March.")
    date = _event(a, "attacked").date
    assert date.value == D(2024, 3, 2)
    assert date.time_precision == 1
    assert date.evidence[0].text == "2 March"


def test_coordinated_clause_shares_the_date(dated):
    a = dated("Rebels seized the town on 2 March and looted the market.")
    assert _event(a, "looted").date.value == D(2024, 3, 2)


def test_hours_before_a_dated_event(dated):
    a = dated("Rebels shelled the airport hours before they captured the city on 8 March.")
    date = _event(a, "shelled").date
    assert date.value == D(2024, 3, 8)
    assert (date.earliest, date.latest) == (D(2024, 3, 7), D(2024, 3, 8))
    assert date.time_precision == 2
    assert {e.text for e in date.evidence} >= {"8 March", "hours before"}


def test_days_after_a_dated_event_moves_by_the_offset(dated):
    a = dated("Militants attacked a checkpoint two days after they ambushed a convoy on 3 March.")
    date = _event(a, "attacked").date
    assert date.value == D(2024, 3, 5)
    assert date.time_precision == 1


def test_undated_anchor_event_uses_the_reference_date(dated):
    text = (
        "Clashes erupted in the north on 4 March. Militiamen looted the depot before they withdrew."
    )
    date = _event(dated(text), "looted").date
    assert date.earliest < D(2024, 3, 4) <= date.latest
    assert date.latest <= PUB


def test_undated_past_perfect_precedes_the_reference(dated):
    text = "Rebels captured the town on 8 March. Government troops had abandoned the base."
    date = _event(dated(text), "abandoned").date
    assert date.latest == D(2024, 3, 8)
    assert date.earliest < D(2024, 3, 1)
    assert date.time_precision == 3


def test_past_perfect_with_its_own_day(dated):
    a = dated("Rebels had attacked the base on Friday, officials said.", published=D(2024, 12, 11))
    date = _event(a, "attacked").date
    assert date.value == D(2024, 12, 6)  # the last Friday before publication
    assert date.time_precision == 1


def test_span_of_years_dates_a_historical_event_in_its_year(dated):
    text = "The families have waited 11 years to go home. Their villages have been razed to the ground."
    a = dated(text, published=D(2024, 12, 11))
    event = _event(a, "razed")
    assert event.flags.historical
    assert event.date.value == D(2013, 12, 11)
    assert event.date.earliest.year == 2013 and event.date.latest.year in (2013, 2014)
    assert event.date.time_precision == 3


def test_years_ago_is_not_the_publication_week(dated):
    a = dated("Gunmen burned the village market 11 years ago.", published=D(2024, 12, 11))
    date = _event(a, "burned").date
    assert date is not None and date.latest < D(2024, 1, 1)
    assert date.time_precision == 3


def test_date_before_1900_is_dropped_with_a_reason(dated):
    a = dated("Soldiers burned houses in the village in 1820.")
    date = _event(a, "burned").date
    assert date is None or date.value.year >= 1900
    assert any("1820" in n and "before 1900" in n for n in a.notes)


def test_date_after_publication_for_a_past_event_is_dropped(dated):
    a = dated("Gunmen attacked the convoy on 3 May 2024.")
    date = _event(a, "attacked").date
    assert date.latest <= PUB and date.time_precision == 3
    assert any("after the publication date" in n for n in a.notes)


def test_missing_publication_date_leaves_relative_dates_unresolved(dated):
    a = dated("Gunmen attacked the convoy on Friday.", published=None)
    assert _event(a, "attacked").date is None  # never silently "today"
    assert any("without a publication date" in n for n in a.notes)


def test_missing_publication_date_keeps_absolute_dates(dated):
    a = dated("Gunmen attacked the convoy on 2 March 2024.", published=None)
    assert _event(a, "attacked").date.value == D(2024, 3, 2)
