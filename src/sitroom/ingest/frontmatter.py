"""Optional metadata header of a text article: `---` lines around YAML keys at the very top.

Known keys: title, outlet, published (YYYY-MM-DD), url, language; other keys are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

KNOWN_KEYS = ("title", "outlet", "published", "url", "language")

# The header: a first line of exactly `---`, then lines up to the next `---` (or `...`) line.
_HEADER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_KEY_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


@dataclass(slots=True)
class FrontMatter:
    """The metadata found in the header (values as written) and the article text after it."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""


def split_front_matter(text: str) -> FrontMatter:
    """Separate a header from the text; without a header (or one naming no known key), all is body."""
    match = _HEADER.match(text)
    if match is None:
        return FrontMatter({}, text)
    meta = _parse(match.group(1))
    known = {k: v for k, v in meta.items() if k in KNOWN_KEYS and v not in (None, "")}
    if not known:
        return FrontMatter({}, text)  # a rule of dashes that happens to open the article
    return FrontMatter(known, text[match.end() :])


def _parse(block: str) -> dict[str, Any]:
    """YAML first; a header that YAML refuses (e.g. "title: Gaza: day 400") is read line by line."""
    try:
        # BaseLoader keeps every value a string: dates are checked by the reader, with a clear reason.
        data = yaml.load(block, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    except (yaml.YAMLError, ValueError):
        data = None
    if isinstance(data, dict):
        return {str(k).strip().lower(): v for k, v in data.items()}
    meta: dict[str, Any] = {}
    for line in block.splitlines():
        m = _KEY_LINE.match(line)
        if m:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[m.group(1).lower()] = value
    return meta
