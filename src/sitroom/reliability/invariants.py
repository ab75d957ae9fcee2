"""The invariants every ingest keeps, checked on one text: stored or rejected with a reason, evidence
spans exact, re-ingest a no-op, re-processing equal to processing from scratch."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ..ingest import ingest
from ..ingest.run import Analyzer
from ..store import SQLiteStore
from ..store.maintenance import spans_in

Snapshot = dict[str, list[dict[str, Any]]]


@dataclass(slots=True)
class CheckResult:
    """What happened to one text: the failures (empty when every invariant held) and the counts."""

    failures: list[str]
    articles: int = 0
    skipped: int = 0
    events: int = 0


def snapshot(store: SQLiteStore) -> Snapshot:
    """Everything a user can read back from the store, minus timestamps, in a stable order."""
    return {
        "articles": store.articles(with_text=True),
        "events": store.events(),
        "quotes": store.quotes(),
        "places": store.places(),
        "timexes": store.timexes(),
        "evidence": store.evidence_rows(),
        "errors": [{k: v for k, v in e.items() if k != "at"} for e in store.errors()],
    }


def evidence_problems(state: Snapshot) -> list[str]:
    """Every evidence span (table rows and the spans inside event and quote JSON) must be exact."""
    texts = {a["id"]: a["text"] for a in state["articles"]}
    problems: list[str] = []
    spans: list[tuple[str, dict[str, Any]]] = [("evidence row", r) for r in state["evidence"]]
    for kind in ("events", "quotes"):
        for record in state[kind]:
            spans += [(f"{kind[:-1]} {record['id']}", ev) for ev in spans_in(record)]
    for kind in ("places", "timexes"):
        spans += [(f"{kind} row", {**row, "article_id": row["article_id"]}) for row in state[kind]]
    for where, ev in spans:
        text = texts.get(ev["article_id"])
        start, end = ev["start"], ev["end"]
        if text is None:
            problems.append(f"{where}: points into unknown article {ev['article_id']}")
        elif not (0 <= start <= end <= len(text)) or text[start:end] != ev["text"]:
            problems.append(f"{where}: [{start}:{end}] {ev['text']!r} != {text[start:end]!r}")
    return problems


def _feed(text: str) -> io.TextIOWrapper:
    """`text` as `sitroom ingest -` reads it: bytes on stdin (lone surrogates become invalid bytes)."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass")), encoding="utf-8")


def _ingest(text: str, store: SQLiteStore, pipeline: Analyzer, *, force: bool = False) -> Any:
    return ingest(["-"], store=store, pipeline=pipeline, force=force, stdin=_feed(text))


def _diff(before: Snapshot, after: Snapshot) -> str:
    changed = [k for k in before if before[k] != after.get(k)]
    return ", ".join(f"{k} ({len(before[k])} -> {len(after.get(k, []))} rows)" for k in changed)


def check_text(text: str, *, pipeline: Analyzer) -> CheckResult:
    """Run every invariant on `text` with in-memory stores; never raises for a broken invariant."""
    failures: list[str] = []
    with SQLiteStore(":memory:") as store:
        try:
            report = _ingest(text, store, pipeline)
        except Exception as exc:  # noqa: BLE001 - a crash is the failure being looked for
            return CheckResult([f"ingest crashed: {type(exc).__name__}: {exc}"])
        first = snapshot(store)
        settled = report.added + report.reprocessed + report.unchanged + report.skipped
        if report.seen == 0 and not first["errors"]:
            failures.append("nothing was stored and no reason was recorded")
        if settled != report.seen:
            failures.append(f"{report.seen} items read but {settled} accounted for")
        for article in first["articles"]:
            if article["status"] == "skipped" and not any(
                e["article_id"] == article["id"] for e in first["errors"]
            ):
                failures.append(f"article {article['id']} skipped without a recorded reason")
        failures += evidence_problems(first)

        again = _ingest(text, store, pipeline)
        if again.added or again.reprocessed:
            failures.append(f"re-ingest changed things: {again}")
        if (diff := _diff(first, snapshot(store))) != "":
            failures.append(f"re-ingest is not a no-op: {diff}")

        _ingest(text, store, pipeline, force=True)
        if (diff := _diff(first, snapshot(store))) != "":
            failures.append(f"re-processing (--force) differs: {diff}")

        store.mark_outdated()  # as after a pipeline upgrade
        _ingest(text, store, pipeline)
        if (diff := _diff(first, snapshot(store))) != "":
            failures.append(f"re-processing after an upgrade differs: {diff}")

    with SQLiteStore(":memory:") as scratch:
        _ingest(text, scratch, pipeline)
        if (diff := _diff(first, snapshot(scratch))) != "":
            failures.append(f"processing from scratch differs: {diff}")
    ok = [a for a in first["articles"] if a["status"] == "ok"]
    return CheckResult(
        failures,
        articles=len(ok),
        skipped=len(first["articles"]) - len(ok),
        events=len(first["events"]),
    )
