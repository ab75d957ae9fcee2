"""The dateparser baseline of the `time` eval: found dates typed DATE, valued against the DCT."""

from __future__ import annotations

from sitroom.eval.time import baseline


def _doc(text: str, dct: str, phrase: str, value: str) -> dict:
    start = text.index(phrase)
    gold = {"start": start, "end": start + len(phrase), "text": phrase, "type": "DATE"}
    return {"id": "d1", "dct": dct, "text": text, "timexes": [{**gold, "value": value}]}


def test_baseline_scores_absolute_date_against_gold() -> None:
    text = "The ministry said the convoy crossed the border on 4 March 2021 near the river."
    metrics = baseline([_doc(text, "2021-03-09", "4 March 2021", "2021-03-04")])
    assert metrics["relaxed_f1"] > 0
    assert metrics["value_r"] == 1.0
    assert metrics["type_accuracy"] == 1.0


def test_baseline_values_are_calendar_days_so_week_gold_is_missed() -> None:
    text = "Officials met several times last week in the capital to discuss the truce."
    metrics = baseline([_doc(text, "2021-03-09", "last week", "2021-W09")])
    assert metrics["value_f1"] == 0.0  # a day is never the ISO week value


def test_baseline_without_dct_still_runs() -> None:
    doc = _doc("It rained on 2 May 2019 in the hills.", "", "2 May 2019", "2019-05-02")
    assert baseline([doc])["value_r"] == 1.0
