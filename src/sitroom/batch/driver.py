"""`sitroom batch`: partitions on a Dask cluster, results committed once per partition, then fusion.

Done partitions are skipped on a rerun; a failed partition fails the run (exit 1) and a rerun redoes it.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import BadInput, SitroomError
from .merge import DoneBook
from .partition import Partition, PlanOptions, plan_partitions
from .task import JobSpec, PartitionResult, run_partition, warm_up

# Each worker is one process with one thread: native libraries must not start threads of their own.
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}
MANIFEST = "sitroom-batch-manifest.db"  # done partitions of a non-SQLite target, kept by the driver


class BatchFailed(SitroomError):
    """Some partitions failed; what was committed stays, and a rerun does the rest."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """A batch run's options (the CLI's flags)."""

    target: str  # the store DSN (SQLite path / sqlite:/// or postgresql://)
    plan: PlanOptions = field(default_factory=PlanOptions)
    published: dt.date | None = None
    outlet: str | None = None
    fuse: bool = True
    manifest: str | None = None  # done-partition book for non-SQLite targets (default ./MANIFEST)
    pipeline_factory: str | None = None  # tests: "module:callable(settings)"


@dataclass(slots=True)
class BatchReport:
    partitions: int = 0
    skipped_done: int = 0  # committed by an earlier run
    committed: int = 0
    failed: list[str] = field(default_factory=list)  # "label: reason"
    seen: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: int = 0
    startup_s: float = 0.0  # pipeline load on the workers (warm-up), not counted in `seconds`
    seconds: float = 0.0  # partitions processed and committed
    fusion: str = "not run"

    @property
    def articles_per_s(self) -> float:
        return self.seen / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        line = (
            f"{self.partitions} partitions ({self.skipped_done} done before, {self.committed} "
            f"committed, {len(self.failed)} failed) · {self.seen} read · {self.stored} stored · "
            f"{self.skipped} skipped · {self.articles_per_s:.2f} articles/s "
            f"(+{self.startup_s:.1f} s start-up) · fusion: {self.fusion}"
        )
        return line


def is_sqlite(dsn: str) -> bool:
    return not dsn.startswith(("postgresql:", "postgres:"))


@contextmanager
def dask_client(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, or of a local cluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            yield client
        finally:
            client.close()
        return
    # no dashboard; the scheduler's small HTTP server (health, metrics) on a free loopback port
    cluster = LocalCluster(
        n_workers=workers or 1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
        env=THREAD_ENV, silence_logs=logging.ERROR,
    )  # fmt: skip
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def run_batch(
    sources: list[str],
    *,
    client: Any,
    settings: Settings,
    options: BatchOptions,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> BatchReport:
    """Plan, skip done partitions, run the rest on `client`'s workers, commit each once, then fuse."""
    from ..pipeline import pipeline_version
    from ..store import open_store

    version = pipeline_version()
    salt = f"{version}|{options.published}|{options.outlet}|{options.pipeline_factory}"
    plan = PlanOptions(
        records_per_partition=options.plan.records_per_partition,
        files_per_partition=options.plan.files_per_partition,
        salt=salt,
    )
    partitions = plan_partitions(sources, options=plan)
    sqlite_target = is_sqlite(options.target)
    with open_store(options.target) as store:  # created and migrated before any worker writes
        sqlite_file = getattr(store, "path", None) if sqlite_target else None
    if sqlite_target and (not sqlite_file or sqlite_file == ":memory:"):
        raise BadInput("batch needs a database file (not :memory:)")
    book = (
        DoneBook(sqlite_file)
        if sqlite_file
        else DoneBook(options.manifest or MANIFEST, target=_redacted(options.target))
    )
    report = BatchReport(partitions=len(partitions))
    try:
        done = book.done()
        todo = [p for p in partitions if p.id not in done]
        report.skipped_done = len(partitions) - len(todo)
        job = JobSpec(
            settings=settings, version=version, target=None if sqlite_file else options.target,
            published=options.published, outlet=options.outlet,
            pipeline_factory=options.pipeline_factory,
        )  # fmt: skip
        if todo:
            _process(todo, client=client, job=job, book=book, report=report, tick=on_progress)
    finally:
        book.close()
    if report.failed:
        report.fusion = "not run (partitions failed)"
        raise BatchFailed(
            f"{len(report.failed)} of {len(partitions)} partitions failed "
            f"({report.failed[0]}); rerun the same command: committed partitions are skipped"
        )
    if options.fuse:
        report.fusion = _fuse(options.target)
    return report


def _process(
    todo: list[Partition],
    *,
    client: Any,
    job: JobSpec,
    book: DoneBook,
    report: BatchReport,
    tick: Callable[[int, int | None], None] | None,
) -> None:
    from dask.distributed import as_completed

    started = time.perf_counter()
    client.run(warm_up, job)  # every worker loads the pipeline before the clock starts
    report.startup_s = time.perf_counter() - started
    started = time.perf_counter()
    futures = {
        client.submit(
            run_partition, part, job, key=f"sitroom-partition-{part.id}", pure=False
        ): part
        for part in todo
    }
    with tempfile.TemporaryDirectory(prefix="sitroom-batch-") as staging:
        for future in as_completed(futures):
            part = futures[future]
            try:
                result: PartitionResult = future.result()
            except Exception as exc:  # noqa: BLE001 - a killed worker or a failed task: rerun redoes it
                why = " ".join(str(exc).split())[:200] or type(exc).__name__
                report.failed.append(f"{part.label()}: {type(exc).__name__}: {why}")
                continue
            finally:
                future.release()
            _commit(part, result, book=book, staging=Path(staging))
            report.committed += 1
            report.seen += result.seen
            report.stored += result.added
            report.unchanged += result.unchanged
            report.skipped += result.skipped
            if tick is not None:
                tick(report.seen, None)  # articles (their total is unknown until read)
    report.seconds = time.perf_counter() - started


def _commit(part: Partition, result: PartitionResult, *, book: DoneBook, staging: Path) -> None:
    if result.data is None:  # the worker committed to the target store: only the mark is left
        book.mark(part, articles=result.seen)
        return
    path = staging / f"{part.id}.db"
    path.write_bytes(result.data)
    try:
        book.merge(part, path, articles=result.seen)
    finally:
        path.unlink(missing_ok=True)


def _fuse(target: str) -> str:
    from ..fusion.service import fuse
    from ..store import open_store

    try:
        with open_store(target) as store:
            summary = fuse(store)
    except Exception as exc:  # noqa: BLE001 - the results stay stored; a rerun only fuses again
        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise BatchFailed(
            f"every partition is stored, but fusion failed ({type(exc).__name__}: {why}); "
            "rerun the same command to fuse again"
        ) from None
    return f"{summary.articles} articles fused, {summary.fused_events} fused events"


def _redacted(dsn: str) -> str:
    """The DSN without a password (it is stored in the manifest)."""
    if "://" not in dsn or "@" not in dsn:
        return dsn
    scheme, rest = dsn.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
