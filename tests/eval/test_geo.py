"""The geo scorer on tiny hand-made cases, and predict's offsets into the raw text."""

from __future__ import annotations

import pytest

from sitroom.eval.geo import haversine_km, offset_map, predict, score
from sitroom.records import Analysis, Candidate, Place, Toponym

TEXT = "Shelling hit Qusayr and Homs."
QUSAYR = {
    "start": 13,
    "end": 19,
    "text": "Qusayr",
    "lat": 34.5078,
    "lon": 36.58029,
    "geonameid": 173322,
}
HOMS = {
    "start": 24,
    "end": 28,
    "text": "Homs",
    "lat": 34.72405,
    "lon": 36.72559,
    "geonameid": 169577,
}
GOLD = [{"id": "d1", "text": TEXT, "toponyms": [QUSAYR, HOMS]}]


def test_perfect_prediction_scores_one() -> None:
    metrics = score(GOLD, [{"id": "d1", "toponyms": [dict(QUSAYR), dict(HOMS)]}])
    for name in ("recognition_p", "recognition_r", "recognition_f1", "acc161", "acc161_matched"):
        assert metrics[name] == 1.0
    assert metrics["mean_error_km"] == 0.0


def test_nothing_right_scores_zero() -> None:
    wrong = {"start": 0, "end": 8, "text": "Shelling", "lat": 0.0, "lon": 0.0, "geonameid": None}
    metrics = score(GOLD, [{"id": "d1", "toponyms": [wrong]}])
    for name in ("recognition_p", "recognition_r", "recognition_f1", "acc161", "acc161_matched"):
        assert metrics[name] == 0.0
    assert score(GOLD, [])["recognition_f1"] == 0.0


def test_overlap_counts_for_resolution_not_recognition() -> None:
    # "Qusayr and" overlaps the gold span but is not an exact match; it lies in Egypt.
    far = {"start": 13, "end": 23, "text": "Qusayr and", "lat": 26.10611, "lon": 34.27716}
    metrics = score(GOLD, [{"id": "d1", "toponyms": [far, dict(HOMS)]}])
    assert metrics["recognition_p"] == 0.5 and metrics["recognition_r"] == 0.5
    assert metrics["acc161"] == 0.5
    assert metrics["acc161_matched"] == 0.5
    assert metrics["mean_error_km"] == pytest.approx(
        haversine_km(34.5078, 36.58029, 26.10611, 34.27716) / 2, rel=1e-6
    )


def test_unmatched_gold_lowers_acc161_only() -> None:
    metrics = score(GOLD, [{"id": "d1", "toponyms": [dict(HOMS)]}])
    assert metrics["acc161"] == 0.5 and metrics["acc161_matched"] == 1.0
    assert metrics["recognition_p"] == 1.0 and metrics["recognition_r"] == 0.5


def test_gold_without_coordinates_counts_for_recognition_only() -> None:
    gold = [{"id": "d1", "text": TEXT, "toponyms": [dict(QUSAYR, lat=None, lon=None), HOMS]}]
    metrics = score(gold, [{"id": "d1", "toponyms": [dict(HOMS)]}])
    assert metrics["acc161"] == 1.0 and metrics["recognition_r"] == 0.5


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0.0
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


def test_offset_map_undoes_the_leading_strip() -> None:
    raw = "  \nShelling hit Qusayr."
    stored = raw.strip()
    to_raw = offset_map(raw, stored)
    assert raw[to_raw(13) : to_raw(18) + 1] == "Qusayr"


def test_offset_map_after_crlf_normalization() -> None:
    raw = "One.\r\nShelling hit Qusayr."
    stored = "One.\nShelling hit Qusayr."
    to_raw = offset_map(raw, stored)
    start = stored.index("Qusayr")
    assert raw[to_raw(start) : to_raw(start + 5) + 1] == "Qusayr"


class FakePipeline:
    """Marks every 'Qusayr' as a toponym resolved to the Syrian town."""

    def analyze_many(self, articles):
        for article in articles:
            analysis = Analysis(article=article)
            start = article.text.find("Qusayr")
            if start >= 0:
                top = Toponym(start, start + 6, "Qusayr")
                cand = Candidate(173322, "Al Qusayr", 34.5078, 36.58029, "SY")
                analysis.toponyms = [top]
                analysis.places = [Place(top, cand, 0.9, [cand])]
            yield analysis


def test_predict_reads_id_and_text_and_maps_offsets() -> None:
    records = [{"id": "d1", "text": "   " + TEXT, "toponyms": "ignored"}]
    (row,) = list(predict(records, pipeline=FakePipeline()))
    assert row["id"] == "d1"
    (top,) = row["toponyms"]
    assert (top["start"], top["end"], top["text"]) == (16, 22, "Qusayr")
    assert top["geonameid"] == 173322 and top["lat"] == pytest.approx(34.5078)
