"""Eval task `articles`: read whole news articles (FA-KES), report each one's main event — the
publication date from the article's date line, the governorate, the death toll, the type of violence.

The main event is the first asserted event of the article (the headline is repeated at the top of
these texts); its fatalities are the largest count given in the article's lead, since early tolls in a
story are often raised a sentence later ("killed 20 ... the toll rose to 26").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..records import Article
from .common import majority

DATELINE_CHARS = 160  # the date line sits at the very top of the text
LEAD_SENTENCES = 3

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_FIRST = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# "Aug 012016": day and year run together in some scraped date lines
_GLUED = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{2}})((?:19|20)\d\d)\b", re.IGNORECASE)


def dateline_date(text: str) -> dt.date | None:
    """The first full calendar date near the top of an article ("Sun 16 Apr 2017", "Posted on
    April 19 2017", "Date of publication 10 July 2016"), or None."""
    head = text[:DATELINE_CHARS]
    found: list[tuple[int, dt.date]] = []
    for match in _DAY_FIRST.finditer(head):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
        found.extend(_valid(match.start(), year, month, day))
    for match in _MONTH_FIRST.finditer(head):
        month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(3))
        found.extend(_valid(match.start(), year, month, day))
    for match in _GLUED.finditer(head):
        month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(3))
        found.extend(_valid(match.start(), year, month, day))
    for match in _ISO.finditer(head):
        found.extend(_valid(match.start(), *(int(g) for g in match.groups())))
    return min(found)[1] if found else None


def _valid(pos: int, year: int, month: int, day: int) -> list[tuple[int, dt.date]]:
    try:
        return [(pos, dt.date(year, month, day))]
    except ValueError:
        return []


def predict(records: list[dict[str, Any]], *, pipeline: Any) -> Iterator[dict[str, Any]]:
    """One row per article, reading only id, title, text and outlet."""
    from ..events.context import build_context
    from ..events.fatalities import sentence_counts
    from ..events.stage import main_event

    articles = [
        Article.from_text(
            r["text"],
            title=r.get("title"),
            outlet=r.get("outlet"),
            published=dateline_date(r["text"]),
        )
        for r in records
    ]
    for record, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        event = main_event(analysis)
        published = analysis.article.published
        row: dict[str, Any] = {
            "id": record["id"],
            "published": published.isoformat() if published else None,
            "event_date": None,
            "event_type": None,
            "sub_event_type": None,
            "location": None,
            "admin1": None,
            "lat": None,
            "lon": None,
            "fatalities": None,
        }
        if event is not None:
            row["event_type"] = event.event_type
            row["sub_event_type"] = event.sub_event_type
            if event.date is not None:
                row["event_date"] = event.date.value.isoformat()
            loc = event.location
            if loc is not None and _in_home(loc.country, analysis):
                row.update(location=loc.name, admin1=loc.admin1, lat=loc.lat, lon=loc.lon)
        if row["admin1"] is None:
            row["admin1"] = _first_admin1(analysis, home_only=True) or _first_admin1(analysis)
        if analysis.doc is not None:
            ctx = build_context(analysis)
            lead = range(min(LEAD_SENTENCES, len(ctx.sents)))
            counts = [c.value for i in lead for c in sentence_counts(ctx, i)]
            if counts:
                row["fatalities"] = max(counts)
            elif event is not None and event.fatalities is not None:
                row["fatalities"] = event.fatalities.value
        yield row


def _in_home(country: str | None, analysis: Any) -> bool:
    """A place in the article's own country (a namesake abroad is a geocoding slip for a story
    told about one country), or any place where the article's country is unknown."""
    home = analysis.country_context[0] if analysis.country_context else None
    return home is None or country is None or country == home


def _first_admin1(analysis: Any, *, home_only: bool = False) -> str | None:
    """The first resolved place of the article with a first-level division (or that is one); with
    `home_only`, only places in the article's own country."""
    for place in analysis.places:
        chosen = place.chosen
        if chosen is None or (home_only and not _in_home(chosen.country, analysis)):
            continue
        if chosen.admin1:
            return chosen.admin1
        if chosen.feature_code == "ADM1":
            return chosen.name
    return None


# --- scoring -------------------------------------------------------------------------------------

