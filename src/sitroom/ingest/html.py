"""HTML page → main text and metadata: trafilatura first, a plain lxml text dump as the fallback.

The fallback keeps pages that trafilatura judges too short (a brief news item) from being lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

# Tags whose content is never article text.
_NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer")
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "article",
    "section",
)

# trafilatura warns on stderr for every odd page; the reader reports problems itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(slots=True)
class Page:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)  # title, outlet, published, url


def extract_html(html: str) -> Page:
    """The article of an HTML page; empty text when nothing readable is there."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a parser crash on one page must not stop ingestion
        doc = None
    meta: dict[str, Any] = {}
    text = ""
    if doc is not None:
        # a Document in trafilatura 2.x, a dict when asked for one (or from 1.x)
        get = doc.get if isinstance(doc, dict) else lambda key: getattr(doc, key, None)
        text = get("text") or ""
        meta = {"title": get("title"), "outlet": get("sitename"), "published": get("date"),
                "url": get("url")}  # fmt: skip
    if not text.strip():
        fallback = _plain_text(html)
        text = fallback.text
        for key, value in fallback.meta.items():
            meta[key] = meta.get(key) or value
    return Page(text, meta)


def _plain_text(html: str) -> Page:
    """Every visible text block of the page, one per line."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return Page("")
    title = root.findtext(".//title")
    for bad in root.iter(*_NON_TEXT_TAGS):
        bad.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    body = root.find(".//body")
    raw = (body if body is not None else root).text_content()
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    return Page("\n".join(line for line in lines if line), {"title": title})
