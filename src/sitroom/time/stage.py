"""The time stage: finds time expressions with the rule grammar and normalizes them against the DCT.

`tag_times(text, dct=..., doc=...)` is the library entry point; `TimeStage` fills `Analysis.times`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..records import Analysis, TimeExpr
from ..resources import Resources
from .calendar import precision_of, value_interval
from .context import NormContext, Resolution
from .normalize import normalizer
from .patterns import Grammar, Rule, load_grammar
from .tense import TenseReader
from .triggers import present

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*")
_SPACE = re.compile(r"\s")
_DIGIT = re.compile(r"[0-9]")
_OVERHANG = 40
_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")


@dataclass(slots=True)
class Match:
    """A rule match before overlap resolution."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def find_matches(
    text: str,
    grammar: Grammar,
    *,
    tag_of: Callable[[int], str | None] | None = None,
    gate: bool = True,
) -> list[Match]:
    """All rule matches, then the longest-first, rule-order-second non-overlapping selection of
    those that pass their rule's context check. `gate=False` skips the trigger shortcut (tests)."""
    found = _all_matches(text, grammar, gate=gate)
    found.sort(key=lambda c: (c.start - c.end, c.rule.priority, c.start))
    taken = bytearray(len(text))  # characters already inside a chosen match
    chosen: list[Match] = []
    for cand in found:
        if any(taken[cand.start : cand.end]):
            continue
        if "check" in cand.rule.params and not _passes(cand, text, grammar, tag_of):
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _all_matches(text: str, grammar: Grammar, *, gate: bool = True) -> list[Match]:
    """Every rule over every sentence-like segment that holds one of the rule's trigger strings.

    A rule's matches must start inside the segment but may run on past its end (by up to
    `_OVERHANG` characters, to the next space), so a bad sentence split cuts no expression.
    """
    found: list[Match] = []
    lowered = text.lower()
    doc_digit = _DIGIT.search(text) is not None
    # trigger groups absent from the whole document are absent from each of its segments
    groups = [
        (triggers, rules)
        for triggers, rules in grammar.by_trigger
        if not gate or triggers is None or present(triggers, lowered, doc_digit)
    ]
    for seg_start, seg_end in _segments(text):
        space = _SPACE.search(text, min(len(text), seg_end + _OVERHANG))
        reach = space.start() if space else len(text)
        window = lowered[seg_start:reach]
        has_digit = doc_digit and _DIGIT.search(window) is not None
        for triggers, rules in groups:
            if gate and triggers is not None and not present(triggers, window, has_digit):
                continue
            for rule in rules:
                for m in rule.regex.finditer(text, seg_start, reach):
                    if m.start() >= seg_end:
                        break
                    if m.end() > m.start():
                        found.append(Match(m.start(), m.end(), rule, m))
    return found


def _segments(text: str) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _BOUNDARY.finditer(text)]
    starts = [0, *cuts]
    ends = [*cuts, len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True) if e > s]


def _passes(
    cand: Match, text: str, grammar: Grammar, tag_of: Callable[[int], str | None] | None
) -> bool:
    name = cand.rule.params["check"]
    if name == "noun":
        if tag_of is None:
            return True
        tag = tag_of(cand.match.start(cand.rule.params["group"])) or ""
        return not (tag.startswith("VB") or tag == "MD")
    before = text[max(0, cand.start - 48) : cand.start]
    return grammar.checks[name].search(before) is not None


def _confidence(value: str, rule: Rule) -> float:
    if "X" in value.split("T")[0] and not value.startswith("P"):
        return 0.5
    return float(rule.params.get("confidence", 0.8))


