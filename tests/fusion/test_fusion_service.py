"""`fuse(store)` over a SQLite store: incremental runs, rebuild keeping a user split and the ids."""

from __future__ import annotations

import json

from sitroom.fusion import fuse, fused_events, split
from sitroom.store import open_store

TEXT_A = "An air strike hit a market in Northtown on Monday, killing 12 people, officials said."
TEXT_B = "Warplanes bombed the Northtown market on Monday and 15 people died, a monitor said."


def _put(store, article, events):
    """Rows as the pipeline would have saved them (raw SQL: no spaCy in this test)."""

    def work(conn):
        conn.execute(
            "INSERT INTO articles (id, text, outlet, url, published, status, pipeline_version,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, 'ok', 'v1', '2024-03-05')",
            (
                article["id"],
                article["text"],
                article["outlet"],
                article["url"],
                article["published"],
            ),
        )
        for e in events:
            conn.execute(
                "INSERT INTO events (id, article_id, event_type, sub_event_type, date, lat, lon,"
                " confidence, negated, hypothetical, historical, json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0.8, 0, 0, 0, ?)",
                (
                    e["id"],
                    article["id"],
                    e["event_type"],
                    e["sub_event_type"],
                    e["date"]["value"],
                    e["location"]["lat"],
                    e["location"]["lon"],
                    json.dumps(e),
                ),
            )

    store._write(work)


def test_incremental_fuse_then_rebuild_keeps_split_and_ids(tmp_path, article, event):
    with open_store(str(tmp_path / "s.db")) as store:
        a = article(TEXT_A, outlet="alpha")
        _put(store, a, [event(a, "air strike", fatalities=12)])
        assert fuse(store).fused_events == 1
        b = article(TEXT_B, outlet="beta")
        eb = event(b, "bombed", fatalities=15)
        _put(store, b, [eb])
        summary = fuse(store)
        assert (summary.articles, summary.fused_events) == (1, 1)  # only the new article
        (one,) = fused_events(store)
        assert one["independent_sources"] == 2
        parts = split(store, eb["id"], reason="two markets")
        assert fuse(store, rebuild=True).fused_events == 2
        assert {e["id"] for e in fused_events(store)} == set(parts)
