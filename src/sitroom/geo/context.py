"""Co-location evidence between the toponyms of one document: a reading of an ambiguous name
gains support when other names of the document could lie in the same admin1 region or nearby."""

from __future__ import annotations

import math
from collections import Counter

from ..records import Candidate

_KM_PER_DEGREE = 111.2


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
    """Set `admin1_support` and `near_support` on every candidate of every group.

    `groups` maps each distinct toponym key to its candidates, scored by a first pass. A group
    supports a reading when one of its `top_n` best candidates shares the reading's admin1
    region (or one of its `near_top` best lies within `near_km`). Support saturates at
    `saturation` other groups, so long documents do not drown short ones.
    """
    tops = {k: sorted(c, key=lambda x: -x.score)[:top_n] for k, c in groups.items()}
    regions = {
        k: {(c.country, c.admin1) for c in cands if c.admin1 and c.feature_code != "PCLI"}
        for k, cands in tops.items()
    }
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for found in regions.values():
        counts.update(found)
    nearest = {
        k: [c for c in cands[:near_top] if c.feature_code not in ("PCLI", "CONT")]
        for k, cands in tops.items()
    }
    for key, candidates in groups.items():
        others = [k for k in groups if k != key]
        if not others:
            continue
        own = regions[key]
        for c in candidates:
            c.features.pop("admin1_support", None)
            c.features.pop("near_support", None)
            if c.admin1 and c.feature_code != "PCLI":
                region = (c.country, c.admin1)
                n = counts[region] - (region in own)
                if n > 0:
                    c.features["admin1_support"] = min(n, saturation) / saturation
        for c in tops[key]:
            if c.feature_code in ("PCLI", "CONT") or c.lat is None:
                continue
            n = sum(1 for k in others if any(_near(c, o, near_km) for o in nearest[k]))
            if n > 0:
                c.features["near_support"] = min(n, saturation) / saturation
