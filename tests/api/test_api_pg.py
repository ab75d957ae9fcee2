"""The API on PostgreSQL/PostGIS answers as on SQLite (same data, same filters); radius and full-text
queries; the review routes read the same there. Skipped without PostgreSQL (see tests/store)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.api import query as api_query
from sitroom.records import (
    Analysis,
    Article,
    Event,
    EventActor,
    EventDate,
    EventFlags,
    EventLocation,
    Fatalities,
    stable_id,
)
from sitroom.store import open_store

TOKEN = "pg-token-1"
# (text, actor, trigger, type, place, lat, lon, date, dead word, dead, hypothetical)
ROWS = [
    ("Rebels shelled Kidal on Tuesday, killing three.", "Rebels", "shelled", "Battles",
     "Kidal", 18.44, 1.41, "2025-02-04", "three", 3, False),
    ("Soldiers clashed with rebels near Tessalit; nine died.", "Soldiers", "clashed", "Battles",
     "Tessalit", 20.2, 1.01, "2025-02-06", "nine", 9, False),
    ("Crowds marched in Dakar and police fired tear gas; one was hurt.", "police", "marched",
     "Protests", "Dakar", 14.69, -17.44, "2025-03-01", "one", 1, True),
    ("Fighters raided Suva harbour at night, killing two guards.", "Fighters", "raided",
     "Battles", "Suva", -18.14, 178.44, "2025-04-10", "two", 2, False),
    ("A mob looted shops in Taveuni; four people died.", "mob", "looted", "Riots",
     "Taveuni", -16.85, -179.97, None, "four", 4, False),
]  # fmt: skip
QUERIES = [
    "",
    "limit=2",
    "limit=2&offset=2",
    "sort=-date",
    "sort=date",
    "sort=confidence",
    "sort=-confidence",
    "sort=id",
    "event_type=battles",
    "bbox=-5,15,5,25",
    "bbox=170,-20,-170,-10",  # across the antimeridian
    "date_from=2025-02-05",
    "date_to=2025-03-01",
    "actor=REB",
    "place=dakar",
    "place=XX",
    "min_confidence=0.6",
    "flag=hypothetical",
    "flag=none",
    "reviewed=unreviewed",
]


def _analysis(row: tuple) -> Analysis:
    text, actor, trigger, etype, place, lat, lon, date, dead_word, dead, hypo = row
    article = Article.from_text(text, title=place, outlet="Wire", published=dt.date(2025, 5, 1))
    a = Analysis(article=article)

    def ev(word: str):
        start = text.index(word)
        return a.evidence(start, start + len(word))

    day = dt.date.fromisoformat(date) if date else None
    a.events.append(
        Event(
            id=stable_id(article.id, etype),
            article_id=article.id,
            event_type=etype,
            sub_event_type="Armed clash",
            plover="FIGHT",
            confidence=0.3 + 0.1 * len(place) / 2,
            trigger=ev(trigger),
            flags=EventFlags(hypothetical=hypo),
            actors=[EventActor(actor, "actor1", 2, [ev(actor)])],
            location=EventLocation(place, 7, lat, lon, "Region", "XX", 1, 0.9, [ev(place)]),
            date=EventDate(day, day, day, 1, [ev(trigger)]) if day else None,
            fatalities=Fatalities(dead, dead, dead, [ev(dead_word)]),
        )
    )
    return a


@pytest.fixture(scope="module")
def apps(pg_server, tmp_path_factory) -> Iterator[dict[str, TestClient]]:
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS api_pg CASCADE")
        conn.execute("CREATE SCHEMA api_pg")
    pg = f"{pg_server}?options=-c%20search_path%3Dapi_pg%2Cpublic"
    lite = str(tmp_path_factory.mktemp("api") / "api.db")
    for dsn in (lite, pg):
        with open_store(dsn) as store:
            for row in ROWS:
                store.save(_analysis(row), pipeline_version="test")
    clients = {"sqlite": TestClient(create_app(lite, token=TOKEN))}
    clients["postgresql"] = TestClient(create_app(pg, token=TOKEN))
    yield clients
    clients["postgresql"].app.state.backend.close()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("DROP SCHEMA api_pg CASCADE")


@pytest.mark.parametrize("params", QUERIES)
def test_event_list_is_the_same_on_both_backends(apps, params):
    lite = apps["sqlite"].get(f"/api/events?{params}")
    pg = apps["postgresql"].get(f"/api/events?{params}")
    assert lite.status_code == pg.status_code == 200, pg.text
    assert pg.json() == lite.json()
    assert pg.json()["total"] > 0


@pytest.mark.parametrize(
    "path", ["/api/timeline", "/api/actors", "/api/places", "/api/articles", "/api/stats"]
)
def test_other_reads_are_the_same_on_both_backends(apps, path):
    lite, pg = apps["sqlite"].get(path), apps["postgresql"].get(path)
    assert lite.status_code == pg.status_code == 200, pg.text
    if path == "/api/stats":  # schema versions differ (PostgreSQL has its own migrations)
        assert {k: v for k, v in pg.json().items() if k != "schema_version"} == {
            k: v for k, v in lite.json().items() if k != "schema_version"
        }
    else:
        assert pg.json() == lite.json()


def test_one_event_and_one_article_on_postgresql(apps):
    first = apps["sqlite"].get("/api/events?sort=id&limit=1").json()["events"][0]
    lite = apps["sqlite"].get(f"/api/events/{first['id']}").json()
    pg = apps["postgresql"].get(f"/api/events/{first['id']}")
    assert pg.status_code == 200, pg.text
    for key in ("event", "machine", "evidence", "quotes", "related"):
        assert pg.json()[key] == lite[key]
    article_id = first["reports"][0]["article_id"]
    a_lite = apps["sqlite"].get(f"/api/articles/{article_id}").json()
    a_pg = apps["postgresql"].get(f"/api/articles/{article_id[:8]}")
    assert a_pg.status_code == 200 and a_pg.json() == a_lite
    assert apps["postgresql"].get("/api/events/ffffffffffffffff").status_code == 404


def test_radius_query_on_both_backends(apps):
    """Kidal (18.44, 1.41) and Tessalit (20.2, 1.01) are ~200 km apart."""
    found = {}
    for name, client in apps.items():
        backend = client.app.state.backend
        for km in (50, 250):
            q = api_query.EventQuery(near=api_query.parse_near(f"18.44,1.41,{km}"), sort="id")
            with backend.read() as conn:
                page = api_query.list_events(conn, q)
            found[name, km] = sorted(e["location"]["name"] for e in page["events"])
            assert page["total"] == len(page["events"])
    assert found["sqlite", 50] == found["postgresql", 50] == ["Kidal"]
    assert found["sqlite", 250] == found["postgresql", 250] == ["Kidal", "Tessalit"]


def test_full_text_q_on_postgresql_searches_article_words(apps):
    pg = apps["postgresql"]
    names = lambda r: [e["location"]["name"] for e in r.json()["events"]]  # noqa: E731
    assert names(pg.get("/api/events?q=harbour")) == ["Suva"]  # article text, not a field
    assert names(pg.get("/api/events?q=looting")) == ["Taveuni"]  # stemmed: looted ~ looting
    assert pg.get("/api/events?q=zebra").json()["total"] == 0


def test_review_reads_are_the_same_on_postgresql(apps):
    """Read-only here (the apps are shared); review writes on PostgreSQL: tests/api/test_api_review.py."""
    pg, lite = apps["postgresql"], apps["sqlite"]
    for path in ("/api/review/queue", "/api/review/queue?limit=2&offset=1", "/api/review/audit"):
        assert pg.get(path).status_code == 200, pg.get(path).text
        assert pg.get(path).json() == lite.get(path).json()
    assert pg.get("/api/review/queue").json()["pending"] == len(ROWS)
    event_id = pg.get("/api/events?limit=1").json()["events"][0]["id"]
    one = pg.get(f"/api/events/{event_id}").json()
    assert one["review"] is None and one["audit"] == [] and one["event"] == one["machine"]
    body = {"reason": "checked"}
    assert pg.post(f"/api/review/{event_id}/accept", json=body).status_code == 401  # no token
