"""Weight fitting (conditional logit) and the document-country features of the ranker."""

from __future__ import annotations

import numpy as np

from sitroom.geo.fit import Example, fit_weights, log_loss
from sitroom.geo.ranking import Ranker
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym


def _examples() -> list[Example]:
    # Two features (population, context); the right candidate always has more context support
    # and less population, then a NULL row (third column) that is never right.
    rows = np.array([[1.0, 0.0, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]])
    return [Example(rows, np.array([False, True, False])) for _ in range(20)]


def test_fit_moves_weight_towards_the_feature_that_picks_the_right_row() -> None:
    data = _examples()
    start = np.array([2.0, 0.0, 0.5])
    free = np.array([True, True, False])
    fitted = fit_weights(data, start, l2=0.001, free=free, steps=300)
    assert fitted[1] > start[1] + 0.5
    assert fitted[2] == start[2]  # the NULL weight is held
    assert log_loss(data, fitted) < log_loss(data, start)


def test_strong_l2_keeps_the_start_weights() -> None:
    data = _examples()
    start = np.array([2.0, 0.0, 0.5])
    fitted = fit_weights(data, start, l2=100.0, free=np.array([True, True, False]), steps=200)
    assert np.allclose(fitted, start, atol=0.05)


def test_country_features_mark_the_documents_country(gaz) -> None:
    text = "Syrian troops entered Qusayr near Homs."
    mentions = [
        Mention(Toponym(22, 28, "Qusayr"), "GPE", "Qusayr"),
        Mention(Toponym(34, 38, "Homs"), "GPE", "Homs"),
    ]
    slots = Ranker(gaz).rank_slots(mentions, ["SY"], text)
    by_country = {c.country: c.features for c in slots[0].candidates}
    assert by_country["SY"].get("country_main") == 1.0
    assert "country_main" not in by_country["EG"]
    assert by_country["EG"].get("country_unsupported") == 1.0
