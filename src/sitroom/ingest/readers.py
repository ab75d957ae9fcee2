"""Sources → `SourceItem`s: .txt (with front matter), .html/.htm, .json, .jsonl, directories, stdin.

Metadata given on the command line (published, outlet) wins over metadata found in the source.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import BadInput
from ..records import Article, normalize_text
from .decode import NotText, decode_bytes
from .frontmatter import split_front_matter
from .html import extract_html

# Extension → reader. Directories are searched for these; an explicit file of another kind is text.
READERS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}  # fmt: skip
# Web archives, found by the end of the name (".gz" alone says nothing).
WARC_ENDINGS = (".warc", ".warc.gz")
URL_SCHEMES = ("http://", "https://")
STDIN = "-"
STDIN_NAME = "stdin"
# A file this many bytes per allowed character cannot fit the limit (markup included): not even read.
MAX_BYTES_PER_CHAR = 16

# Keys of a JSON record, in order of preference.
TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title", "headline")
PUBLISHED_KEYS = ("published", "dct")  # dct: document creation time, as in TimeBank-style corpora


@dataclass(slots=True)
class SourceItem:
    """One article read from a source, or the reason (naming file and line) it was skipped."""

    article: Article | None
    source: str
    line: int | None = None
    skip_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    published: dt.date | None = None
    outlet: str | None = None
    max_chars: int = 2_000_000
    fetcher: Any = None  # a `Fetcher` for URLs; an `HttpFetcher` is made when None
    allow_private: bool = False  # URLs may resolve to loopback/private addresses
    resume: Any = None  # `Checkpoints` of the run: where each file was left by an interrupted run


@dataclass(frozen=True, slots=True)
class Planned:
    """A validated source: a file with its reader, stdin, or a URL."""

    reader: str  # txt | html | json | jsonl | warc | stdin | url
    path: Path | None
    url: str | None = None


def parse_published(value: Any, *, where: str | None = None) -> dt.date | None:
    """A publication date from YYYY-MM-DD (or an ISO date-time); raises `BadInput` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) > 10 and text[10] in "T ":  # an ISO date-time: its date part
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        prefix = f"{where}: " if where else ""
        raise BadInput(f"{prefix}bad published value {text!r} (expected YYYY-MM-DD)") from None


def plan_sources(sources: list[str]) -> list[Planned]:
    """Check every source before anything is read: missing paths raise `BadInput`."""
    planned: list[Planned] = []
    seen: set[Path] = set()
    missing = []
    for src in sources:
        if src == STDIN:
            if any(p.reader == "stdin" for p in planned):
                raise BadInput("stdin ('-') given more than once")
            planned.append(Planned("stdin", None))
            continue
        if src.lower().startswith(URL_SCHEMES):
            planned.append(Planned("url", None, src))
            continue
        path = Path(src).expanduser()
        if path.is_dir():
            files = [(READERS[f.suffix.lower()], f) for f in _walk(path)]
        elif path.is_file():
            files = [(_reader_for(path), path)]
        else:
            missing.append(src)
            continue
        for reader, file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                planned.append(Planned(reader, file))
    if missing:
        raise BadInput(f"no such file or directory: {', '.join(missing)}")
    return planned


def _reader_for(path: Path) -> str:
    """The reader of a file named on the command line: by extension, text when unknown."""
    if path.name.lower().endswith(WARC_ENDINGS):
        return "warc"
    return READERS.get(path.suffix.lower(), "txt")


