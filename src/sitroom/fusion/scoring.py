"""Pair score of two event reports: date, place, type, actors, fatalities and sentence similarity.

Text similarity: cosine of sentence embeddings (`sitroom.embed`), else of hashed n-gram tf-idf vectors.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..embed import Embedder
from .config import FusionConfig, TextConfig
from .records import EventReport
from .sql import Conn

_WORD = re.compile(r"\w+", re.UNICODE)
_CHUNK = 900  # SQLite host parameters per query, well under its limit
EARTH_KM = 6371.0


def grams(text: str, *, config: TextConfig) -> Counter[int]:
    """Hashed character n-grams of each word padded with spaces (crc32: stable across processes)."""
    counts: Counter[int] = Counter()
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        for n in range(config.ngram_min, config.ngram_max + 1):
            for i in range(max(1, len(padded) - n + 1)):
                counts[zlib.crc32(padded[i : i + n].encode()) % config.dimensions] += 1
    return counts


class NgramStats:
    """Document frequencies of n-grams: a cache over `fusion_ngram_df`, written back by `flush`."""

    def __init__(self, conn: Conn | None = None) -> None:
        self.conn = conn
        self.df: dict[int, int] = {}
        self.dirty: set[int] = set()
        self.n = 0
        if conn is not None:
            row = conn.execute("SELECT value FROM fusion_meta WHERE name = 'documents'").fetchone()
            self.n = int(row[0]) if row else 0

    def need(self, keys: set[int]) -> None:
        """Read the frequencies of `keys` not cached yet."""
        missing = [k for k in keys if k not in self.df]
        for k in missing:
            self.df[k] = 0
        if self.conn is None:
            return
        for i in range(0, len(missing), _CHUNK):
            part = missing[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for gram, df in self.conn.execute(
                f"SELECT gram, df FROM fusion_ngram_df WHERE gram IN ({marks})", part
            ):
                self.df[gram] = int(df)

    def add(self, keys: set[int]) -> None:
        self.need(keys)
        for k in keys:
            self.df[k] += 1
        self.dirty |= keys
        self.n += 1

    def idf(self, key: int) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(key, 0))) + 1.0

    def flush(self) -> None:
        if self.conn is None:
            return
        self.conn.executemany(
            "INSERT INTO fusion_ngram_df (gram, df) VALUES (?, ?)"
            " ON CONFLICT(gram) DO UPDATE SET df = excluded.df",
            [(k, self.df[k]) for k in self.dirty],
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO fusion_meta (name, value) VALUES ('documents', ?)",
            (str(self.n),),
        )
        self.dirty.clear()


def vector(counts: Counter[int], stats: NgramStats) -> dict[int, float]:
    """Unit-length tf-idf vector (sublinear tf)."""
    weights = {k: (1.0 + math.log(c)) * stats.idf(k) for k, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


class TextVectors:
    """Sentence vectors of reports, cached by event id: embeddings when an embedder is given, else
    n-gram tf-idf over `fusion_ngram_df` (the fallback keeps its document counts only while in use)."""

    def __init__(self, conn: Conn | None, *, config: TextConfig, embedder: Embedder | None) -> None:
        self.config = config
        self.embedder = embedder
        self.stats = NgramStats(conn)
        self._dense: dict[str, np.ndarray] = {}
        self._sparse: dict[str, dict[int, float]] = {}

    @property
    def method(self) -> str:
        return "embeddings" if self.embedder is not None else "ngrams"

    def observe(self, report: EventReport) -> None:
        """Count a new report's n-grams (document frequencies of the fallback)."""
        if self.embedder is None:
            self.stats.add(set(grams(report.text, config=self.config)))

    def prepare(self, reports: list[EventReport]) -> None:
        """Compute the vectors of reports not cached yet (embeddings: one batch)."""
        if self.embedder is None:
            return
        missing = {r.event_id: r.text for r in reports if r.event_id not in self._dense}
        if not missing:
            return
        if len(self._dense) > 50_000:
            self._dense.clear()
        vectors = self.embedder.encode(list(missing.values()))
        self._dense.update(zip(missing, vectors, strict=True))

    def similarity(self, a: EventReport, b: EventReport) -> float:
        if self.embedder is not None:
            self.prepare([a, b])
            return float(np.dot(self._dense[a.event_id], self._dense[b.event_id]))
        return cosine(self._vector(a), self._vector(b))

    def _vector(self, report: EventReport) -> dict[int, float]:
        vec = self._sparse.get(report.event_id)
        if vec is None:
            counts = grams(report.text, config=self.config)
            self.stats.need(set(counts))
            vec = vector(counts, self.stats)
            if len(self._sparse) > 50_000:
                self._sparse.clear()
            self._sparse[report.event_id] = vec
        return vec

    def flush(self) -> None:
        self.stats.flush()


