"""RSS/Atom watches: poll feeds (ETag/Last-Modified), fetch new entries' pages, ingest them.

Per-feed state (validators, seen entries, error counts, backoff) lives in a JSON file next to the DB.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .fetch import FEED_TYPES, Fetcher, FetchError
from .pages import PageMeta, PageSkipped, page_article
from .readers import SourceItem
from .run import Analyzer, IngestReport, ingest_items

STATE_SUFFIX = ".feeds.json"
MAX_SEEN = 2000  # entry ids remembered per feed: far more than any feed lists at once


class FeedError(Exception):
    """A feed could not be read; the message is the reason recorded for it."""


@dataclass(slots=True)
class FeedState:
    url: str
    etag: str | None = None
    modified: str | None = None
    failures: int = 0  # in a row: drives the backoff
    errors: int = 0  # all time
    polls: int = 0
    next_poll: float = 0.0  # epoch seconds
    last_error: str | None = None
    seen: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    interval_s: float = 600.0
    max_backoff_s: float = 6 * 3600.0  # a broken feed is still tried a few times a day
    max_chars: int = 2_000_000


@dataclass(slots=True)
class PollReport:
    feed: str
    status: str  # "new entries" | "not modified" | "error" | "not due"
    entries: int = 0
    ingest: IngestReport | None = None
    error: str | None = None


class FeedBook:
    """Every watched feed's state, saved atomically after each poll."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.feeds: dict[str, FeedState] = {}
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.feeds = {url: FeedState(**state) for url, state in raw.items()}
            except (OSError, ValueError, TypeError):
                self.feeds = {}  # a damaged state file costs one re-poll of every feed

    def state(self, url: str) -> FeedState:
        return self.feeds.setdefault(url, FeedState(url))

    def save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        data = {url: asdict(state) for url, state in self.feeds.items()}
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


def read_opml(path: Path) -> list[str]:
    """The feed URLs (`xmlUrl`) of an OPML subscription list, in order."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.parse(str(path), parser).getroot()
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        raise FeedError(f"{path}: not a readable OPML file ({exc})") from None
    urls = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    return list(dict.fromkeys(u.strip() for u in urls if u))


def feed_urls(targets: list[str]) -> list[str]:
    """Feed URLs from the command line: URLs as given, files read as OPML."""
    urls: list[str] = []
    for target in targets:
        if target.lower().startswith(("http://", "https://")):
            urls.append(target)
        else:
            urls.extend(read_opml(Path(target).expanduser()))
    return list(dict.fromkeys(urls))


def parse_feed(body: bytes, *, url: str) -> Any:
    """feedparser's result for the bytes (never a URL: feedparser would fetch it unchecked)."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    # feedparser reads broken XML leniently: a broken feed is kept only if it still lists links
    if parsed.get("bozo") and not any(_entry_id(e) for e in parsed.get("entries", [])):
        why = parsed.get("bozo_exception")
        raise FeedError(f"invalid feed ({' '.join(str(why).split())[:200] or 'no entries'})")
    return parsed


def poll(
    state: FeedState,
    *,
    fetcher: Fetcher,
    store: Any,
    pipeline: Analyzer,
    options: WatchOptions,
    now: float,
) -> PollReport:
    """One poll of one feed: new entries are fetched and ingested; failures back off exponentially."""
    state.polls += 1
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.modified:
        headers["If-Modified-Since"] = state.modified
    try:
        fetched = fetcher.fetch(state.url, accept=(*FEED_TYPES, "text/html"), headers=headers)
        parsed = None if fetched.not_modified else parse_feed(fetched.body, url=fetched.final_url)
    except (FetchError, FeedError) as exc:
        state.failures += 1
        state.errors += 1
        state.last_error = str(exc)
        backoff = min(options.interval_s * 2**state.failures, options.max_backoff_s)
        state.next_poll = now + backoff
        store.save_skipped(None, source=state.url, line=None, reason=f"{state.url}: {exc}")
        return PollReport(state.url, "error", error=str(exc))
    state.failures = 0
    state.last_error = None
    state.next_poll = now + options.interval_s
    if parsed is None:
        return PollReport(state.url, "not modified")
    state.etag = fetched.headers.get("etag") or state.etag
    state.modified = fetched.headers.get("last-modified") or state.modified
    seen = set(state.seen)
    outlet = parsed.feed.get("title") or None
    fresh = [e for e in parsed.entries if _entry_id(e) and _entry_id(e) not in seen]
    report = ingest_items(
        _entry_items(fresh, fetcher=fetcher, outlet=outlet, max_chars=options.max_chars),
        store=store,
        pipeline=pipeline,
    )
    state.seen = (state.seen + [_entry_id(e) for e in fresh])[-MAX_SEEN:]
    return PollReport(state.url, "new entries", entries=len(fresh), ingest=report)


def _entry_id(entry: Any) -> str:
    return str(entry.get("id") or entry.get("link") or "")


def _entry_items(
    entries: list[Any], *, fetcher: Fetcher, outlet: str | None, max_chars: int
) -> Iterator[SourceItem]:
    for entry in entries:
        link = entry.get("link")
        if not link:
            yield SourceItem(None, _entry_id(entry), None, f"{_entry_id(entry)}: entry has no link")
            continue
        meta = PageMeta(url=link, title=entry.get("title"), outlet=outlet,
                        published=_entry_date(entry))  # fmt: skip
        try:
            fetched = fetcher.fetch(link)
            article = page_article(fetched.body, charset=fetched.charset, meta=meta,
                                   max_chars=max_chars, source=link)  # fmt: skip
        except FetchError as exc:
            yield SourceItem(None, link, None, f"{link}: {exc}")
            continue
        except PageSkipped as exc:
            yield SourceItem(exc.article, link, None, f"{link}: {exc}")
            continue
        yield SourceItem(article, link, None, None)


def _entry_date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()


def watch(
    feeds: list[str],
    *,
    fetcher: Fetcher,
    store: Any,
    pipeline: Analyzer,
    book: FeedBook,
    options: WatchOptions,
    once: bool = False,
    stop: threading.Event | None = None,
    clock: Callable[[], float] = time.time,
    on_poll: Callable[[PollReport], None] | None = None,
) -> list[PollReport]:
    """Poll each feed when due until `stop` is set (Ctrl-C), or one round with `once` (for cron)."""
    stop = stop or threading.Event()
    reports: list[PollReport] = []
    while not stop.is_set():
        for url in feeds:
            if stop.is_set():
                break
            state = book.state(url)
            if clock() < state.next_poll:
                report = PollReport(url, "not due")
            else:
                report = poll(state, fetcher=fetcher, store=store, pipeline=pipeline,
                              options=options, now=clock())  # fmt: skip
                book.save()
            reports.append(report)
            if on_poll is not None:
                on_poll(report)
        if once:
            break
        due = min(book.state(url).next_poll for url in feeds)
        stop.wait(max(1.0, due - clock()))
    book.save()
    return reports


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "90s", "10m", "2h", "1d" or a bare number of seconds; `ValueError` otherwise."""
    value = text.strip().lower()
    unit = _UNITS.get(value[-1:], None)
    number = value[:-1] if unit else value
    try:
        seconds = float(number) * (unit or 1)
    except ValueError:
        raise ValueError(f"bad interval {text!r} (expected e.g. 90s, 10m, 2h)") from None
    if seconds <= 0:
        raise ValueError(f"bad interval {text!r} (must be positive)")
    return seconds
