"""Event dates through the dependency parse: the time expression of the trigger's clause, anchoring
chains ("hours before they ousted ..."), past perfects, historical spans, then the publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..records import EventDate, EventFlags, Evidence, TimeExpr
from ..time.anchoring import (
    DatingRules,
    load_dating_rules,
    parse_offset,
    precision_for,
    relative_interval,
    years_back,
)
from .context import EventContext, Located
from .flags import load_flag_cues, timex_is_old

_TIERS = ("direct", "clause", "shared", "sentence")  # how closely a time expression attaches
_PAST_TAGS = frozenset({"VBD", "VBN"})
_PAST_AUX = frozenset({"had", "has", "have", "was", "were", "did", "'d"})


@dataclass(slots=True)
class _Found:
    """A candidate date with its evidence, before it becomes an EventDate."""

    value: dt.date
    earliest: dt.date
    latest: dt.date
    precision: int
    evidence: list[Evidence]
    confidence: float
    notes: list[str] = field(default_factory=list)


def _usable(timex: TimeExpr) -> bool:
    return (
        timex.type in ("DATE", "TIME") and timex.earliest is not None and timex.latest is not None
    )


def _precision(timex: TimeExpr) -> int:
    if timex.precision in (1, 2, 3):
        return int(timex.precision)
    assert timex.earliest is not None and timex.latest is not None
    return precision_for(timex.earliest, timex.latest)


def clause_head(token: Any, rules: DatingRules) -> Any:
    """The verb heading the clause `token` sits in (the token itself when it heads one)."""
    for _ in range(len(token.sent) + 1):
        if token.pos_ in ("VERB", "AUX") and token.dep_ in rules.clause_deps:
            return token
        if token.head is token:
            return token
        token = token.head
    return token


def _relation_sign(token: Any, rules: DatingRules) -> int | None:
    """-1/+1 when `token` is a relation word ("before", "after", "prior to"), else None."""
    sign = rules.relations.get(token.lower_)
    if sign is None and token.lower_ in ("to", "of") and token.i > token.sent.start:
        sign = rules.relations.get(f"{token.nbor(-1).lower_} {token.lower_}")
        sign = sign if sign is not None else rules.relations.get(token.nbor(-1).lower_)
    return sign


def _marks_relation(head: Any, rules: DatingRules) -> bool:
    return any(c.dep_ == "mark" and _relation_sign(c, rules) for c in head.children)


def attachment(ctx: EventContext, timex: Located[TimeExpr], anchor: Any) -> str | None:
    """How the time expression attaches to the event predicate `anchor`: direct, clause, shared
    (coordinated clause) or sentence; None when it dates another event the anchor is related to
    ("before they captured the city on Sunday", "after the bombing on Friday")."""
    rules = load_dating_rules()
    token = ctx.doc[timex.start : timex.end].root
    own = clause_head(anchor, rules)
    for _ in range(len(token.sent) + 1):  # climb to the expression's clause head
        if token.i == anchor.i:
            return "direct"
        if (
            token.dep_ == "prep"
            and _relation_sign(token, rules)
            and token.head.i in (own.i, anchor.i)
        ):
            return None  # "after the bombing on Friday": the bombing's date
        if token.pos_ in ("VERB", "AUX") and token.dep_ in rules.clause_deps or token.head is token:
            break
        token = token.head
    if token.i == own.i:
        return "clause"
    # the clauses between the expression's and the anchor's: a relation clause dates another event
    walk = token
    for _ in range(len(token.sent) + 1):
        if walk.i == own.i:
            break
        if _marks_relation(walk, rules):
            return None
        if walk.head is walk:
            break
        walk = walk.head
    if (
        own.dep_ == "conj"
        and own.head.i == token.i
        or token.dep_ == "conj"
        and token.head.i
        in (
            own.i,
            own.head.i if own.dep_ == "conj" else -1,
        )
    ):
        return "shared"
    return "sentence"


def attached_times(
    ctx: EventContext, anchor: Any, sent: int
) -> list[tuple[str, Located[TimeExpr]]]:
    """The sentence's time expressions with their attachment to `anchor`, closest first."""
    out: list[tuple[str, Located[TimeExpr]]] = []
    for timex in ctx.in_sentence(ctx.times, sent):
        tier = attachment(ctx, timex, anchor)
        if tier is not None:
            out.append((tier, timex))
    out.sort(key=lambda p: (_TIERS.index(p[0]), abs(p[1].start - anchor.i)))
    return out


def _past_tense(anchor: Any, rules: DatingRules) -> bool:
    verb = clause_head(anchor, rules)
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ in _PAST_TAGS and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in verb.children
    )


def _past_perfect(anchor: Any, rules: DatingRules) -> bool:
    verb = clause_head(anchor, rules)
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


