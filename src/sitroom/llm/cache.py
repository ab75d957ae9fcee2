"""On-disk cache of LLM answers keyed by (model, prompt version, chunk text hash), in one SQLite file
under `$SITROOM_CACHE` (default `~/.cache/sitroom`): re-running an ingest costs no tokens.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

from .client import ChatAnswer, Usage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_answer (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    prompt_version INTEGER NOT NULL,
    content TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def cache_dir() -> Path:
    return Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")


def cache_key(model: str, prompt_version: int, text: str) -> str:
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{model}\x1f{prompt_version}\x1f{text_hash}".encode()).hexdigest()


class AnswerCache:
    """Thread-safe get/put of answers; an unusable cache file degrades to no caching."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else cache_dir() / "llm.sqlite"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error):
            self._db = None  # read-only home, corrupt file: run without a cache

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> ChatAnswer | None:
        if self._db is None:
            return None
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT content, prompt_tokens, completion_tokens FROM llm_answer WHERE key = ?",
                    (key,),
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        return ChatAnswer(content=row[0], usage=Usage(row[1], row[2]), attempts=0)

    def put(self, key: str, *, model: str, prompt_version: int, answer: ChatAnswer) -> None:
        if self._db is None:
            return
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO llm_answer"
                    " (key, model, prompt_version, content, prompt_tokens, completion_tokens)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        model,
                        prompt_version,
                        answer.content,
                        answer.usage.prompt_tokens,
                        answer.usage.completion_tokens,
                    ),
                )
                self._db.commit()
            except sqlite3.Error:
                pass  # a cache that cannot be written only costs tokens next time

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.close()
                self._db = None
