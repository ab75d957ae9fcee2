"""Administration commands: `sitroom backup`, `restore`, `doctor` and `fuzz` (thin layers over the library).

Registered on the main `app` when `sitroom.cli` imports this module.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .cli import STATE, _guard, _settings, app, err, out

DbOpt = typer.Option(None, "--db", help="SQLite path, sqlite:///path (default $SITROOM_DB)")


def _db_path(db: str | None) -> str:
    from .store import sqlite_path

    return sqlite_path(db or _settings().db)


@app.command()
@_guard
def backup(
    dest: Path = typer.Argument(..., help="backup file to write (or a folder to put it in)"),
    db: str | None = DbOpt,
) -> None:
    """Copy the database (consistent even while other processes write to it)."""
    from .store.maintenance import backup as run_backup

    written = run_backup(_db_path(db), dest)
    if not STATE.quiet:
        err.print(f"backup written to {written}", markup=False, highlight=False)


@app.command()
@_guard
def restore(
    src: Path = typer.Argument(..., help="a backup made by `sitroom backup`"),
    db: str | None = DbOpt,
    force: bool = typer.Option(False, "--force", help="replace an existing database"),
) -> None:
    """Replace the database by a backup, after checking that the backup is sound."""
    from .store.maintenance import restore as run_restore

    path = _db_path(db)
    version = run_restore(str(src), path, force=force)
    if not STATE.quiet:
        err.print(
            f"restored {path} from {src} (schema version {version})", markup=False, highlight=False
        )


@app.command()
@_guard
def doctor(
    db: str | None = DbOpt,
    format: str = typer.Option("text", "--format", "-f", help="text|json"),
) -> None:
    """Check the store: file integrity, foreign keys, orphan rows, every evidence span. Exit 1 on problems."""
    from .store.maintenance import doctor as run_doctor

    report = run_doctor(_db_path(db))
    if format == "json":
        print(json.dumps({"path": report.path, "ok": report.ok, "checks": report.checks,
                          "problems": report.problems}, ensure_ascii=False))  # fmt: skip
    else:
        for line in report.checks:
            out.print(f"ok       {line}", markup=False, highlight=False)
        for line in report.problems:
            out.print(f"PROBLEM  {line}", markup=False, highlight=False)
        verdict = (
            "the store is healthy" if report.ok else f"{len(report.problems)} problem(s) found"
        )
        out.print(f"{report.path}: {verdict}", markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@_guard
def fuzz(
    seconds: float = typer.Option(60.0, "--seconds", help="how long to generate and check texts"),
    seed: int | None = typer.Option(None, help="random seed (printed, to replay a run)"),
    out_dir: Path = typer.Option(Path("."), "--out", help="folder for the failing texts (JSONL)"),
    text_budget: float = typer.Option(
        120.0, "--text-budget", help="seconds to check one text (5 pipeline runs); longer = a hang"
    ),
) -> None:
    """Check the ingest invariants on generated hostile texts; the last stdout line is JSON."""
    from .pipeline import Pipeline
    from .reliability.fuzz import run_fuzz

    pipeline = Pipeline(_settings())
    report = run_fuzz(
        seconds=seconds, pipeline=pipeline, seed=seed, out_dir=out_dir, text_budget_s=text_budget
    )
    print(json.dumps(report.to_dict(), ensure_ascii=False))
    if report.failures:
        raise typer.Exit(1)
