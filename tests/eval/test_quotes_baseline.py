"""The quotes baseline: quote marks with the nearest name-like run as source, scored like predictions.

Hand-written texts; the run over the PolNeAR file skips when /work/shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.eval import quotes

TEXT = "The mayor spoke late. “We will rebuild the bridge,” said Maria Lopez on Monday."


def test_baseline_takes_the_quote_and_the_nearest_name():
    row = quotes.baseline_predict({"id": "x", "text": TEXT})
    (attr,) = row["attributions"]
    assert attr["content"]["text"] == "“We will rebuild the bridge,”"
    assert attr["source"]["text"] == "Maria Lopez"
    assert attr["cue"]["text"] == "said"


def test_sentence_initial_capital_is_not_a_name():
    text = "“Nothing moved at all,” he said. The road stayed shut."
    (attr,) = quotes.baseline_predict({"id": "y", "text": text})["attributions"]
    assert attr["source"] is None


def test_baseline_scores_through_score():
    q = (TEXT.index("“"), TEXT.index("”") + 1)
    name = (TEXT.index("Maria"), TEXT.index("Maria") + len("Maria Lopez"))
    gold = [
        {
            "id": "x",
            "text": TEXT,
            "attributions": [
                {
                    "source": {"start": name[0], "end": name[1], "text": "Maria Lopez"},
                    "cue": None,
                    "content": {"start": q[0], "end": q[1], "text": TEXT[q[0] : q[1]]},
                },
                {
                    "source": None,
                    "cue": None,
                    "content": {"start": 0, "end": 20, "text": TEXT[:20]},
                },
            ],
        }
    ]
    metrics = quotes.baseline(gold)
    assert metrics["content_p"] == 1.0 and metrics["content_r"] == 0.5
    assert metrics["source_accuracy"] == 1.0


GOLD = Path("/work/shared/eval/quotes/polnear.dev.jsonl")


@pytest.mark.skipif(not GOLD.exists(), reason="shared eval data absent")
def test_baseline_on_polnear_sample_is_weak_but_nonzero():
    from sitroom.eval.common import read_jsonl

    metrics = quotes.baseline(read_jsonl(GOLD, limit=40))
    assert 0.0 < metrics["content_f1"] < 0.6
