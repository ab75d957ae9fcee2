"""`--workers N`: the pipeline in N worker processes (model loaded once per worker), one writer.

`ParallelPipeline` is an `Analyzer`: it reads the article stream in the calling thread, sends batches
to the workers and yields analyses in input order, so the store is written from one place only.
Where processes fork, the pipeline is loaded and warmed once in the parent and shared copy-on-write.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..config import Settings
from ..records import Analysis, Article

_WORKER: dict[str, Any] = {}


# A short invented text that makes every stage load what it loads lazily (model, gazetteer, tables).
_WARM_TEXT = (
    "Gunmen attacked a police post near Aleppo on Monday, killing two officers, the ministry said."
)


def _start_worker(settings: Settings) -> None:
    if _WORKER.get("settings") != settings:  # spawned, not forked from a warmed parent
        _WORKER.update(settings=settings, pipeline=warmed_pipeline(settings))


def warmed_pipeline(settings: Settings) -> Any:
    """A `Pipeline` that has analysed one short text, so nothing is left to load lazily."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings)
    list(pipeline.analyze_many([Article.from_text(_WARM_TEXT)]))
    return pipeline


def _analyze_batch(batch: list[Article]) -> list[Analysis]:
    analyses = list(_WORKER["pipeline"].analyze_many(batch))
    for analysis in analyses:
        analysis.doc = None  # the spaCy Doc stays in the worker: records only cross processes
    return analyses


class ParallelPipeline:
    """Runs `Pipeline(settings)` in `workers` processes; use as a context manager."""

    def __init__(self, settings: Settings, *, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.settings = settings
        self.workers = workers
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        if method == "fork" and _WORKER.get("settings") != settings:
            # Load once here; the forked workers inherit it instead of each loading its own copy.
            _WORKER.update(settings=settings, pipeline=warmed_pipeline(settings))
        gc.freeze()  # the workers' collectors leave the inherited pages alone (no copy-on-write)
        try:
            self._pool = mp.get_context(method).Pool(
                workers, initializer=_start_worker, initargs=(settings,)
            )
        finally:
            gc.unfreeze()

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses in input order; at most two batches per worker are in flight."""
        source = iter(articles)
        in_flight: deque[Any] = deque()
        size = self.settings.batch_size
        while True:
            while len(in_flight) < 2 * self.workers:
                batch = list(islice(source, size))
                if not batch:
                    break
                in_flight.append(self._pool.apply_async(_analyze_batch, (batch,)))
            if not in_flight:
                return
            yield from in_flight.popleft().get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> ParallelPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
