"""Resumable batches: per source file, how many records (lines, WARC records) are settled in the store.

A JSON sidecar next to the database, replaced atomically; it never runs ahead of what is stored.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

SUFFIX = ".checkpoints.json"
SAVE_EVERY_S = 0.5  # a write per settled article would cost more than the article on fast sources


class Checkpoints:
    """Resume points by source file. A changed file (size, mtime) or pipeline version starts afresh."""

    def __init__(self, path: Path | None, *, version: str = "") -> None:
        self.path = path
        self.version = version
        self._done: dict[str, int] = {}
        self.resumed: dict[
            str, int
        ] = {}  # file → records skipped because a former run settled them
        self._resumed_keys: set[str] = set()
        self._dirty = False
        self._saved_at = 0.0
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged sidecar only costs a full re-read: storage is idempotent
            if isinstance(data, dict):
                self._done = {str(k): int(v) for k, v in data.items() if isinstance(v, int)}

    @classmethod
    def beside(cls, db_path: str | None, *, version: str = "") -> Checkpoints:
        """The sidecar of a SQLite file; a no-op book for ":memory:" or a store without a file."""
        if not db_path or db_path == ":memory:":
            return cls(None, version=version)
        return cls(Path(db_path + SUFFIX), version=version)

    def key(self, file: Path) -> str | None:
        try:
            stat = file.stat()
        except OSError:
            return None
        return f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.version}"

    def resume_point(self, file: Path) -> int:
        """Records of `file` already settled by an interrupted run (0 when none)."""
        key = self.key(file)
        done = self._done.get(key, 0) if key else 0
        if key and done:
            self.resumed[str(file)] = done
            self._resumed_keys.add(key)
        return done

    def advance(self, key: str, done: int) -> None:
        if done > self._done.get(key, 0):
            self._done[key] = done
            self._dirty = True
            if time.monotonic() - self._saved_at >= SAVE_EVERY_S:
                self.save()

    def finish(self, keys: set[str]) -> None:
        """The sources were read to the end: the next run reads them whole again (and finds them stored)."""
        for key in keys | self._resumed_keys:
            if self._done.pop(key, None) is not None:
                self._dirty = True
        self.save()

    def save(self) -> None:
        self._saved_at = time.monotonic()
        if self.path is None or not self._dirty:
            return
        self._dirty = False
        if not self._done:
            self.path.unlink(missing_ok=True)
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self._done, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
