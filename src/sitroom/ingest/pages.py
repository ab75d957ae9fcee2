"""Fetched web pages → articles: decode with the declared charset, extract with trafilatura.

Shared by URL ingestion, feed watches and WARC records; metadata from the caller fills the gaps.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..records import Article
from .decode import NotText, decode_bytes
from .html import extract_html
from .language import detect_language

ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the caller knows of a page besides its body (URL, feed entry, WARC headers)."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None  # a fallback: the page's own date wins
    forced_published: dt.date | None = None  # --published on the command line: wins over the page


class PageSkipped(ValueError):
    """The page gives no article; the message is the reason, `article` what was read (if anything)."""

    def __init__(self, reason: str, article: Article | None = None) -> None:
        super().__init__(reason)
        self.article = article


def decode_page(body: bytes, charset: str | None) -> str:
    """The page's text: the declared charset when it is a real one and fits, else sniffed."""
    if charset:
        try:
            codecs.lookup(charset)
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: mixed encodings are common on the web
    return decode_bytes(body).text


def page_article(
    body: bytes, *, charset: str | None, meta: PageMeta, max_chars: int, source: str
) -> Article:
    """The article of an HTML page; raises `PageSkipped` (binary, empty, too long, not English)."""
    if not body.strip():
        raise PageSkipped("empty page")
    try:
        html = decode_page(body, charset)
    except NotText as exc:
        raise PageSkipped(str(exc)) from None
    page = extract_html(html)
    text = page.text
    if not text.strip():
        raise PageSkipped("no text in the page")
    if len(text) > max_chars:
        raise PageSkipped(f"too large ({len(text)} chars > {max_chars})")
    found: dict[str, Any] = page.meta
    language = detect_language(text)
    article = Article.from_text(
        text,
        title=_clean(found.get("title")) or meta.title,
        url=meta.url or _clean(found.get("url")),
        outlet=meta.outlet or _clean(found.get("outlet")),
        published=meta.forced_published or _date(found.get("published")) or meta.published,
        language=language or ENGLISH,
        source=source,
    )
    if language is not None and language != ENGLISH:
        raise PageSkipped(f"not English (language: {language})", article)
    return article


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_urls(urls: list[str], opts: Any) -> Iterator[Any]:
    """One `SourceItem` per URL, in order; failures (refused, unreachable, 404 …) are skip reasons."""
    from .fetch import FetchError, FetchOptions, HttpFetcher
    from .readers import SourceItem

    fetcher = opts.fetcher
    own = fetcher is None
    if own:
        fetcher = HttpFetcher(FetchOptions(allow_private=opts.allow_private))
    try:
        for url in urls:
            try:
                fetched = fetcher.fetch(url)
            except FetchError as exc:
                yield SourceItem(None, url, None, f"{url}: {exc}")
                continue
            meta = PageMeta(url=fetched.final_url, outlet=opts.outlet,
                            forced_published=opts.published)  # fmt: skip
            try:
                article = page_article(fetched.body, charset=fetched.charset, meta=meta,
                                       max_chars=opts.max_chars, source=url)  # fmt: skip
            except PageSkipped as exc:
                yield SourceItem(exc.article, url, None, f"{url}: {exc}")
                continue
            yield SourceItem(article, url, None, None)
    finally:
        if own:
            fetcher.close()
