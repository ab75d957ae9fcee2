"""Review API: token and read-only guards, limits, headers, actions with reasons, the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sitroom.api import create_app


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
    ro = TestClient(create_app(filled_db, read_only=True))
    eid = ro.get("/api/events").json()["events"][0]["id"]
    assert ro.post(f"/api/review/{eid}/accept", json={"reason": "x"}).status_code == 403
    assert ro.get("/api/ui").json()["read_only"] is True
    monkeypatch.delenv("SITROOM_TOKEN", raising=False)
    app = create_app(filled_db)
    assert app.state.security.generated and len(app.state.security.token) >= 24
    monkeypatch.setenv("SITROOM_TOKEN", "from-env")
    assert create_app(filled_db).state.security.token == "from-env"


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
    listed = api.get("/api/events?reviewed=reviewed").json()["events"]
    assert [e["id"] for e in listed] == [eid] and listed[0]["review"] == "edited"
    assert api.get("/api/stats").json()["unreviewed"] == 2
    assert len(api.get("/api/export/events.json?unreviewed=false").json()) == 1
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
    assert api.get("/api/events?event_type=Battles").json()["total"] == 1
    split = {"reason": "two events", "parts": [{"sub_event_type": "Armed clash"},
                                               {"event_type": "Violence against civilians"}]}  # fmt: skip
    parts = api.post(f"/api/review/{a}/split", json=split, headers=auth).json()["events"]
    assert len(parts) == 2 and all(p["split_from"] == a for p in parts)
    listed = {e["id"] for e in api.get("/api/events").json()["events"]}
    assert a not in listed and {p["id"] for p in parts} <= listed
    part = api.get(f"/api/events/{parts[1]['id']}").json()
    assert part["evidence"] and part["machine"]["id"] == a  # evidence of the split event
    nairobi = api.get("/api/events?place=Nairobi").json()["events"][0]["id"]
    api.post(f"/api/review/{nairobi}/reject", json={"reason": "not an event"}, headers=auth)
    assert api.get("/api/events?place=Nairobi").json()["total"] == 0
    actions = [r["action"] for r in api.get("/api/review/audit").json()["audit"]]
    assert actions == ["reject", "split", "merge", "merge"]


def test_queue_puts_flagged_and_conflicting_first(api):
    items = api.get("/api/review/queue").json()["items"]
    assert items[0]["why"] == ["hypothetical"]
    assert items[1]["why"] == ["conflicting"] and items[2]["why"] == ["conflicting"]
