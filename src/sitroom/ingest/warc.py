"""WARC / WARC.gz archives (e.g. Common Crawl's CC-NEWS) → one `SourceItem` per HTML page, streamed.

Response and resource records are read; every other payload is skipped with its reason, never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .pages import PageMeta, PageSkipped, page_article

ARTICLE_RECORDS = ("response", "resource")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    path: Path,
    *,
    published: dt.date | None,
    outlet: str | None,
    max_chars: int,
    max_bytes: int,
    resume_after: int = 0,
) -> Iterator[Any]:
    """`SourceItem`s of the archive; `line` is the record's number. Records ≤ `resume_after` are passed."""
    from warcio.archiveiterator import ArchiveIterator

    from .readers import SourceItem

    source = str(path)
    number = 0
    try:
        with path.open("rb") as fh:
            archive = ArchiveIterator(fh)
            archive.INC_RECORD = ""  # its warning on stderr; the problem is reported as a reason
            for record in archive:
                number += 1
                wanted = number > resume_after and record.rec_type in ARTICLE_RECORDS
                if wanted:
                    reason, article = _record_article(
                        record, source=source, number=number, published=published,
                        outlet=outlet, max_chars=max_chars, max_bytes=max_bytes,
                    )  # fmt: skip
                if _cut_short(record):
                    raise EOFError(f"record {number} ends before its Content-Length")
                if archive.err_count:
                    raise ValueError(f"record {number} is not where its Content-Length says")
                if not wanted:
                    continue
                where = f"{source}:{number}"
                yield SourceItem(article, source, number, f"{where}: {reason}" if reason else None)
            if archive.err_count or number == 0:
                raise ValueError("bytes after the last record" if number else "no WARC record")
    except OSError as exc:
        yield SourceItem(None, source, None, f"{source}: cannot read file ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001
        # warcio raises many kinds (zlib.error, EOFError, ArchiveLoadFailed) on a cut or broken file
        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield SourceItem(
            None,
            source,
            number,
            f"{source}:{number}: truncated or corrupt WARC (at record {number}: {why})",
        )


def _cut_short(record: Any) -> bool:
    """Whether the file ended inside the record (warcio itself reads a cut record as a short one)."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return bool(getattr(raw, "limit", 0))


def _record_article(
    record: Any,
    *,
    source: str,
    number: int,
    published: dt.date | None,
    outlet: str | None,
    max_chars: int,
    max_bytes: int,
) -> tuple[str | None, Any]:
    """(None, article) or (reason, article-or-None)."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return "response record without HTTP headers", None
        status = http.get_statuscode()
        if not str(status).startswith("2"):
            return f"HTTP status {status}", None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        return f"not HTML ({media or 'no content type'})", None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return f"too large (more than {max_bytes} bytes)", None
    crawled = _crawl_date(headers.get_header("WARC-Date"))
    meta = PageMeta(
        url=url,
        outlet=outlet,
        # CC-NEWS crawls within hours of publication: the crawl date is a fair fallback
        published=crawled,
        forced_published=published,
    )
    try:
        article = page_article(
            body, charset=_charset(content_type), meta=meta, max_chars=max_chars, source=source
        )
    except PageSkipped as exc:
        return str(exc), exc.article
    return None, article


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _crawl_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
