"""Typed records that cross stage boundaries: articles, evidence spans and everything extracted.

Every extracted field carries `Evidence` (character offsets into `Article.text`) and a confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
ActorRole = Literal["actor1", "actor2", "assoc"]
SpeakerKind = Literal["person", "organization", "anonymous", "document", "group"]


def normalize_text(text: str) -> str:
    """The stored form of an article text: NFC, newlines unified, outer whitespace stripped.

    Offsets are always taken on this form, so normalization never shifts evidence.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def nested_spans(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (start, end) spans that lie inside another, different span of `spans` (one sweep in
    start order, so a text with thousands of spans stays cheap)."""
    inner: set[tuple[int, int]] = set()
    reach = -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if end <= reach:
            inner.add((start, end))  # an earlier-starting (or same-start, longer) span covers it
        reach = max(reach, end)
    return inner


def content_id(text: str) -> str:
    """Article id: a short hash of the normalized text (whitespace runs collapsed, case kept)."""
    canon = " ".join(normalize_text(text).split())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def stable_id(*parts: object) -> str:
    """A deterministic id for a derived record (event, attribution) from its defining parts."""
    raw = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article's stored text that supports a field: `text == article.text[start:end]`."""

    article_id: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> Evidence:
        return cls(article.id, start, end, article.text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Article:
    """One news article as stored. `id` is the content hash of the normalized text."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = "en"
    source: str | None = None  # file path / URL / "stdin" it came from

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> Article:
        norm = normalize_text(text)
        return cls(id=content_id(norm), text=norm, **meta)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class TimeExpr:
    """A TIMEX3-style time expression normalized against the publication date."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str  # TIMEX3 value: 2024-12-06, 2024-W49, P11Y, PAST_REF, XXXX-WXX-5 ...
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: int | None = None  # ACLED time_precision: 1 day, 2 week/range, 3 month or wider
    confidence: float = 0.8
    rule: str | None = None  # name of the rule (data table entry) that produced it


@dataclass(slots=True)
class Toponym:
    """A place name found in the text (before resolution)."""

    start: int
    end: int
    text: str
    source: str = "ner"  # ner | propn | pattern


@dataclass(slots=True)
class Candidate:
    """One gazetteer entry that a toponym could refer to, with ranking features and score."""

    geonameid: int | None  # None = the NULL candidate ("none of these")
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO2
    admin1: str | None = None  # admin1 name
    admin2: str | None = None
    feature_class: str | None = None  # P populated place, A admin, ...
    feature_code: str | None = None
    population: int = 0
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


@dataclass(slots=True)
class Place:
    """A resolved toponym: the chosen candidate (or None), its confidence and the top-k ranking."""

    toponym: Toponym
    chosen: Candidate | None
    confidence: float
    alternatives: list[Candidate] = field(default_factory=list)

    @property
    def geo_precision(self) -> int:
        """ACLED geo_precision: 1 town/point, 2 district (admin2), 3 region/country."""
        c = self.chosen
        if c is None:
            return 3
        if c.feature_class == "A" and c.feature_code in ("ADM2", "ADM3"):
            return 2
        if c.feature_class == "A" or c.feature_code in ("PCLI", "CONT", "RGN"):
            return 3
        return 1


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor from the actor table (or an unknown named group)."""

    name: str
    kind: str = "unknown"  # state_forces | rebels | militia | ... | civilians | external
    inter: int | None = None  # ACLED inter code 1-8
    country: str | None = None


@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    confidence: float = 0.8


@dataclass(slots=True)
class EventFlags:
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False


@dataclass(slots=True)
class EventActor:
    name: str
    role: ActorRole
    inter: int | None
    evidence: list[Evidence]
    confidence: float = 0.7


@dataclass(slots=True)
class EventLocation:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    geo_precision: int
    confidence: float
    evidence: list[Evidence]


@dataclass(slots=True)
class EventDate:
    value: dt.date
    earliest: dt.date
    latest: dt.date
    time_precision: int
    evidence: list[Evidence]
    confidence: float = 0.6


@dataclass(slots=True)
class Fatalities:
    value: int
    low: int
    high: int
    evidence: list[Evidence]
    confidence: float = 0.7


@dataclass(slots=True)
class Report:
    article_id: str
    url: str | None
    outlet: str | None
    published: dt.date | None


@dataclass(slots=True)
class Event:
    """One coded event (ACLED taxonomy + PLOVER) with evidence for every field."""

    id: str
    article_id: str
    event_type: str
    sub_event_type: str
    plover: str | None
    confidence: float
    trigger: Evidence  # the words that type the event
    flags: EventFlags = field(default_factory=EventFlags)
    actors: list[EventActor] = field(default_factory=list)
    location: EventLocation | None = None
    date: EventDate | None = None
    fatalities: Fatalities | None = None
    reports: list[Report] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    sentence: Sentence | None = None
    method: str = "rules"  # provenance: rules | llm | both

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md event JSON."""
        return _jsonable(
            {
                "id": self.id,
                "event_type": self.event_type,
                "sub_event_type": self.sub_event_type,
                "plover": self.plover,
                "confidence": round(self.confidence, 3),
                "flags": asdict(self.flags),
                "trigger": self.trigger,
                "actors": self.actors,
                "location": self.location,
                "date": self.date,
                "fatalities": self.fatalities,
                "reports": self.reports,
                "claims": self.claims,
                "method": self.method,
            }
        )


@dataclass(slots=True)
class Speaker:
    name: str
    kind: SpeakerKind
    description: str | None
    affiliation: str | None
    evidence: list[Evidence]
    affiliation_kind: str | None = None  # member_of | close_to | spokesperson_of ...
    role: str | None = None  # leader, spokesman ...


@dataclass(slots=True)
class Attribution:
    """Who said what: speaker, the reporting cue, the content span, and the events it supports."""

    id: str
    article_id: str
    direct: bool
    speaker: Speaker | None
    cue: Evidence | None
    content: Evidence
    via: str | None = None
    date: EventDate | None = None
    events: list[str] = field(default_factory=list)
    confidence: float = 0.7
    method: str = "rules"  # provenance: rules | llm | both

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md attribution JSON."""
        return _jsonable(
            {
                "id": self.id,
                "article_id": self.article_id,
                "direct": self.direct,
                "speaker": self.speaker,
                "cue": self.cue,
                "content": self.content,
                "via": self.via,
                "date": self.date,
                "events": self.events,
                "confidence": round(self.confidence, 3),
                "method": self.method,
            }
        )


def _jsonable(value: Any) -> Any:
    """Dataclasses → dicts, dates → ISO strings, recursively (no dict records inside the package)."""
    if isinstance(value, Evidence):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        return {k: _jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass(slots=True)
class Analysis:
    """The working record that stages fill in, one per article. Stages take it and return it."""

    article: Article
    doc: Any = None  # spaCy Doc, set by the nlp stage
    sentences: list[Sentence] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    country_context: list[str] = field(default_factory=list)  # ISO2 codes, most likely first
    notes: list[str] = field(default_factory=list)  # non-fatal problems met while processing

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence.of(self.article, start, end)
