"""The hashed-feature classifier: deterministic training, separable toy data, file round trip,
the environment switch and the rule second opinion."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sitroom.classify import model as model_mod
from sitroom.classify.features import BUCKETS, featurize
from sitroom.classify.model import TextModel, load_model_file, train
from sitroom.classify.refine import load_groups, second_opinion

ROWS = [
    ("troops fought rebels near the river", "fight", 1.0),
    ("soldiers exchanged fire with militants", "fight", 1.0),
    ("rebels battled the army all night", "fight", 1.0),
    ("hundreds marched peacefully in the square", "march", 1.0),
    ("students rallied outside the ministry", "march", 1.0),
    ("workers marched to demand wages", "march", 1.0),
]


def test_features_normalised_and_bounded() -> None:
    idx, val = featurize("Rebels attacked the town")
    assert len(idx) == len(val) > 0
    assert idx.max() < BUCKETS
    assert abs(float(np.linalg.norm(val)) - 1.0) < 1e-5
    assert len(featurize("")[0]) == 0


def test_train_separates_and_is_deterministic(tmp_path: Path) -> None:
    first, second = train(ROWS, epochs=60), train(ROWS, epochs=60)
    assert np.array_equal(first.weights, second.weights)
    p = first.proba("the army fought militants")
    assert max(p, key=lambda k: p[k]) == "fight"
    p = first.proba("people marched in the square")
    assert max(p, key=lambda k: p[k]) == "march"
    assert first.proba("x", among=("march",)) == {"march": 1.0}
    path = tmp_path / "m.npz"
    first.save(path)
    again = load_model_file(path)
    assert isinstance(again, TextModel)
    assert again.labels == first.labels
    got = again.proba("soldiers fought")
    assert abs(got["fight"] - first.proba("soldiers fought")["fight"]) < 1e-2


def test_switch_turns_model_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(model_mod.ENV_SWITCH, "0")
    assert model_mod.shipped_model() is None
    assert second_opinion("Armed clash", "Soldiers fought rebels.") is None


def test_second_opinion_on_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(model_mod.ENV_SWITCH, "1")
    if model_mod.shipped_model() is None:
        pytest.skip("no packaged model built")
    groups = load_groups()
    assert groups.groups and all(len(g) >= 2 for g in groups.groups)
    assert second_opinion("Agreement", "They signed a deal.") is None  # in no group
    opinion = second_opinion("Armed clash", "Soldiers exchanged fire with rebels for hours.")
    assert opinion is not None
    assert opinion.sub_event_type in ("Armed clash", "Attack")
    assert 0.0 <= opinion.probability <= 1.0


def test_shipped_model_ranks_own_style_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(model_mod.ENV_SWITCH, "1")
    model = model_mod.shipped_model()
    if model is None:
        pytest.skip("no packaged model built")
    p = model.proba("Protesters hurled rocks at officers and set tyres alight.")
    assert max(p, key=lambda k: p[k]) == "Violent demonstration"
