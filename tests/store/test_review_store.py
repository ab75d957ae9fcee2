"""Review tables on SQLite and PostgreSQL: own migrations, decisions that outlive re-processing, an
append-only audit log, the queue, and several reviewers writing at once."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest

from sitroom.errors import BadInput, NotFound
from sitroom.records import Analysis, Article, Event, EventFlags, Evidence, stable_id
from sitroom.store import is_postgres, open_store
from sitroom.store.review import REVIEW_LATEST, ReviewStore, apply_changes

TOWNS = ("Kidal", "Gao", "Menaka", "Tessalit")


def _analysis(confidence: float, town: str = "Kidal", *, hypothetical: bool = False) -> Analysis:
    article = Article.from_text(f"Rebels seized the town of {town} on Sunday.")
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
        flags=EventFlags(hypothetical=hypothetical),
    )
    return Analysis(article=article, events=[event])


def _sql(dsn: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one statement run directly on the database (`?` placeholders), committed."""
    if is_postgres(dsn):
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            cur = conn.execute(sql.replace("?", "%s"), params)
            return list(cur.fetchall()) if cur.description else []
    conn = sqlite3.connect(dsn)
    try:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


@pytest.fixture
def db(store_dsn: str) -> str:
    with open_store(store_dsn) as store:
        store.save(_analysis(0.5), pipeline_version="v1")
    return store_dsn


def test_migrations_are_idempotent_and_versioned(db):
    ReviewStore(db).close()
    ReviewStore(db).close()
    assert _sql(db, "SELECT max(version), count(*) FROM review_schema_version") == [
        (REVIEW_LATEST, 1)
    ]


def test_stores_opened_at_once_migrate_once(store_dsn):
    """Reviewers opening a new database together: one set of tables, no error."""
    opened: list[ReviewStore] = []
    failures: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(ReviewStore(store_dsn))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    if not is_postgres(store_dsn):
        open_store(store_dsn).close()
    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for review in opened:
        review.close()
    assert not failures and len(opened) == 4
    assert _sql(store_dsn, "SELECT count(*) FROM review_schema_version") == [(1,)]


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
        review.accept(eid, reviewer="bo", reason="looks right")
        assert review.decision(eid)["status"] == "edited"  # accepting an edit keeps it an edit
        assert [a.action for a in review.audit(event_id=eid)] == ["accept", "edit"]


def test_audit_log_is_append_only(db):
    eid = _analysis(0.5).events[0].id
    with ReviewStore(db) as review:
        review.accept(eid, reviewer="ana", reason="checked")
        (entry,) = review.audit()
        assert (entry.action, entry.reviewer, entry.event_id) == ("accept", "ana", eid)
    with pytest.raises(Exception, match="append-only"):
        _sql(db, "UPDATE review_audit SET reason = 'forged'")
    with pytest.raises(Exception, match="append-only"):
        _sql(db, "DELETE FROM review_audit")
    if is_postgres(db):
        with pytest.raises(Exception, match="append-only"):
            _sql(db, "TRUNCATE review_audit")
    assert _sql(db, "SELECT reason FROM review_audit") == [("checked",)]


def test_actions_need_reason_and_known_ids(db):
    eid = _analysis(0.5).events[0].id
    with ReviewStore(db) as review:
        with pytest.raises(BadInput):
            review.accept(eid, reviewer="ana", reason="  ")
        with pytest.raises(NotFound):
            review.reject("nope", reviewer="ana", reason="x")
        with pytest.raises(NotFound):
            review.merge(eid, into="nope", reviewer="ana", reason="x")
        with pytest.raises(BadInput):
            review.merge(eid, into=eid, reviewer="ana", reason="x")
        with pytest.raises(BadInput):
            review.split(eid, parts=[{}], reviewer="ana", reason="x")
        with pytest.raises(BadInput):
            review.edit(eid, changes={"location": {"lat": 91}}, reviewer="ana", reason="x")
        assert review.audit() == []  # refused actions leave no trace
        assert review.decision(eid) is None


def test_queue_merge_split_and_reject(store_dsn):
    with open_store(store_dsn) as store:
        for i, town in enumerate(TOWNS):
            store.save(_analysis(0.2 + 0.1 * i, town, hypothetical=i == 3), pipeline_version="v1")
    ids = [_analysis(0.5, town).events[0].id for town in TOWNS]
    with ReviewStore(store_dsn) as review:
        queue = review.queue()
        assert [q["event"]["id"] for q in queue] == [ids[3], *ids[:3]]  # flagged, then confidence
        assert queue[0]["why"] == ["hypothetical"] and queue[1]["why"] == ["low confidence"]
        merged = review.merge(ids[1], into=ids[0], reviewer="ana", reason="same seizure")
        assert merged["merged_from"] == [ids[1]] and len(merged["reports"]) == 2
        parts = review.split(
            ids[2],
            parts=[{"sub_event_type": "Armed clash"}, {"event_type": "Riots"}],
            reviewer="ana",
            reason="two events",
        )
        assert [p["split_from"] for p in parts] == [ids[2]] * 2
        assert review.current(parts[1]["id"])["event_type"] == "Riots"
        assert review.decision(parts[0]["id"])["origin_id"] == ids[2]
        review.reject(ids[3], reviewer="bo", reason="hypothetical")
        assert review.decision(ids[3])["status"] == "rejected"
        assert review.pending() == 0 and review.queue() == []
        statuses = dict(_sql(store_dsn, "SELECT id, status FROM review_events"))
        assert statuses == {
            ids[0]: "edited",
            ids[1]: "merged",
            ids[2]: "split",
            ids[3]: "rejected",
            parts[0]["id"]: "added",
            parts[1]["id"]: "added",
        }
        actions = [a.action for a in review.audit()]
        assert actions == ["reject", "split", "merge", "merge"]


def test_concurrent_reviewers_serialize_on_one_event(db):
    """Reviewers (each with their own connection) edit one event at once: every action is kept, and
    each audit row's `before` is the previous row's `after` (no action read a stale event)."""
    eid = _analysis(0.5).events[0].id
    failures: list[BaseException] = []

    def reviewer(n: int) -> None:
        try:
            with ReviewStore(db) as review:
                for i in range(5):
                    review.edit(
                        eid,
                        changes={"fatalities": {"value": n * 10 + i}},
                        reviewer=f"r{n}",
                        reason=f"count {n}.{i}",
                    )
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    with ReviewStore(db) as review:
        log = list(reversed(review.audit(event_id=eid)))
        assert len(log) == 20 and len({a.reason for a in log}) == 20
        for prev, entry in zip(log, log[1:], strict=False):
            assert entry.before == prev.after
        assert review.current(eid) == log[-1].after
        assert review.decision(eid)["reason"] == log[-1].reason


def test_concurrent_merges_into_one_event_lose_no_report(store_dsn):
    with open_store(store_dsn) as store:
        for town in TOWNS:
            store.save(_analysis(0.5, town), pipeline_version="v1")
    ids = [_analysis(0.5, town).events[0].id for town in TOWNS]
    failures: list[BaseException] = []

    def fold(gone: str) -> None:
        try:
            with ReviewStore(store_dsn) as review:
                review.merge(gone, into=ids[0], reviewer="ana", reason="same seizure")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=fold, args=(gone,)) for gone in ids[1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    with ReviewStore(store_dsn) as review:
        kept = review.current(ids[0])
        assert sorted(kept["merged_from"]) == sorted(ids[1:])
        assert len(kept["reports"]) == len(TOWNS)


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
