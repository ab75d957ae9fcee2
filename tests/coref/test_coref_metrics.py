"""MUC, B-cubed and CEAF-e on tiny clusterings whose values were worked out by hand."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.coref.metrics import b_cubed, ceafe, coref_scores, max_weight_matching, muc

KEY = [{"a", "b", "c"}, {"d"}]
RESPONSE = [{"a", "b"}, {"c", "d"}]


def test_muc_by_hand() -> None:
    # key chain abc needs 2 links and keeps 1 (cut into ab | c); response ab keeps its link, cd loses it
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(1 / 2)
    assert score.precision == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(0.5)


def test_b_cubed_by_hand() -> None:
    # recall per mention: a 2/3, b 2/3, c 1/3, d 1; precision: a 1, b 1, c 1/2, d 1/2
    score = b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert score.precision == pytest.approx(0.75)
    assert score.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_ceafe_by_hand() -> None:
    # phi4(abc, ab) = 4/5, phi4(d, cd) = 2/3; that alignment beats abc-cd (2/5) + d-ab (0)
    score = ceafe(KEY, RESPONSE)
    assert score.recall == pytest.approx((0.8 + 2 / 3) / 2)
    assert score.precision == pytest.approx((0.8 + 2 / 3) / 2)


def test_conll_is_mean_of_three() -> None:
    scores = coref_scores(KEY, RESPONSE)
    expected = (0.5 + b_cubed(KEY, RESPONSE).f1 + (0.8 + 2 / 3) / 2) / 3
    assert scores.conll_f1 == pytest.approx(expected)
    metrics = scores.as_dict()
    assert set(metrics) >= {"muc_p", "muc_r", "muc_f1", "b3_f1", "ceafe_f1", "conll_f1"}


def test_identical_clusterings_score_one() -> None:
    scores = coref_scores(KEY, [{"c", "b", "a"}, {"d"}])
    assert scores.muc.f1 == 1.0 and scores.b3.f1 == 1.0 and scores.ceafe.f1 == 1.0
    assert scores.conll_f1 == 1.0


def test_all_singletons_against_one_chain() -> None:
    key = [{"a", "b", "c"}]
    response = [{"a"}, {"b"}, {"c"}]
    assert muc(key, response).f1 == 0.0  # no link found, none predicted
    b3 = b_cubed(key, response)
    assert (b3.precision, b3.recall) == (pytest.approx(1.0), pytest.approx(1 / 3))
    ce = ceafe(key, response)  # best pair: abc with one singleton, phi4 = 2/4
    assert (ce.recall, ce.precision) == (pytest.approx(0.5), pytest.approx(0.5 / 3))


def test_mention_missing_from_response_counts_as_singleton() -> None:
    assert muc([{"a", "b"}], [{"a"}]).recall == 0.0
    assert b_cubed([{"a", "b"}], [{"a"}]).recall == pytest.approx(0.5)


def test_mention_in_two_clusters_is_refused() -> None:
    with pytest.raises(ValueError):
        muc([{"a", "b"}, {"b"}], [{"a"}])


def test_matching_beats_greedy() -> None:
    # greedy takes 0.9 then 0.1 = 1.0; the optimum pairs the 0.8s = 1.6
    pairs = max_weight_matching([[0.9, 0.8], [0.8, 0.1]])
    assert sorted(pairs) == [(0, 1), (1, 0)]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 9), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_matching_is_optimal(weights: list[list[int]]) -> None:
    rows, cols = len(weights), len(weights[0])
    best = 0
    if rows <= cols:
        for perm in itertools.permutations(range(cols), rows):
            best = max(best, sum(weights[i][perm[i]] for i in range(rows)))
    else:
        for perm in itertools.permutations(range(rows), cols):
            best = max(best, sum(weights[perm[j]][j] for j in range(cols)))
    pairs = max_weight_matching(weights)
    assert len(pairs) == min(rows, cols)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert sum(weights[i][j] for i, j in pairs) == best
