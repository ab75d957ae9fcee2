"""`sitroom bench batch`: articles/s of `sitroom batch` on local Dask clusters of 1 and 2 workers.

Cluster start and pipeline load are timed apart; a SQLite target against PostgreSQL when one is around.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import BadInput
from .driver import BatchOptions, dask_client, run_batch
from .partition import PlanOptions

PG_ENV = ("SITROOM_BENCH_PG_DSN", "SITROOM_TEST_PG_DSN")  # a PostgreSQL server to measure against
PARTITIONS_PER_RUN = 16  # enough that two workers stay busy to the end


def examples_folder() -> Path | None:
    """The bundled examples/ folder of the checkout (or of the working directory)."""
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        folder = base / "examples"
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def synthetic_rows(n: int) -> list[dict[str, Any]]:
    """`n` distinct articles made from the examples (each with a closing line naming its copy)."""
    from ..ingest.frontmatter import split_front_matter

    folder = examples_folder()
    if folder is None:
        raise BadInput("no examples/ folder found; pass --corpus FILE.jsonl")
    bases = []
    for path in sorted(folder.glob("*.txt")):
        front = split_front_matter(path.read_text(encoding="utf-8"))
        bases.append((front.body.strip(), front.meta))
    rows = []
    for i in range(n):
        body, meta = bases[i % len(bases)]
        copy = f"This is copy {i // len(bases) + 1} of the report."
        rows.append({
            "text": f"{body}\n\n{copy}", "title": meta.get("title"),
            "outlet": meta.get("outlet"), "published": str(meta.get("published") or "") or None,
        })  # fmt: skip
    return rows


def _rows(corpus: Path | None, n: int) -> tuple[list[dict[str, Any]], str]:
    if corpus is None:
        return synthetic_rows(n), f"synthetic: {n} copies of examples/*.txt"
    from ..bench import _load_texts

    if not Path(corpus).is_file():
        raise BadInput(f"no such corpus file: {corpus}")
    return _load_texts(Path(corpus), n), str(corpus)


def _write(rows: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _measure(jsonl: Path, *, workers: int, target: str, per: int) -> dict[str, Any]:
    from ..config import load_settings

    settings = load_settings(config_file=None)
    options = BatchOptions(
        target=target, plan=PlanOptions(records_per_partition=per), fuse=False,
        manifest=str(jsonl.with_name(f"manifest-{uuid.uuid4().hex[:8]}.db")),
    )  # fmt: skip
    started = time.perf_counter()
    with dask_client(workers=workers) as client:
        cluster_s = time.perf_counter() - started
        report = run_batch([str(jsonl)], client=client, settings=settings, options=options)
    return {
        "workers": workers,
        "articles": report.seen,
        "stored": report.stored,
        "partitions": report.partitions,
        "cluster_start_s": round(cluster_s, 2),
        "pipeline_load_s": round(report.startup_s, 2),  # warm-up on every worker, in parallel
        "seconds": round(report.seconds, 2),  # partitions analysed, stored and committed
        "articles_per_s": round(report.articles_per_s, 3),
    }


@contextmanager
def _postgres() -> Iterator[tuple[str | None, str]]:
    """(DSN of an empty schema, where it is) or (None, why not measured)."""
    from ..store.pg_cluster import scratch_schema, throwaway_cluster, unavailable_reason

    dsn = next((os.environ[k] for k in PG_ENV if os.environ.get(k)), None)
    if dsn:
        with scratch_schema(dsn, prefix="bench") as scoped:
            yield scoped, "given server"
        return

    reason = unavailable_reason()
    if reason:
        yield None, f"not measured: {reason}; set SITROOM_TEST_PG_DSN"
        return
    with throwaway_cluster() as server, scratch_schema(server, prefix="bench") as scoped:
        yield scoped, "throwaway local cluster (fsync off)"


def _pg_bytes(dsn: str) -> int:
    """Tables, their indexes and TOAST in the bench's schema."""
    import psycopg

    sql = (
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )
    with psycopg.connect(dsn) as conn:
        row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


def run(*, corpus: Path | None = None, n: int = 150, quiet: bool = True) -> dict[str, Any]:
    """Rates with 1 and 2 local workers (SQLite target), then 2 workers into PostgreSQL."""
    rows, source = _rows(corpus, n)
    per = max(1, -(-len(rows) // PARTITIONS_PER_RUN))
    words = sum(len(r["text"].split()) for r in rows)
    load = os.getloadavg()[0]
    result: dict[str, Any] = {
        "bench": "batch",
        "corpus": source,
        "articles": len(rows),
        "words": words,
        "records_per_partition": per,
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(load, 2),  # a shared machine: other work lowers the rates
    }
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-batch-") as tmp:
        jsonl = _write(rows, Path(tmp) / "corpus.jsonl")
        one = _measure(jsonl, workers=1, target=str(Path(tmp) / "w1.db"), per=per)
        two = _measure(jsonl, workers=2, target=str(Path(tmp) / "w2.db"), per=per)
        db_bytes = (Path(tmp) / "w2.db").stat().st_size
        result["sqlite"] = {"workers_1": one, "workers_2": two}
        rate1, rate2 = one["articles_per_s"], two["articles_per_s"]
        result["articles_per_s_1"] = rate1
        result["articles_per_s_2"] = rate2
        result["words_per_s_1"] = round(rate1 * words / len(rows), 1)
        result["efficiency"] = round(rate2 / (2 * rate1), 3) if rate1 else None
        result["sqlite_bytes_per_article"] = round(db_bytes / max(two["stored"], 1))
        with _postgres() as (dsn, where):
            if dsn is None:
                result["postgres"] = where
            else:
                pg = _measure(jsonl, workers=2, target=dsn, per=per)  # into an empty schema
                result["postgres"] = {"server": where, "workers_2": pg}
                result["postgres_bytes_per_article"] = round(_pg_bytes(dsn) / max(pg["stored"], 1))
                result["articles_per_s_2_postgres"] = pg["articles_per_s"]
    return result
