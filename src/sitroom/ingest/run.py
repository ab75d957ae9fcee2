"""Ingestion: read sources, skip what is stored and current, analyse the rest in one stream, save.

A failure on one article is recorded (errors table) and the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from ..errors import ArticleSkipped, ConfigError, ResourceError, StoreError
from ..records import Analysis, Article
from ..store import InvalidAnalysis, Store
from .checkpoint import Checkpoints
from .readers import STDIN_NAME, SourceItem, count_sources, read_sources

Progress = Callable[[int, int | None], None]

# Failures that are about the set-up, not one article: they stop the run instead of skipping articles.
FATAL = (ResourceError, ConfigError, StoreError, ImportError, MemoryError)


class Analyzer(Protocol):
    """What ingestion needs of a pipeline (`sitroom.pipeline.Pipeline` fits; tests pass fakes)."""

    def analyze_many(self, articles: Any) -> Iterator[Analysis]: ...


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did. `seen` counts every item read, skipped ones included."""

    seen: int = 0
    added: int = 0
    reprocessed: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)  # skips by kind ("not HTML", "HTTP 404")
    resumed: dict[str, int] = field(
        default_factory=dict
    )  # file → records an interrupted run settled

    def summary(self) -> str:
        """One line of counts, then the skip reasons by kind (most frequent first)."""
        line = (
            f"{self.seen} read · {self.added} added · {self.reprocessed} re-processed · "
            f"{self.unchanged} unchanged · {self.skipped} skipped"
        )
        kinds = ", ".join(f"{n} {why}" for why, n in self.reasons.most_common())
        return f"{line} ({kinds})" if kinds else line


def reason_kind(reason: str, *, source: str, line: int | None) -> str:
    """The kind of a skip reason: "a.warc:3: not HTML (application/pdf)" → "not HTML"."""
    where = f"{source}:{line}: " if line is not None else f"{source}: "
    text = reason.removeprefix(where)
    return text.split(" (", 1)[0].split(": ", 1)[0].strip()


@dataclass(slots=True)
class _Queued:
    item: SourceItem
    article: Article
    existed: bool  # stored before (so a save re-processes it)


class _Run:
    """The state of one ingest: counters, the articles handed to the pipeline and not yet back."""

    def __init__(
        self,
        *,
        store: Store,
        version: str,
        force: bool,
        total: int | None,
        on_progress: Progress | None,
        checkpoints: Checkpoints | None = None,
    ) -> None:
        self.checkpoints = checkpoints or Checkpoints(None)
        self.keys: dict[str, str | None] = {}  # source → its checkpoint key (None: not resumable)
        self.last_read: dict[str, int] = {}
        self.store = store
        self.version = version
        self.force = force
        self.total = total
        self.on_progress = on_progress
        self.report = IngestReport()
        self.pending: deque[_Queued] = deque()
        self.queued_ids: set[str] = set()
        self.feed_error: BaseException | None = None

    def progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.report.seen - len(self.pending), self.total)

    def skip(self, article: Article | None, source: str, line: int | None, reason: str) -> None:
        self.store.save_skipped(article, source=source, line=line, reason=reason)
        self.report.skipped += 1
        self.report.errors.append(reason)
        self.report.reasons[reason_kind(reason, source=source, line=line)] += 1

    def read(self, item: SourceItem) -> None:
        """Note how far a resumable file has been read (JSONL lines, WARC records)."""
        if item.line is None or item.source == STDIN_NAME:
            return
        if item.source not in self.keys:
            from pathlib import Path

            self.keys[item.source] = self.checkpoints.key(Path(item.source))
        if self.keys[item.source] is not None:
            self.last_read[item.source] = item.line

    def settled(self, source: str) -> None:
        """Move the file's checkpoint to just before its first article still in the pipeline."""
        key = self.keys.get(source)
        if key is None:
            return
        first = next((q.item.line for q in self.pending if q.item.source == source), None)
        done = first - 1 if first is not None else self.last_read[source]
        self.checkpoints.advance(key, done)

    def feed(self, items: Iterator[SourceItem]) -> Iterator[Article]:
        """Articles that need analysis; everything else is settled here as it is read."""
        try:
            for item in items:
                self.report.seen += 1
                self.read(item)
                article = item.article
                if article is None or item.skip_reason is not None:
                    self.skip(article, item.source, item.line, item.skip_reason or "unreadable")
                elif article.id in self.queued_ids or (
                    not self.force
                    and self.store.has_article(article.id, pipeline_version=self.version)
                ):
                    self.report.unchanged += 1
                else:
                    existed = self.store.has_article(article.id)
                    self.queued_ids.add(article.id)
                    self.pending.append(_Queued(item, article, existed))
                    yield article
                    continue
                self.settled(item.source)
                self.progress()
        except BaseException as exc:  # noqa: BLE001 - re-raised by `ingest`, not an article failure
            self.feed_error = exc
            raise

    def settle(self, analysis: Analysis) -> None:
        queued = self.pending.popleft()
        if analysis.article.id != queued.article.id:
            raise RuntimeError("the pipeline returned analyses out of order")
        try:
            self.store.save(analysis, pipeline_version=self.version)
        except InvalidAnalysis as exc:
            self.fail(queued, f"not stored: {exc}")
            return
        if queued.existed:
            self.report.reprocessed += 1
        else:
            self.report.added += 1
        self.settled(queued.item.source)
        self.progress()

    def fail(self, queued: _Queued, why: str) -> None:
        item = queued.item
        where = f"{item.source}:{item.line}" if item.line is not None else item.source
        why = " ".join(why.split())  # one line, whatever the exception message looked like
        self.skip(queued.article, item.source, item.line, f"{where}: {why}")
        self.settled(item.source)
        self.progress()


