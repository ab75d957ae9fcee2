"""Hand-made analyses for store tests (an article with events, a quote, places, time expressions),
and stores on both backends: SQLite, and PostgreSQL/PostGIS from $SITROOM_TEST_PG_DSN or a cluster."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sitroom.records import (
    Analysis,
    Article,
    Attribution,
    Candidate,
    Event,
    EventActor,
    EventDate,
    EventFlags,
    EventLocation,
    Evidence,
    Fatalities,
    Place,
    Speaker,
    TimeExpr,
    Toponym,
    stable_id,
)

TEXT = (
    "Gunmen attacked a police post in Northtown on Monday, killing two officers. "
    '"We will rebuild it," the mayor said.'
)


def span(article: Article, word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(word, start + 1)
    return start, start + len(word)


def make_event(
    article: Article,
    *,
    trigger: str = "attacked",
    event_type: str = "Violence against civilians",
    date: dt.date | None = dt.date(2024, 3, 4),
    confidence: float = 0.8,
    flags: EventFlags | None = None,
    with_fields: bool = True,
) -> Event:
    t0, t1 = span(article, trigger)
    event = Event(
        id=stable_id(article.id, "event", trigger, event_type),
        article_id=article.id,
        event_type=event_type,
        sub_event_type="Attack",
        plover="ASSAULT",
        confidence=confidence,
        trigger=Evidence.of(article, t0, t1),
        flags=flags or EventFlags(),
    )
    if with_fields:
        a0, a1 = span(article, "Gunmen")
        event.actors.append(
            EventActor("Unidentified armed group", "actor1", 3, [Evidence.of(article, a0, a1)])
        )
        l0, l1 = span(article, "Northtown")
        event.location = EventLocation(
            "Northtown", 123, 10.5, 20.25, "North", "XX", 1, 0.7, [Evidence.of(article, l0, l1)]
        )
        if date is not None:
            d0, d1 = span(article, "Monday")
            event.date = EventDate(date, date, date, 1, [Evidence.of(article, d0, d1)])
        f0, f1 = span(article, "killing two")
        event.fatalities = Fatalities(2, 2, 2, [Evidence.of(article, f0, f1)])
    return event


def make_quote(article: Article) -> Attribution:
    c0 = article.text.index('"') + 1
    c1 = article.text.index('"', c0)
    s0, s1 = span(article, "the mayor")
    q0, q1 = span(article, "said")
    return Attribution(
        id=stable_id(article.id, "quote", c0),
        article_id=article.id,
        direct=True,
        speaker=Speaker("the mayor", "person", None, None, [Evidence.of(article, s0, s1)]),
        cue=Evidence.of(article, q0, q1),
        content=Evidence.of(article, c0, c1),
    )


def make_place(article: Article) -> Place:
    p0, p1 = span(article, "Northtown")
    chosen = Candidate(
        123, "Northtown", 10.5, 20.25, "XX", "North", feature_class="P", feature_code="PPL"
    )
    return Place(Toponym(p0, p1, "Northtown"), chosen, 0.9)


def make_timex(article: Article) -> TimeExpr:
    d0, d1 = span(article, "Monday")
    day = dt.date(2024, 3, 4)
    return TimeExpr(d0, d1, "Monday", "DATE", "2024-03-04", day, day, 1)


def make_analysis(text: str = TEXT, *, published: dt.date | None = dt.date(2024, 3, 5)) -> Analysis:
    article = Article.from_text(
        text, title="Post attacked", outlet="Test Wire", published=published
    )
    analysis = Analysis(article=article)
    analysis.events.append(make_event(article))
    if '"' in text:
        analysis.attributions.append(make_quote(article))
    analysis.places.append(make_place(article))
    analysis.times.append(make_timex(article))
    return analysis


@pytest.fixture
def analysis() -> Analysis:
    return make_analysis()


@pytest.fixture
def build() -> SimpleNamespace:
    """The record builders, for tests that need variations."""
    return SimpleNamespace(
        analysis=make_analysis,
        event=make_event,
        quote=make_quote,
        place=make_place,
        timex=make_timex,
    )


# -- real `sitroom` subprocesses on one database (concurrency, crashes) ---------------------------


def sitroom_command() -> list[str]:
    """The installed `sitroom` script next to this Python, else a `-c` call of the CLI's main."""
    script = Path(sys.executable).with_name("sitroom")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from sitroom.cli import main; main()"]


def write_articles(folder: Path, prefix: str, n: int) -> list[Path]:
    """`n` distinct short articles, each with exactly one dated time expression."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{prefix}-{i:04d}.txt"
        path.write_text(
            f"Report {prefix} number {i}: troops shelled the town on 3 March 2024, officials said.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.fixture
def light_config(tmp_path: Path) -> Path:
    """A config whose pipeline is the time stage alone: real rows and evidence, no spaCy load."""
    path = tmp_path / "light.toml"
    path.write_text('[sitroom]\nstages = ["time"]\n', encoding="utf-8")
    return path


@pytest.fixture
def sitroom_cli() -> SimpleNamespace:
    return SimpleNamespace(command=sitroom_command(), write_articles=write_articles)


# -- both backends: SQLite in tmp_path, PostgreSQL/PostGIS in a fresh schema ----------------------


@pytest.fixture
def raw_sql() -> Callable[[Any, str, tuple[Any, ...]], None]:
    """Run one write statement (SQLite `?` placeholders) directly on a store's database."""

    def run(store: Any, sql: str, params: tuple[Any, ...] = ()) -> None:
        if hasattr(store, "connection"):  # PostgreSQL
            with store.connection() as conn:
                conn.execute(sql.replace("?", "%s"), params)
            return
        conn = sqlite3.connect(store.path)
        conn.execute(sql, params)
        conn.commit()
        conn.close()

    return run