class _Dater:
    """Dating of one event: `run()` returns the EventDate or None, and leaves reasons in notes."""

    def __init__(self, ctx: EventContext, anchor: Any, sent: int, flags: EventFlags) -> None:
        self.ctx, self.anchor, self.sent, self.flags = ctx, anchor, sent, flags
        self.rules = load_dating_rules()
        self.cues = load_flag_cues()
        self.published = ctx.published
        self.past = _past_tense(anchor, self.rules)
        self.notes: list[str] = []

    def conf(self, key: str) -> float:
        return self.rules.confidence[key]

    def sane(self, timex: TimeExpr) -> bool:
        """Usable, after 1900, and not after publication for an asserted event; reasons noted."""
        if not _usable(timex):
            if timex.type in ("DATE", "TIME") and self.published is None:
                self.notes.append(f"{timex.text!r} cannot be resolved without a publication date")
            return False
        assert timex.earliest is not None
        if timex.earliest.year < self.rules.min_year:
            self.notes.append(f"{timex.text!r} is before {self.rules.min_year}: dropped")
            return False
        if self.published is not None and timex.earliest > self.published:
            if not self.flags.hypothetical:
                tense = "a past-tense" if self.past else "an asserted"
                self.notes.append(f"{timex.text!r} is after the publication date for {tense} event")
                return False
        return True

    def old(self, timex: TimeExpr) -> bool:
        return timex_is_old(timex, self.published, self.cues)

    def far(self, timex: TimeExpr) -> bool:
        """More than a month from the report: a second choice within a tier."""
        p = self.published
        if p is None or timex.latest is None or timex.earliest is None:
            return False
        return (p - timex.latest).days > 31 or (timex.earliest - p).days > 31

    def found(self, timex: Located[TimeExpr], confidence: float) -> _Found:
        t = timex.item
        assert t.earliest is not None and t.latest is not None
        evidence = self.ctx.analysis.evidence(t.start, t.end)
        return _Found(t.earliest, t.earliest, t.latest, _precision(t), [evidence], confidence)

    def own(self, anchor: Any, sent: int, *, strict: bool = False) -> _Found | None:
        """The date attached to `anchor` in its sentence. Direct and clause attachments are the
        event's own date whatever their age; looser ones must agree with the historical flag."""
        best: tuple[tuple[int, bool, int], Located[TimeExpr], str] | None = None
        for tier, timex in attached_times(self.ctx, anchor, sent):
            if strict and tier not in ("direct", "clause"):
                continue
            if not self.sane(timex.item):
                continue
            close = tier in ("direct", "clause")
            if not close and self.flags.historical != self.old(timex.item):
                continue
            key = (_TIERS.index(tier), self.far(timex.item), abs(timex.start - anchor.i))
            if best is None or key < best[0]:
                best = (key, timex, tier)
        if best is None:
            return None
        return self.found(best[1], self.conf(best[2]))

    def relation(self) -> tuple[int, Any, Any] | None:
        """(sign, relation word, other predicate) tying the event to another one."""
        own = clause_head(self.anchor, self.rules)
        for head in {own, self.anchor}:
            for child in head.children:
                if child.dep_ == "advcl" and child.pos_ in ("VERB", "AUX"):
                    marks = [c for c in child.children if c.dep_ == "mark"]
                    for mark in marks:
                        if sign := _relation_sign(mark, self.rules):
                            return sign, mark, child
                if child.dep_ == "prep" and (sign := _relation_sign(child, self.rules)):
                    target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                    if target is not None:
                        return sign, child, target
        return None

    def offset_of(self, word: Any) -> tuple[Any, Located[TimeExpr] | None]:
        """The duration just before the relation word ("two days after", "hours before")."""
        for timex in self.ctx.in_sentence(self.ctx.times, self.sent):
            if timex.item.type == "DURATION" and word.i - 2 <= timex.end <= word.i:
                return parse_offset(timex.item.value), timex
        return None, None

    def chain(self) -> _Found | None:
        """ "hours before they ousted X": the other event's date moved by the offset, or else the
        sentence's reference date on the relation's side."""
        rel = self.relation()
        if rel is None:
            return None
        sign, word, other = rel
        offset, duration = self.offset_of(word)
        base = self.own(other, self.sent, strict=True)
        key = "chain_dated"
        if base is None:
            base = self.reference()
            key = "chain_reference"
        if base is None:
            return None
        value, earliest, latest = relative_interval(
            base.value, base.earliest, base.latest, sign=sign, offset=offset, rules=self.rules
        )
        start = duration.item.start if duration is not None else word.idx
        phrase = self.ctx.analysis.evidence(start, word.idx + len(word))
        return self.bounded(
            _Found(
                value,
                earliest,
                latest,
                precision_for(earliest, latest, at_least=base.precision),
                [*base.evidence, phrase],
                self.conf(key),
            )
        )

    def bounded(self, found: _Found) -> _Found | None:
        """Cap an inferred interval at publication for an asserted event."""
        p = self.published
        if p is None or self.flags.hypothetical or found.latest <= p:
            return found
        if found.earliest > p:
            return None
        found.latest = p
        found.value = min(found.value, p)
        found.precision = precision_for(found.earliest, found.latest, at_least=found.precision)
        return found

    def reference(self) -> _Found | None:
        """The date the sentence's narrative stands at: another date of the sentence that is not
        the anchor's own, else the paragraph's latest date, else the lead's."""
        for timex in self.ctx.in_sentence(self.ctx.times, self.sent):
            if self.sane(timex.item) and not self.old(timex.item):
                return self.found(timex, self.conf("sentence"))
        return self.narrative()

    def narrative(self) -> _Found | None:
        for back in range(1, self.rules.lookback + 1):
            index = self.sent - back
            if index < 0 or not self.ctx.same_paragraph(index, self.sent):
                break
            earlier = [
                t
                for t in self.ctx.in_sentence(self.ctx.times, index)
                if _usable(t.item) and self.old(t.item) == self.flags.historical
            ]
            earlier = [t for t in earlier if self.sane(t.item)]
            if earlier:
                return self.found(earlier[-1], self.conf("narrative"))
        lead = [
            t
            for t in self.ctx.times
            if t.sent < self.rules.lead_sentences and t.sent < self.sent and _usable(t.item)
        ]
        lead = [t for t in lead if self.old(t.item) == self.flags.historical and self.sane(t.item)]
        return self.found(lead[0], self.conf("lead")) if lead else None

    def past_perfect(self) -> _Found | None:
        """An undated "had" clause happened before the sentence's reference time."""
        if not _past_perfect(self.anchor, self.rules):
            return None
        base = self.reference()
        window = dt.timedelta(days=self.rules.past_perfect_window)
        if base is None:
            if self.published is None:
                return None
            p = self.published
            return _Found(p, p - window, p, 3, [], self.conf("past_perfect"))
        earliest = base.earliest - window
        return _Found(
            base.earliest, earliest, base.latest, 3, base.evidence, self.conf("past_perfect")
        )

    def historical_span(self) -> _Found | None:
        """ "have waited 11 years ... villages have been razed": publication minus the years, from a
        span of years in the sentence or just before it in the paragraph."""
        if self.published is None:
            return None
        for index in range(self.sent, max(-1, self.sent - self.rules.lookback - 1), -1):
            if index != self.sent and not self.ctx.same_paragraph(index, self.sent):
                break
            for timex in reversed(self.ctx.in_sentence(self.ctx.times, index)):
                t = timex.item
                if t.type != "DURATION":
                    if index != self.sent and _usable(t) and self.old(t) and self.sane(t):
                        return self.found(timex, self.conf("narrative"))
                    continue
                offset = parse_offset(t.value)
                if offset is None or offset.amount is None or offset.unit not in ("Y", "M"):
                    continue
                years = offset.amount if offset.unit == "Y" else offset.amount / 12
                if years < self.cues.min_duration_years:
                    continue
                value, earliest, latest = years_back(self.published, years, rules=self.rules)
                evidence = [self.ctx.analysis.evidence(t.start, t.end)]
                return _Found(value, earliest, latest, 3, evidence, self.conf("historical_span"))
        return None

    def run(self, trigger: Evidence) -> _Found | None:
        found = self.own(self.anchor, self.sent) or self.chain()
        if found is None and self.flags.historical:
            found = self.historical_span()
            if found is None:
                self.notes.append("historical event with no date of its own: left undated")
            return found
        found = found or self.past_perfect() or self.narrative()
        if found is not None or self.published is None:
            if found is None:
                self.notes.append("no date in the text and no publication date: left unresolved")
            return found
        p = self.published
        window = dt.timedelta(days=self.rules.fallback_window)
        return _Found(p, p - window, p, 3, [trigger], self.conf("fallback"))


def event_date(
    ctx: EventContext, anchor: Any, sent: int, flags: EventFlags, trigger: Evidence
) -> EventDate | None:
    """Date an event; historical events get their own old date or none, never the publication week.
    Why a date was dropped or left unresolved goes to `analysis.notes`."""
    dater = _Dater(ctx, anchor, sent, flags)
    found = dater.run(trigger)
    notes = ctx.analysis.notes
    for note in dict.fromkeys(dater.notes):
        line = f"date of {trigger.text!r} at {trigger.start}: {note}"
        if line not in notes:
            notes.append(line)
    if found is None:
        return None
    return EventDate(
        value=found.value,
        earliest=found.earliest,
        latest=found.latest,
        time_precision=found.precision,
        evidence=found.evidence or [trigger],
        confidence=found.confidence,
    )
