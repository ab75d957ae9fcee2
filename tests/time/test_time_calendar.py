"""Calendar helpers of the time stage: TIMEX3 value → interval, precision, shifting by units."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.time.calendar import make_date, precision_of, shift, value_at, value_interval

D = dt.date


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-12-06", D(2024, 12, 6), D(2024, 12, 6)),
        ("2024-12-06TNI", D(2024, 12, 6), D(2024, 12, 6)),
        ("2024-W49", D(2024, 12, 2), D(2024, 12, 8)),
        ("2024-W49-WE", D(2024, 12, 7), D(2024, 12, 8)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
        ("2023-WI", D(2023, 12, 1), D(2024, 2, 29)),
        ("2023-SU", D(2023, 6, 1), D(2023, 8, 31)),
        ("1998", D(1998, 1, 1), D(1998, 12, 31)),
        ("199", D(1990, 1, 1), D(1999, 12, 31)),
        ("19", D(1900, 1, 1), D(1999, 12, 31)),
    ],
)
def test_value_interval(value: str, first: dt.date, last: dt.date) -> None:
    assert value_interval(value) == (first, last)


@pytest.mark.parametrize(
    "value", ["PRESENT_REF", "PAST_REF", "P11Y", "PT2H", "XXXX-WXX-5", "2024-XX", "2024-02-31"]
)
def test_value_interval_none_for_unanchored_values(value: str) -> None:
    assert value_interval(value) is None


def test_precision_follows_interval_length() -> None:
    assert precision_of(value_interval("2024-12-06")) == 1
    assert precision_of(value_interval("2024-W49")) == 2
    assert precision_of(value_interval("2024-12")) == 3
    assert precision_of(None) is None


def test_shift_and_value_at() -> None:
    dct = D(2024, 12, 11)
    assert value_at(shift(dct, "W", -1), "W") == "2024-W49"
    assert value_at(shift(dct, "M", -1), "M") == "2024-11"
    assert value_at(shift(D(2024, 3, 31), "M", -1), "D") == "2024-02-29"  # clamps to month end
    assert value_at(shift(dct, "Y", -3), "Y") == "2021"
    assert value_at(dct, "Q") == "2024-Q4"
    assert value_at(dct, "DE") == "202"


def test_make_date_rejects_impossible_days() -> None:
    assert make_date(2024, 2, 31) is None
    assert make_date(2023, 2, 29) is None
    assert make_date(2024, 2, 29) == D(2024, 2, 29)
