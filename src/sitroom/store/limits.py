"""Limits on what one article may write to the store: safe defaults, refused with a reason when reached.

An analysis over a limit is not truncated: `save` raises `InvalidAnalysis` and ingestion records why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidAnalysis
from ..records import Analysis


class LimitReached(InvalidAnalysis):
    """An article's analysis exceeds a configured limit; the message names the limit and its value."""


@dataclass(frozen=True, slots=True)
class StoreLimits:
    """Most rows one article's analysis may write. Real news articles stay far below these."""

    max_events_per_article: int = 2_000
    max_attributions_per_article: int = 2_000
    max_places_per_article: int = 5_000
    max_timexes_per_article: int = 5_000
    max_spans_per_article: int = 50_000  # evidence spans over all fields of all records

    def check(self, analysis: Analysis) -> None:
        """Raise `LimitReached` for the first record list longer than its limit."""
        counts = (
            ("events", len(analysis.events), self.max_events_per_article),
            ("attributions", len(analysis.attributions), self.max_attributions_per_article),
            ("places", len(analysis.places), self.max_places_per_article),
            ("time expressions", len(analysis.times), self.max_timexes_per_article),
        )
        for what, count, limit in counts:
            if count > limit:
                raise LimitReached(_message(analysis.article.id, what, count, limit))

    def check_spans(self, article_id: str, count: int) -> None:
        if count > self.max_spans_per_article:
            raise LimitReached(
                _message(article_id, "evidence spans", count, self.max_spans_per_article)
            )


def _message(article_id: str, what: str, count: int, limit: int) -> str:
    return (
        f"limit reached: article {article_id} has {count} {what}, more than the {limit} allowed "
        "(nothing of it was stored; raise the limit to store it)"
    )
