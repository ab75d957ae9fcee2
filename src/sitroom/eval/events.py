"""Eval task `events`: code each text's main event in the gold format (ACLED-style columns) and score
type, sub-type, actor1, location, fatalities and date against ACLED / UCDP coded events.

Choices (documented in docs/benchmarks.md too):
- UCDP rows carry a violence category, not an ACLED type. For the two event-type metrics it is mapped
  UCDP:1 (state-based) and UCDP:2 (non-state) → "Battles", UCDP:3 (one-sided) → "Violence against
  civilians"; UCDP rows have no sub-event type and are left out of `sub_event_type_macro_f1`.
- Fatalities: ACLED codes an event with no reported deaths as 0, so a main event with no count found
  is written as 0 (the Event record itself keeps `fatalities = None`, having no evidence).
- A text with no event cue gets no type, sub-type, actors or fatalities (not a guessed type), but
  the row still carries where the report is set (`placing.report_location`: its opening-frame place,
  else the finest place of its first sentence): every gold row is placed, and a place is a property
  of the report as much as of the event. The product stores no event for such a text.
- `location_acc25`: over gold rows with coordinates; a hit is a prediction within 25 km, or a
  predicted location name equal to the gold one after case/accent/punctuation folding.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..records import Article
from .common import by_id, majority

UCDP_TYPES = {
    "UCDP:1": "Battles",
    "UCDP:2": "Battles",
    "UCDP:3": "Violence against civilians",
}
ACTOR_MATCH_THRESHOLD = 80
LOCATION_KM = 25.0


def _article(record: dict[str, Any]) -> Article:
    published = None
    if record.get("event_date"):
        published = dt.date.fromisoformat(str(record["event_date"])[:10])
    return Article.from_text(record["text"], published=published)


def predict(records: list[dict[str, Any]], *, pipeline: Any) -> Iterator[dict[str, Any]]:
    """One row per record in the gold format, reading only id, text and the record's date."""
    from ..actors.table import load_actor_table
    from ..events.stage import main_event

    table = load_actor_table()
    articles = [_article(r) for r in records]
    for record, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        yield event_row(record["id"], analysis, main_event(analysis), table)


def event_row(record_id: str, analysis: Any, event: Any, table: Any) -> dict[str, Any]:
    """The gold-format row for one analysed text (shared with the `articles` task)."""
    published = analysis.article.published
    row: dict[str, Any] = {
        "id": record_id,
        "event_type": None,
        "sub_event_type": None,
        "actor1": None,
        "actor2": None,
        "location": None,
        "latitude": None,
        "longitude": None,
        "admin1": None,
        "country": None,
        "fatalities": None,
        "event_date": published.isoformat() if published else None,
    }
    if event is None:
        from ..events.placing import report_location

        _place_row(row, report_location(analysis), analysis, table)
        return row
    row["event_type"] = event.event_type
    row["sub_event_type"] = event.sub_event_type
    for actor in event.actors:
        if actor.role in ("actor1", "actor2") and row[actor.role] is None:
            row[actor.role] = actor.name
    _place_row(row, event.location, analysis, table)
    row["fatalities"] = event.fatalities.value if event.fatalities is not None else 0
    if event.date is not None:
        row["event_date"] = event.date.value.isoformat()
    return row


def _place_row(row: dict[str, Any], loc: Any, analysis: Any, table: Any) -> None:
    if loc is not None:
        row.update(location=loc.name, latitude=loc.lat, longitude=loc.lon, admin1=loc.admin1)
        row["country"] = table.country_name(loc.country)
    if row["country"] is None and analysis.country_context:
        row["country"] = table.country_name(analysis.country_context[0])


# --- scoring -------------------------------------------------------------------------------------


def _gold_type(row: dict[str, Any]) -> str | None:
    value = row.get("event_type")
    return UCDP_TYPES.get(value, value) if value else None


def macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    """Macro-averaged F1 over the gold labels of (gold, predicted) pairs."""
    labels = sorted({g for g, _ in pairs})
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels)


def _fold(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def actor_matches(predicted: str | None, gold: str | None) -> bool:
    from rapidfuzz import fuzz

    if not predicted or not gold:
        return False
    return fuzz.token_set_ratio(predicted.lower(), gold.lower()) >= ACTOR_MATCH_THRESHOLD


def _location_hit(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred.get("latitude") is not None and pred.get("longitude") is not None:
        km = haversine_km(pred["latitude"], pred["longitude"], gold["latitude"], gold["longitude"])
        if km <= LOCATION_KM:
            return True
    return bool(_fold(pred.get("location"))) and _fold(pred.get("location")) == _fold(
        gold.get("location")
    )


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def score(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, float]:
    preds = by_id(predictions)
    type_pairs: list[tuple[str, str | None]] = []
    sub_pairs: list[tuple[str, str | None]] = []
    actor = [0, 0]
    location = [0, 0]
    fatal = [0, 0]
    date = [0, 0]
    for row in gold:
        pred = preds.get(str(row["id"]), {})
        gold_type = _gold_type(row)
        if gold_type:
            type_pairs.append((gold_type, pred.get("event_type")))
        if row.get("sub_event_type"):
            sub_pairs.append((row["sub_event_type"], pred.get("sub_event_type")))
        if row.get("actor1"):
            actor[1] += 1
            actor[0] += actor_matches(pred.get("actor1"), row["actor1"])
        if row.get("latitude") is not None and row.get("longitude") is not None:
            location[1] += 1
            location[0] += _location_hit(pred, row)
        if row.get("fatalities") is not None:
            fatal[1] += 1
            fatal[0] += pred.get("fatalities") == row["fatalities"]
        if row.get("event_date"):
            date[1] += 1
            date[0] += pred.get("event_date") == row["event_date"]
    return {
        "event_type_accuracy": _ratio(sum(g == p for g, p in type_pairs), len(type_pairs)),
        "event_type_macro_f1": macro_f1(type_pairs),
        "sub_event_type_macro_f1": macro_f1(sub_pairs),
        "actor1_match": _ratio(*actor),
        "location_acc25": _ratio(*location),
        "fatalities_accuracy": _ratio(*fatal),
        "date_accuracy": _ratio(*date),
    }


# --- baseline ------------------------------------------------------------------------------------


def baseline(gold: list[dict[str, Any]]) -> dict[str, float]:
    """Majority-class reference: every row gets the file's most frequent event type, sub-event type,
    actor1, location (with its coordinates) and fatalities; the date is the record's own date."""
    event_type = majority([_gold_type(r) for r in gold])
    sub_type = majority([r.get("sub_event_type") for r in gold])
    actor1 = majority([r.get("actor1") for r in gold])
    place = majority(
        [
            (r.get("location"), r["latitude"], r["longitude"])
            for r in gold
            if r.get("latitude") is not None and r.get("longitude") is not None
        ]
    )
    fatalities = majority([r.get("fatalities") for r in gold])
    rows = [
        {
            "id": r["id"],
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": actor1,
            "location": place[0] if place else None,
            "latitude": place[1] if place else None,
            "longitude": place[2] if place else None,
            "fatalities": fatalities,
            "event_date": r.get("event_date"),
        }
        for r in gold
    ]
    return score(gold, rows)
