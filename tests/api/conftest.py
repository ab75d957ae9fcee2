"""A store filled with hand-made analyses (no spaCy): three articles, one of them hostile HTML text."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.records import (
    Analysis,
    Article,
    Attribution,
    Event,
    EventActor,
    EventDate,
    EventFlags,
    EventLocation,
    Fatalities,
    Speaker,
    stable_id,
)
from sitroom.store import open_store

TOKEN = "test-token-123"

TEXTS = [
    # (text, outlet, published, type, sub type, trigger, actor1, place, lat, lon, dead word, dead)
    ("Militants attacked an army post in Gao on Monday, killing four soldiers, the army said.",
     "Wire A", "2025-03-04", "Battles", "Armed clash", "attacked", "Militants", "Gao",
     16.27, -0.04, "four", 4),
    ("Gunmen attacked a base near Gao on Monday and seven soldiers died, a local official said.",
     "Wire B", "2025-03-04", "Battles", "Armed clash", "attacked", "Gunmen", "Gao",
     16.27, -0.04, "seven", 7),
    ("Police dispersed <script>window.__pwned=1</script> protesters in Nairobi "
     "<img src=x onerror=\"window.__pwned=2\"> <a href=\"javascript:window.__pwned=3\">link</a> "
     "on Friday; two people were hurt.",
     "Wire C", "2025-06-13", "Protests", "Protest with intervention", "dispersed", "Police",
     "Nairobi", -1.29, 36.82, "two", 2),
]  # fmt: skip


def _analysis(row: tuple) -> Analysis:
    text, outlet, published, etype, sub, trig, actor, place, lat, lon, dead_word, dead = row
    pub = dt.date.fromisoformat(published)
    article = Article.from_text(text, title=f"{place} report", outlet=outlet, published=pub)
    a = Analysis(article=article)

    def ev(word: str):
        start = article.text.index(word)
        return a.evidence(start, start + len(word))

    trigger = ev(trig)
    when = pub - dt.timedelta(days=4 if "Monday" in text else 0)
    event = Event(
        id=stable_id(article.id, sub, trigger.start),
        article_id=article.id,
        event_type=etype,
        sub_event_type=sub,
        plover="ASSAULT",
        confidence=0.4 if outlet == "Wire B" else 0.8,
        trigger=trigger,
        flags=EventFlags(hypothetical=outlet == "Wire C"),
        actors=[EventActor(actor, "actor1", 2, [ev(actor)])],
        location=EventLocation(place, 1, lat, lon, "Region", "XX", 1, 0.9, [ev(place)]),
        date=EventDate(when, when, when, 1, [ev("Monday" if "Monday" in text else "Friday")]),
        fatalities=Fatalities(dead, dead, dead, [ev(dead_word)]),
    )
    a.events.append(event)
    said = "said" if "said" in text else None
    if said:
        speaker_word = "army" if "army said" in text else "official"
        content = ev(text.split(",")[0])
        a.attributions.append(
            Attribution(
                id=stable_id(article.id, "q", content.start),
                article_id=article.id,
                direct=False,
                speaker=Speaker(speaker_word, "organization", None, None, [ev(speaker_word)]),
                cue=ev(said),
                content=content,
                events=[event.id],
            )
        )
    return a


@pytest.fixture
def filled_db(tmp_path) -> str:
    db = str(tmp_path / "api.db")
    with open_store(db) as store:
        for row in TEXTS:
            store.save(_analysis(row), pipeline_version="test")
    return db


@pytest.fixture
def api(filled_db) -> TestClient:
    return TestClient(create_app(filled_db, token=TOKEN))


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
