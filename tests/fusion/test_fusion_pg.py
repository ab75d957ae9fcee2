"""Fusion on PostgreSQL answers as on SQLite (same fused events from the same rows); its history is
append-only there too; the dialect seam's translations."""

from __future__ import annotations

import pytest

from sitroom.fusion import fuse, fused_event, fused_events, merge
from sitroom.fusion.sql import to_postgres
from sitroom.store import open_store

TEXTS = [
    ("An air strike hit a market in Northtown on Monday, killing 12 people.", "air strike", "N"),
    ("Warplanes bombed the Northtown market on Monday and 15 people died.", "bombed", "N"),
    ("Shelling struck a school in Southville on Friday, residents said.", "Shelling", "S"),
    ("Jets struck somewhere in the north on Monday, a monitor said.", "struck", None),
]


def _fill(store, put, article, event) -> None:
    for i, (text, trigger, town) in enumerate(TEXTS):
        a = article(text, outlet=f"outlet{i}", published=f"2024-03-0{5 + i}")
        e = event(
            a, trigger, town=town == "S" and "Southville" or "Northtown", fatalities=i or None
        )
        if town is None:  # unlocated: blocking looks it up by key prefix (a range scan)
            e["location"] = None
        put(store, a, [e])


def test_postgresql_fuses_like_sqlite(tmp_path, pg_dsn, put, article, event):
    results = []
    for dsn in (str(tmp_path / "same.db"), pg_dsn):
        with open_store(dsn) as store:
            _fill(store, put, article, event)
            summary = fuse(store)
            first = fused_events(store)
            kept = merge(store, [e["id"] for e in first[:2]], reason="same week")
            fuse(store, rebuild=True)
            history = [(op["op"], op["by"]) for op in fused_event(store, kept)["history"]]
            results.append((summary, first, fused_events(store), history))
    assert results[0] == results[1]
    assert results[0][0].fused_events < len(TEXTS)  # something fused


def test_history_is_append_only_on_postgresql(pg_dsn, put, article, event):
    import psycopg

    with open_store(pg_dsn) as store:
        _fill(store, put, article, event)
        fuse(store)
        with pytest.raises(psycopg.Error, match="append-only"), store.connection() as conn:
            conn.execute("UPDATE fusion_ops SET reason = 'rewritten'")


def test_dialect_translations():
    assert to_postgres("SELECT x FROM t WHERE a = ? AND b LIKE ?") == (
        "SELECT x FROM t WHERE a = %s AND b LIKE %s"
    )
    assert to_postgres("INSERT OR REPLACE INTO fusion_meta (name, value) VALUES ('n', ?)") == (
        "INSERT INTO fusion_meta (name, value) VALUES ('n', %s)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value"
    )
    assert "ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, op_id = excluded.op_id" in (
        to_postgres(
            "INSERT OR REPLACE INTO fusion_constraints (a, b, kind, op_id) VALUES (?, ?, ?, ?)"
        )
    )
    assert to_postgres("SELECT '100%' WHERE x = ?") == "SELECT '100%%' WHERE x = %s"
