"""A model-free pipeline for batch tests and dry runs: one event per article on its first word.

Named by `BatchOptions.pipeline_factory="sitroom.batch.fakes:first_word_pipeline"` (workers import it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..records import Analysis, Article, Event, Evidence, stable_id

# While the file this names exists, articles containing the word it holds fail as a lost resource
# would (their whole partition fails).
FAIL_WHILE_ENV = "SITROOM_BATCH_TEST_FAIL_WHILE"


class FirstWordPipeline:
    """Every article gets one 'Battles' event whose trigger is its first word."""

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            flag = os.environ.get(FAIL_WHILE_ENV)
            if flag and os.path.exists(flag) and Path(flag).read_text().strip() in article.text:
                raise ResourceError(f"test failure while {flag} exists")
            word = article.text.split()[0]
            event = Event(
                id=stable_id(article.id, "event", 0),
                article_id=article.id,
                event_type="Battles",
                sub_event_type="Armed clash",
                plover="FIGHT",
                confidence=0.6,
                trigger=Evidence.of(article, 0, len(word)),
            )
            yield Analysis(article=article, events=[event])


def first_word_pipeline(settings: Any = None) -> FirstWordPipeline:
    return FirstWordPipeline()
