"""The web UI in headless Chromium: markers, timeline brushing, evidence highlighting, a review action
that writes an audit row, and hostile article text that must not execute. Screenshots: test-artifacts/web.
"""

from __future__ import annotations

import json
import urllib.request


def _ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=20_000)
    assert page.evaluate("document.body.dataset.ready") == "1", page.inner_text("main")


def _until(page, expression: str, timeout_s: float = 15.0) -> None:
    """Poll a JS expression (wait_for_function evals strings, which the page's CSP forbids)."""
    for _ in range(int(timeout_s * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def _api(server, path: str) -> dict:
    with urllib.request.urlopen(server["url"] + path, timeout=10) as resp:
        return json.loads(resp.read())


def test_map_has_markers_for_the_sample_corpus(server, page, shots):
    _ready(page, server["url"] + "/")
    events = _api(server, "/api/events?limit=1000")["events"]
    located = [e for e in events if (e.get("location") or {}).get("lat") is not None]
    assert located
    markers = page.evaluate("document.querySelector('#map').dataset.markers")
    assert markers == str(len(located))
    assert page.locator(".leaflet-marker-icon, path.leaflet-interactive").count() > 0
    page.screenshot(path=str(shots / "map.png"))
    assert page.errors == []


def test_brushing_the_timeline_filters_the_list(server, page, shots):
    _ready(page, server["url"] + "/")
    before = page.locator("#events tr.ev").count()
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.97, y)  # the right end holds the recent days
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.999, y, steps=4)
    page.mouse.up()
    _until(page, f"document.querySelectorAll('#events tr.ev').length < {before}")
    assert 0 <= page.locator("#events tr.ev").count() < before
    assert page.locator("#timeline rect.brush").count() == 1
    page.screenshot(path=str(shots / "brushed.png"))


def test_clicking_an_event_highlights_its_evidence(server, page, shots):
    _ready(page, server["url"] + "/")
    page.locator("#events tr.ev").first.click()
    page.wait_for_selector("#panel .article-text mark")
    marks = page.locator("#panel .article-text mark").all_inner_texts()
    eid = page.locator("#events tr.sel").get_attribute("data-id")
    evidence = {row["text"] for row in _api(server, f"/api/events/{eid}")["evidence"]}
    assert set(marks) <= evidence and marks
    page.locator("#panel tr.field[data-field=event_type]").click()
    page.wait_for_selector("#panel mark.focus")
    assert page.url.endswith(f"/events/{eid}")
    page.screenshot(path=str(shots / "event.png"))


def test_review_action_writes_an_audit_row(server, page, shots):
    _ready(page, f"{server['url']}/review#token={server['token']}")
    first = page.locator("#queue tr.ev.sel").get_attribute("data-id")
    page.fill("#reason", "checked against the article")
    page.locator("body").click(
        position={"x": 5, "y": 300}
    )  # leave the field: keys act on the queue
    page.keyboard.press("a")
    _until(page, "document.querySelector('#review-status').textContent.includes('accept:')")
    audit = _api(server, f"/api/review/audit?event_id={first}")["audit"]
    assert audit and audit[0]["action"] == "accept"
    assert audit[0]["reason"] == "checked against the article"
    page.screenshot(path=str(shots / "review.png"))


def test_hostile_article_does_not_execute(server, page, shots):
    articles = _api(server, "/api/articles?limit=100")["articles"]
    (hostile,) = [
        a
        for a in articles
        if "Hostile" in (a["title"] or "")
        or a["title"] is None
        and "Hostile" in _api(server, f"/api/articles/{a['id']}")["article"]["text"]
    ]
    _ready(page, f"{server['url']}/articles/{hostile['id']}")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert "<script>" in page.inner_text("main")  # shown as text
    assert page.locator("main script, main img, main svg, main a[href^='javascript']").count() == 0
    page.screenshot(path=str(shots / "hostile.png"))
