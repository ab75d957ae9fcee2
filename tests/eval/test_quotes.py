"""The quotes scorer on tiny hand-made cases, and `predict` writing the gold format with exact offsets."""

from __future__ import annotations

import pytest

from sitroom.eval import quotes
from sitroom.records import Analysis, Attribution, Evidence, Speaker

TEXT = "Officials said the road was closed. “We wait,” a driver said."
QUOTE = (TEXT.index("“"), TEXT.index("”") + 1)
DRIVER = (TEXT.index("a driver"), TEXT.index("a driver") + 8)
SAID2 = (TEXT.rindex("said"), TEXT.rindex("said") + 4)


def span(start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end]}


def attr(source, cue, content) -> dict:
    return {"source": source, "cue": cue, "content": content}


GOLD = [
    {
        "id": "d1",
        "text": TEXT,
        "attributions": [
            attr(span(0, 9), span(10, 14), span(15, 34)),
            attr(span(*DRIVER), span(*SAID2), span(*QUOTE)),
        ],
    }
]


def test_perfect_prediction_scores_one():
    metrics = quotes.score(GOLD, [{"id": "d1", "attributions": GOLD[0]["attributions"]}])
    assert metrics["content_p"] == metrics["content_r"] == metrics["content_f1"] == 1.0
    assert metrics["source_accuracy"] == 1.0 and metrics["cue_accuracy"] == 1.0


def test_disjoint_or_missing_prediction_scores_zero():
    wrong = [{"id": "d1", "attributions": [attr(None, span(0, 9), span(0, 9))]}]
    metrics = quotes.score(GOLD, wrong)
    assert metrics["content_p"] == metrics["content_r"] == metrics["content_f1"] == 0.0
    assert metrics["source_accuracy"] == 0.0
    assert quotes.score(GOLD, [])["content_f1"] == 0.0


def test_half_overlap_matches_and_wrong_source_counts_against():
    # content 15-34 vs 15-25: overlap 10 / union 19 > 0.5; second gold left unmatched.
    pred = [{"id": "d1", "attributions": [attr(span(*DRIVER), span(10, 14), span(15, 25))]}]
    metrics = quotes.score(GOLD, pred)
    assert metrics["content_p"] == 1.0 and metrics["content_r"] == 0.5
    assert metrics["content_f1"] == pytest.approx(2 / 3)
    assert metrics["source_accuracy"] == 0.0 and metrics["cue_accuracy"] == 1.0


def test_below_threshold_overlap_is_no_match():
    pred = [{"id": "d1", "attributions": [attr(None, None, span(15, 22))]}]  # 7 / 19 < 0.5
    assert quotes.score(GOLD, pred)["content_r"] == 0.0


def test_matching_is_one_to_one():
    same = attr(None, None, span(15, 34))
    metrics = quotes.score(GOLD, [{"id": "d1", "attributions": [same, same]}])
    assert metrics["content_p"] == 0.5 and metrics["content_r"] == 0.5


def test_both_null_sources_agree():
    gold = [{"id": "d", "text": TEXT, "attributions": [attr(None, span(10, 14), span(15, 34))]}]
    pred = [{"id": "d", "attributions": [attr(None, span(10, 14), span(15, 34))]}]
    assert quotes.score(gold, pred)["source_accuracy"] == 1.0


class _FakePipeline:
    """Stands in for the real pipeline: one hand-made attribution per article."""

    def analyze_many(self, articles):
        for article in articles:

            def ev(start: int, end: int, article=article) -> Evidence:
                return Evidence.of(article, start, end)

            shift = article.text.index(TEXT)
            speaker = Speaker(
                "a driver", "person", None, None, [ev(DRIVER[0] + shift, DRIVER[1] + shift)]
            )
            cue, content = (
                ev(SAID2[0] + shift, SAID2[1] + shift),
                ev(QUOTE[0] + shift, QUOTE[1] + shift),
            )
            yield Analysis(
                article=article,
                attributions=[Attribution("x", article.id, True, speaker, cue, content)],
            )


def test_predict_keeps_the_record_text_and_writes_the_gold_format():
    records = [{"id": "d1", "text": "   " + TEXT}]  # leading spaces must not shift offsets
    (row,) = quotes.predict(records, pipeline=_FakePipeline())
    assert row["id"] == "d1"
    (out,) = row["attributions"]
    text = records[0]["text"]
    for key in ("source", "cue", "content"):
        assert text[out[key]["start"] : out[key]["end"]] == out[key]["text"]
    assert out["content"]["text"] == "“We wait,”"
    assert out["source"]["text"] == "a driver"
