"""Bad input to the time stage: impossible dates, two-digit years, old years, no publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.time.stage import tag_times

DCT = dt.date(2024, 3, 10)


def _tag(text: str, dct: dt.date | None = DCT):
    notes: list[str] = []
    return {t.text: t for t in tag_times(text, dct=dct, notes=notes)}, notes


@pytest.mark.parametrize("text", ["Troops left on 31 February 2023.", "It ended on 30 February."])
def test_impossible_day_is_rejected_with_a_reason(text: str) -> None:
    times, notes = _tag(text)
    assert not any("February" in t for t in times)
    assert any("not a calendar date" in n for n in notes)


def test_leap_day_is_kept() -> None:
    times, _ = _tag("The siege began on 29 February 2024.")
    assert times["29 February 2024"].value == "2024-02-29"


def test_two_digit_years_take_the_dct_century() -> None:
    times, _ = _tag("The militia formed in '98 and struck on 12/03/98 and again in March '03.")
    assert times["'98"].value == "1998"
    assert times["12/03/98"].value == "1998-12-03"
    assert times["March '03"].value == "2003-03"


def test_two_digit_year_just_ahead_of_the_dct_is_this_century() -> None:
    times, _ = _tag("Elections are due in '26.")
    assert times["'26"].value == "2026"


def test_decade_with_apostrophe_is_not_a_year() -> None:
    times, _ = _tag("Fighting was common in the '90s.")
    assert all(t.value != "1990" for t in times.values())


def test_two_digit_year_without_dct_is_unresolved_with_a_reason() -> None:
    times, notes = _tag("The clash of 12/03/98 left ten dead.", dct=None)
    assert "12/03/98" not in times
    assert any("two-digit year" in n for n in notes)


def test_no_dct_leaves_relative_values_unanchored() -> None:
    times, _ = _tag("Rebels attacked on Friday and again last week.", dct=None)
    for t in times.values():
        assert t.earliest is None and t.latest is None  # never silently "today"
        assert t.value.startswith("X") or "X" in t.value or t.value.endswith("REF")


def test_year_before_1900_is_tagged_as_written() -> None:
    times, _ = _tag("The fortress was built in 1820.")
    assert (
        times["1820"].value == "1820"
    )  # the events stage drops it as an event date, with a reason
