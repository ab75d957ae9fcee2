"""The `quotes` task: attributions (source, cue, content spans) against PolNeAR-style gold.

Content pairs match when overlap/union ≥ 0.5 (one-to-one, greedy); baseline: quote marks + nearest name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..quotes.marks import find_quotes
from ..records import Article, Attribution, Evidence, content_id, nested_spans
from .common import by_id, overlap_ratio, overlaps, prf

MATCH_THRESHOLD = 0.5


def _span(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {"start": evidence.start, "end": evidence.end, "text": evidence.text}


def to_gold(attribution: Attribution) -> dict[str, Any]:
    """One attribution in the gold format; the source is the speaker as written at this cue (for a
    quote without a cue, the mention of the speaker it continues)."""
    source = None
    if attribution.speaker is not None and attribution.speaker.evidence:
        source = attribution.speaker.evidence[0]
    return {
        "source": _span(source),
        "cue": _span(attribution.cue),
        "content": _span(attribution.content),
    }


def outermost(attributions: list[Attribution]) -> list[Attribution]:
    """The gold convention: content spans never nest (PolNeAR keeps the enclosing attribution of
    "X said that Y claimed Z", not Y's), so a content lying inside another's is left out."""
    inner = nested_spans((a.content.start, a.content.end) for a in attributions)
    return [a for a in attributions if (a.content.start, a.content.end) not in inner]


def predict(records: list[dict[str, Any]], *, pipeline: Any) -> Iterator[dict[str, Any]]:
    """Run the pipeline on each record's `id` and `text` (kept exactly, so offsets are comparable);
    the attributions written follow the gold's conventions (see `outermost`)."""
    articles = (Article(id=content_id(r["text"]), text=r["text"]) for r in records)
    for record, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        kept = outermost(analysis.attributions)
        yield {"id": record["id"], "attributions": [to_gold(a) for a in kept]}


def match(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of content spans, best overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        gc = g["content"]
        for pi, p in enumerate(predicted):
            pc = p["content"]
            ratio = overlap_ratio(gc["start"], gc["end"], pc["start"], pc["end"])
            if ratio >= MATCH_THRESHOLD:
                pairs.append((ratio, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _same_span(a: dict[str, Any] | None, b: dict[str, Any] | None, *, both_null_ok: bool) -> bool:
    if a is None or b is None:
        return both_null_ok and a is None and b is None
    return overlaps(a["start"], a["end"], b["start"], b["end"])


def score(
    gold: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]]
) -> dict[str, float]:
    """content_p/r/f1 over all documents, source and cue accuracy over the matched pairs."""
    predicted = by_id(predictions)
    n_gold = n_pred = tp = source_ok = cue_ok = 0
    for record in gold:
        g_attrs = record.get("attributions", [])
        p_attrs = predicted.get(str(record["id"]), {}).get("attributions", [])
        n_gold += len(g_attrs)
        n_pred += len(p_attrs)
        for gi, pi in match(g_attrs, p_attrs):
            tp += 1
            g, p = g_attrs[gi], p_attrs[pi]
            source_ok += _same_span(g.get("source"), p.get("source"), both_null_ok=True)
            cue_ok += _same_span(g.get("cue"), p.get("cue"), both_null_ok=True)
    precision, recall, f1 = prf(tp, n_pred, n_gold)
    return {
        "content_p": precision,
        "content_r": recall,
        "content_f1": f1,
        "source_accuracy": source_ok / tp if tp else 0.0,
        "cue_accuracy": cue_ok / tp if tp else 0.0,
        "gold": n_gold,
        "predicted": n_pred,
    }


# --- baseline ------------------------------------------------------------------------------------

# A run of capitalised words (with initials and inner "de"/"al-" style particles): a name-like phrase.
_NAME = re.compile(r"\b[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|al|bin|van|von))*")
_CUE_WORD = re.compile(r"\b(?:said|says|told|added|asked|wrote|according to)\b")
_NAME_WINDOW = 200  # characters searched on each side of the quote
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n][\s\"“”']*)$")


def _names_near(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Name-like runs within the window around a quote, skipping ones that merely start a sentence."""
    out = []
    lo, hi = max(0, start - _NAME_WINDOW), min(len(text), end + _NAME_WINDOW)
    for m in _NAME.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue  # inside the quote itself
        single = " " not in m.group()
        if single and _SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]):
            continue  # "The", "But": a capital that only opens a sentence
        out.append((m.start(), m.end()))
    return out


def baseline_predict(record: dict[str, Any]) -> dict[str, Any]:
    """Every direct quote (by its marks) with the nearest name-like run as source, no parser."""
    text = record["text"]
    attributions = []
    for q in find_quotes(text):
        if q.words < 2:
            continue
        names = _names_near(text, q.start, q.end)
        source = None
        if names:
            s, e = min(names, key=lambda n: n[0] - q.end if n[0] >= q.end else q.start - n[1])
            source = {"start": s, "end": e, "text": text[s:e]}
        cue = None
        after = _CUE_WORD.search(text, q.end, min(len(text), q.end + 60))
        if after is not None:
            cue = {"start": after.start(), "end": after.end(), "text": after.group()}
        content = {"start": q.start, "end": q.end, "text": text[q.start : q.end]}
        attributions.append({"source": source, "cue": cue, "content": content})
    return {"id": record["id"], "attributions": attributions}


def baseline(gold: list[dict[str, Any]]) -> dict[str, float]:
    """Reference system: direct quotes between quote marks with the nearest name as speaker."""
    return score(gold, [baseline_predict(r) for r in gold])
