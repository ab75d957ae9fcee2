import datetime as dt

from sitroom.records import (
    Article,
    Event,
    EventDate,
    EventFlags,
    Evidence,
    content_id,
    normalize_text,
)


def test_normalize_text_unifies_newlines_and_strips():
    assert normalize_text("  a\r\nb\rc\x00d  ") == "a\nb\ncd"


def test_content_id_ignores_whitespace_layout_but_not_words():
    assert content_id("Shelling hit  the town.\n") == content_id("Shelling hit the town.")
    assert content_id("Shelling hit the town.") != content_id("Shelling hit the city.")


def test_evidence_of_takes_the_stored_text():
    article = Article.from_text("  Troops entered Kidal on Monday.  ")
    ev = Evidence.of(article, 15, 20)
    assert ev.text == "Kidal" == article.text[ev.start : ev.end]
    assert ev.article_id == article.id


def test_event_to_dict_has_the_design_shape():
    article = Article.from_text("Troops entered Kidal on Monday.")
    trig = Evidence.of(article, 7, 14)
    day = dt.date(2025, 1, 6)
    event = Event(
        id="e1",
        article_id=article.id,
        event_type="Battles",
        sub_event_type="Government regains territory",
        plover="ASSAULT",
        confidence=0.81234,
        trigger=trig,
        flags=EventFlags(historical=True),
        date=EventDate(day, day, day, 1, [Evidence.of(article, 24, 30)]),
    )
    out = event.to_dict()
    assert out["flags"] == {"negated": False, "hypothetical": False, "historical": True}
    assert out["date"]["value"] == "2025-01-06"
    assert out["date"]["evidence"][0]["text"] == "Monday"
    assert out["confidence"] == 0.812
    assert out["location"] is None and out["actors"] == []


def test_nested_spans_are_those_inside_another_span():
    from sitroom.records import nested_spans

    spans = [(0, 10), (2, 5), (0, 4), (8, 12), (20, 30), (20, 30), (25, 30)]
    assert nested_spans(spans) == {(2, 5), (0, 4), (25, 30)}