def distance_km(a: EventReport, b: EventReport) -> float:
    """Great-circle distance of two located reports."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def date_gap(a: EventReport, b: EventReport) -> int | None:
    """Days between two date intervals (0 when they overlap), None when one is undated."""
    ia, ib = a.interval, b.interval
    if ia is None or ib is None:
        return None
    return max(0, (ib[0] - ia[1]).days, (ia[0] - ib[1]).days)


def date_agreement(a: EventReport, b: EventReport, *, max_gap_days: int) -> float:
    """1 for overlapping precise dates, falling linearly to 0 at `max_gap_days` apart; scaled down
    when an interval is wider than the gap window (a month overlaps anything in it); 0.5 undated."""
    gap = date_gap(a, b)
    if gap is None or a.interval is None or b.interval is None:
        return 0.5
    window = max_gap_days + 1
    widest = max((i[1] - i[0]).days + 1 for i in (a.interval, b.interval))
    return max(0.0, 1.0 - gap / window) * min(1.0, window / widest)


def _words(names: tuple[str, ...]) -> set[str]:
    return {w for name in names for w in _WORD.findall(name.lower()) if len(w) > 2}


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Features of a report pair, each in [0, 1]; `score` is their weighted sum plus bias."""

    text: float
    type: float
    sub_type: float
    date: float
    place: float
    actors: float
    fatalities: float
    score: float


def placed(report: EventReport) -> bool:
    """Whether a report is placed at first-order-division level or finer (not only a country)."""
    return bool(report.admin1)


def pinpointed(report: EventReport) -> bool:
    """Located at a point (town or finer), not at a region's representative point."""
    return report.located and (report.geo_precision or 3) < 3


def pair_features(
    a: EventReport, b: EventReport, *, text: float, config: FusionConfig, method: str
) -> PairFeatures:
    """Score two reports that passed blocking (`blocking.compatible`); `text` is the raw cosine of
    `method` ("embeddings" or "ngrams"), scored as its distance above that method's fitted cut."""
    w, limits = config.score, config.blocking
    same_type = a.event_type == b.event_type
    type_score = 1.0 if same_type else config.partial_type
    sub = 1.0 if same_type and a.sub_event_type and a.sub_event_type == b.sub_event_type else 0.0
    date = date_agreement(a, b, max_gap_days=limits.max_gap_days)
    if not (placed(a) and placed(b)):
        place = 0.0  # a country-wide mention says nothing about which event it is
    elif pinpointed(a) and pinpointed(b):
        km = distance_km(a, b)
        place = 1.0 if km < 5 else max(0.0, 1.0 - km / limits.max_km)
    elif a.admin1 == b.admin1:
        place = 0.5
    else:
        place = 0.0
    wa, wb = _words(a.actors), _words(b.actors)
    actors = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    fa, fb = a.fatalities or 0, b.fatalities or 0
    deaths = 1.0 if fa and fb and max(fa, fb) <= 2 * min(fa, fb) else 0.0
    above = text - config.text.cut(method)
    score = (
        w.text * above
        + w.type * type_score
        + w.sub_type * sub
        + w.date * date
        + w.place * place
        + w.actors * actors
        + w.fatalities * deaths
        + w.bias
    )
    return PairFeatures(text, type_score, sub, date, place, actors, deaths, score)
