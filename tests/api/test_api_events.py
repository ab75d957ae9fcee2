"""Event list filters, paging and sorting; one event with evidence, quotes and conflicting reports."""

from __future__ import annotations


def ids(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [e["id"] for e in resp.json()["events"]]


def test_list_pages_and_totals(api):
    data = api.get("/api/events?limit=2").json()
    assert data["total"] == 3 and len(data["events"]) == 2
    rest = api.get("/api/events?limit=2&offset=2").json()["events"]
    assert len(rest) == 1 and rest[0]["id"] not in {e["id"] for e in data["events"]}


def test_sorting(api):
    newest = api.get("/api/events?sort=-date").json()["events"]
    assert newest[0]["event_type"] == "Protests"
    confs = [e["confidence"] for e in api.get("/api/events?sort=confidence").json()["events"]]
    assert confs == sorted(confs)
    assert api.get("/api/events?sort=bogus").status_code == 422


def test_filters(api):
    assert len(ids(api.get("/api/events?event_type=battles"))) == 2
    assert len(ids(api.get("/api/events?sub_event_type=Armed clash"))) == 2
    assert len(ids(api.get("/api/events?bbox=30,-5,40,5"))) == 1  # Nairobi only
    assert len(ids(api.get("/api/events?bbox=-10,10,10,20"))) == 2  # Gao twice
    assert len(ids(api.get("/api/events?date_from=2025-06-01"))) == 1
    assert len(ids(api.get("/api/events?date_to=2025-03-01"))) == 2
    assert len(ids(api.get("/api/events?actor=gunm"))) == 1
    assert len(ids(api.get("/api/events?place=nairobi"))) == 1
    assert len(ids(api.get("/api/events?q=soldiers"))) == 0  # not in any field's evidence
    assert len(ids(api.get("/api/events?q=Militants"))) == 1
    assert len(ids(api.get("/api/events?min_confidence=0.5"))) == 2
    assert len(ids(api.get("/api/events?flag=hypothetical"))) == 1
    assert len(ids(api.get("/api/events?flag=none"))) == 2
    assert len(ids(api.get("/api/events?include_flagged=false"))) == 2
    assert api.get("/api/events?bbox=1,2,3").status_code == 400
    assert len(ids(api.get("/api/events?near=-1.29,36.82,50"))) == 1  # within 50 km of Nairobi
    assert len(ids(api.get("/api/events?near=16.27,-0.04,100"))) == 2  # Gao twice
    assert api.get("/api/events?near=1,2").status_code == 400
    assert api.get("/api/events?date_from=March").status_code == 422
    assert api.get("/api/events?q=%25").json()["total"] == 0  # LIKE wildcards are literal


def test_one_event_has_evidence_quotes_and_conflicts(api):
    gao = api.get("/api/events?actor=Militants").json()["events"][0]
    one = api.get(f"/api/events/{gao['id'][:8]}").json()  # a unique prefix is enough
    assert one["event"]["id"] == gao["id"] and one["review"] is None
    assert one["machine"] == {k: v for k, v in gao.items() if k != "review"}
    fields = {row["field"] for row in one["evidence"]}
    assert {"event_type", "actor", "location", "date", "fatalities"} <= fields
    text = api.get(f"/api/articles/{gao['reports'][0]['article_id']}").json()["article"]["text"]
    for row in one["evidence"]:
        assert text[row["start"] : row["end"]] == row["text"]
    assert [q["speaker"]["name"] for q in one["quotes"]] == ["army"]
    (other,) = one["related"]  # the other wire's report of the Gao attack
    assert "fatalities" in other["differs"] and "actors" in other["differs"]
    assert api.get("/api/events/zzzzzzzz").status_code == 404


def test_article_has_text_and_every_span(api):
    gao = api.get("/api/events?actor=Militants").json()["events"][0]
    data = api.get(f"/api/articles/{gao['reports'][0]['article_id']}").json()
    owners = {s["owner_kind"] for s in data["spans"]}
    assert owners == {"event", "attribution"}
    assert all(data["article"]["text"][s["start"] : s["end"]] == s["text"] for s in data["spans"])
    assert data["events"][0]["id"] == gao["id"] and data["quotes"]


def test_actors_places_quotes_stats(api):
    names = [a["name"] for a in api.get("/api/actors").json()["actors"]]
    assert sorted(names) == ["Gunmen", "Militants", "Police"]
    assert api.get("/api/actors?name=pol").json()["actors"][0]["events"] == 1
    assert api.get("/api/places").json() == {"places": []}  # no toponyms in hand-made analyses
    assert len(api.get("/api/quotes").json()["quotes"]) == 2
    assert api.get("/api/stats").json()["unreviewed"] == 3


def test_timeline_ignores_the_date_range(api):
    days = api.get("/api/timeline?date_from=2025-06-01").json()["days"]
    assert sum(d["count"] for d in days) == 3
    assert {d["event_type"] for d in days} == {"Battles", "Protests"}


def test_exports(api):
    assert api.get("/api/export/events.geojson").json()["type"] == "FeatureCollection"
    csv = api.get("/api/export/events.acled?event_type=Protests").text.splitlines()
    assert csv[0].startswith("event_id_cnty") and len(csv) == 2
    assert len(api.get("/api/export/events.plover").json()) == 3
    assert api.get("/api/export/events.xml").status_code == 404
    assert api.get("/api/export/events.json?unreviewed=false").json() == []


def test_every_page_has_a_json_twin(api):
    twins = api.get("/api/ui").json()["twins"]
    gao = api.get("/api/events?actor=Militants").json()["events"][0]
    ids_for = {"/events/{id}": gao["id"], "/articles/{id}": gao["reports"][0]["article_id"]}
    for page, twin in twins.items():
        ident = ids_for.get(page, "")
        html = api.get(page.replace("{id}", ident))
        assert html.status_code == 200 and "app.js" in html.text
        assert api.get(twin.replace("{id}", ident)).headers["content-type"] == "application/json"
