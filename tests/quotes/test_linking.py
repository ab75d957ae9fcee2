"""Statement dates from the time stage's expressions and links from attributions to events, with
hand-built records (the time and events stages are not needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.quotes.linking import link_events
from sitroom.quotes.stage import QuoteStage
from sitroom.records import (
    Article,
    Attribution,
    Event,
    EventActor,
    EventLocation,
    Evidence,
    Sentence,
    TimeExpr,
)

TEXT = "Army shells hit Kafr Nabl. A medic in Kafr Nabl said the army shelled the market."


def _attribution(article: Article, start: int, end: int) -> Attribution:
    return Attribution("a1", article.id, False, None, None, Evidence.of(article, start, end))


def _event(
    article: Article,
    trigger: str,
    *,
    sentence: Sentence | None = None,
    place: str | None = None,
    actor: str | None = None,
) -> Event:
    start = article.text.index(trigger)
    event = Event(
        "e-" + trigger,
        article.id,
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        None,
        0.8,
        Evidence.of(article, start, start + len(trigger)),
        sentence=sentence,
    )
    if place:
        at = article.text.index(place)
        event.location = EventLocation(
            place, 1, 35.0, 36.0, None, "SY", 1, 0.9, [Evidence.of(article, at, at + len(place))]
        )
    if actor:
        event.actors = [EventActor(actor, "actor1", 1, [])]
    return event


def test_event_whose_trigger_lies_in_the_content_is_linked_both_ways():
    article = Article.from_text(TEXT)
    start = TEXT.index("the army shelled")
    attribution = _attribution(article, start, len(TEXT) - 1)
    inside = _event(article, "shelled")
    elsewhere = _event(article, "hit", sentence=Sentence(0, TEXT.index(".") + 1))
    link_events([attribution], [inside, elsewhere], min_actor_names=1)
    assert attribution.events == [inside.id]
    assert inside.claims == ["a1"] and elsewhere.claims == []


def test_event_sharing_place_and_actor_is_linked():
    article = Article.from_text(TEXT)
    attribution = _attribution(
        article, TEXT.index("A medic"), len(TEXT) - 1
    )  # names the town and the army
    event = _event(article, "hit", place="Kafr Nabl", actor="army")
    link_events([attribution], [event], min_actor_names=1)
    assert attribution.events == [event.id]
    lonely = _event(article, "hit", place="Kafr Nabl", actor="navy")
    link_events([attribution], [lonely], min_actor_names=1)
    assert lonely.claims == []


@pytest.mark.slow
def test_statement_dated_by_the_time_expression_of_its_clause(quote_pipeline):
    text = "The rebel leader had declared on Friday that his men would never surrender the town."
    analysis = quote_pipeline.analyze_text(text, published=dt.date(2024, 12, 11))
    friday = text.index("Friday")
    never = text.index("never")
    analysis.times = [
        TimeExpr(
            friday,
            friday + 6,
            "Friday",
            "DATE",
            "2024-12-06",
            dt.date(2024, 12, 6),
            dt.date(2024, 12, 6),
            1,
        ),
        TimeExpr(
            never, never + 5, "never", "DATE", "FUTURE_REF"
        ),  # inside the content: not the statement's date
    ]
    QuoteStage()(analysis)
    (attribution,) = analysis.attributions
    assert attribution.date is not None
    assert attribution.date.value == dt.date(2024, 12, 6)
    assert attribution.date.time_precision == 1
    assert attribution.date.evidence[0].text == "Friday"


@pytest.mark.slow
def test_undated_without_time_expressions(attribute):
    analysis = attribute(
        "The rebel leader had declared on Friday that his men would never surrender."
    )
    assert analysis.attributions and analysis.attributions[0].date is None
