"""The rule grammar and normalizers without a parse (no spaCy): spans, types and TIMEX3 values."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.records import TimeExpr
from sitroom.time.stage import tag_times

DCT = dt.date(2024, 12, 11)  # a Wednesday


def one(text: str, *, dct: dt.date | None = DCT) -> TimeExpr:
    times = tag_times(text, dct=dct)
    assert len(times) == 1, [(t.text, t.value, t.rule) for t in times]
    return times[0]


@pytest.mark.parametrize(
    ("text", "span", "kind", "value"),
    [
        (
            "The truce was signed on December 6, 2024 in Doha.",
            "December 6, 2024",
            "DATE",
            "2024-12-06",
        ),
        ("Talks began on 6 Dec 2024 after a lull.", "6 Dec 2024", "DATE", "2024-12-06"),
        ("The log shows 2024-12-06 as the date.", "2024-12-06", "DATE", "2024-12-06"),
        ("The fighting started in March 2019 near the border.", "March 2019", "DATE", "2019-03"),
        ("Prices had doubled by 1997.", "1997", "DATE", "1997"),
        ("They fought through the 1980s and beyond.", "the 1980s", "DATE", "198"),
        ("A fort from the 11th century stood there.", "the 11th century", "DATE", "10"),
        (
            "Exports fell in the third quarter of 2023.",
            "the third quarter of 2023",
            "DATE",
            "2023-Q3",
        ),
        ("The camp stayed open this summer.", "this summer", "DATE", "2024-SU"),
        ("The convoy arrived yesterday.", "yesterday", "DATE", "2024-12-10"),
        ("The ministry will decide tomorrow.", "tomorrow", "DATE", "2024-12-12"),
        ("Aid reached the town last week.", "last week", "DATE", "2024-W49"),
        ("Rents rose last month.", "last month", "DATE", "2024-11"),
        ("The mayor resigned three years ago.", "three years ago", "DATE", "2021"),
        ("The militia is now in control.", "now", "DATE", "PRESENT_REF"),
        ("Clashes erupted recently in the east.", "recently", "DATE", "PAST_REF"),
        ("Elections may follow in the future.", "in the future", "DATE", "FUTURE_REF"),
        ("The siege lasted 11 years.", "11 years", "DURATION", "P11Y"),
        ("The assault lasted more than two hours.", "more than two hours", "DURATION", "PT2H"),
        ("They walked for 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
        ("A two-week ceasefire held.", "two-week", "DURATION", "P2W"),
        ("Refugees waited for several days.", "several days", "DURATION", "PXD"),
        ("Protesters gather every Friday in the square.", "every Friday", "SET", "XXXX-WXX-5"),
        ("The paper appears daily.", "daily", "SET", "P1D"),
        ("The plant makes 300 shells a day.", "a day", "SET", "P1D"),
        ("The shelling began at 10 p.m. on the border.", "10 p.m.", "TIME", "2024-12-11T22:00"),
    ],
)
def test_recognition_and_value(text: str, span: str, kind: str, value: str) -> None:
    time = one(text)
    assert (time.text, time.type, time.value) == (span, kind, value)
    assert text[time.start : time.end] == time.text
    assert time.rule


def test_day_range_gives_interval_and_week_precision() -> None:
    time = one("Talks were held between 3 and 5 March 2024 in Geneva.")
    assert time.text == "between 3 and 5 March 2024"
    assert (time.earliest, time.latest, time.precision) == (
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 5),
        2,
    )


def test_last_week_interval_is_monday_to_sunday() -> None:
    time = one("Aid reached the town last week.")
    assert (time.earliest, time.latest, time.precision) == (
        dt.date(2024, 12, 2),
        dt.date(2024, 12, 8),
        2,
    )


@pytest.mark.parametrize(
    "text",
    [
        "It happened on 31 February 2024.",
        "It happened on February 30, 2023.",
        "It ended 31 February.",
    ],
)
def test_impossible_dates_are_rejected(text: str) -> None:
    assert tag_times(text, dct=DCT) == []


def test_missing_dct_keeps_placeholders_and_no_interval() -> None:
    for text, value in [
        ("The convoy arrived yesterday.", "XXXX-XX-XX"),
        ("Aid reached the town last week.", "XXXX-WXX"),
        ("Rebels attacked on Friday.", "XXXX-WXX-5"),
        ("Fighting resumed in December.", "XXXX-12"),
    ]:
        time = one(text, dct=None)
        assert time.value == value
        assert time.earliest is None and time.latest is None and time.precision is None
    absolute = one("The truce was signed on December 6, 2024.", dct=None)
    assert absolute.value == "2024-12-06" and absolute.earliest == dt.date(2024, 12, 6)


def test_durations_and_sets_have_no_interval() -> None:
    for text in ["The siege lasted 11 years.", "Protesters gather every Friday."]:
        time = one(text)
        assert time.earliest is None and time.precision is None


def test_abbreviated_weekday_words_are_not_days() -> None:
    assert tag_times("Sun Microsystems said it would hire. Thus the plan failed.", dct=DCT) == []


def test_age_is_not_a_duration() -> None:
    assert tag_times("The 39-year-old farmer and a man, 52 years old, were hurt.", dct=DCT) == []


def test_offsets_index_the_given_text() -> None:
    text = "On Friday, rebels took the town; by Sunday night, troops had left."
    for time in tag_times(text, dct=DCT):
        assert text[time.start : time.end] == time.text


def test_anaphoric_units_count_from_the_last_date() -> None:
    text = "The raid began on Dec. 7, 2023. The next day, troops withdrew. That year ended badly."
    got = [(t.text, t.value) for t in tag_times(text, dct=DCT)]
    assert got == [
        ("Dec. 7, 2023", "2023-12-07"),
        ("The next day", "2023-12-08"),
        ("That year", "2023"),
    ]
    assert tag_times("That day was quiet.", dct=DCT) == []  # nothing to count from


def test_parts_of_named_days() -> None:
    got = [
        (t.text, t.type, t.value)
        for t in tag_times(
            "The army left in the early hours of Sunday; strikes hit overnight Monday.", dct=DCT
        )
    ]
    assert got == [
        ("the early hours of Sunday", "TIME", "2024-12-08TMO"),
        ("overnight Monday", "TIME", "2024-12-09TNI"),
    ]
    assert one("Gunmen stormed the jail on the night of Dec. 7.").value == "2024-12-07TNI"


def test_year_ago_in_a_quarterly_report_is_that_quarter() -> None:
    text = "Profit rose in the third quarter from $5 million a year earlier."
    got = [(t.text, t.value) for t in tag_times(text, dct=dt.date(1989, 10, 26))]
    assert got == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]


def test_counts_are_not_years() -> None:
    assert tag_times("Two thousand troops fired 1500 rockets.", dct=DCT) == []
    assert one("In 1995 troops arrived.").value == "1995"
    assert one("Prices peaked in the year two thousand.").value == "2000"


def test_empty_text_and_datetime_dct() -> None:
    assert tag_times("", dct=DCT) == [] and tag_times("   \n", dct=DCT) == []
    time = one("The convoy arrived yesterday.", dct=dt.datetime(2024, 12, 11, 14, 30))
    assert (time.value, time.earliest) == ("2024-12-10", dt.date(2024, 12, 10))