# spelling variants of Syrian governorates (the README's equivalences, plus common transliterations)
_GOVERNORATES = {
    "aleppo": ["halab"],
    "damascus": [
        "dimashq",
        "rif dimashq",
        "rural damascus",
        "damascus countryside",
        "reef dimashq",
    ],
    "idlib": ["idleb"],
    "deir ezzor": [
        "deir ez zor",
        "deir ezzor",
        "dayr az zawr",
        "deir al zor",
        "deir el zor",
        "deir ez-zor",
        "deir al-zour",
        "dayr al zawr",
    ],
    "homs": ["hims"],
    "raqqa": ["ar raqqa", "ar raqqah", "al raqqa", "raqqah", "rakka"],
    "hasakeh": ["al hasakah", "hasakah", "hasaka", "al hasaka", "al-hasakah", "hassakeh"],
    "hama": ["hamah"],
    "daraa": ["dara", "deraa", "dar'a"],
    "lattakia": ["latakia", "al ladhiqiyah", "latakiyah", "lattaquie"],
    "quneitra": ["al qunaytirah", "qunaytirah", "kuneitra"],
    "tartous": ["tartus", "tartouss"],
    "as-suwayda": ["suwayda", "sweida", "as suwayda", "al suwayda", "sweida"],
}


def _fold(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\b(governorate|province|muhafazat)\b", " ", text)
    text = re.sub(r"['’`]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_CANON: dict[str, str] = {}
for _key, _variants in _GOVERNORATES.items():
    for _v in [_key, *_variants]:
        _CANON[_fold(_v)] = _key
        _CANON[_fold(_v).replace(" ", "")] = _key


def governorate(name: str | None) -> str:
    folded = _fold(name)
    return _CANON.get(folded) or _CANON.get(folded.replace(" ", "")) or folded


VIOLENCE_TYPES = {
    "shelling": {"Explosions/Remote violence"},
    "explosion": {"Explosions/Remote violence"},
    "chemical and toxic gases": {"Explosions/Remote violence"},
    "execution": {"Violence against civilians"},
    "shooting": {"Battles", "Violence against civilians"},
}


def score(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, float]:
    preds = {str(p["id"]): p for p in predictions}
    admin = [0, 0]
    fatal = [0, 0]
    within = 0
    published = [0, 0]
    violence = [0, 0]
    for row in gold:
        pred = preds.get(str(row["id"]), {})
        if row.get("location"):
            admin[1] += 1
            admin[0] += bool(pred.get("admin1")) and governorate(pred.get("admin1")) == governorate(
                row["location"]
            )
        event = row.get("event") or {}
        if event.get("nb_civilians") is not None or event.get("nb_noncivilians") is not None:
            truth = int(event.get("nb_civilians") or 0) + int(event.get("nb_noncivilians") or 0)
            fatal[1] += 1
            got = pred.get("fatalities")
            if got is not None:
                fatal[0] += got == truth
                within += abs(got - truth) <= 0.1 * truth
        if row.get("date"):
            published[1] += 1
            published[0] += pred.get("published") == row["date"]
        allowed = VIOLENCE_TYPES.get(str(event.get("cause_of_death") or "unknown"))
        if allowed is not None:
            violence[1] += 1
            violence[0] += pred.get("event_type") in allowed
    return {
        "admin1_accuracy": admin[0] / admin[1] if admin[1] else 0.0,
        "fatalities_accuracy": fatal[0] / fatal[1] if fatal[1] else 0.0,
        "fatalities_within10": within / fatal[1] if fatal[1] else 0.0,
        "published_accuracy": published[0] / published[1] if published[1] else 0.0,
        "violence_type_accuracy": violence[0] / violence[1] if violence[1] else 0.0,
    }


# --- baseline ------------------------------------------------------------------------------------


def baseline(gold: list[dict[str, Any]]) -> dict[str, float]:
    """Majority-class reference: every article gets the file's most frequent governorate, death
    toll and event type (the type the most frequent cause of death maps to), and no date."""
    admin1 = majority([governorate(r.get("location")) for r in gold if r.get("location")])
    tolls = [
        int(e.get("nb_civilians") or 0) + int(e.get("nb_noncivilians") or 0)
        for e in (r.get("event") or {} for r in gold)
        if e.get("nb_civilians") is not None or e.get("nb_noncivilians") is not None
    ]
    cause = majority(
        [
            str((r.get("event") or {}).get("cause_of_death"))
            for r in gold
            if str((r.get("event") or {}).get("cause_of_death")) in VIOLENCE_TYPES
        ]
    )
    event_type = sorted(VIOLENCE_TYPES[cause])[0] if cause else None
    rows = [
        {
            "id": r["id"],
            "published": None,
            "admin1": admin1,
            "fatalities": majority(tolls),
            "event_type": event_type,
        }
        for r in gold
    ]
    return score(gold, rows)
