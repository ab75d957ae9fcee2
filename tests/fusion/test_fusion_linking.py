"""Linking rules: embeddings behind the protocol (n-gram fallback), average link against chaining,
country-level reports, and the date agreement of vague intervals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest

from sitroom.embed import FakeEmbedder
from sitroom.fusion import cluster
from sitroom.fusion.cluster import FusionEngine
from sitroom.fusion.cluster import text_embedder as real_text_embedder  # before the autouse patch
from sitroom.fusion.config import FusionConfig
from sitroom.fusion.records import EventReport
from sitroom.fusion.scoring import date_agreement, pair_features

SENTENCE = "Warplanes struck the Northtown market, killing several people, residents said."


def report(n: int, day: str, **kw) -> EventReport:
    base = {
        "event_id": f"e{n}",
        "article_id": f"a{n}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "outlet": f"outlet{n}",
        "published": dt.date.fromisoformat(day),
        "lat": 34.5,
        "lon": 38.3,
        "admin1": "Homs",
        "country": "SY",
        "geo_precision": 1,
        "date_value": dt.date.fromisoformat(day),
        "time_precision": 1,
        "text": SENTENCE,
    }
    return EventReport(**{**base, **kw})


def groups(conn) -> list[set[str]]:
    return [
        set(json.loads(r[0])["members"]) for r in conn.execute("SELECT json FROM fusion_events")
    ]


def with_cluster(**values) -> FusionConfig:
    config = FusionConfig.load()
    return dataclasses.replace(config, cluster=dataclasses.replace(config.cluster, **values))


def test_reports_two_days_apart_do_not_chain_into_one_event(conn):
    engine = FusionEngine(conn, embedder=FakeEmbedder())
    engine.add_reports([report(1, "2024-03-01"), report(2, "2024-03-03"), report(3, "2024-03-05")])
    engine.finish()
    assert not any({"e1", "e3"} <= g for g in groups(conn))
    assert {"e1", "e2"} in groups(conn)


def test_single_link_would_chain_them(conn):
    engine = FusionEngine(
        conn, config=with_cluster(link="single", veto_incompatible=False), embedder=FakeEmbedder()
    )
    engine.add_reports([report(1, "2024-03-01"), report(2, "2024-03-03"), report(3, "2024-03-05")])
    engine.finish()
    assert {"e1", "e2", "e3"} in groups(conn)


def test_embedder_is_used_in_batches_when_given(conn):
    fake = FakeEmbedder()
    engine = FusionEngine(conn, embedder=fake)
    assert engine.text.method == "embeddings"
    engine.add_reports([report(n, "2024-03-01") for n in range(1, 6)])
    engine.finish()
    assert groups(conn) == [{"e1", "e2", "e3", "e4", "e5"}]
    assert fake.calls <= 5  # one batch per added report at most, not one call per pair


def test_without_embedder_the_ngram_fallback_is_used_and_said(conn, monkeypatch, caplog):
    monkeypatch.setattr("sitroom.embed.default_embedder", lambda: None)
    monkeypatch.setattr(cluster, "_SAID", set())
    with caplog.at_level(logging.WARNING, logger="sitroom.fusion.cluster"):
        found = real_text_embedder(FusionConfig.load())
    assert found is None and "n-gram" in caplog.text
    engine = FusionEngine(conn, embedder=None)
    assert engine.text.method == "ngrams"
    engine.add_reports([report(1, "2024-03-01"), report(2, "2024-03-01")])
    engine.finish()
    assert groups(conn) == [{"e1", "e2"}]


@pytest.mark.parametrize(
    ("second", "linked"),
    [
        ("Central banks raised interest rates again.", False),
        (SENTENCE, True),
    ],
)
def test_country_level_reports_link_only_on_their_sentence(conn, second, linked):
    country = {"admin1": None, "lat": 35.0, "lon": 38.0, "geo_precision": 3}
    engine = FusionEngine(conn, embedder=FakeEmbedder(dim=1024))
    engine.add_reports(
        [report(1, "2024-03-01", **country), report(2, "2024-03-01", text=second, **country)]
    )
    engine.finish()
    assert ({"e1", "e2"} in groups(conn)) is linked


def test_a_month_wide_date_agrees_less_than_the_same_day():
    day = report(1, "2024-03-10")
    month = report(
        2, "2024-03-10", date_value=None, earliest=dt.date(2024, 3, 1), latest=dt.date(2024, 3, 31)
    )
    assert date_agreement(day, report(3, "2024-03-10"), max_gap_days=2) == 1.0
    assert date_agreement(day, month, max_gap_days=2) < 0.2
    assert date_agreement(day, report(4, "2024-03-12"), max_gap_days=2) == pytest.approx(1 / 3)


def test_a_region_point_is_weaker_place_evidence_than_one_town():
    config = FusionConfig.load()
    town = pair_features(
        report(1, "2024-03-01"), report(2, "2024-03-01"), text=0.9, config=config, method="ngrams"
    )
    region = pair_features(
        report(1, "2024-03-01", geo_precision=3),
        report(2, "2024-03-01", geo_precision=3),
        text=0.9,
        config=config,
        method="ngrams",
    )
    assert town.place == 1.0 and region.place == 0.5
    assert town.score > region.score


def test_without_the_veto_an_incompatible_member_dilutes_the_average(conn):
    config = with_cluster(veto_incompatible=False, incompatible_score=-5.0)
    engine = FusionEngine(conn, config=config, embedder=FakeEmbedder())
    engine.add_reports([report(1, "2024-03-01"), report(2, "2024-03-03"), report(3, "2024-03-05")])
    engine.finish()
    assert not any({"e2", "e3"} <= g for g in groups(conn))
