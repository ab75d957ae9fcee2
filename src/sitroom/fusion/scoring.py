"""Pair score of two event reports: date, place, type, actors, fatalities and sentence similarity.

Text similarity is the cosine of hashed character n-gram tf-idf vectors (no model download needed).
"""

from __future__ import annotations

import math
import re
import sqlite3
import zlib
from collections import Counter
from dataclasses import dataclass

from .config import FusionConfig, TextConfig
from .records import EventReport

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

    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
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
            "INSERT OR REPLACE INTO fusion_meta (name, value) VALUES ('documents', ?)", (self.n,)
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


def pair_features(
    a: EventReport, b: EventReport, *, text: float, config: FusionConfig
) -> PairFeatures:
    """Score two reports that passed blocking (`blocking.compatible`)."""
    w, limits = config.score, config.blocking
    same_type = a.event_type == b.event_type
    type_score = 1.0 if same_type else config.partial_type
    sub = 1.0 if same_type and a.sub_event_type and a.sub_event_type == b.sub_event_type else 0.0
    gap = date_gap(a, b)
    date = 0.5 if gap is None else max(0.0, 1.0 - gap / (limits.max_gap_days + 1))
    if a.located and b.located:
        km = distance_km(a, b)
        place = 1.0 if km < 5 else max(0.0, 1.0 - km / limits.max_km)
    elif a.admin1 and a.admin1 == b.admin1:
        place = 0.5
    else:
        place = 0.0
    wa, wb = _words(a.actors), _words(b.actors)
    actors = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    fa, fb = a.fatalities or 0, b.fatalities or 0
    deaths = 1.0 if fa and fb and max(fa, fb) <= 2 * min(fa, fb) else 0.0
    score = (
        w.text * text
        + w.type * type_score
        + w.sub_type * sub
        + w.date * date
        + w.place * place
        + w.actors * actors
        + w.fatalities * deaths
        + w.bias
    )
    return PairFeatures(text, type_score, sub, date, place, actors, deaths, score)