def tag_times(
    text: str,
    *,
    dct: dt.date | None,
    doc: Any = None,
    grammar: Grammar | None = None,
    notes: list[str] | None = None,
) -> list[TimeExpr]:
    """TIMEX3 expressions of `text`, normalized against the document creation time `dct`.

    `doc` (a spaCy Doc of the same text) supplies tense and part-of-speech cues; without it the
    relative expressions fall back to the dates nearest the DCT. Why matches were refused
    ("31 February", a two-digit year with no DCT) is appended to `notes` when given.
    """
    grammar = grammar or load_grammar()
    if isinstance(dct, dt.datetime):  # a timestamp: only its calendar day matters here
        dct = dct.date()
    if not text.strip():
        return []
    if doc is not None and not _same_text(doc, text):
        doc = None  # offsets would not line up: go without tense cues rather than with wrong ones
    reader = TenseReader(doc, text) if doc is not None else None
    ctx = NormContext(dct=dct, lexicon=grammar.lexicon, text=text, slack_days=grammar.slack_days)
    if reader is not None:
        ctx.tense_of = reader.tense
        ctx.tag_of = reader.tag_at
    times: list[TimeExpr] = []
    for cand in find_matches(text, grammar, tag_of=reader.tag_at if reader else None):
        resolution = normalizer(cand.rule.norm)(
            cand.match.groupdict(), cand.rule.params, ctx.at(cand.match)
        )
        if resolution is None:
            continue
        time = _time_expr(text, cand, resolution)
        times.append(time)
        _remember(ctx, time, cand.rule)
    if notes is not None:
        notes.extend(r for r in dict.fromkeys(ctx.rejected) if r not in notes)
    return times


def _same_text(doc: Any, text: str) -> bool:
    """A cheap check that `doc` was parsed from `text` (Doc.text would rebuild the whole string)."""
    if not len(doc):
        return not text
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(
        doc[0].text, doc[0].idx
    )


def _time_expr(text: str, cand: Match, res: Resolution) -> TimeExpr:
    start, end = cand.start, cand.end - res.trim_end
    kind = res.type or cand.rule.type
    interval = None
    if kind in ("DATE", "TIME"):
        interval = res.interval if res.has_interval else value_interval(res.value)
    return TimeExpr(
        start=start,
        end=end,
        text=text[start:end],
        type=kind,
        value=res.value,
        earliest=interval[0] if interval else None,
        latest=interval[1] if interval else None,
        precision=precision_of(interval),
        confidence=_confidence(res.value, cand.rule),
        rule=cand.rule.name,
    )


def _remember(ctx: NormContext, time: TimeExpr, rule: Rule) -> None:
    """Narrative state: the last exact day and the last quarter mentioned."""
    if time.type not in ("DATE", "TIME"):
        return
    if time.earliest is not None and (unit := _unit_of(time.value)) is not None:
        ctx.last_date = (time.earliest, unit)
    if m := _DAY_VALUE.match(time.value):
        try:
            ctx.anchor = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    elif (
        rule.norm == "quarter"
        and not rule.params.get("year_offset")
        and (m := _QUARTER.match(time.value))
    ):
        ctx.last_quarter = (int(m[1]), int(m[2]), time.start)


def _unit_of(value: str) -> str | None:
    """The granularity of a calendar value: 2024-12-06 → D, 2024-W49 → W, 2024-12 → M ..."""
    if _DAY_VALUE.match(value):
        return "D"
    if "-W" in value:
        return "W"
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
        return "M"
    if "-Q" in value:
        return "Q"
    if len(value) == 4 and value.isdigit():
        return "Y"
    return None


class TimeStage:
    """Pipeline stage "time": fills `analysis.times` (needs the nlp stage's doc for tense cues)."""

    name = "time"

    def __init__(
        self, *, resources: Resources | None = None, settings: Settings | None = None
    ) -> None:
        self.resources = resources
        self.settings = settings
        self.grammar = load_grammar()

    def __call__(self, analysis: Analysis) -> Analysis:
        article = analysis.article
        analysis.times = tag_times(
            article.text,
            dct=article.published,
            doc=analysis.doc,
            grammar=self.grammar,
            notes=analysis.notes,
        )
        return analysis

    def pipe(self, analyses: Iterable[Analysis]) -> Iterator[Analysis]:
        for analysis in analyses:
            yield self(analysis)
