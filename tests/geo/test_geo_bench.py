"""`sitroom bench geo` on a tiny hand-made corpus and the conftest gazetteer: figures, baseline,
and the reliability table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import BadInput
from sitroom.geo.bench import run
from sitroom.geo.calibration import reliability_table
from sitroom.geo.gazetteer import GazetteerEntry


def _corpus(tmp_path: Path) -> Path:
    text = "Shelling hit Qusayr near Homs in Syria."
    tops = []
    for name, lat, lon in (("Qusayr", 34.51, 36.58), ("Homs", 34.72, 36.72), ("Syria", 35.0, 38.0)):
        start = text.index(name)
        tops.append(
            {"start": start, "end": start + len(name), "text": name, "lat": lat, "lon": lon}
        )
    path = tmp_path / "geo.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": text, "toponyms": tops}) + "\n", encoding="utf-8"
    )
    return path


def test_bench_reports_speed_accuracy_and_baseline(tmp_path: Path, gaz) -> None:
    entries = [GazetteerEntry(1, "Testville", 1.0, 2.0, "SY")]
    out = run(corpus=_corpus(tmp_path), n=5, quiet=True, gazetteer=gaz, entries=lambda: entries)
    assert out["toponyms"] == 3 and out["index_entries"] == 1
    assert out["index_size_mb"] >= 0 and out["toponyms_per_s_warm"] > 0
    assert out["acc161_gold_spans"] == 1.0  # Qusayr in Syria thanks to its neighbours
    assert 0.0 <= out["baseline"]["acc161_gold_spans"] <= 1.0
    assert out["reliability"]["n"] == 3


def test_bench_without_gold_is_bad_input(tmp_path: Path, gaz) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text('{"id": "x", "text": "nothing"}\n', encoding="utf-8")
    with pytest.raises(BadInput):
        run(corpus=path, n=5, quiet=True, gazetteer=gaz, entries=list)


def test_reliability_bins_and_ece() -> None:
    table = reliability_table([(0.95, True), (0.95, False), (0.1, False)])
    assert [b["n"] for b in table["bins"]] == [1, 2]
    assert table["bins"][1]["accuracy"] == 0.5
    assert table["ece"] == pytest.approx((0.1 + 2 * 0.45) / 3, abs=1e-3)
