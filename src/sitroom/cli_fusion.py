"""`sitroom fuse | fused | merge | split`: fusion commands, a thin layer over `sitroom.fusion`.

Imported by cli.py through COMMAND_MODULES; every command calls one library function.
"""

from __future__ import annotations

import json

import typer
from rich.table import Table

from .cli import STATE, DbOpt, _guard, _store, app, err, out
from .errors import BadInput


@app.command()
@_guard
def fuse(
    db: str | None = DbOpt,
    rebuild: bool = typer.Option(
        False, "--rebuild", help="fuse everything again (user decisions kept)"
    ),
) -> None:
    """Fuse new or re-processed articles' events into real-world events (incremental)."""
    from .fusion import fuse as run_fuse

    with _store(db or STATE.db) as store:
        summary = run_fuse(store, rebuild=rebuild)
    if not STATE.quiet:
        err.print(
            f"fused {summary.events} events of {summary.articles} articles "
            f"({summary.copies} near-duplicate copies); {summary.fused_events} fused events"
        )


@app.command()
@_guard
def fused(
    db: str | None = DbOpt,
    format: str = typer.Option("table", "--format", "-f", help="table|json|jsonl"),
    limit: int | None = typer.Option(None, help="at most this many"),
    min_sources: int = typer.Option(
        1, help="only events with at least this many independent sources"
    ),
    show: str | None = typer.Option(
        None, "--show", help="one fused event (id or member event id), with history"
    ),
) -> None:
    """Fused events: reports, independent sources, reconciled fields and conflicts."""
    from .fusion import fused_event, fused_events

    with _store(db or STATE.db) as store:
        if show:
            print(json.dumps(fused_event(store, show), indent=2))
            return
        rows = fused_events(store, limit=limit, min_sources=min_sources)
    if format == "json":
        print(json.dumps(rows, indent=2))
    elif format == "jsonl":
        for row in rows:
            print(json.dumps(row))
    elif format == "table":
        table = Table(
            "id", "date", "type", "location", "fatalities", "sources", "reports", "conflicts"
        )
        for row in rows:
            deaths = row.get("fatalities") or {}
            table.add_row(
                row["id"][:10],
                (row.get("date") or {}).get("value") or "",
                row.get("event_type") or "",
                (row.get("location") or {}).get("name") or "",
                f"{deaths['low']}-{deaths['high']}" if deaths else "",
                str(row["independent_sources"]),
                str(len(row["reports"])),
                ",".join(c["field"] for c in row["conflicts"]),
            )
        out.print(table)
    else:
        raise BadInput(f"unknown format {format!r}; use table, json or jsonl")


@app.command()
@_guard
def merge(
    ids: list[str] = typer.Argument(
        ..., help="fused event ids (or member event ids); the first is kept"
    ),
    reason: str = typer.Option(..., "--reason", help="why (recorded in the history)"),
    db: str | None = DbOpt,
) -> None:
    """Merge fused events into one; the decision survives re-fusion."""
    from .fusion import merge as run_merge

    with _store(db or STATE.db) as store:
        print(run_merge(store, ids, reason=reason))


@app.command()
@_guard
def split(
    ident: str = typer.Argument(..., help="a member event id (it leaves), or a fused id"),
    reason: str = typer.Option(..., "--reason", help="why (recorded in the history)"),
    event: list[str] = typer.Option(
        [], "--event", help="with a fused id: the member events that leave"
    ),
    db: str | None = DbOpt,
) -> None:
    """Split a wrong merge; the decision survives re-fusion. Prints the fused ids afterwards."""
    from .fusion import split as run_split

    with _store(db or STATE.db) as store:
        for fused_id in run_split(store, ident, event_ids=event or None, reason=reason):
            print(fused_id)
