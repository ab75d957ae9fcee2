"""The `Store` protocol: what the CLI, the API and ingestion need from a backend.

SQLite implements it today (`sitroom.store.sqlite`); PostgreSQL/PostGIS is to follow the same contract.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ..records import Analysis, Article


@runtime_checkable
class Store(Protocol):
    """Articles, their analyses (events, attributions, places, time expressions, evidence) and errors."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def has_article(self, article_id: str, *, pipeline_version: str | None = None) -> bool:
        """Stored at all; with `pipeline_version`: stored, status ok and processed by that version."""
        ...

    def save(self, analysis: Analysis, *, pipeline_version: str) -> None:
        """One transaction: upsert the article, replace all its derived rows. Refuses broken spans."""
        ...

    def save_skipped(
        self, article: Article | None, *, source: str, line: int | None, reason: str
    ) -> None:
        """Record why a source (line) was not processed; the article, when given, as 'skipped'."""
        ...

    def articles(
        self, *, with_text: bool = False, limit: int | None = None
    ) -> list[dict[str, Any]]: ...

    def article(self, article_id: str) -> Article: ...

    def events(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        event_type: str | None = None,
        min_confidence: float | None = None,
        include_flagged: bool = True,
        article_id: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def event(self, event_id: str) -> dict[str, Any]: ...

    def evidence_for(self, owner_id: str) -> list[dict[str, Any]]: ...

    def evidence_rows(self, *, article_id: str | None = None) -> list[dict[str, Any]]:
        """Every stored evidence span (of one article's analysis), in a stable order."""
        ...

    def quotes(
        self, *, limit: int | None = None, article_id: str | None = None
    ) -> list[dict[str, Any]]: ...

    def places(self, *, article_id: str | None = None) -> list[dict[str, Any]]: ...

    def timexes(self, *, article_id: str | None = None) -> list[dict[str, Any]]: ...

    def errors(self) -> list[dict[str, Any]]: ...

    def stats(self) -> dict[str, int]: ...
