"""The majority-class baseline of the `events` eval, on hand-made gold rows."""

from sitroom.eval.events import baseline

GOLD = [
    {
        "id": "a",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kenya)",
        "location": "Nairobi",
        "latitude": -1.29,
        "longitude": 36.82,
        "fatalities": 0,
        "event_date": "2020-05-01",
    },
    {
        "id": "b",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kenya)",
        "location": "Nairobi",
        "latitude": -1.29,
        "longitude": 36.82,
        "fatalities": 0,
        "event_date": "2020-05-02",
    },
    {
        "id": "c",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Taliban",
        "location": "Kabul",
        "latitude": 34.5,
        "longitude": 69.2,
        "fatalities": 3,
        "event_date": "2020-05-03",
    },
]


def test_majority_values_score_the_majority_rows():
    metrics = baseline(GOLD)
    assert abs(metrics["event_type_accuracy"] - 2 / 3) < 1e-9
    assert abs(metrics["actor1_match"] - 2 / 3) < 1e-9
    assert abs(metrics["location_acc25"] - 2 / 3) < 1e-9
    assert abs(metrics["fatalities_accuracy"] - 2 / 3) < 1e-9
    # macro-F1 over two gold labels: one class perfect recall with precision 2/3, the other 0
    assert abs(metrics["event_type_macro_f1"] - 0.4) < 1e-9
    assert metrics["date_accuracy"] == 1.0


def test_empty_gold_gives_zeros():
    assert baseline([])["event_type_accuracy"] == 0.0
