"""Scorer of the `events` task on tiny hand-made cases, and predict on an invented record."""

from pathlib import Path

import pytest

from sitroom.eval import events

GOLD = [
    {
        "id": "a",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Taliban",
        "latitude": 34.5,
        "longitude": 69.2,
        "location": "Kabul",
        "fatalities": 3,
        "event_date": "2020-05-01",
    },
    {
        "id": "b",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kenya)",
        "latitude": -1.29,
        "longitude": 36.82,
        "location": "Nairobi",
        "fatalities": 0,
        "event_date": "2020-05-02",
    },
    {
        "id": "c",
        "event_type": "UCDP:3",
        "sub_event_type": None,
        "actor1": "Government of Mali",
        "latitude": None,
        "longitude": None,
        "location": None,
        "fatalities": 2,
        "event_date": "2019-01-01",
    },
]


def _perfect():
    return [
        {
            "id": "a",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "TALIBAN",
            "latitude": 34.52,
            "longitude": 69.18,
            "location": "Kabul city",
            "fatalities": 3,
            "event_date": "2020-05-01",
        },
        {
            "id": "b",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "actor1": "Protesters (Kenya)",
            "latitude": None,
            "longitude": None,
            "location": "Nairobi",
            "fatalities": 0,
            "event_date": "2020-05-02",
        },
        {
            "id": "c",
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "actor1": "Government of Mali",
            "fatalities": 2,
            "event_date": "2019-01-01",
        },
    ]


def test_perfect_predictions_score_one():
    metrics = events.score(GOLD, _perfect())
    assert metrics == {k: 1.0 for k in metrics}
    assert set(metrics) == {
        "event_type_accuracy",
        "event_type_macro_f1",
        "sub_event_type_macro_f1",
        "actor1_match",
        "location_acc25",
        "fatalities_accuracy",
        "date_accuracy",
    }


def test_wrong_or_missing_predictions_score_zero():
    wrong = [
        {
            "id": "a",
            "event_type": "Riots",
            "sub_event_type": "Mob violence",
            "actor1": "Rioters (India)",
            "latitude": 10.0,
            "longitude": 10.0,
            "location": "Elsewhere",
            "fatalities": 0,
            "event_date": "2020-01-01",
        },
        {"id": "b", "event_type": None, "fatalities": 5, "event_date": None},
    ]
    metrics = events.score(GOLD, wrong)
    assert metrics == {k: 0.0 for k in metrics}


def test_partial_scores_and_ucdp_mapping():
    preds = _perfect()
    preds[2]["event_type"] = "Battles"  # UCDP:3 is one-sided violence, not a battle
    metrics = events.score(GOLD, preds)
    assert metrics["event_type_accuracy"] == pytest.approx(2 / 3)
    assert metrics["sub_event_type_macro_f1"] == 1.0  # UCDP rows have no sub-event type


def test_location_within_25_km_or_same_name():
    gold = {"latitude": 34.5, "longitude": 69.2, "location": "Kabul"}
    assert events._location_hit({"latitude": 34.6, "longitude": 69.2}, gold)
    assert not events._location_hit({"latitude": 35.0, "longitude": 69.2}, gold)
    assert events._location_hit({"location": "KABUL"}, gold)


def test_predict_writes_gold_format(full_pipeline):
    record = {
        "id": "x1",
        "text": "On 2 May 2020, Taliban militants attacked a police checkpoint, "
        "killing 4 policemen, in Kunduz.",
        "event_date": "2020-05-02",
    }
    (row,) = list(events.predict([record], pipeline=full_pipeline))
    assert row["id"] == "x1"
    assert row["event_type"] == "Battles"
    assert row["sub_event_type"] == "Armed clash"
    assert row["actor1"] == "Taliban"
    assert row["fatalities"] == 4
    assert row["event_date"] == "2020-05-02"
    assert set(row) >= {"actor2", "location", "latitude", "longitude", "admin1", "country"}


@pytest.mark.skipif(
    not (
        Path(__file__).resolve().parents[2].parent / "shared/eval/events/acled_2020.dev.jsonl"
    ).is_file(),
    reason="../shared is not present",
)
def test_dev_file_reads_and_scores(full_pipeline):
    from sitroom.eval.common import read_jsonl

    path = Path(__file__).resolve().parents[2].parent / "shared/eval/events/acled_2020.dev.jsonl"
    gold = read_jsonl(path, limit=5)
    metrics = events.score(gold, list(events.predict(gold, pipeline=full_pipeline)))
    assert 0.0 <= metrics["event_type_accuracy"] <= 1.0
