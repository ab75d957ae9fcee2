"""Co-location evidence between the toponyms of one document: a reading of an ambiguous name
gains support when other names of the document could lie in the same admin1 region or nearby."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache

from ..data import load_table
from ..records import Candidate

_KM_PER_DEGREE = 111.2
COLOCATION_FEATURES = (
    "admin1_support",
    "near_support",
    "admin1_belief",
    "near_belief",
    "admin2_support",
)


def _near(a: Candidate, b: Candidate, km: float) -> bool:
    """Equirectangular distance test (cheap, and exact enough at these distances)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    dlat = a.lat - b.lat
    dlon = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return (dlat * dlat + dlon * dlon) * _KM_PER_DEGREE**2 <= km * km


def add_colocation_features(
    groups: dict[str, list[Candidate]],
    *,
    top_n: int = 8,
    near_top: int = 3,
    near_km: float = 150.0,
    saturation: int = 3,
) -> None:
    """Set `admin1_support`/`near_support` and `admin1_belief`/`near_belief` on every candidate.

    `groups` maps each distinct toponym key to its candidates, scored by a first pass. A group
    supports a reading when one of its readings shares the reading's admin1 region or lies within
    `near_km` (`*_support`), and by the first-pass probability (softmax over its `top_n` best) of its
    candidates in the reading's admin1 region (or of its best one of `near_top` within
    `near_km`). Support saturates at `saturation` other groups, so long documents do not drown
    short ones.
    """
    tops = {k: sorted(c, key=lambda x: -x.score)[:top_n] for k, c in groups.items()}
    # Count support: any of a group's top readings. Belief support: their first-pass probability
    # (a namesake cluster of unlikely readings, "London" and "Paris" both in Ontario, supports
    # itself only as much as it is believed).
    counts: dict[tuple[str | None, str | None], float] = defaultdict(float)
    beliefs: dict[tuple[str | None, str | None], float] = defaultdict(float)
    own_regions: dict[str, dict[tuple[str | None, str | None], tuple[float, float]]] = {}
    probs = {k: _first_pass_probs(cands) for k, cands in tops.items()}
    weight = {k: _prominence(cands) for k, cands in tops.items()}
    for k, cands in tops.items():
        mass: dict[tuple[str | None, str | None], float] = defaultdict(float)
        most: dict[tuple[str | None, str | None], float] = defaultdict(float)
        for c, p, w in zip(cands, probs[k], weight[k], strict=True):
            if c.admin1 and c.feature_code != "PCLI":
                mass[(c.country, c.admin1)] += p
                most[(c.country, c.admin1)] = max(most[(c.country, c.admin1)], w)
        own_regions[k] = {region: (most[region], m) for region, m in mass.items()}
        for region, m in mass.items():
            counts[region] += most[region]
            beliefs[region] += m
    # Counties: "Paris" and "Henry County" (Tennessee) hold each other up; county namesakes in
    # the same state are rare, so any top reading counts.
    County = tuple[str | None, str | None, str | None]
    county_sets: dict[str, set[County]] = {
        k: {county for c in cands if (county := _county(c)) is not None}
        for k, cands in tops.items()
    }
    county_counts: dict[County, int] = defaultdict(int)
    for counties in county_sets.values():
        for county in counties:
            county_counts[county] += 1
    nearest = {
        k: [
            (c, p)
            for c, p in zip(cands[:near_top], probs[k][:near_top], strict=True)
            if c.feature_code not in ("PCLI", "CONT")
        ]
        for k, cands in tops.items()
    }
    lat_tol = near_km / _KM_PER_DEGREE
    for key, candidates in groups.items():
        others = [k for k in groups if k != key]
        own = own_regions[key]
        for c in candidates:
            for name in COLOCATION_FEATURES:
                c.features.pop(name, None)
        if not others:
            continue
        for c in candidates:
            if c.admin1 and c.feature_code != "PCLI":
                region = (c.country, c.admin1)
                mine = own.get(region, (0.0, 0.0))
                n, b = counts.get(region, 0.0) - mine[0], beliefs.get(region, 0.0) - mine[1]
                if n > 0:
                    c.features["admin1_support"] = round(min(n, saturation) / saturation, 4)
                if b > 0.01:
                    c.features["admin1_belief"] = round(min(b, saturation) / saturation, 4)
            county = _county(c)
            if county:
                n = county_counts.get(county, 0) - (county in county_sets[key])
                if n > 0:
                    c.features["admin2_support"] = round(min(n, saturation) / saturation, 4)
        for c in tops[key]:
            if c.feature_code in ("PCLI", "CONT") or c.lat is None or c.lon is None:
                continue
            n, b = 0, 0.0
            for k in others:
                # A latitude gap alone beyond the radius rules a pair out (the cheap test first).
                close = [
                    p
                    for o, p in nearest[k]
                    if o.lat is not None and abs(o.lat - c.lat) <= lat_tol and _near(c, o, near_km)
                ]
                if close:
                    n += 1
                    b += max(close)
            if n > 0:
                c.features["near_support"] = round(min(n, saturation) / saturation, 4)
            if b > 0.01:
                c.features["near_belief"] = round(min(b, saturation) / saturation, 4)


