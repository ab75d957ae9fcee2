"""The `time` eval task: scorer on tiny hand-made cases, offset mapping, and predict's output shape."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.eval.time import offset_map, predict, score
from sitroom.records import Analysis, TimeExpr


def timex(start: int, end: int, value: str, kind: str = "DATE") -> dict:
    return {"start": start, "end": end, "text": "x" * (end - start), "type": kind, "value": value}


GOLD = [
    {"id": "a", "timexes": [timex(0, 6, "2024-12-06"), timex(10, 18, "P11Y", "DURATION")]},
    {"id": "b", "timexes": [timex(5, 14, "2024-W49")]},
]


def test_perfect_predictions_score_one() -> None:
    preds = [{"id": d["id"], "timexes": list(d["timexes"])} for d in GOLD]
    metrics = score(GOLD, preds)
    for name in ("strict_f1", "relaxed_f1", "value_f1", "type_accuracy"):
        assert metrics[name] == 1.0


def test_no_overlap_scores_zero() -> None:
    preds = [{"id": "a", "timexes": [timex(30, 35, "2024-12-06")]}, {"id": "b", "timexes": []}]
    metrics = score(GOLD, preds)
    for name in ("strict_f1", "relaxed_f1", "value_f1", "type_accuracy"):
        assert metrics[name] == 0.0


def test_partial_overlap_and_wrong_value() -> None:
    preds = [
        # exact span, right value | overlapping span, wrong value and type
        {"id": "a", "timexes": [timex(0, 6, "2024-12-06"), timex(12, 20, "P11M", "DATE")]},
        # missing document b entirely
    ]
    m = score(GOLD, preds)
    assert (m["strict_p"], m["strict_r"]) == (0.5, pytest.approx(1 / 3))
    assert (m["relaxed_p"], m["relaxed_r"]) == (1.0, pytest.approx(2 / 3))
    assert (m["value_p"], m["value_r"]) == (0.5, pytest.approx(1 / 3))
    assert m["type_accuracy"] == 0.5
    assert m["relaxed_f1"] == pytest.approx(0.8)


def test_one_prediction_matches_only_one_gold() -> None:
    gold = [{"id": "a", "timexes": [timex(0, 5, "2024"), timex(6, 10, "2025")]}]
    preds = [{"id": "a", "timexes": [timex(0, 10, "2024")]}]
    m = score(gold, preds)
    assert (m["relaxed_p"], m["relaxed_r"]) == (1.0, 0.5)


def test_offset_map_handles_outer_whitespace_and_crlf() -> None:
    raw = "  On Friday\r\nthey left."
    stored = "On Friday\nthey left."
    to_raw = offset_map(raw, stored)
    start = stored.index("they")
    assert raw[to_raw(start) : to_raw(start + 3) + 1] == "they"
    assert raw[to_raw(3) : to_raw(8) + 1] == "Friday"


class FakePipeline:
    """Tags the word "Friday" as 2024-12-06 in every article; records what it was given."""

    def __init__(self) -> None:
        self.seen: list = []

    def analyze_many(self, articles):
        for article in articles:
            self.seen.append(article)
            analysis = Analysis(article=article)
            i = article.text.find("Friday")
            if i >= 0:
                analysis.times.append(TimeExpr(i, i + 6, "Friday", "DATE", "2024-12-06"))
            yield analysis


def test_predict_reads_dct_and_maps_offsets_to_raw_text() -> None:
    records = [
        {
            "id": "r1",
            "text": "\n  Rebels left on Friday.",
            "dct": "2024-12-11",
            "timexes": ["ignored"],
        }
    ]
    pipe = FakePipeline()
    [row] = list(predict(records, pipeline=pipe))
    assert pipe.seen[0].published == dt.date(2024, 12, 11)
    [t] = row["timexes"]
    assert row["id"] == "r1"
    assert records[0]["text"][t["start"] : t["end"]] == "Friday" == t["text"]
    assert (t["type"], t["value"]) == ("DATE", "2024-12-06")
