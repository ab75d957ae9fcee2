"""`sitroom bench ingest`: WARC reading + extraction + storage speed, with a pipeline that does nothing.

A WARC of `n` generated news pages (or `corpus`, a .warc/.warc.gz) is ingested into a fresh database.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from ..records import Analysis, Article

# Sentences the generated pages are made of (invented; varied so that every page differs).
_SENTENCES = (
    "Militants attacked a checkpoint outside {town} on Tuesday, officials said.",
    "At least {k} people were wounded and taken to the district hospital.",
    "The army said reinforcements had been sent and the road was closed.",
    "Residents of {town} reported hearing gunfire late into the night.",
    "A local council member said talks with the armed group had stalled.",
)


class _NoAnalysis:
    """A pipeline that analyses nothing: the bench times reading, extraction and storage."""

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        return (Analysis(article=a) for a in articles)


def write_bench_warc(path: Path, n: int) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            town = f"Town{i}"
            paras = "".join(
                f"<p>{s.format(town=town, k=i % 9 + 2)}</p>" for s in _SENTENCES * (1 + i % 3)
            )
            html = (
                f"<html><head><title>Report {i} from {town}</title></head><body><nav>Home</nav>"
                f"<article><h1>Report {i}</h1>{paras}</article><footer>(c)</footer></body></html>"
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{i}", "response",
                payload=BytesIO(html.encode()), http_headers=headers,
            )  # fmt: skip
            writer.write_record(record)
    return path


def run(*, corpus: Path | None = None, n: int = 1000, quiet: bool = True) -> dict[str, Any]:
    from ..store import open_store
    from .run import ingest

    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        source = Path(corpus) if corpus else write_bench_warc(Path(tmp) / "bench.warc.gz", n)
        with open_store(str(Path(tmp) / "bench.db")) as store:
            started = time.perf_counter()
            report = ingest([str(source)], store=store, pipeline=_NoAnalysis())
            seconds = time.perf_counter() - started
    return {
        "bench": "ingest",
        "corpus": str(corpus) if corpus else f"generated WARC, {n} pages",
        "records": report.seen,
        "added": report.added,
        "skipped": report.skipped,
        "seconds": round(seconds, 3),
        "records_per_s": round(report.seen / seconds, 1) if seconds else None,
    }
