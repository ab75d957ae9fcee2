"""The majority-class baseline of the `articles` eval, on hand-made gold rows."""

from sitroom.eval.articles import baseline

GOLD = [
    {"id": "1", "location": "Idleb", "event": {"cause_of_death": "shelling", "nb_civilians": 5}},
    {"id": "2", "location": "idlib", "event": {"cause_of_death": "shelling", "nb_civilians": 5}},
    {"id": "3", "location": "hama", "event": {"cause_of_death": "execution", "nb_civilians": 2}},
]


def test_majority_governorate_toll_and_type():
    metrics = baseline(GOLD)
    assert abs(metrics["admin1_accuracy"] - 2 / 3) < 1e-9  # spellings fold to one governorate
    assert abs(metrics["fatalities_accuracy"] - 2 / 3) < 1e-9
    assert abs(metrics["violence_type_accuracy"] - 2 / 3) < 1e-9
    assert metrics["published_accuracy"] == 0.0
