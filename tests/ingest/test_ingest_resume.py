"""Resumable batches: SIGKILL in the middle of a run, rerun, and the store equals one clean run's."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitroom.ingest import ingest
from sitroom.ingest.checkpoint import SUFFIX, Checkpoints

# A slow fake pipeline in a real process: slow enough that a kill lands mid-run, no spaCy needed.
SCRIPT = """
import sys, time
from itertools import islice
from sitroom.ingest import ingest
from sitroom.records import Analysis, Event, Evidence, stable_id
from sitroom.store import open_store

class Slow:
    def analyze_many(self, articles):
        it = iter(articles)
        while batch := list(islice(it, 4)):
            for a in batch:
                time.sleep(0.04)
                ev = Event(id=stable_id(a.id, "event", 0), article_id=a.id, event_type="Battles",
                           sub_event_type="Armed clash", plover="FIGHT", confidence=0.6,
                           trigger=Evidence.of(a, 0, 8))
                yield Analysis(article=a, events=[ev])

with open_store(sys.argv[1]) as store:
    print(ingest(sys.argv[2:], store=store, pipeline=Slow()).summary(), flush=True)
"""


def _sources(tmp_path: Path, make_warc, make_page) -> list[str]:
    lines = [json.dumps({"text": f"Shelling hit district {n} of Rivertown overnight, residents said."})
             for n in range(15)]  # fmt: skip
    lines.insert(7, "{not json")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    pages = [(f"https://news.example/{n}", "text/html", make_page(n)) for n in range(15)]
    pages.insert(4, ("https://news.example/x.pdf", "application/pdf", b"%PDF-1.4"))
    warc = make_warc(tmp_path / "batch.warc.gz", pages)
    return [str(jsonl), str(warc)]


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": conn.execute(
                "SELECT id, title, url, status, pipeline_version FROM articles ORDER BY id"
            ).fetchall(),
            "events": conn.execute("SELECT id, article_id FROM events ORDER BY id").fetchall(),
            "evidence": conn.execute(
                "SELECT owner_id, start, end, text FROM evidence ORDER BY owner_id, start"
            ).fetchall(),
            "errors": conn.execute(
                "SELECT source, line, reason, article_id FROM errors ORDER BY source, line"
            ).fetchall(),
        }
    finally:
        conn.close()


def _run(script: Path, db: Path, sources: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(script), str(db), *sources],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_then_rerun_equals_one_clean_run(tmp_path, make_warc, make_page):
    sources = _sources(tmp_path, make_warc, make_page)
    script = tmp_path / "slow_ingest.py"
    script.write_text(SCRIPT)

    clean_db = tmp_path / "clean.db"
    clean = _run(script, clean_db, sources)
    assert clean.wait(timeout=120) == 0, clean.stderr.read()

    db = tmp_path / "killed.db"
    victim = _run(script, db, sources)
    deadline = time.monotonic() + 60
    stored = 0
    while stored < 18 and time.monotonic() < deadline:  # into the WARC, past the JSONL
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0  # the schema is being created
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    halfway = _snapshot(db)
    assert 0 < len(halfway["articles"]) < 30  # killed mid-run, not before or after
    checkpoint = json.loads(Path(str(db) + SUFFIX).read_text())
    assert checkpoint  # the interrupted files are marked

    rerun = _run(script, db, sources)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert _snapshot(db) == _snapshot(clean_db)
    assert len(_snapshot(db)["articles"]) == 30
    assert not Path(str(db) + SUFFIX).exists()  # a complete run leaves no checkpoint behind


def test_resume_skips_settled_records_and_reports_it(
    tmp_path, store, pipeline, make_warc, make_page
):
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps({"text": f"Clashes erupted in village {n} at dawn."}) for n in range(6)
        )
    )
    book = Checkpoints.beside(store.path, version="v|False")
    key = book.key(jsonl)
    book.advance(key, 4)
    book.save()
    report = ingest([str(jsonl)], store=store, pipeline=pipeline, checkpoints=Checkpoints.beside(
        store.path, version="v|False"))  # fmt: skip
    assert report.seen == 2 and report.resumed == {str(jsonl): 4}
    assert not Path(store.path + SUFFIX).exists()


def test_changed_file_starts_afresh(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "one"}\n')
    book = Checkpoints(tmp_path / "cp.json")
    book.advance(book.key(f), 1)
    f.write_text('{"text": "one"}\n{"text": "two"}\n')
    assert book.resume_point(f) == 0
