"""`sitroom bench geo`: toponym resolution speed (warm index), index build time, size, peak RSS,
resolution-only accuracy on gold spans against a first-candidate-by-population baseline."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ..records import Toponym
from .calibration import reliability_table

DEFAULT_CORPUS = ("eval", "geo", "geowebnews.dev.jsonl")  # under ../shared, found as sitroom.bench
ACC_KM = 161.0


def default_corpus() -> Path | None:
    """../shared/eval/geo/geowebnews.dev.jsonl next to the working directory or the checkout."""
    from ..bench import shared_file

    return shared_file(*DEFAULT_CORPUS)


def load_gold(corpus: Path, n: int) -> list[dict[str, Any]]:
    """Up to `n` documents {text, toponyms: [{start, end, text, lat, lon}]} from a geo JSONL file."""
    from ..eval.common import read_jsonl

    docs: list[dict[str, Any]] = []
    for row in read_jsonl(corpus):
        tops = [t for t in row.get("toponyms") or [] if t.get("text")]
        if tops:
            docs.append({"text": str(row.get("text") or ""), "toponyms": tops})
        if len(docs) >= n:
            break
    if not docs:
        raise BadInput(f"{corpus}: no documents with gold toponyms")
    return docs


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from ..eval.geo import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def _correct(gold: dict[str, Any], lat: float | None, lon: float | None) -> bool | None:
    """None when the gold toponym has no point; False when nothing was chosen."""
    if gold.get("lat") is None or gold.get("lon") is None:
        return None
    if lat is None or lon is None:
        return False
    return _km(gold["lat"], gold["lon"], lat, lon) <= ACC_KM


def _mentions(doc: dict[str, Any]) -> list[Any]:
    from .recognize import Mention

    return [
        Mention(Toponym(t["start"], t["end"], t["text"], "gold"), "GPE", t["text"])
        for t in doc["toponyms"]
    ]


def _build(quiet: bool, entries: Callable[[], Iterable[Any]] | None) -> tuple[float, int, int]:
    """Cold build of the index from its entries: (seconds, bytes on disk, entries)."""
    from .build import build_entries
    from .gazetteer import IndexedGazetteer

    if not quiet:
        print("geo bench: building the embedded index from scratch ...", file=sys.stderr)
    started = time.perf_counter()
    built = IndexedGazetteer.from_entries((entries or build_entries)())
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.pkl"
        built.save(path)
        size = path.stat().st_size
    return seconds, size, len(built)


def _baseline_pick(gazetteer: Any, name: str) -> Any:
    """First candidate by population among the name's exact/alias matches (fuzzy if none)."""
    found = gazetteer.lookup(name)
    exact = [c for c in found if "match_fuzzy" not in c.features] or found
    return max(exact, key=lambda c: c.population or 0) if exact else None


def run(
    *,
    corpus: Path | None = None,
    n: int = 150,
    quiet: bool = False,
    gazetteer: Any = None,
    entries: Callable[[], Iterable[Any]] | None = None,
) -> dict[str, Any]:
    """Figures for `sitroom bench geo` (one JSON object). `gazetteer` (the resolved index) and
    `entries` (what the timed build indexes) default to the embedded gazetteer; tests inject both."""
    from .build import load_countries
    from .gazetteer import open_gazetteer
    from .ranking import Ranker

    corpus = corpus or default_corpus()
    if corpus is None:
        raise BadInput("no geo corpus: pass --corpus (JSONL with text and gold toponyms)")
    docs = load_gold(Path(corpus), n)
    build_s, size, n_entries = _build(quiet, entries)
    started = time.perf_counter()
    gazetteer = gazetteer if gazetteer is not None else open_gazetteer(None)
    load_s = time.perf_counter() - started
    neighbours = {iso: row["neighbours"] for iso, row in load_countries().items()}
    ranker = Ranker(gazetteer, neighbours=neighbours)
    mentions = [_mentions(doc) for doc in docs]
    total = sum(len(m) for m in mentions)

    def system() -> list[list[Any]]:
        return [ranker.resolve(m, [], d["text"])[0] for m, d in zip(mentions, docs, strict=True)]

    system()  # warm the lookup cache
    started = time.perf_counter()
    rounds = 0
    while True:
        results = system()
        rounds += 1
        elapsed = time.perf_counter() - started
        if elapsed >= 1.0 or rounds >= 20:
            break
    sys_rate = total * rounds / elapsed

    started = time.perf_counter()
    picks = [[_baseline_pick(gazetteer, t["text"]) for t in d["toponyms"]] for d in docs]
    base_rate = total / max(time.perf_counter() - started, 1e-9)

    sys_ok: list[bool] = []
    base_ok: list[bool] = []
    pairs: list[tuple[float, bool]] = []
    for doc, places, chosen in zip(docs, results, picks, strict=True):
        for gold, place, pick in zip(doc["toponyms"], places, chosen, strict=True):
            c = place.chosen
            ok = _correct(gold, c.lat if c else None, c.lon if c else None)
            if ok is None:
                continue
            sys_ok.append(ok)
            pairs.append((place.confidence if c else 0.0, ok))
            base_ok.append(
                bool(_correct(gold, pick.lat if pick else None, pick.lon if pick else None))
            )
    scored = len(sys_ok)
    return {
        "bench": "geo",
        "corpus": str(corpus),
        "documents": len(docs),
        "toponyms": total,
        "toponyms_with_coords": scored,
        "index_entries": n_entries,
        "index_build_s": round(build_s, 2),
        "index_size_mb": round(size / 1e6, 1),
        "index_load_s": round(load_s, 3),
        "toponyms_per_s_warm": round(sys_rate),
        "acc161_gold_spans": round(sum(sys_ok) / scored, 4) if scored else 0.0,
        "baseline": {
            "method": "first candidate by population",
            "toponyms_per_s_warm": round(base_rate),
            "acc161_gold_spans": round(sum(base_ok) / scored, 4) if scored else 0.0,
        },
        "reliability": reliability_table(pairs),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    }