def _walk(folder: Path) -> Iterator[Path]:
    """Files with a known extension under `folder`, sorted, hidden files and folders left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            known = Path(name).suffix.lower() in READERS or name.lower().endswith(WARC_ENDINGS)
            if not name.startswith(".") and known:
                yield Path(root) / name


def read_sources(
    sources: list[str],
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    max_chars: int = 2_000_000,
    stdin: TextIO | None = None,
    fetcher: Any = None,
    allow_private: bool = False,
    resume: Any = None,
) -> Iterator[SourceItem]:
    """Validate all sources now (raising `BadInput`), then read them lazily, one item per article.

    `fetcher` serves URLs (default: httpx, public addresses only unless `allow_private`); `resume`
    (a `Checkpoints`) makes JSONL and WARC files start after the records an interrupted run settled.
    """
    planned = plan_sources(sources)
    opts = ReadOptions(
        published=published, outlet=outlet or None, max_chars=max_chars, fetcher=fetcher,
        allow_private=allow_private, resume=resume,
    )  # fmt: skip
    return _read_all(planned, opts, stdin)


def _read_all(
    planned: list[Planned], opts: ReadOptions, stdin: TextIO | None
) -> Iterator[SourceItem]:
    from .pages import read_urls

    urls = [item.url for item in planned if item.url is not None]
    web = read_urls(urls, opts) if urls else iter(())
    for item in planned:
        if item.reader == "stdin":
            yield from _read_stdin(stdin, opts)
        elif item.reader == "url":
            yield next(web)  # one item per URL, fetched with one client for the whole run
        else:
            assert item.path is not None
            yield from _read_file(item.reader, item.path, opts)


def count_sources(sources: list[str]) -> int | None:
    """A cheap estimate of the number of articles (for a progress bar); None when unknowable (stdin)."""
    total = 0
    for item in plan_sources(sources):
        if item.reader == "url":
            total += 1
            continue
        if item.path is None or item.reader == "warc":
            return None  # counting a web archive's records would mean reading it twice
        if item.reader == "jsonl":
            with item.path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif item.reader == "json":
            try:
                total += max(1, item.path.read_bytes().count(b'"text"'))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _skip(source: str, line: int | None, reason: str, article: Article | None = None) -> SourceItem:
    where = f"{source}:{line}" if line is not None else source
    return SourceItem(article, source, line, f"{where}: {reason}")


def _read_file(reader: str, path: Path, opts: ReadOptions) -> Iterator[SourceItem]:
    source = str(path)
    resume_after = opts.resume.resume_point(path) if opts.resume is not None else 0
    if reader == "warc":
        from .warc import read_warc

        yield from read_warc(
            path, published=opts.published, outlet=opts.outlet, max_chars=opts.max_chars,
            max_bytes=MAX_BYTES_PER_CHAR * opts.max_chars, resume_after=resume_after,
        )  # fmt: skip
        return
    if reader == "jsonl":
        yield from _read_jsonl(path, opts, resume_after)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES_PER_CHAR * opts.max_chars:
            yield _skip(source, None, f"too large ({size} bytes > limit of {opts.max_chars} chars)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _skip(source, None, f"cannot read file ({exc.strerror or exc})")
        return
    if not data.strip():
        yield _skip(source, None, "empty file")
        return
    try:
        text = decode_bytes(data).text
    except NotText as exc:
        yield _skip(source, None, str(exc))
        return
    yield from _read_text(reader, text, source, opts)


def _read_text(reader: str, text: str, source: str, opts: ReadOptions) -> Iterator[SourceItem]:
    if reader == "html":
        page = extract_html(text)
        yield _article(page.text, page.meta, source=source, line=None, opts=opts, strict=False)
    elif reader == "json":
        yield from _read_json(text, source, opts)
    elif reader == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _json_line(line, source, number, opts)
    else:
        front = split_front_matter(text)
        yield _article(front.body, front.meta, source=source, line=None, opts=opts)


def _read_stdin(stdin: TextIO | None, opts: ReadOptions) -> Iterator[SourceItem]:
    stream = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            text = decode_bytes(buffer.read()).text
        else:
            text = stream.read()
    except NotText as exc:
        yield _skip(STDIN_NAME, None, str(exc))
        return
    if not text.strip():
        yield _skip(STDIN_NAME, None, "empty input")
        return
    yield from _read_text(_sniff(text), text, STDIN_NAME, opts)


def _sniff(text: str) -> str:
    """The reader for stdin, from its first characters."""
    head = text.lstrip()[:200].lower()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        try:
            json.loads(text)
            return "json"
        except ValueError:
            return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body", "<article")):
        return "html"
    return "txt"


def _read_jsonl(path: Path, opts: ReadOptions, resume_after: int = 0) -> Iterator[SourceItem]:
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _skip(source, None, f"cannot read file ({exc.strerror or exc})")
        return
    with fh:
        for number, raw in enumerate(fh, start=1):
            if number <= resume_after or not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                try:
                    line = decode_bytes(raw).text
                except NotText as exc:
                    yield _skip(source, number, str(exc))
                    continue
            yield _json_line(line, source, number, opts)


def _json_line(line: str, source: str, number: int, opts: ReadOptions) -> SourceItem:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return _skip(source, number, f"invalid JSON ({exc})")
    return _record(record, source=source, line=number, label=None, opts=opts)


def _read_json(text: str, source: str, opts: ReadOptions) -> Iterator[SourceItem]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        yield _skip(source, None, f"invalid JSON ({exc})")
        return
    if isinstance(data, list):
        for index, record in enumerate(data, start=1):
            yield _record(record, source=source, line=None, label=f"item {index}", opts=opts)
    else:
        yield _record(data, source=source, line=None, label=None, opts=opts)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _record(
    record: Any, *, source: str, line: int | None, label: str | None, opts: ReadOptions
) -> SourceItem:
    prefix = f"{label}: " if label else ""
    if not isinstance(record, dict):
        return _skip(source, line, f"{prefix}expected a JSON object, got {type(record).__name__}")
    text = _first(record, TEXT_KEYS)
    if not isinstance(text, str):
        return _skip(source, line, f"{prefix}no 'text' field with a string")
    meta = {
        "title": _first(record, TITLE_KEYS),
        "url": record.get("url"),
        "outlet": record.get("outlet"),
        "published": _first(record, PUBLISHED_KEYS),
        "language": record.get("language"),
    }
    return _article(text, meta, source=source, line=line, opts=opts, label=label)


def _article(
    text: str,
    meta: dict[str, Any],
    *,
    source: str,
    line: int | None,
    opts: ReadOptions,
    label: str | None = None,
    strict: bool = True,
) -> SourceItem:
    """Build the article; `strict=False` drops an unreadable date found by extraction (HTML)."""
    prefix = f"{label}: " if label else ""
    body = normalize_text(text)
    if not body:
        return _skip(source, line, f"{prefix}empty text")
    if len(body) > opts.max_chars:
        return _skip(source, line, f"{prefix}too large ({len(body)} chars > {opts.max_chars})")
    published = opts.published
    if published is None:
        try:
            published = parse_published(meta.get("published"))
        except BadInput as exc:
            if strict:
                return _skip(source, line, f"{prefix}{exc}")
    article = Article.from_text(
        body,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        outlet=opts.outlet or _str(meta.get("outlet")),
        published=published,
        language=_str(meta.get("language")) or "en",
        source=source,
    )
    return SourceItem(article, source, line, None)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
