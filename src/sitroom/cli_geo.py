"""Gazetteer commands: `sitroom gazetteer import FILE... [--out PATH]` builds the on-disk index
that geoparsing then uses automatically (a thin layer over `sitroom.geo.sqlite_gazetteer`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .cli import STATE, _guard, app, err, out

gazetteer_app = typer.Typer(help="Gazetteer: import GeoNames dumps into the on-disk index.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
@_guard
def import_(
    files: list[Path] = typer.Argument(
        ..., help="GeoNames files: allCountries.zip, XX.txt, cities500.zip, alternateNamesV2.zip"
    ),
    out_path: Path | None = typer.Option(
        None, "--out", help="index to write (default: the cache folder, used automatically)"
    ),
) -> None:
    """Build an indexed SQLite gazetteer from GeoNames dump files (plus the embedded one)."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from .geo.gazetteer import cache_dir
    from .geo.sqlite_gazetteer import DEFAULT_NAME, import_dumps

    target = out_path or cache_dir() / DEFAULT_NAME
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, disable=STATE.quiet, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        summary = import_dumps([str(f) for f in files], target, progress=report)
    if not STATE.quiet:
        used = "used automatically" if out_path is None else "use it with SITROOM_GAZETTEER"
        err.print(f"gazetteer index written to {target} ({used})", markup=False, highlight=False)
    out.print(json.dumps(summary), markup=False, highlight=False)
