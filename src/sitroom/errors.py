"""Every exception a user of sitroom can see, in one hierarchy.

CLI maps `BadInput` to exit code 2 and every other `SitroomError` to exit code 1.
"""

from __future__ import annotations


class SitroomError(Exception):
    """Base class: the message is one readable line meant for the user."""

    exit_code = 1


class BadInput(SitroomError):
    """The user gave input we cannot use (missing path, bad date, malformed line...)."""

    exit_code = 2


class ConfigError(BadInput):
    """Invalid configuration value (env, config file or CLI option)."""


class SourceError(BadInput):
    """A source (file, line, URL) could not be read as an article."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        where = source or ""
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.line = line
        self.reason = message


class ArticleSkipped(SourceError):
    """The article was read but deliberately not processed (too large, empty, binary, not English)."""


class StoreError(SitroomError):
    """The database could not be opened, migrated or written."""


class InvalidAnalysis(StoreError):
    """An analysis cannot be stored as is (an evidence span that does not match the text, a duplicate id)."""


class ResourceError(SitroomError):
    """A required model or data package is missing (e.g. the spaCy model)."""


class LlmError(SitroomError):
    """The LLM server could not give an answer (unreachable, refused, out of retries)."""


class UnknownStage(ConfigError):
    """A pipeline names a stage that is not in the registry."""


class NotFound(BadInput):
    """An id (event, article) that the store does not hold."""
