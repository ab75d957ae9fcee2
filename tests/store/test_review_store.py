"""Review tables: own migrations, decisions that outlive re-processing, an append-only audit log."""

from __future__ import annotations

import sqlite3

import pytest

from sitroom.errors import BadInput, NotFound
from sitroom.records import Analysis, Article, Event, Evidence, stable_id
from sitroom.store import open_store
from sitroom.store.review import REVIEW_LATEST, ReviewStore, apply_changes


def _analysis(confidence: float) -> Analysis:
    article = Article.from_text("Rebels seized the town of Kidal on Sunday.")
    trigger = Evidence.of(article, 7, 13)
    event = Event(
        id=stable_id(article.id, "Non-state actor overtakes territory", trigger.start),
        article_id=article.id,
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        plover=None,
        confidence=confidence,
        trigger=trigger,
        date=None,
    )
    return Analysis(article=article, events=[event])


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "r.db")
    with open_store(path) as store:
        store.save(_analysis(0.5), pipeline_version="v1")
    return path


def test_migrations_are_idempotent_and_versioned(db):
    ReviewStore(db).close()
    ReviewStore(db).close()
    conn = sqlite3.connect(db)
    assert (
        conn.execute("SELECT max(version) FROM review_schema_version").fetchone()[0]
        == REVIEW_LATEST
    )
    assert conn.execute("SELECT count(*) FROM review_schema_version").fetchone()[0] == 1


def test_decision_survives_reprocessing(db):
    eid = _analysis(0.5).events[0].id
    with ReviewStore(db) as review:
        review.edit(
            eid, changes={"sub_event_type": "Armed clash"}, reviewer="ana", reason="no seizure"
        )
    with open_store(db) as store:  # a new pipeline version re-processes the article
        store.save(_analysis(0.9), pipeline_version="v2")
    with ReviewStore(db) as review:
        assert review.current(eid)["sub_event_type"] == "Armed clash"
        assert review.machine(eid)["confidence"] == 0.9  # the machine's new output, beneath
        assert review.decision(eid)["status"] == "edited"


def test_audit_log_is_append_only(db):
    eid = _analysis(0.5).events[0].id
    with ReviewStore(db) as review:
        review.accept(eid, reviewer="ana", reason="checked")
        (entry,) = review.audit()
        assert (entry.action, entry.reviewer, entry.event_id) == ("accept", "ana", eid)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE review_audit SET reason = 'forged'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM review_audit")


def test_actions_need_reason_and_known_ids(db):
    eid = _analysis(0.5).events[0].id
    with ReviewStore(db) as review:
        with pytest.raises(BadInput):
            review.accept(eid, reviewer="ana", reason="  ")
        with pytest.raises(NotFound):
            review.reject("nope", reviewer="ana", reason="x")
        with pytest.raises(BadInput):
            review.merge(eid, into=eid, reviewer="ana", reason="x")
        with pytest.raises(BadInput):
            review.split(eid, parts=[{}], reviewer="ana", reason="x")
        assert review.audit() == []  # refused actions leave no trace


def test_apply_changes_merges_partial_fields():
    event = {"id": "e", "date": {"value": "2025-01-01", "evidence": [1]}, "fatalities": None}
    out = apply_changes(event, {"date": {"value": "2025-01-02"}, "fatalities": {"value": 3}})
    assert out["date"] == {"value": "2025-01-02", "evidence": [1]}
    assert (
        out["fatalities"] == {"value": 3, "low": 3, "high": 3}
        and event["date"]["value"] == "2025-01-01"
    )
    with pytest.raises(BadInput):
        apply_changes(event, {"date": {"value": "soon"}})
    with pytest.raises(BadInput):
        apply_changes(event, {"location": {"lat": 120}})
