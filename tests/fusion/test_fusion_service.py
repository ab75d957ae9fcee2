"""`fuse(store)` on SQLite and PostgreSQL: incremental runs, rebuild keeping user splits, merges and
ids, near-duplicate copies, re-processed and removed articles, listing, history, prefixes."""

from __future__ import annotations

import pytest

from sitroom.errors import BadInput, NotFound
from sitroom.fusion import fuse, fused_event, fused_events, merge, split
from sitroom.fusion.service import count_fused

TEXT_A = "An air strike hit a market in Northtown on Monday, killing 12 people, officials said."
TEXT_B = "Warplanes bombed the Northtown market on Monday and 15 people died, a monitor said."
TEXT_C = "Shelling struck a school in Southville on Friday; nobody was hurt, residents said."
COPY_WORDS = (
    "Officials in the district said the convoy of lorries carrying flour and medicine reached the"
    " camp late in the evening after waiting three days at the checkpoint near the river crossing"
)


def test_incremental_fuse_then_rebuild_keeps_split_and_ids(any_store, put, article, event):
    a = article(TEXT_A, outlet="alpha")
    put(any_store, a, [event(a, "air strike", fatalities=12)])
    assert fuse(any_store).fused_events == 1
    b = article(TEXT_B, outlet="beta")
    eb = event(b, "bombed", fatalities=15)
    put(any_store, b, [eb])
    summary = fuse(any_store)
    assert (summary.articles, summary.fused_events) == (1, 1)  # only the new article
    (one,) = fused_events(any_store)
    assert one["independent_sources"] == 2
    assert fuse(any_store).articles == 0  # nothing new
    parts = split(any_store, eb["id"], reason="two markets")
    assert parts[0] == one["id"]
    assert fuse(any_store, rebuild=True).fused_events == 2
    assert {e["id"] for e in fused_events(any_store)} == set(parts)


def test_user_merge_survives_rebuild_and_shows_in_history(any_store, put, article, event):
    a = article(TEXT_A, outlet="alpha")
    c = article(TEXT_C, outlet="gamma", published="2024-03-09")
    put(any_store, a, [event(a, "air strike")])
    put(any_store, c, [event(c, "Shelling", town="Southville", day="2024-03-08")])
    fuse(any_store)
    first, second = (e["id"] for e in fused_events(any_store))
    kept = merge(any_store, [first, second[:8]], reason="one campaign")
    assert kept == first and count_fused(any_store) == 1
    fuse(any_store, rebuild=True)
    (only,) = fused_events(any_store)
    assert only["id"] == first and only["independent_sources"] == 2
    ops = [op["op"] for op in fused_event(any_store, first[:8])["history"]]
    assert "merge" in ops and ops[-1] == "attach"  # the rebuild re-attached it by the constraint


def test_near_duplicate_copy_is_not_an_independent_source(any_store, put, article, event):
    original = article(f"{COPY_WORDS}, an air strike was reported.", outlet="wire")
    copy = article(
        f"{COPY_WORDS}, an air strike was reported. Via wire.",
        outlet="echo",
        published="2024-03-06",
    )
    put(any_store, original, [event(original, "air strike")])
    put(any_store, copy, [event(copy, "air strike")])
    assert fuse(any_store).copies == 1
    (one,) = fused_events(any_store)
    assert len(one["reports"]) == 2 and one["independent_sources"] == 1
    assert count_fused(any_store, min_sources=2) == 0


def test_reprocessed_and_removed_articles_are_refused(any_store, put, article, event, raw_delete):
    a = article(TEXT_A, outlet="alpha")
    b = article(TEXT_B, outlet="beta")
    put(any_store, a, [event(a, "air strike", fatalities=12)])
    put(any_store, b, [event(b, "bombed", fatalities=15)])
    fuse(any_store)
    put(any_store, b, [event(b, "bombed", fatalities=15)], pipeline_version="v2")
    assert fuse(any_store).articles == 1  # the new analysis of b only
    assert fused_events(any_store)[0]["independent_sources"] == 2
    raw_delete(any_store, b["id"])
    fuse(any_store)
    (one,) = fused_events(any_store)
    assert one["independent_sources"] == 1


def test_listing_pages_and_unknown_ids(any_store, put, article, event):
    for i, town in enumerate(["Northtown", "Southville"]):
        x = article(f"{TEXT_C} Report {i}.", outlet=f"o{i}")
        put(any_store, x, [event(x, "Shelling", town=town, day=f"2024-03-0{i + 1}")])
    fuse(any_store)
    everything = fused_events(any_store)
    assert [e["date"]["value"] for e in everything] == ["2024-03-01", "2024-03-02"]
    assert fused_events(any_store, limit=1, offset=1) == everything[1:]
    assert fused_events(any_store, limit=0) == []
    with pytest.raises(NotFound):
        fused_event(any_store, "nosuchfusedid")
    with pytest.raises(BadInput):
        split(any_store, everything[0]["id"], reason="one report only")


@pytest.fixture
def raw_delete():
    def run(store, article_id: str) -> None:
        if hasattr(store, "connection"):
            with store.connection() as conn:
                conn.execute("DELETE FROM articles WHERE id = %s", (article_id,))
            return
        store._write(lambda conn: conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)))

    return run
