"""Event flags: negated ("instead of putting up a fight"), hypothetical ("observers expected a battle")
and historical ("villages have been razed" after "11 years"), from data/event_flags.yaml cues.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_table
from ..records import EventFlags, TimeExpr
from .context import EventContext, Located

_DURATION_YEARS = re.compile(r"^P(\d+(?:\.\d+)?)([YDMW])")


@dataclass(frozen=True, slots=True)
class FlagCues:
    neg_determiners: frozenset[str]
    neg_preceding: re.Pattern[str]
    neg_window: int
    neg_governors: frozenset[str]
    modals: frozenset[str]
    hyp_governors: frozenset[str]
    hyp_modifiers: frozenset[str]
    subordinators: frozenset[str]
    stop_at: frozenset[str]
    hist_phrases: re.Pattern[str]
    min_age_days: int
    min_duration_years: float
    duration_regex: re.Pattern[str]
    year_regex: re.Pattern[str]


@lru_cache(maxsize=1)
def load_flag_cues() -> FlagCues:
    raw = load_table("event_flags")
    neg, hyp, hist = raw["negation"], raw["hypothetical"], raw["historical"]

    def words(values: list[str]) -> frozenset[str]:
        return frozenset(v.lower() for v in values)

    def phrases(values: list[str]) -> re.Pattern[str]:
        """One case-insensitive regex for a phrase list, on word boundaries."""
        alternatives = sorted((re.escape(v.lower()) for v in values), key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)

    return FlagCues(
        neg_determiners=words(neg["determiners"]),
        neg_preceding=phrases(neg["preceding"]),
        neg_window=int(neg["preceding_window"]),
        neg_governors=words(neg["governors"]),
        modals=words(hyp["modals"]),
        hyp_governors=words(hyp["governors"]),
        hyp_modifiers=words(hyp["modifiers"]),
        subordinators=words(hyp["subordinators"]),
        stop_at=words(hyp["stop_at"]),
        hist_phrases=phrases(hist["phrases"]),
        min_age_days=int(hist["min_age_days"]),
        min_duration_years=float(hist["min_duration_years"]),
        duration_regex=re.compile(hist["duration_regex"], re.IGNORECASE),
        year_regex=re.compile(hist["year_regex"], re.IGNORECASE),
    )


def _path_up(token: Any, limit: int = 6) -> list[Any]:
    """The trigger and the words governing it, up to the sentence root. A coordinated verb ("..., but
    the forces abandoned their posts") is not governed by the verb it is coordinated with."""
    path = [token]
    while token.head is not token and len(path) < limit:
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
            break
        token = token.head
        path.append(token)
    return path


def _has_phrase_before(doc: Any, anchor: int, start: int, phrases: re.Pattern[str]) -> bool:
    """One of the phrases occurs in the tokens [start, anchor) of the doc."""
    if anchor <= start:
        return False
    return phrases.search(doc[start:anchor].text) is not None  # (Doc.text would rebuild it all)


def is_negated(anchor: Any, cues: FlagCues) -> bool:
    doc = anchor.doc
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else _governing_verb(anchor)
    for token in {anchor, verb} - {None}:
        for child in token.children:
            if child.dep_ == "neg":
                return True
    for child in anchor.children:
        if child.dep_ == "det" and child.lower_ in cues.neg_determiners:
            return True
    sent_start = anchor.sent.start
    window_start = max(sent_start, anchor.i - cues.neg_window)
    if _has_phrase_before(doc, anchor.i, window_start, cues.neg_preceding):
        return True
    return any(t.lemma_.lower() in cues.neg_governors for t in _path_up(anchor)[1:4])


def _governing_verb(token: Any) -> Any | None:
    for ancestor in _path_up(token)[1:4]:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def is_hypothetical(anchor: Any, cues: FlagCues) -> bool:
    for child in anchor.children:
        if child.dep_ in ("amod", "advmod", "compound") and child.lower_ in cues.hyp_modifiers:
            return True
    for index, token in enumerate(_path_up(anchor)):
        lemma = token.lemma_.lower()
        if index and lemma in cues.stop_at:
            return False
        if index and (lemma in cues.hyp_governors or token.lower_ in cues.hyp_governors):
            return True
        for child in token.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in cues.modals:
                return True
            if child.dep_ == "mark" and child.lower_ in cues.subordinators:
                return True
    return False


def timex_is_old(timex: TimeExpr, published: dt.date | None, cues: FlagCues) -> bool:
    if published is None or timex.latest is None or timex.type not in ("DATE", "TIME"):
        return False
    return (published - timex.latest).days > cues.min_age_days


def _long_duration(timex: TimeExpr, cues: FlagCues) -> bool:
    if timex.type != "DURATION":
        return False
    match = _DURATION_YEARS.match(timex.value or "")
    if not match:
        return False
    amount, unit = float(match.group(1)), match.group(2)
    years = amount if unit == "Y" else amount / {"M": 12, "W": 52, "D": 365}[unit]
    return years >= cues.min_duration_years


def _old_year_in(text: str, published: dt.date | None, cues: FlagCues) -> bool:
    if published is None:
        return False
    for match in cues.year_regex.finditer(text):
        if int(match.group(1)) < published.year - 1:
            return True
    return False


def _perfect(anchor: Any) -> bool:
    """Perfect aspect on the trigger or its verb: "have been razed", "had seized"."""
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else _governing_verb(anchor)
    if verb is None:
        return False
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def nearest_timex(ctx: EventContext, anchor: int, sent: int) -> Located[TimeExpr] | None:
    same = [t for t in ctx.in_sentence(ctx.times, sent) if t.item.type in ("DATE", "TIME")]
    if not same:
        return None
    return min(same, key=lambda t: abs(t.start - anchor))


def is_historical(ctx: EventContext, anchor: Any, sent: int, cues: FlagCues) -> bool:
    published = ctx.published
    doc = ctx.doc
    span = ctx.sents[sent]
    if _has_phrase_before(doc, span.end, span.start, cues.hist_phrases):
        return True
    near = nearest_timex(ctx, anchor.i, sent)
    if near is not None:
        return timex_is_old(near.item, published, cues)
    if not ctx.times and _old_year_in(span.text, published, cues):
        return True
    if not _perfect(anchor):
        return False
    # a perfect-tense event with no date of its own, right after a long span of years or an old date
    for index in (sent, sent - 1):
        if index < 0 or not ctx.same_paragraph(index, sent):
            continue
        for timex in ctx.in_sentence(ctx.times, index):
            if _long_duration(timex.item, cues) or timex_is_old(timex.item, published, cues):
                return True
        text = ctx.sents[index].text  # in case the time stage is absent or missed it
        if cues.duration_regex.search(text) or _old_year_in(text, published, cues):
            return True
    return False


def _in_quote(ctx: EventContext, anchor: Any, sent: int) -> bool:
    """The trigger sits inside quotation marks opened earlier in its paragraph."""
    text = ctx.analysis.article.text
    start = ctx.sents[sent].start_char
    first = sent
    while first > 0 and ctx.same_paragraph(first - 1, sent):
        first -= 1
    before = text[ctx.sents[first].start_char : anchor.idx]
    if before.rfind("\u201c") > before.rfind("\u201d"):
        return True
    return before.count('"') % 2 == 1 and start >= 0


def _generic_claim(ctx: EventContext, anchor: Any, sent: int) -> bool:
    """A quoted claim about what someone had done or was doing ("the party had fought alongside the
    state", "it was fighting terrorist groups", "the fighters who advanced ... hail from"), with no
    date of its own: background in a statement, not a reported event."""
    if ctx.in_sentence(ctx.times, sent) or not _in_quote(ctx, anchor, sent):
        return False
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else _governing_verb(anchor)
    if verb is None:
        return False
    progressive = verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children
    )
    return _perfect(verb) or progressive or verb.dep_ == "relcl"


def event_flags(ctx: EventContext, anchor: Any, sent: int) -> EventFlags:
    cues = load_flag_cues()
    return EventFlags(
        negated=is_negated(anchor, cues),
        hypothetical=is_hypothetical(anchor, cues),
        historical=is_historical(ctx, anchor, sent, cues) or _generic_claim(ctx, anchor, sent),
    )
