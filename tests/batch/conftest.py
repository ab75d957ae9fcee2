"""Batch fixtures: a small invented corpus (JSONL, WARC written with warcio, text files) and a
snapshot of a store's rows for comparing runs."""

from __future__ import annotations

import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest

# Invented one-paragraph reports; every text differs so that no two partitions share an article.
PLACES = ("Rivertown", "Hillcrest", "Lakeside", "Stonebridge", "Marshfield", "Oakvale", "Redcliff")


def report(n: int, place: str) -> str:
    return (
        f"Gunmen attacked a police post in {place} on Monday, killing {n + 2} officers, "
        f"officials said. The army sent reinforcements to {place} the next day."
    )


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    return path


def page(n: int, place: str) -> bytes:
    return (
        f"<html><head><title>Report {n}</title></head><body><nav>Home</nav><article>"
        f"<p>{report(n, place)}</p><p>Residents of {place} said shops stayed shut.</p>"
        f"</article></body></html>"
    ).encode()


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    """6 JSONL lines (one invalid), a WARC of 6 pages (one PDF), 2 text files: 12 articles."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps({"text": report(n, PLACES[n % 7]), "title": f"Line {n}"}) for n in range(5)]
    lines.insert(2, "{not json")
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n")
    pages = [(f"https://news.example/{n}", "text/html", page(10 + n, PLACES[n])) for n in range(5)]
    pages.insert(3, ("https://news.example/x.pdf", "application/pdf", b"%PDF-1.4"))
    write_warc(folder / "crawl.warc.gz", pages)
    texts = folder / "texts"
    texts.mkdir()
    for n in range(2):
        (texts / f"note{n}.txt").write_text(report(20 + n, PLACES[n + 3]) + "\n")
    return [str(folder / "wire.jsonl"), str(folder / "crawl.warc.gz"), str(texts)]


def snapshot(db: Path | str) -> dict[str, list[tuple]]:
    """The rows two equal runs share (ingestion times, integer row ids and the pipeline version left
    out: the data tables of a shared checkout may change between two runs of a test)."""
    conn = sqlite3.connect(db)
    try:
        queries = {
            "articles": "SELECT id, title, url, outlet, published, source, status,"
            " status = 'ok' AND pipeline_version IS NULL FROM articles ORDER BY id",
            "events": "SELECT id, article_id, json FROM events ORDER BY id",
            "places": "SELECT id, article_id, start FROM places ORDER BY id",
            "timexes": "SELECT id, article_id, start FROM timexes ORDER BY id",
            "attributions": "SELECT id, article_id, json FROM attributions ORDER BY id",
            "evidence": 'SELECT owner_kind, owner_id, field, article_id, start, "end", text,'
            ' saved_by FROM evidence ORDER BY owner_id, field, start, "end", text',
            "errors": "SELECT source, line, reason, article_id FROM errors ORDER BY source, line",
        }
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()


def evidence_mismatches(db: Path | str) -> list[tuple]:
    """Evidence rows whose text is not the article's text at their offsets (should be none)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            'SELECT e.owner_id, e.start, e."end", e.text FROM evidence e'
            " JOIN articles a ON a.id = e.article_id"
            ' WHERE substr(a.text, e.start + 1, e."end" - e.start) != e.text'
        ).fetchall()
    finally:
        conn.close()


class Helpers:
    snapshot = staticmethod(snapshot)
    evidence_mismatches = staticmethod(evidence_mismatches)
    write_warc = staticmethod(write_warc)
    page = staticmethod(page)
    report = staticmethod(report)


@pytest.fixture(scope="session")
def batch_helpers() -> type[Helpers]:
    return Helpers


@pytest.fixture(scope="module")
def thread_client():
    """An in-process Dask cluster (threads): fast, for tests with the model-free pipeline."""
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False,
        dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
    )  # fmt: skip
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()
