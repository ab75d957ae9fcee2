"""Fusion engine on hand-made reports: copies, fused reports with conflicts, constraints, incremental."""

from __future__ import annotations

import json

from sitroom.fusion import history
from sitroom.fusion.cluster import FusionEngine

STRIKE_A = (
    "An air strike hit a market in Northtown on Monday, killing 12 people, "
    "the local health office said. Rescue teams searched the rubble through the night."
)
STRIKE_B = (
    "At least 15 people died when warplanes bombed the crowded Northtown market on Monday, "
    "according to a monitoring group based abroad."
)


def fused(conn):
    return {r[0]: json.loads(r[1]) for r in conn.execute("SELECT id, json FROM fusion_events")}


def add(conn, article, events, **kw):
    engine = FusionEngine(conn, **kw)
    engine.add_article(article, article["text"], events, pipeline_version="test")
    engine.finish()
    return engine


def test_two_reports_of_one_attack_fuse_with_a_fatalities_range(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    b = article(STRIKE_B, outlet="beta")
    add(conn, a, [event(a, "air strike", fatalities=12)])
    add(conn, b, [event(b, "bombed", fatalities=15)])
    events = fused(conn)
    assert len(events) == 1
    (one,) = events.values()
    assert one["independent_sources"] == 2
    assert {r["outlet"] for r in one["reports"]} == {"alpha", "beta"}
    assert (one["fatalities"]["low"], one["fatalities"]["high"]) == (12, 15)
    assert {s["value"] for s in one["fatalities"]["by_source"]} == {12, 15}
    conflict = next(c for c in one["conflicts"] if c["field"] == "fatalities")
    assert sorted(v["value"] for v in conflict["values"]) == [12, 15]
    assert one["date"]["value"] == "2024-03-04"


def test_syndicated_copy_is_not_an_independent_source(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    copy = article(STRIKE_A + " Copyright wire service.", outlet="gamma")
    add(conn, a, [event(a, "air strike", fatalities=12)])
    add(conn, copy, [event(copy, "air strike", fatalities=12)])
    (one,) = fused(conn).values()
    assert len(one["reports"]) == 2
    assert one["independent_sources"] == 1
    copied = next(r for r in one["reports"] if r["outlet"] == "gamma")
    assert copied["copy_of"] == a["id"]


def test_same_day_events_in_different_towns_stay_apart(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    text = "An air strike hit a market in Southville on Monday, killing 12 people, the office said."
    b = article(text, outlet="beta")
    add(conn, a, [event(a, "air strike", fatalities=12)])
    add(conn, b, [event(b, "air strike", town="Southville", fatalities=12)])
    assert len(fused(conn)) == 2


def test_two_events_of_one_article_are_not_fused(conn, article, event):
    text = (
        "An air strike hit a market in Northtown on Monday. "
        "Separately, an air raid hit a bakery in Northtown on Monday."
    )
    a = article(text, outlet="alpha")
    add(conn, a, [event(a, "air strike"), event(a, "air raid")])
    assert len(fused(conn)) == 2


def test_user_split_survives_refusion(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    b = article(STRIKE_B, outlet="beta")
    ea, eb = event(a, "air strike", fatalities=12), event(b, "bombed", fatalities=15)
    add(conn, a, [ea])
    engine = add(conn, b, [eb])
    (fused_id,) = fused(conn)
    parts = history.user_split(engine, eb["id"], reason="different markets")
    assert parts[0] == fused_id and len(fused(conn)) == 2
    # Re-fusion from scratch (as after `fuse --rebuild`): the user's decision holds, ids stay.
    previous = dict(conn.execute("SELECT event_id, fused_id FROM fusion_members"))
    for table in (
        "fusion_members",
        "fusion_blocks",
        "fusion_events",
        "fusion_articles",
        "fusion_lsh",
    ):
        conn.execute(f"DELETE FROM {table}")
    add(conn, a, [ea], previous=previous)
    add(conn, b, [eb], previous=previous)
    assert set(fused(conn)) == set(parts)
    ops = [op.op for op in history.operations(conn, fused_id=fused_id)]
    assert "split" in ops


def test_user_merge_and_its_history(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    text = "An air strike hit a market in Southville on Monday, killing 12 people, the office said."
    b = article(text, outlet="beta")
    add(conn, a, [event(a, "air strike")])
    engine = add(conn, b, [event(b, "air strike", town="Southville")])
    first, second = sorted(fused(conn))
    kept = history.user_merge(engine, [first, second], reason="same raid, wrong town")
    assert kept == first and set(fused(conn)) == {first}
    assert history.operations(conn, fused_id=second)[-1].op == "merge"


def test_new_article_attaches_incrementally(conn, article, event):
    a = article(STRIKE_A, outlet="alpha")
    add(conn, a, [event(a, "air strike", fatalities=12)])
    (fused_id,) = fused(conn)
    b = article(STRIKE_B, outlet="beta")
    engine = FusionEngine(conn)
    engine.add_article(b, b["text"], [event(b, "bombed", fatalities=15)])
    assert engine.finish() == 1  # only the fused event it joined was reconciled again
    assert set(fused(conn)) == {fused_id}
    assert history.operations(conn)[-1].op == "attach"
