"""Event dates: the time expression attached to the trigger (same clause, then sentence, then the
paragraph or the lead), else the publication date at month precision with low confidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..records import EventDate, EventFlags, Evidence, TimeExpr
from .context import EventContext, Located
from .flags import load_flag_cues, timex_is_old

FALLBACK_WINDOW_DAYS = (
    7  # an undated event in a news report happened in the days before publication
)
LEAD_SENTENCES = 2  # the lead's date anchors a story whose later sentences carry none


def _precision(timex: TimeExpr) -> int:
    if timex.precision in (1, 2, 3):
        return int(timex.precision)
    if timex.earliest is None or timex.latest is None:
        return 3
    days = (timex.latest - timex.earliest).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def _usable(timex: TimeExpr) -> bool:
    return (
        timex.type in ("DATE", "TIME") and timex.earliest is not None and timex.latest is not None
    )


def _connected(ctx: EventContext, timex: Located[TimeExpr], anchor: Any) -> bool:
    """The timex hangs (within a few arcs) from the trigger or from the verb the trigger hangs on."""
    heads = {anchor.i, anchor.head.i}
    token = ctx.doc[timex.start]
    for _ in range(4):
        if token.i in heads:
            return True
        if token.head is token:
            break
        token = token.head
    return False


def _far_from(timex: TimeExpr, published: dt.date | None) -> bool:
    """More than a month from the report: a second choice when a closer date is in the clause
    ("On 1 May, ... to mark Labor Day")."""
    if published is None or timex.latest is None or timex.earliest is None:
        return False
    return (published - timex.latest).days > 31 or (timex.earliest - published).days > 31


def _to_date(timex: Located[TimeExpr], ctx: EventContext, confidence: float) -> EventDate:
    t = timex.item
    assert t.earliest is not None and t.latest is not None
    evidence = ctx.analysis.evidence(t.start, t.end)
    return EventDate(
        value=t.earliest,
        earliest=t.earliest,
        latest=t.latest,
        time_precision=_precision(t),
        evidence=[evidence],
        confidence=confidence,
    )


def event_date(
    ctx: EventContext, anchor: Any, sent: int, flags: EventFlags, trigger: Evidence
) -> EventDate | None:
    """Date an event; historical events get their own old date or none, never the publication week."""
    cues = load_flag_cues()
    published = ctx.published

    def ok(timex: Located[TimeExpr]) -> bool:
        t = timex.item
        if not _usable(t):
            return False
        old = timex_is_old(t, published, cues)
        if flags.historical != old:
            return False
        future = published is not None and t.earliest is not None and t.earliest > published
        return flags.hypothetical or not future

    same = [t for t in ctx.in_sentence(ctx.times, sent) if ok(t)]
    if same:
        linked = [t for t in same if _connected(ctx, t, anchor)]
        pool = linked or same
        best = min(pool, key=lambda t: (_far_from(t.item, published), abs(t.start - anchor.i)))
        return _to_date(best, ctx, 0.85 if linked else 0.7)
    if flags.historical:
        return None
    for back in (1, 2):
        index = sent - back
        if index < 0 or not ctx.same_paragraph(index, sent):
            break
        earlier = [t for t in ctx.in_sentence(ctx.times, index) if ok(t)]
        if earlier:
            return _to_date(earlier[-1], ctx, 0.55)
    lead = [t for t in ctx.times if t.sent < LEAD_SENTENCES and t.sent < sent and ok(t)]
    if lead:
        return _to_date(lead[0], ctx, 0.45)
    if published is None:
        return None
    return EventDate(
        value=published,
        earliest=published - dt.timedelta(days=FALLBACK_WINDOW_DAYS),
        latest=published,
        time_precision=3,
        evidence=[trigger],  # nothing dates it but the report itself: the trigger is the evidence
        confidence=0.25,
    )
