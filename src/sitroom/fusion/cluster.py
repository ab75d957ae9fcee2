"""Constrained online clustering of event reports into fused events, on fusion's SQLite tables.

A report joins the blocked fused event it matches best on average (all members pass the gates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections import defaultdict
from typing import Any

from ..embed import Embedder
from ..records import stable_id
from . import blocking, dedup, history
from .config import FusionConfig
from .reconcile import reconcile
from .records import ArticleCopy, EventReport
from .scoring import TextVectors, pair_features, placed
from .sql import Conn

_CHUNK = 900
AUTO = "auto"  # FusionEngine(embedder=AUTO): the default embedder when the config asks for one
log = logging.getLogger(__name__)
_SAID: set[str] = set()


def text_embedder(config: FusionConfig) -> Embedder | None:
    """The sentence embedder the config asks for, or None (n-gram tf-idf), said once per process."""
    found = None
    if config.text.method == "embeddings":
        from ..embed import default_embedder

        found = default_embedder()
    method = "embeddings" if found is not None else "ngrams"
    if method not in _SAID:
        _SAID.add(method)
        if found is None and config.text.method == "embeddings":
            log.warning("fusion: no sentence embeddings, text similarity uses n-gram tf-idf")
        else:
            log.info("fusion: text similarity uses %s", method)
    return found


def report_to_json(report: EventReport) -> str:
    raw = dataclasses.asdict(report)
    return json.dumps({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in raw.items()})


def report_from_json(text: str) -> EventReport:
    raw: dict[str, Any] = json.loads(text)
    for name in ("published", "date_value", "earliest", "latest"):
        if raw.get(name):
            raw[name] = dt.date.fromisoformat(raw[name])
    raw["actors"] = tuple(raw.get("actors") or ())
    return EventReport(**raw)


def text_says_same(a: EventReport, b: EventReport) -> bool:
    """Two events of one article are one when the later trigger refers back to the earlier one."""
    return a.event_type == b.event_type and (a.anaphoric or b.anaphoric)


class FusionEngine:
    """Adds reports to fused events inside the caller's transaction; `finish()` writes the results."""

    def __init__(
        self,
        conn: Conn,
        *,
        config: FusionConfig | None = None,
        previous: dict[str, str] | None = None,
        embedder: Embedder | None | str = AUTO,
    ) -> None:
        self.conn = conn
        self.config = config or FusionConfig.load()
        if isinstance(embedder, str):
            embedder = text_embedder(self.config)
        self.text = TextVectors(conn, config=self.config.text, embedder=embedder)
        self.dirty: set[str] = set()
        self.previous = previous or {}  # event → fused id before a rebuild (keeps ids stable)
        self._reports: dict[str, EventReport] = {}

    # -- articles -------------------------------------------------------------------------------

    def add_article(
        self,
        article: dict[str, Any],
        text: str,
        events: list[dict[str, Any]],
        *,
        pipeline_version: str | None = None,
    ) -> ArticleCopy | None:
        """Index an article for near-duplicates and fuse its events (replacing an earlier state)."""
        self.forget_article(str(article["id"]))
        copy = dedup.index_article(
            self.conn,
            str(article["id"]),
            text,
            pipeline_version=pipeline_version,
            config=self.config.dedup,
        )
        reports = [
            EventReport.from_event(e, article=article, text=text, config=self.config)
            for e in events
        ]
        self.add_reports(reports)
        return copy

    def forget_article(self, article_id: str) -> None:
        """Take an article's events out of their fused events (before re-fusing a new analysis)."""
        rows = self.conn.execute(
            "SELECT event_id, fused_id FROM fusion_members WHERE article_id = ?", (article_id,)
        ).fetchall()
        for event_id, fused_id in rows:
            self.conn.execute("DELETE FROM fusion_blocks WHERE event_id = ?", (event_id,))
            self.conn.execute("DELETE FROM fusion_members WHERE event_id = ?", (event_id,))
            self._reports.pop(event_id, None)
            self.dirty.add(fused_id)
        if rows:
            history.record(
                self.conn,
                "detach",
                by="machine",
                fused_ids=sorted({f for _, f in rows}),
                event_ids=[e for e, _ in rows],
                reason=f"article {article_id} re-processed",
            )
        dedup.forget_article(self.conn, article_id)

    # -- reports --------------------------------------------------------------------------------

    def add_reports(self, reports: list[EventReport]) -> list[str]:
        """Fuse reports (in date order); returns the fused id each one went to."""
        return [self._add(r) for r in reports]

    def _members(self, event_ids: list[str]) -> dict[str, tuple[str, EventReport]]:
        """event id → (fused id, report) for stored members."""
        found: dict[str, tuple[str, EventReport]] = {}
        for i in range(0, len(event_ids), _CHUNK):
            part = event_ids[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for event_id, fused_id, raw in self.conn.execute(
                f"SELECT event_id, fused_id, report FROM fusion_members WHERE event_id IN ({marks})",
                part,
            ):
                report = self._reports.get(event_id) or report_from_json(raw)
                found[event_id] = (fused_id, report)
        return found

    def _fused_articles(self, fused_ids: list[str]) -> dict[str, dict[str, str]]:
        """fused id → {event id: article id} of its members."""
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for i in range(0, len(fused_ids), _CHUNK):
            part = fused_ids[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for event_id, fused_id, article_id in self.conn.execute(
                "SELECT event_id, fused_id, article_id FROM fusion_members"
                f" WHERE fused_id IN ({marks})",
                part,
            ):
                found[fused_id][event_id] = article_id
        return found

    def _choose(self, report: EventReport) -> tuple[str | None, str]:
        """The fused event a report joins (None: a new one) and why."""
        same, different = history.constraints_of(self.conn, report.event_id)
        linked = self._members(sorted(same | different))
        banned = {linked[e][0] for e in different if e in linked}
        for event_id in sorted(same):
            if event_id in linked and linked[event_id][0] not in banned:
                return linked[event_id][0], "user: same event"
        limit = self.config.blocking.max_candidates
        candidates = self._members(blocking.lookup(self.conn, report, config=self.config.blocking))
        ranked = sorted(
            candidates.items(),
            key=lambda item: (blocking.date_gap(report, item[1][1]) or 0, item[0]),
        )[:limit]
        fused_ids = sorted({fused for _, (fused, _) in ranked} - banned)
        if not fused_ids:
            return None, "new"
        members = self._fused_articles(fused_ids)
        missing = [e for f in fused_ids for e in members[f] if e not in candidates]
        pool = {**candidates, **(self._members(missing) if missing else {})}
        cap = self.config.cluster.max_members
        groups = {
            f: sorted(
                (pool[e][1] for e in members[f] if e in pool),
                key=lambda m: (blocking.date_gap(report, m) or 0, m.event_id),
            )[:cap]
            for f in fused_ids
        }
        self.text.prepare([report, *(r for group in groups.values() for r in group)])
        threshold = self.config.score.threshold
        scores: dict[str, float] = {}
        for fused_id, group in groups.items():
            link = self._link(report, group)
            if link is not None and link >= threshold:
                scores[fused_id] = link
        if not scores:
            return None, "new"
        best = min(scores, key=lambda f: (-scores[f], f))
        return best, f"score {scores[best]:.2f}"

    def _link(self, report: EventReport, members: list[EventReport]) -> float | None:
        """Link score of a report to a fused event's members (None: a hard constraint forbids it).

        Members of the report's own article must be referred back to (`text_says_same`); with
        `veto_incompatible`, every member must pass the hard gates; then the pair scores are
        averaged (`link: average`) or the best one is taken (`single`).
        """
        cfg = self.config
        pairs: list[float] = []
        for other in members:
            same_article = other.article_id == report.article_id
            if same_article and not text_says_same(report, other):
                return None
            text = self.text.similarity(report, other)
            allowed = blocking.compatible(report, other, config=cfg) and (
                placed(report)
                and placed(other)
                or text - cfg.text.cut(self.text.method) >= cfg.cluster.unplaced_text
            )
            if not allowed:
                if cfg.cluster.veto_incompatible:
                    return None
                pairs.append(cfg.cluster.incompatible_score)  # dilutes the average: no chaining
                continue
            score = pair_features(
                report, other, text=text, config=cfg, method=self.text.method
            ).score
            pairs.append(score - cfg.score.same_article_margin if same_article else score)
        if not pairs:
            return None
        return sum(pairs) / len(pairs) if cfg.cluster.link == "average" else max(pairs)

    def _new_id(self, report: EventReport) -> str:
        wanted = self.previous.get(report.event_id) or stable_id("fused", report.event_id)
        n = 0
        candidate = wanted
        while self.conn.execute(
            "SELECT 1 FROM fusion_members WHERE fused_id = ? LIMIT 1", (candidate,)
        ).fetchone():
            n += 1
            candidate = stable_id("fused", report.event_id, n)
        return candidate

    def _add(self, report: EventReport) -> str:
        self.text.observe(report)
        fused_id, why = self._choose(report)
        op = "attach"
        if fused_id is None:
            fused_id, op = self._new_id(report), "create"
        self.place(report, fused_id)
        history.record(
            self.conn,
            op,
            by="machine",
            fused_ids=[fused_id],
            event_ids=[report.event_id],
            reason=why,
        )
        return fused_id

    def place(self, report: EventReport, fused_id: str) -> None:
        """Store a report as a member of `fused_id` with its blocking keys."""
        self.conn.execute(
            "INSERT OR REPLACE INTO fusion_members (event_id, fused_id, article_id, report)"
            " VALUES (?, ?, ?, ?)",
            (report.event_id, fused_id, report.article_id, report_to_json(report)),
        )
        self.conn.execute("DELETE FROM fusion_blocks WHERE event_id = ?", (report.event_id,))
        self.conn.executemany(
            "INSERT INTO fusion_blocks (key, event_id) VALUES (?, ?)",
            [
                (k, report.event_id)
                for k in blocking.index_keys(report, config=self.config.blocking)
            ],
        )
        self._reports[report.event_id] = report
        self.dirty.add(fused_id)

    def move(self, event_ids: list[str], fused_id: str) -> set[str]:
        """Move stored members to `fused_id`; returns the fused ids they left."""
        left: set[str] = set()
        for event_id, (old, _) in self._members(event_ids).items():
            self.conn.execute(
                "UPDATE fusion_members SET fused_id = ? WHERE event_id = ?", (fused_id, event_id)
            )
            left.add(old)
        self.dirty |= left | {fused_id}
        return left - {fused_id}

    # -- results --------------------------------------------------------------------------------

    def finish(self) -> int:
        """Reconcile every fused event touched and write the n-gram counts; returns how many."""
        self.text.flush()
        dirty, self.dirty = sorted(self.dirty), set()
        for fused_id in dirty:
            rows = self.conn.execute(
                "SELECT event_id, report FROM fusion_members WHERE fused_id = ? ORDER BY event_id",
                (fused_id,),
            ).fetchall()
            if not rows:
                self.conn.execute("DELETE FROM fusion_events WHERE id = ?", (fused_id,))
                continue
            reports = [self._reports.get(e) or report_from_json(raw) for e, raw in rows]
            originals = dedup.originals(self.conn, sorted({r.article_id for r in reports}))
            fused = reconcile(fused_id, reports, originals=originals)
            data = fused.to_dict()
            self.conn.execute(
                "INSERT OR REPLACE INTO fusion_events (id, date, event_type, sources, json,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    fused_id,
                    (fused.date or {}).get("value"),
                    fused.event_type,
                    fused.independent_sources,
                    json.dumps(data),
                    history.now(),
                ),
            )
        return len(dirty)
