"""The work of one partition on a Dask worker: read it, run the pipeline (loaded once per worker), store.

PostgreSQL targets are written directly; a SQLite target gets the partition's own SQLite file back.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import signal
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..ingest.readers import SourceItem, read_sources
from .partition import Partition

# Test hook (exactly-once test): the task kills its own worker process with SIGKILL once it has
# stored this many articles, the first time only (the marker file says it happened).
KILL_AFTER_ENV = "SITROOM_BATCH_TEST_KILL_AFTER"
KILL_MARK_ENV = "SITROOM_BATCH_TEST_KILL_MARK"

# Per worker process: pipelines by settings, stores by DSN (loaded on a worker's first task).
_PIPELINES: dict[str, Any] = {}
_STORES: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every task of a batch shares."""

    settings: Settings
    version: str  # pipeline version recorded with every stored article
    target: str | None = None  # a DSN written directly (PostgreSQL); None: return a SQLite file
    published: dt.date | None = None
    outlet: str | None = None
    pipeline_factory: str | None = None  # "module:callable(settings)" instead of Pipeline (tests)


@dataclass(slots=True)
class PartitionResult:
    """What a task did; `data` is the partition's SQLite file when the target is SQLite."""

    partition_id: str
    seen: int
    added: int
    unchanged: int
    skipped: int
    seconds: float  # reading + analysis + storage on the worker
    worker_pid: int
    data: bytes | None = None


class _StartAfter:
    """A `Checkpoints` look-alike for `read_sources`: every file starts after record `done`."""

    def __init__(self, done: int) -> None:
        self.done = done

    def resume_point(self, file: Path) -> int:
        return self.done


def read_partition(
    part: Partition, *, published: dt.date | None, outlet: str | None, max_chars: int
) -> Iterator[SourceItem]:
    """The partition's items, read by the ingest readers (a range stops after its last record)."""
    resume = _StartAfter(part.first - 1) if part.reader != "files" else None
    items = read_sources(
        list(part.paths), published=published, outlet=outlet, max_chars=max_chars, resume=resume
    )
    last = part.last
    for item in items:
        if last is not None and item.line is not None and item.line > last:
            return  # the next range's first record
        yield item


def worker_pipeline(job: JobSpec) -> Any:
    """The pipeline of this worker process for these settings, built on first use."""
    key = f"{job.pipeline_factory}|{job.settings.model_dump_json()}"
    if key not in _PIPELINES:
        if job.pipeline_factory:
            module, _, name = job.pipeline_factory.partition(":")
            factory = getattr(importlib.import_module(module), name)
            _PIPELINES[key] = factory(job.settings)
        else:
            from ..pipeline import Pipeline

            _PIPELINES[key] = Pipeline(job.settings)
    return _PIPELINES[key]


def warm_up(job: JobSpec) -> float:
    """Load the pipeline and its lazy resources with one short article; seconds it took."""
    from ..records import Article

    started = time.perf_counter()
    article = Article.from_text("Fighting was reported near the capital on Monday, police said.")
    list(worker_pipeline(job).analyze_many([article]))
    return time.perf_counter() - started


def _limits(settings: Settings) -> Any:
    from ..store.limits import StoreLimits

    return StoreLimits(
        max_events_per_article=settings.max_events_per_article,
        max_spans_per_article=settings.max_spans_per_article,
    )


def _target_store(job: JobSpec) -> Any:
    from ..store import open_store

    assert job.target is not None
    if job.target not in _STORES:
        _STORES[job.target] = open_store(job.target, limits=_limits(job.settings))
    return _STORES[job.target]


def run_partition(part: Partition, job: JobSpec) -> PartitionResult:
    """Analyse and store one partition; returns only after everything it stored is committed."""
    from ..ingest.run import ingest_items
    from ..store import open_store

    started = time.perf_counter()
    items = read_partition(
        part, published=job.published, outlet=job.outlet, max_chars=job.settings.max_text_chars
    )
    hook = _kill_hook()
    data = None
    if job.target is not None:
        report = ingest_items(
            items, store=_target_store(job), pipeline=worker_pipeline(job), version=job.version,
            on_progress=hook,
        )  # fmt: skip
    else:
        with tempfile.TemporaryDirectory(prefix="sitroom-part-") as tmp:
            path = Path(tmp) / f"{part.id}.db"
            with open_store(str(path), limits=_limits(job.settings)) as store:
                report = ingest_items(
                    items, store=store, pipeline=worker_pipeline(job), version=job.version,
                    on_progress=hook,
                )  # fmt: skip
            data = _single_file_bytes(path)
    return PartitionResult(
        partition_id=part.id,
        seen=report.seen,
        added=report.added + report.reprocessed,
        unchanged=report.unchanged,
        skipped=report.skipped,
        seconds=time.perf_counter() - started,
        worker_pid=os.getpid(),
        data=data,
    )


def _single_file_bytes(path: Path) -> bytes:
    """The database as one self-contained file (WAL folded in), as bytes."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    return path.read_bytes()


def _kill_hook() -> Any:
    after = os.environ.get(KILL_AFTER_ENV)
    mark = os.environ.get(KILL_MARK_ENV)
    if not after or not mark:
        return None

    def tick(done: int, total: int | None) -> None:
        if done < int(after):
            return
        try:
            fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # killed once already: this attempt runs through
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    return tick
