"""`sitroom batch`: the pipeline over many files on a Dask cluster (local or remote), then fusion.

Thin layer over `sitroom.batch`; a rerun of the same command skips the partitions already committed.
"""

from __future__ import annotations

import typer

from .cli import STATE, _guard, _settings, app, err


@app.command()
@_guard
def batch(
    sources: list[str] = typer.Argument(..., help="files and directories (.warc.gz, .jsonl, ...)"),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786"
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="start a local Dask cluster of N worker processes on 127.0.0.1"
    ),
    db: str | None = typer.Option(None, "--db", help="target store: SQLite path or postgresql://"),
    records_per_partition: int = typer.Option(
        250, "--partition-records", help="WARC records / JSONL lines per partition"
    ),
    files_per_partition: int = typer.Option(
        64, "--partition-files", help="small files (txt, html, json) per partition"
    ),
    published: str | None = typer.Option(None, help="publication date YYYY-MM-DD"),
    outlet: str | None = typer.Option(None, help="outlet name"),
    manifest: str | None = typer.Option(
        None, "--manifest", help="done-partition book for a PostgreSQL target (SQLite file)"
    ),
    fuse: bool = typer.Option(True, "--fuse/--no-fuse", help="run fusion as the final step"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Run the pipeline over files on Dask workers; each partition is committed exactly once."""
    from .batch import BatchOptions, PlanOptions, dask_client, run_batch
    from .errors import BadInput
    from .ingest import parse_published, plan_sources
    from .progress import progress_bar

    if (scheduler is None) == (workers is None):
        raise BadInput("give exactly one of --scheduler tcp://host:8786 or --workers N")
    if workers is not None and not 1 <= workers <= 64:
        raise BadInput("--workers must be between 1 and 64")
    when = parse_published(published, where="--published") if published is not None else None
    # a missing path, a URL or stdin is bad input before a cluster starts
    if any(item.path is None for item in plan_sources(sources)):
        raise BadInput("batch reads files only; use `sitroom ingest` for URLs and stdin")
    settings = _settings()
    options = BatchOptions(
        target=db or settings.db,
        plan=PlanOptions(
            records_per_partition=records_per_partition, files_per_partition=files_per_partition
        ),
        published=when, outlet=outlet, fuse=fuse, manifest=manifest,
    )  # fmt: skip
    quiet = quiet or STATE.quiet
    with dask_client(scheduler=scheduler, workers=workers) as client:
        with progress_bar("batch", quiet=quiet) as tick:
            report = run_batch(
                sources, client=client, settings=settings, options=options, on_progress=tick
            )
    if not quiet:
        err.print(report.summary(), markup=False, highlight=False)
