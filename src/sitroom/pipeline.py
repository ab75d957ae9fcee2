"""The pipeline: settings → stages from the registry → `Analysis` records for articles.

Library entry point used by the CLI, the API, evaluation and benchmarks alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources as ir
from itertools import islice
from typing import Any

from . import __version__
from .config import Settings, load_settings
from .records import Analysis, Article
from .registry import stage_class
from .reliability.budget import run_stages
from .resources import Resources


class Pipeline:
    """Runs the configured stages, in order, over articles.

    >>> pipe = Pipeline()                                     # doctest: +SKIP
    >>> analysis = pipe.analyze_text("...", published=dt.date(2024, 12, 11))  # doctest: +SKIP
    >>> [e.sub_event_type for e in analysis.events]           # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        resources: Resources | None = None,
        stages: list[str] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.resources = resources or Resources(self.settings)
        names = stages if stages is not None else self.settings.stages
        self.stages: list[Any] = [
            stage_class(n)(resources=self.resources, settings=self.settings) for n in names
        ]
        self.timings: dict[str, float] = {n: 0.0 for n in names}  # seconds spent per stage

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def analyze(self, article: Article) -> Analysis:
        return next(self.analyze_many([article]))

    def analyze_text(
        self,
        text: str,
        *,
        published: dt.date | None = None,
        outlet: str | None = None,
        title: str | None = None,
        url: str | None = None,
    ) -> Analysis:
        article = Article.from_text(text, published=published, outlet=outlet, title=title, url=url)
        return self.analyze(article)

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Process articles in batches (the nlp stage parses each batch with `nlp.pipe`)."""
        it = iter(articles)
        while batch := list(islice(it, self.settings.batch_size)):
            yield from run_stages(
                self.stages,
                [Analysis(article=a) for a in batch],
                budget_s=self.settings.article_time_budget_s,
                timings=self.timings,
            )


_VERSION_CACHE: list[str] = []


def pipeline_version() -> str:
    """Package version plus a hash of the data tables: a change to either means re-processing."""
    if not _VERSION_CACHE:
        digest = hashlib.sha256(__version__.encode())
        data = ir.files("sitroom.data")
        for entry in sorted(data.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".yaml"):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
        _VERSION_CACHE.append(f"{__version__}+{digest.hexdigest()[:10]}")
    return _VERSION_CACHE[0]
