"""`sitroom watch`: poll RSS/Atom feeds (or an OPML list) and ingest new entries, until Ctrl-C or once.

Thin layer over `sitroom.ingest.feeds`; feed state is a JSON file next to the database.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

import typer

from .cli import STATE, _guard, _settings, _store, app, err


@app.command()
@_guard
def watch(
    feeds: list[str] = typer.Argument(..., help="feed URLs (RSS/Atom) or OPML files"),
    interval: str = typer.Option("10m", help="time between polls of a feed: 90s, 10m, 2h"),
    once: bool = typer.Option(False, "--once", help="poll every due feed once and exit (cron)"),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="allow feeds and pages on loopback/private addresses"
    ),
    db: str | None = typer.Option(None, "--db", help="database DSN"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Poll feeds and ingest new articles; Ctrl-C stops after the poll in progress."""
    from .errors import BadInput
    from .ingest.feeds import (
        STATE_SUFFIX,
        FeedBook,
        FeedError,
        WatchOptions,
        feed_urls,
        parse_interval,
    )
    from .ingest.feeds import watch as run_watch
    from .ingest.fetch import FetchOptions, HttpFetcher
    from .pipeline import Pipeline

    try:
        seconds = parse_interval(interval)
        urls = feed_urls(feeds)
    except (ValueError, FeedError) as exc:
        raise BadInput(str(exc)) from None
    if not urls:
        raise BadInput("no feed URL given (an OPML file without xmlUrl entries?)")
    settings = _settings()
    quiet = quiet or STATE.quiet
    with _store(db) as store, HttpFetcher(FetchOptions(allow_private=allow_private)) as fetcher:
        path = getattr(store, "path", None)
        book = FeedBook(Path(path + STATE_SUFFIX) if path and path != ":memory:" else None)
        stop = threading.Event()
        options = WatchOptions(interval_s=seconds, max_chars=settings.max_text_chars)
        with _graceful(stop, quiet=quiet):
            reports = run_watch(
                urls, fetcher=fetcher, store=store, pipeline=Pipeline(settings), book=book,
                options=options, once=once, stop=stop,
                on_poll=None if quiet else _show,
            )  # fmt: skip
    failed = sum(1 for r in reports if r.status == "error")
    if not quiet:
        err.print(f"{len(reports)} polls · {failed} failed · state in {book.path}")


def _show(report: Any) -> None:
    if report.status == "error":
        err.print(f"{report.feed}: error: {report.error}", markup=False, highlight=False)
    elif report.ingest is not None:
        err.print(f"{report.feed}: {report.entries} new · {report.ingest.summary()}", markup=False)
    else:
        err.print(f"{report.feed}: {report.status}", markup=False, highlight=False)


class _graceful:  # noqa: N801 - used as a context manager, named like one
    """First Ctrl-C: finish the poll in progress and stop; a second one interrupts at once."""

    def __init__(self, stop: threading.Event, *, quiet: bool) -> None:
        self.stop, self.quiet = stop, quiet
        self.previous: Any = None  # the SIGINT handler to restore

    def _handle(self, signum: int, frame: Any) -> None:
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.stop.set()
        if not self.quiet:
            err.print("stopping after the current poll (Ctrl-C again to interrupt)")

    def __enter__(self) -> _graceful:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
