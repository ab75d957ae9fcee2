"""The per-article time budget: interrupts runaway work, nests, and makes ingest record the article."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest

from sitroom.errors import ArticleSkipped
from sitroom.ingest import ingest
from sitroom.records import Analysis, Article
from sitroom.reliability import OverBudget, time_budget
from sitroom.reliability.budget import run_stages
from sitroom.store import SQLiteStore


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_budget_interrupts_a_busy_loop_and_is_an_article_skip():
    with pytest.raises(OverBudget, match="time budget of 0.05 s") as caught:
        with time_budget(0.05, what="the test"):
            _spin(30)
    assert isinstance(caught.value, ArticleSkipped)


def test_work_within_budget_is_untouched_and_the_timer_is_cleared():
    with time_budget(5):
        value = sum(range(1000))
    assert value == 499500
    _spin(0.05)  # a left-over alarm would fire here


def test_an_inner_budget_rearms_the_outer_one():
    with pytest.raises(OverBudget, match="outer"):
        with time_budget(0.3, what="outer"):
            with time_budget(5, what="inner"):  # the outer ends first: it governs
                pass
            with time_budget(0.05, what="inner"):
                pass
            _spin(30)


def test_other_threads_run_unbounded():
    done = []

    def work():
        with time_budget(0.01):
            _spin(0.1)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


class HangsOnOneArticle:
    """A pipeline stand-in that budgets each batch like `Pipeline.analyze_many` should."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s

    def analyze_many(self, articles):
        for article in articles:
            with time_budget(self.budget_s, what=f"article {article.id}"):
                if "hang" in article.text:
                    _spin(60)
                analysis = Analysis(article=article)
            yield analysis


def test_ingest_records_an_article_over_budget_and_goes_on():
    texts = ("first article", "this one will hang", "last article")
    jsonl = "\n".join(json.dumps({"text": t}) for t in texts)
    with SQLiteStore(":memory:") as store:
        report = ingest(
            ["-"], store=store, pipeline=HangsOnOneArticle(0.1), stdin=io.StringIO(jsonl)
        )
        assert (report.added, report.skipped) == (2, 1)
        (error,) = store.errors()
        assert "time budget" in error["reason"] and error["line"] == 2


class Stage:
    def __init__(self, name, seconds):
        self.name, self.seconds = name, seconds

    def __call__(self, analysis):
        _spin(self.seconds)
        analysis.notes.append(self.name)
        return analysis


def test_run_stages_runs_in_order_and_times_each_stage():
    timings = {}
    batch = [Analysis(article=Article.from_text(t)) for t in ("one", "two")]
    out = run_stages([Stage("a", 0), Stage("b", 0)], batch, budget_s=5, timings=timings)
    assert [a.notes for a in out] == [["a", "b"], ["a", "b"]]
    assert set(timings) == {"a", "b"}


def test_run_stages_budget_grows_with_the_batch_and_names_a_lone_article():
    batch = [Analysis(article=Article.from_text(t)) for t in ("one", "two", "three")]
    run_stages([Stage("slow", 0.05)], batch, budget_s=0.1)  # 0.15 s for 0.3 s of budget
    lone = [Analysis(article=Article.from_text("stuck"))]
    with pytest.raises(OverBudget, match=f"article {lone[0].article.id}"):
        run_stages([Stage("stuck", 30)], lone, budget_s=0.05)
