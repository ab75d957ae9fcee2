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


def test_incremental_fuse_then_rebuild_keeps_split_and_ids(fstore, put, article, event):
    a = article(TEXT_A, outlet="alpha")
    put(fstore, a, [event(a, "air strike", fatalities=12)])
    assert fuse(fstore).fused_events == 1
    b = article(TEXT_B, outlet="beta")
    eb = event(b, "bombed", fatalities=15)
    put(fstore, b, [eb])
    summary = fuse(fstore)
    assert (summary.articles, summary.fused_events) == (1, 1)  # only the new article
    (one,) = fused_events(fstore)
    assert one["independent_sources"] == 2
    assert fuse(fstore).articles == 0  # nothing new
    parts = split(fstore, eb["id"], reason="two markets")
    assert parts[0] == one["id"]
    assert fuse(fstore, rebuild=True).fused_events == 2
    assert {e["id"] for e in fused_events(fstore)} == set(parts)


def test_user_merge_survives_rebuild_and_shows_in_history(fstore, put, article, event):
    a = article(TEXT_A, outlet="alpha")
    c = article(TEXT_C, outlet="gamma", published="2024-03-09")
    put(fstore, a, [event(a, "air strike")])
    put(fstore, c, [event(c, "Shelling", town="Southville", day="2024-03-08")])
    fuse(fstore)
    first, second = (e["id"] for e in fused_events(fstore))
    kept = merge(fstore, [first, second[:8]], reason="one campaign")
    assert kept == first and count_fused(fstore) == 1
    fuse(fstore, rebuild=True)
    (only,) = fused_events(fstore)
    assert only["id"] == first and only["independent_sources"] == 2
    ops = [op["op"] for op in fused_event(fstore, first[:8])["history"]]
    assert "merge" in ops and ops[-1] == "attach"  # the rebuild re-attached it by the constraint


def test_near_duplicate_copy_is_not_an_independent_source(fstore, put, article, event):
    original = article(f"{COPY_WORDS}, an air strike was reported.", outlet="wire")
    copy = article(
        f"{COPY_WORDS}, an air strike was reported. Via wire.",
        outlet="echo",
        published="2024-03-06",
    )
    put(fstore, original, [event(original, "air strike")])
    put(fstore, copy, [event(copy, "air strike")])
    assert fuse(fstore).copies == 1
    (one,) = fused_events(fstore)
    assert len(one["reports"]) == 2 and one["independent_sources"] == 1
    assert count_fused(fstore, min_sources=2) == 0


def test_reprocessed_and_removed_articles_are_refused(fstore, put, article, event, raw_delete):
    a = article(TEXT_A, outlet="alpha")
    b = article(TEXT_B, outlet="beta")
    put(fstore, a, [event(a, "air strike", fatalities=12)])
    put(fstore, b, [event(b, "bombed", fatalities=15)])
    fuse(fstore)
    put(fstore, b, [event(b, "bombed", fatalities=15)], pipeline_version="v2")
    assert fuse(fstore).articles == 1  # the new analysis of b only
    assert fused_events(fstore)[0]["independent_sources"] == 2
    raw_delete(fstore, b["id"])
    fuse(fstore)
    (one,) = fused_events(fstore)
    assert one["independent_sources"] == 1


def test_listing_pages_and_unknown_ids(fstore, put, article, event):
    for i, town in enumerate(["Northtown", "Southville"]):
        x = article(f"{TEXT_C} Report {i}.", outlet=f"o{i}")
        put(fstore, x, [event(x, "Shelling", town=town, day=f"2024-03-0{i + 1}")])
    fuse(fstore)
    everything = fused_events(fstore)
    assert [e["date"]["value"] for e in everything] == ["2024-03-01", "2024-03-02"]
    assert fused_events(fstore, limit=1, offset=1) == everything[1:]
    assert fused_events(fstore, limit=0) == []
    with pytest.raises(NotFound):
        fused_event(fstore, "nosuchfusedid")
    with pytest.raises(BadInput):
        split(fstore, everything[0]["id"], reason="one report only")


@pytest.fixture
def raw_delete():
    def run(store, article_id: str) -> None:
        if hasattr(store, "connection"):
            with store.connection() as conn:
                conn.execute("DELETE FROM articles WHERE id = %s", (article_id,))
            return
        store._write(lambda conn: conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)))

    return run
