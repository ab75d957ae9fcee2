import csv
import io
import json

import pytest

from sitroom.errors import BadInput
from sitroom.export import render_events

EVENT = {
    "id": "abc123",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "plover": "AERIAL",
    "confidence": 0.7,
    "flags": {"negated": False, "hypothetical": False, "historical": False},
    "trigger": {"article_id": "a1", "start": 2, "end": 13, "text": "drone strike"},
    "actors": [
        {"name": "Unidentified Armed Group", "role": "actor1", "inter": 3, "evidence": []},
        {"name": "Civilians", "role": "actor2", "inter": 7, "evidence": []},
    ],
    "location": {
        "name": "Marib",
        "geonameid": 1,
        "lat": 15.46,
        "lon": 45.32,
        "admin1": "Ma'rib",
        "country": "YE",
        "geo_precision": 1,
        "confidence": 0.9,
        "evidence": [],
    },
    "date": {
        "value": "2025-05-19",
        "earliest": "2025-05-19",
        "latest": "2025-05-19",
        "time_precision": 1,
        "evidence": [],
    },
    "fatalities": {"value": 3, "low": 3, "high": 3, "evidence": []},
    "reports": [{"article_id": "a1", "url": None, "outlet": "Wire", "published": "2025-05-20"}],
    "claims": [],
}
UNLOCATED = {**EVENT, "id": "def456", "location": None}


def test_acled_csv_uses_acled_columns():
    rows = list(csv.DictReader(io.StringIO(render_events([EVENT], "acled"))))
    assert rows[0]["sub_event_type"] == "Air/drone strike"
    assert (
        rows[0]["actor2"] == "Civilians" and rows[0]["civilian_targeting"] == "Civilian targeting"
    )
    assert rows[0]["latitude"] == "15.46" and rows[0]["fatalities"] == "3"
    assert rows[0]["event_date"] == "2025-05-19" and rows[0]["year"] == "2025"


def test_geojson_skips_unlocated_events_and_puts_lon_first():
    fc = json.loads(render_events([EVENT, UNLOCATED], "geojson"))
    assert len(fc["features"]) == 1
    assert fc["features"][0]["geometry"]["coordinates"] == [45.32, 15.46]


def test_json_jsonl_plover():
    assert json.loads(render_events([EVENT], "json"))[0]["id"] == "abc123"
    lines = render_events([EVENT, UNLOCATED], "jsonl").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["abc123", "def456"]
    plover = json.loads(render_events([EVENT], "plover"))[0]
    assert plover["event"] == "AERIAL" and plover["recipient"] == "Civilians"


def test_unknown_format():
    with pytest.raises(BadInput):
        render_events([EVENT], "xml")