def ingest(
    sources: list[str],
    *,
    store: Store,
    pipeline: Analyzer,
    published: dt.date | None = None,
    outlet: str | None = None,
    force: bool = False,
    on_progress: Progress | None = None,
    max_chars: int = 2_000_000,
    stdin: TextIO | None = None,
    fetcher: Any = None,
    allow_private: bool = False,
    checkpoints: Checkpoints | None = None,
) -> IngestReport:
    """Read, analyse and store every article of `sources`; identical text already stored adds nothing.

    All paths are checked first (`BadInput` before anything is stored). `force` re-analyses articles
    the current pipeline version already processed. `on_progress(done, total)` follows each article.
    URLs are fetched with `fetcher` (default httpx; private addresses refused unless `allow_private`).
    JSONL and WARC files resume where an interrupted run stopped (`checkpoints`, by default a
    sidecar of the SQLite file); a run that completes clears them.
    """
    from ..pipeline import pipeline_version

    version = pipeline_version()
    if checkpoints is None:
        checkpoints = Checkpoints.beside(getattr(store, "path", None), version=f"{version}|{force}")
    items = read_sources(
        sources, published=published, outlet=outlet, max_chars=max_chars, stdin=stdin,
        fetcher=fetcher, allow_private=allow_private, resume=checkpoints,
    )  # fmt: skip
    total = count_sources(sources) if on_progress is not None else None
    return ingest_items(
        items, store=store, pipeline=pipeline, force=force, total=total,
        on_progress=on_progress, checkpoints=checkpoints, version=version,
    )  # fmt: skip


def ingest_items(
    items: Iterator[SourceItem],
    *,
    store: Store,
    pipeline: Analyzer,
    force: bool = False,
    total: int | None = None,
    on_progress: Progress | None = None,
    checkpoints: Checkpoints | None = None,
    version: str | None = None,
) -> IngestReport:
    """`ingest` on items read elsewhere (feed entries): analyse, store, record every skip."""
    if version is None:
        from ..pipeline import pipeline_version

        version = pipeline_version()
    run = _Run(
        store=store, version=version, force=force, total=total, on_progress=on_progress,
        checkpoints=checkpoints,
    )  # fmt: skip
    try:
        _drive(run, pipeline, run.feed(items))
    finally:
        run.checkpoints.save()  # interrupted: the next run starts where this one got to
    run.report.resumed = dict(run.checkpoints.resumed)
    run.checkpoints.finish({k for k in run.keys.values() if k is not None})
    return run.report


def _drive(run: _Run, pipeline: Analyzer, feed: Iterator[Article]) -> None:
    # One stream through the pipeline so that it can batch (spaCy's nlp.pipe).
    stream = pipeline.analyze_many(feed)
    while True:
        try:
            analysis = next(stream)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the others
            if run.feed_error is not None:
                raise run.feed_error from None
            if not run.pending or isinstance(exc, FATAL):
                raise
            _isolate(run, pipeline)
            stream = pipeline.analyze_many(feed)  # the feed resumes where it stopped
            continue
        run.settle(analysis)  # store errors propagate: they are not the article's fault
    while run.pending:  # a pipeline that swallowed articles
        run.fail(run.pending.popleft(), "the pipeline returned no analysis")


def _isolate(run: _Run, pipeline: Analyzer) -> None:
    """The batch in flight failed: analyse its articles one at a time to find the one(s) at fault."""
    while run.pending:
        queued = run.pending[0]
        try:
            analysis = next(iter(pipeline.analyze_many([queued.article])), None)
        except FATAL:
            raise
        except ArticleSkipped as exc:  # a stage declined the article (e.g. not English)
            analysis, why = None, f"skipped: {exc.reason}"
        except Exception as exc:  # noqa: BLE001
            analysis, why = None, f"pipeline failed: {type(exc).__name__}: {exc}"
        else:
            why = "the pipeline returned no analysis"
        if analysis is None:
            run.fail(run.pending.popleft(), why)
        else:
            run.settle(analysis)