def _county(c: Candidate) -> tuple[str | None, str | None, str | None] | None:
    if not c.admin2 or c.feature_code in ("PCLI", "ADM1"):
        return None
    return (c.country, c.admin1, c.admin2)


def _first_pass_probs(candidates: list[Candidate]) -> list[float]:
    """Softmax of the first-pass scores (`candidates` sorted best first)."""
    if not candidates:
        return []
    top = candidates[0].score
    exps = [math.exp(c.score - top) for c in candidates]
    total = sum(exps)
    return [e / total for e in exps]


@lru_cache(maxsize=1)
def _prominence_rule() -> tuple[int, float, float]:
    rule = load_table("geo_weights")["colocation"]["prominence"]
    return int(rule["min_population"]), float(rule["exponent"]), float(rule["floor"])


def _prominence(candidates: list[Candidate]) -> list[float]:
    """How much each reading of a name can vouch for others in the admin1 count: its population
    relative to the name's most populous reading, damped, when that one is a big place ("Paris,
    Ontario" hardly vouches for "London, Ontario"; namesakes of small towns all count fully)."""
    min_population, exponent, floor = _prominence_rule()
    top = max((c.population for c in candidates), default=0)
    if top < min_population:
        return [1.0] * len(candidates)
    return [max(floor, ((c.population + 1) / (top + 1)) ** exponent) for c in candidates]


def municipal_names(
    names: list[tuple[str, int, int]],
    text: str,
    phrases: frozenset[str],
    street_words: frozenset[str] = frozenset(),
) -> set[str]:
    """Keys of the names used at least once as a town's: `names` holds (key, start, end) triples,
    and a name counts when a municipal institution follows it, after an optional possessive
    ("Jordan middle school", "Athens' city council"), or when it closes a street address ("400 S.
    Locust St., Lebanon"). A country or state has neither."""
    out: set[str] = set()
    follows = _phrase_pattern(phrases)
    address = _address_pattern(street_words)
    for key, start, end in names:
        if key in out:
            continue
        if follows is not None and follows.match(text, end):
            out.add(key)
        elif address is not None and text[max(0, start - 3) : start].rstrip().endswith(","):
            if address.search(text[max(0, start - 60) : start]):
                out.add(key)
    return out


@lru_cache(maxsize=8)
def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern[str] | None:
    """An optional possessive, then one of the phrases as whole words (any case)."""
    if not phrases:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?:['’]s|['’])?\s+(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def _address_pattern(street_words: frozenset[str]) -> re.Pattern[str] | None:
    """A house number, up to four capitalized words and a street word, then a comma."""
    if not street_words:
        return None
    words = "|".join(sorted(re.escape(w) for w in street_words))
    return re.compile(rf"\b\d+\s+(?:[A-Z][\w.]*\s+){{1,4}}(?i:{words})\.?,\s*$")
