"""Event dates: attached time expression, context, fallback to the publication date."""

import datetime as dt

PUB = dt.date(2024, 3, 10)


def test_same_sentence_date_wins(analyze, fakes):
    text = "Gunmen attacked a bus on Friday near the market."
    a = analyze(text, times=[fakes.time(text, "Friday", dt.date(2024, 3, 8), dt.date(2024, 3, 8))])
    (event,) = [e for e in a.events if e.trigger.text == "attacked"]
    assert event.date.value == dt.date(2024, 3, 8)
    assert event.date.time_precision == 1
    assert event.date.evidence[0].text == "Friday"


def test_lead_date_carries_to_later_paragraph(analyze, fakes):
    text = "Fighting spread across the province last week.\nLater the rebels captured the dam."
    week = fakes.time(text, "last week", dt.date(2024, 2, 26), dt.date(2024, 3, 3))
    a = analyze(text, times=[week])
    capture = next(e for e in a.events if "captured" in e.trigger.text)
    assert capture.date.earliest == dt.date(2024, 2, 26)
    assert capture.date.time_precision == 2


def test_fallback_is_publication_date_at_low_precision(analyze, fakes):
    a = analyze("Soldiers shelled the village.")
    (event,) = a.events
    assert event.date.value == PUB
    assert event.date.time_precision == 3
    assert event.date.confidence < 0.5
    assert event.date.earliest < PUB


def test_no_published_date_no_fallback(analyze, fakes):
    a = analyze("Soldiers shelled the village.", published=None)
    assert a.events[0].date is None
