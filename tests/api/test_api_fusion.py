"""Fusion endpoints on the hand-made API store, SQLite and PostgreSQL: list, one, merge then split,
token and 404 checks. The store is fused first (library call); PostgreSQL skips without a server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.fusion import fuse
from sitroom.store import migrations, open_store


@pytest.fixture(autouse=True)
def fusion_migration() -> Iterator[None]:
    from sitroom.fusion import tables

    tables.ensure_registered()
    yield
    if "sitroom.fusion.tables" not in migrations.MIGRATION_MODULES:
        tables.unregister()


ARTICLE_COLUMNS = (
    "id, text, title, url, outlet, published, language, source, status, pipeline_version,"
    " ingested_at"
)
EVENT_COLUMNS = (
    "id, article_id, event_type, sub_event_type, date, lat, lon, confidence, negated,"
    " hypothetical, historical, json"
)


@pytest.fixture
def pg_filled(pg_dsn, filled_db) -> Iterator[str]:
    """A PostgreSQL store (own schema) holding the SQLite API store's articles and events."""
    with open_store(pg_dsn) as store, store.connection() as conn:
        source = sqlite3.connect(filled_db)
        for table, columns in (("articles", ARTICLE_COLUMNS), ("events", EVENT_COLUMNS)):
            rows = source.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()
            marks = ",".join(["%s"] * len(columns.split(",")))
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        source.close()
    yield pg_dsn


@pytest.fixture(params=["sqlite", "postgresql"])
def fused_api(request, filled_db, api, auth) -> Iterator[TestClient]:
    if request.param == "sqlite":
        with open_store(filled_db) as store:
            fuse(store)
        yield api
        return
    dsn = request.getfixturevalue("pg_filled")
    with open_store(dsn) as store:
        assert fuse(store).articles > 0
    token = auth["Authorization"].split()[1]
    with TestClient(create_app(dsn, token=token)) as client:
        yield client


def _by_place(client) -> dict[str, dict]:
    items = client.get("/api/fused", params={"limit": 100}).json()["items"]
    return {item["location"]["name"]: item for item in items}


def test_list_is_paginated_and_counts_all(fused_api):
    first = fused_api.get("/api/fused", params={"limit": 1}).json()
    assert first["total"] >= 2 and len(first["items"]) == 1
    second = fused_api.get("/api/fused", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]


def test_one_fused_event_has_its_reports_and_history(fused_api):
    gao = _by_place(fused_api)["Gao"]
    got = fused_api.get(f"/api/fused/{gao['id']}")
    assert got.status_code == 200
    body = got.json()["fused"]
    assert body["id"] == gao["id"] and body["reports"] and "history" in body


def test_merge_then_split_through_the_api(fused_api, auth):
    places = _by_place(fused_api)
    gao, nairobi = places["Gao"], places["Nairobi"]
    before = fused_api.get("/api/fused").json()["total"]
    merged = fused_api.post(
        "/api/fused/merge",
        json={"ids": [gao["id"], nairobi["id"]], "reason": "same raid, test"},
        headers=auth,
    )
    assert merged.status_code == 200, merged.text
    fused = merged.json()["fused"]
    assert fused["id"] == gao["id"]
    assert set(nairobi["members"]) <= set(fused["members"])
    assert any(op["op"] == "merge" and op["by"] == "user" for op in fused["history"])
    assert fused_api.get("/api/fused").json()["total"] == before - 1

    split = fused_api.post(
        f"/api/fused/{gao['id']}/split",
        json={"event_ids": nairobi["members"], "reason": "different places after all"},
        headers=auth,
    )
    assert split.status_code == 200, split.text
    kept, *parts = split.json()["fused"]
    assert kept["id"] == gao["id"] and not set(nairobi["members"]) & set(kept["members"])
    assert [sorted(p["members"]) for p in parts] == [sorted(nairobi["members"])]
    assert fused_api.get("/api/fused").json()["total"] == before


def test_writes_need_the_token(fused_api):
    places = _by_place(fused_api)
    body = {"ids": [places["Gao"]["id"], places["Nairobi"]["id"]], "reason": "x"}
    assert fused_api.post("/api/fused/merge", json=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert fused_api.post("/api/fused/merge", json=body, headers=wrong).status_code == 401
    split = {"reason": "x"}
    assert fused_api.post(f"/api/fused/{places['Gao']['id']}/split", json=split).status_code == 401


def test_read_only_server_refuses_writes(filled_db):
    client = TestClient(create_app(filled_db, read_only=True))
    answer = client.post("/api/fused/merge", json={"ids": ["a", "b"], "reason": "x"})
    assert answer.status_code == 403


def test_unknown_ids_are_404(fused_api, auth):
    assert fused_api.get("/api/fused/nosuchid").status_code == 404
    answer = fused_api.post("/api/fused/nosuchid/split", json={"reason": "x"}, headers=auth)
    assert answer.status_code == 404


def test_a_merge_needs_a_reason_and_two_ids(fused_api, auth):
    gao = _by_place(fused_api)["Gao"]
    no_reason = fused_api.post("/api/fused/merge", json={"ids": [gao["id"], "x"]}, headers=auth)
    assert no_reason.status_code == 422
    one = fused_api.post("/api/fused/merge", json={"ids": [gao["id"]], "reason": "x"}, headers=auth)
    assert one.status_code == 422
