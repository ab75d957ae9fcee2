"""REST API over a store filled from the sample articles: JSON twins and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.ingest import ingest
from sitroom.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def client(tmp_path_factory, full_pipeline):
    db = str(tmp_path_factory.mktemp("api") / "api.db")
    with open_store(db) as store:
        ingest(
            [
                str(EXAMPLES / "03-kenya-protest-dispersed.txt"),
                str(EXAMPLES / "02-yemen-drone-strike.txt"),
            ],
            store=store,
            pipeline=full_pipeline,
        )
    return TestClient(create_app(db))


def test_index_and_openapi(client):
    assert "sitroom" in client.get("/").text
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events/{event_id}" in spec["paths"]


def test_events_and_one_event_with_evidence(client):
    events = client.get("/api/events").json()["events"]
    assert events
    one = client.get(f"/api/events/{events[0]['id']}").json()
    article = client.get(f"/api/articles/{one['event']['reports'][0]['article_id']}").json()
    text = article["article"]["text"]
    for row in one["evidence"]:
        assert text[row["start"] : row["end"]] == row["text"]


def test_not_found_and_bad_query(client):
    assert client.get("/api/events/zzzzzzzz").status_code == 404
    assert client.get("/api/events?limit=0").status_code == 422


def test_export_formats(client):
    assert client.get("/api/export/events.geojson").json()["type"] == "FeatureCollection"
    assert client.get("/api/export/events.acled").text.startswith("event_id_cnty")
    assert client.get("/api/export/events.xml").status_code == 404
