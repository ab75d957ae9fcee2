"""Concurrent-writer benchmark: W `sitroom ingest` processes and a reader on one SQLite file.

`run(n=200)` → 3 × 200 articles through the real CLI and pipeline; the store must hold exactly 600.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .texts import news_text

WRITERS = 3
READER = """
import os, sys
from sitroom.store import open_store
db, stop = sys.argv[1], sys.argv[2]
reads = 0
while not os.path.exists(stop):
    with open_store(db) as store:
        store.events(limit=100)
        store.stats()
    reads += 1
print(reads)
"""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("sitroom")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "sitroom.cli"]


def run(*, corpus: Path | None = None, n: int = 200, quiet: bool = True) -> dict[str, Any]:
    """W writers × `n` distinct articles (generated; `corpus` is not used) and one reader."""
    rng = random.Random(13)
    with tempfile.TemporaryDirectory(prefix="sitroom-writers-") as tmp:
        folder = Path(tmp)
        db = folder / "shared.db"
        sources = []
        for w in range(WRITERS):
            path = folder / f"writer{w}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for i in range(n):
                    text = f"Dispatch {w}-{i}. " + news_text(rng)
                    handle.write(json.dumps({"text": text, "published": "2024-03-05"}) + "\n")
            sources.append(path)
        env = {**os.environ, "SITROOM_DB": str(db)}
        stop = folder / "stop"
        subprocess.run([*_command(), "articles", "--db", str(db)], env=env, capture_output=True)
        started = time.monotonic()
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        writers = [
            subprocess.Popen(
                [*_command(), "ingest", "-q", "--db", str(db), str(src)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for src in sources
        ]
        outputs = [p.communicate() for p in writers]
        seconds = time.monotonic() - started
        stop.touch()
        reads, reader_err = reader.communicate()
        conn = sqlite3.connect(db)
        try:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            distinct = conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0]
            skipped = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    stderr = "".join(err for _, err in outputs) + reader_err
    return {
        "writers": WRITERS,
        "per_writer": n,
        "expected": WRITERS * n,
        "stored": stored,
        "distinct": distinct,
        "skipped": skipped,
        "events": events,
        "integrity": integrity,
        "writer_exit_codes": [p.returncode for p in writers],
        "locked_messages": stderr.lower().count("locked"),
        "reader_reads": int(reads.strip() or 0),
        "seconds": round(seconds, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(n=int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
