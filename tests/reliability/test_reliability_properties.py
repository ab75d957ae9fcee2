"""Property-based tests of the ingest invariants, with the real pipeline and hostile texts.

Bounded for CI (a few examples each); `sitroom fuzz --seconds N` runs the same checks for longer.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from sitroom.reliability import check_text, hostile_text, time_budget
from sitroom.reliability.texts import NAMES, ODD_CHARS, PLACES, SENTENCES

BOUNDED = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=True,  # the same examples on every run: a CI failure can be replayed
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each try runs the whole pipeline
)
HANG_S = 120.0  # one text checked (five pipeline passes) for longer than this is a hang

# News words and the odd characters, so that generated texts both trigger stages and break offsets.
pieces = st.sampled_from(
    [*ODD_CHARS, *PLACES, *NAMES, " ", ". ", "\n", "killed", "attacked", '"', "said"]
)
hostile = st.lists(pieces | st.text(max_size=8), max_size=40).map("".join)


def _assert_invariants(text, pipeline):
    with time_budget(HANG_S, what="checking the invariants on one text"):
        result = check_text(text, pipeline=pipeline)
    assert not result.failures, (text[:300], result.failures)


@BOUNDED
@given(text=hostile)
@example(text="")
@example(text="Kharkiv")
@example(text="?!…—«»")
@example(text="\x00\x01\x07 \r\n\r \u2028 \x85")
@example(text='\u200fمحمد العلي said: "Armed men attacked El Fasher on Monday"\u200e')
@example(text="Олег Петренко said 12 people were killed in Київ on 3 March 2024.\r\n")
@example(
    text="e\u0301 \u0301 \U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f1fa\U0001f1e6 killed"
)
def test_any_text_is_stored_or_rejected_and_every_invariant_holds(full_pipeline, text):
    _assert_invariants(text, full_pipeline)


@BOUNDED
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_generated_hostile_texts_keep_the_invariants(full_pipeline, seed):
    text = hostile_text(random.Random(seed))
    _assert_invariants(text[:2_000], full_pipeline)  # long lines: covered by their own test


@settings(BOUNDED, max_examples=4)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_arbitrary_unicode_keeps_the_invariants(full_pipeline, text):
    _assert_invariants(text, full_pipeline)


def test_a_10k_character_line_keeps_the_invariants(full_pipeline):
    # Words of a few letters: a 10k-letter single word hangs the quotes stage today (see issue 13
    # report: the `_LABEL` regex of quotes/phrases.py backtracks); `sitroom fuzz` finds it.
    _assert_invariants("Troops moved north of Mosul. " * 345, full_pipeline)


def test_the_sentence_templates_are_ours_and_fill_in():
    rng = random.Random(0)
    assert all("{" in s for s in SENTENCES)
    assert all(hostile_text(rng) is not None for _ in range(50))
