"""Review API on SQLite and PostgreSQL: token and read-only guards, limits, headers, actions with
reasons, the audit trail, the queue (PostgreSQL from $SITROOM_TEST_PG_DSN or a throwaway cluster)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.store import open_store

# the store's tables in the order their foreign keys need them
COPIED = ("articles", "events", "attributions", "places", "timexes", "evidence")


def _copy_to_postgres(lite: str, dsn: str) -> None:
    """The SQLite store's rows, as saved, into an empty PostgreSQL store (same column names)."""
    import psycopg

    open_store(dsn).close()  # its tables
    src = sqlite3.connect(lite)
    try:
        with psycopg.connect(dsn) as conn:
            for table in COPIED:
                cur = src.execute(f"SELECT * FROM {table}")
                names = ", ".join(f'"{d[0]}"' for d in cur.description)
                marks = ", ".join(["%s"] * len(cur.description))
                conn.cursor().executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", cur.fetchall()
                )
    finally:
        src.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def filled_db(request: pytest.FixtureRequest, filled_db: str) -> Iterator[str]:
    """The API's hand-made store (conftest), on SQLite and copied into a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield filled_db
        return
    dsn = request.getfixturevalue("pg_dsn")
    _copy_to_postgres(filled_db, dsn)
    yield dsn


def _client(db: str, **options) -> TestClient:
    return TestClient(create_app(db, **options))


def _close(*clients: TestClient) -> None:
    for client in clients:
        client.app.state.backend.close()  # PostgreSQL: the pool


@pytest.fixture
def api(filled_db: str, auth: dict[str, str]) -> Iterator[TestClient]:
    client = _client(filled_db, token=auth["Authorization"].split()[1])
    yield client
    _close(client)


def _gao(api, actor="Militants") -> dict:
    return api.get(f"/api/events?actor={actor}").json()["events"][0]


def test_writes_need_the_token(api, auth):
    eid = _gao(api)["id"]
    assert api.post(f"/api/review/{eid}/accept", json={"reason": "ok"}).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert (
        api.post(f"/api/review/{eid}/accept", json={"reason": "ok"}, headers=bad).status_code == 401
    )
    ok = api.post(f"/api/review/{eid}/accept", json={"reason": "ok"}, headers=auth)
    assert ok.status_code == 200
    alt = {"X-Sitroom-Token": auth["Authorization"].split()[1]}
    assert (
        api.post(f"/api/review/{eid}/accept", json={"reason": "ok"}, headers=alt).status_code == 200
    )


def test_read_only_refuses_writes_and_generated_tokens(filled_db, monkeypatch):
    ro = _client(filled_db, read_only=True)
    eid = ro.get("/api/events").json()["events"][0]["id"]
    assert ro.post(f"/api/review/{eid}/accept", json={"reason": "x"}).status_code == 403
    assert ro.get("/api/ui").json()["read_only"] is True
    monkeypatch.delenv("SITROOM_TOKEN", raising=False)
    generated = _client(filled_db)
    security = generated.app.state.security
    assert security.generated and len(security.token) >= 24
    monkeypatch.setenv("SITROOM_TOKEN", "from-env")
    from_env = _client(filled_db)
    assert from_env.app.state.security.token == "from-env"
    _close(ro, generated, from_env)


def test_limits_headers_and_no_cors(api, auth):
    eid = _gao(api)["id"]
    huge = {"reason": "x" * 300_000}
    assert api.post(f"/api/review/{eid}/accept", json=huge, headers=auth).status_code == 413
    resp = api.get("/")
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    assert resp.headers["x-content-type-options"] == "nosniff"
    cross = api.get("/api/events", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in cross.headers


def test_edit_keeps_machine_output_and_audits(api, auth):
    event = _gao(api)
    eid = event["id"]
    body = {"reason": "wire says five", "reviewer": "ana", "changes": {"fatalities": {"value": 5}}}
    edited = api.post(f"/api/review/{eid}/edit", json=body, headers=auth).json()["event"]
    assert edited["fatalities"]["value"] == 5 and edited["edited"] == ["fatalities"]
    one = api.get(f"/api/events/{eid}").json()
    assert one["event"]["fatalities"]["value"] == 5
    assert one["machine"]["fatalities"]["value"] == 4  # never overwritten
    assert one["review"]["status"] == "edited" and one["review"]["reviewer"] == "ana"
    (row,) = one["audit"]
    assert (row["action"], row["reviewer"], row["reason"]) == ("edit", "ana", "wire says five")
    assert row["before"]["fatalities"]["value"] == 4 and row["after"]["fatalities"]["value"] == 5
    assert api.get("/api/stats").json()["unreviewed"] == 2
    bad = {"reason": "x", "changes": {"id": "other"}}
    assert api.post(f"/api/review/{eid}/edit", json=bad, headers=auth).status_code == 400
    assert (
        api.post(f"/api/review/{eid}/edit", json={"changes": {}}, headers=auth).status_code == 422
    )


def test_reject_merge_split(api, auth):
    a, b = _gao(api)["id"], _gao(api, "Gunmen")["id"]
    merged = api.post(f"/api/review/{b}/merge", json={"reason": "same attack", "into": a},
                      headers=auth).json()["event"]  # fmt: skip
    assert len(merged["reports"]) == 2 and merged["merged_from"] == [b]
    assert api.get(f"/api/events/{b}").json()["review"]["status"] == "merged"
    split = {"reason": "two events", "parts": [{"sub_event_type": "Armed clash"},
                                               {"event_type": "Violence against civilians"}]}  # fmt: skip
    parts = api.post(f"/api/review/{a}/split", json=split, headers=auth).json()["events"]
    assert len(parts) == 2 and all(p["split_from"] == a for p in parts)
    part = api.get(f"/api/events/{parts[1]['id']}").json()
    assert part["evidence"] and part["machine"]["id"] == a  # evidence of the split event
    assert part["event"]["event_type"] == "Violence against civilians"
    nairobi = _gao(api, "Police")["id"]
    api.post(f"/api/review/{nairobi}/reject", json={"reason": "not an event"}, headers=auth)
    assert api.get(f"/api/events/{nairobi}").json()["review"]["status"] == "rejected"
    actions = [r["action"] for r in api.get("/api/review/audit").json()["audit"]]
    assert actions == ["reject", "split", "merge", "merge"]
    assert api.get("/api/stats").json()["unreviewed"] == 0
    assert api.get("/api/review/queue").json() == {"items": [], "pending": 0}


def test_event_list_follows_review(api, auth, filled_db):
    a, b = _gao(api)["id"], _gao(api, "Gunmen")["id"]
    body = {"reason": "wire says five", "reviewer": "ana", "changes": {"fatalities": {"value": 5}}}
    api.post(f"/api/review/{a}/edit", json=body, headers=auth)
    listed = api.get("/api/events?reviewed=reviewed").json()["events"]
    assert [e["id"] for e in listed] == [a] and listed[0]["review"] == "edited"
    assert listed[0]["fatalities"]["value"] == 5
    assert len(api.get("/api/export/events.json?unreviewed=false").json()) == 1
    api.post(f"/api/review/{b}/merge", json={"reason": "same", "into": a}, headers=auth)
    assert api.get("/api/events?event_type=Battles").json()["total"] == 1
    split = {"reason": "two events", "parts": [{}, {"event_type": "Riots"}]}
    parts = api.post(f"/api/review/{a}/split", json=split, headers=auth).json()["events"]
    listed_ids = {e["id"] for e in api.get("/api/events").json()["events"]}
    assert a not in listed_ids and {p["id"] for p in parts} <= listed_ids
    nairobi = api.get("/api/events?place=Nairobi").json()["events"][0]["id"]
    api.post(f"/api/review/{nairobi}/reject", json={"reason": "not an event"}, headers=auth)
    assert api.get("/api/events?place=Nairobi").json()["total"] == 0


def test_queue_puts_flagged_and_conflicting_first(api):
    items = api.get("/api/review/queue").json()["items"]
    assert items[0]["why"] == ["hypothetical"]
    assert items[1]["why"] == ["conflicting"] and items[2]["why"] == ["conflicting"]
