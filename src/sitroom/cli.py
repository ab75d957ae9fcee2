"""Command-line interface: thin typer commands over the library (no logic a test needs to reach).

Errors: one readable line on stderr; exit 2 for bad input, 1 for runtime failures; --debug re-raises.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from .errors import SitroomError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="sitroom: conflict news → sourced, geocoded, dated events with evidence for every field.",
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class State:
    db: str | None = None
    quiet: bool = False
    debug: bool = False
    config: str | None = None
    llm: str | None = None
    llm_model: str | None = None


STATE = State()


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn sitroom errors into one stderr line and the right exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SitroomError as exc:
            if STATE.debug:
                raise
            err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # an internal bug: still one line unless --debug
            if STATE.debug:
                raise
            err.print(
                f"error: internal failure: {type(exc).__name__}: {exc} (rerun with --debug)",
                markup=False,
                highlight=False,
            )
            raise typer.Exit(1) from None

    return wrapper


def _settings(**overrides: Any) -> Any:
    from .config import load_settings

    return load_settings(
        config_file=STATE.config,
        db=STATE.db,
        llm_url=STATE.llm,
        llm_model=STATE.llm_model,
        **overrides,
    )


def _store(db: str | None) -> Any:
    from .store import open_store
    from .store.limits import StoreLimits

    settings = _settings()
    limits = StoreLimits(
        max_events_per_article=settings.max_events_per_article,
        max_spans_per_article=settings.max_spans_per_article,
    )
    return open_store(db or settings.db, limits=limits)


def _emit(rows: list[dict[str, Any]], fmt: str, *, table: Callable, render: Callable) -> None:
    """A rich table on the terminal for `table`, else the rows rendered in format `fmt`."""
    if fmt == "table":
        out.print(table(rows))
    else:
        sys.stdout.write(render(rows, fmt))


DbOpt = typer.Option(
    None,
    "--db",
    help="SQLite path, sqlite:///path or postgresql://user@host/db (default $SITROOM_DB or ./sitroom.db)",
)


@app.callback()
def main_options(
    db: str | None = typer.Option(None, "--db", help="database DSN for all commands"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bars or summaries"),
    debug: bool = typer.Option(False, "--debug", help="show tracebacks"),
    config: str | None = typer.Option(None, "--config", help="TOML config file"),
    llm: str | None = typer.Option(
        None, "--llm", help="OpenAI-compatible LLM server URL (adds the llm stage)"
    ),
    llm_model: str | None = typer.Option(None, "--llm-model", help="model name for the LLM server"),
) -> None:
    """sitroom: conflict news → sourced, geocoded, dated events."""
    STATE.db, STATE.quiet, STATE.debug, STATE.config = db, quiet, debug, config
    STATE.llm, STATE.llm_model = llm, llm_model
    # benchmarks load their own settings: pass the LLM choice on through the environment
    if llm:
        os.environ["SITROOM_LLM_URL"] = llm
    if llm_model:
        os.environ["SITROOM_LLM_MODEL"] = llm_model


@app.command()
@_guard
def ingest(
    sources: list[str] = typer.Argument(
        ..., help="files, directories, http(s) URLs, .warc/.warc.gz, - for stdin"
    ),
    published: str | None = typer.Option(None, help="publication date YYYY-MM-DD"),
    outlet: str | None = typer.Option(None, help="outlet name"),
    db: str | None = DbOpt,
    force: bool = typer.Option(False, help="re-process articles already stored"),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="let URLs resolve to loopback/private addresses"
    ),
    workers: int | None = typer.Option(None, "--workers", help="pipeline processes (default 1)"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Read articles, run the pipeline and store events with their evidence."""
    from .ingest import ingest as run_ingest
    from .ingest import parse_published, plan_sources
    from .pipeline import Pipeline
    from .progress import progress_bar

    when = parse_published(published, where="--published") if published is not None else None
    plan_sources(sources)  # a missing path is bad input before anything is loaded or stored
    settings = _settings(workers=workers)
    quiet = quiet or STATE.quiet
    with _store(db) as store, ExitStack() as stack:
        if settings.workers > 1:
            from .ingest.workers import ParallelPipeline

            pipeline: Any = stack.enter_context(
                ParallelPipeline(settings, workers=settings.workers)
            )
        else:
            pipeline = Pipeline(settings)
        with progress_bar("ingesting", quiet=quiet) as tick:
            report = run_ingest(
                sources,
                store=store,
                pipeline=pipeline,
                published=when,
                outlet=outlet,
                force=force,
                allow_private=allow_private,
                on_progress=tick,
                max_chars=settings.max_text_chars,
            )
    if not quiet:
        err.print(report.summary())
        llm = next((st for st in getattr(pipeline, "stages", []) if st.name == "llm"), None)
        if llm is not None and llm.stats.chunks:
            s = llm.stats
            err.print(
                f"llm: {s.chunks} windows ({s.cached} cached, {s.failed} failed, {s.malformed} "
                f"malformed) · {s.prompt_tokens}+{s.completion_tokens} tokens · "
                f"${s.cost_usd:.4f} · {s.events_llm} events added, {s.events_both} confirmed · "
                f"{sum(s.grounding.rejected.values())} ungrounded fields dropped"
            )
        for path, done in report.resumed.items():
            err.print(f"resumed {path} after record {done}")
    for message in report.errors:
        err.print(f"skipped: {message}", markup=False, highlight=False)


@app.command()
@_guard
def events(
    db: str | None = DbOpt,
    format: str = typer.Option(
        "table", "--format", "-f", help="table|json|jsonl|csv|acled|geojson|plover"
    ),
    limit: int | None = typer.Option(None),
    event_type: str | None = typer.Option(None, "--type"),
    min_confidence: float | None = typer.Option(None),
    include_flagged: bool = typer.Option(
        True, help="include negated/hypothetical/historical events"
    ),
) -> None:
    """List stored events."""
    from .export import render_events
    from .render import events_table

    with _store(db) as store:
        rows = store.events(
            limit=limit,
            event_type=event_type,
            min_confidence=min_confidence,
            include_flagged=include_flagged,
        )
    _emit(rows, format, table=events_table, render=render_events)


@app.command()
@_guard
def quotes(
    db: str | None = DbOpt,
    format: str = typer.Option("table", "--format", "-f", help="table|json|jsonl"),
    limit: int | None = typer.Option(None),
) -> None:
    """List attributions: who said what, and which events each supports."""
    from .render import dump, quotes_table

    with _store(db) as store:
        rows = store.quotes(limit=limit)
    _emit(rows, format, table=quotes_table, render=dump)


@app.command()
@_guard
def articles(
    db: str | None = DbOpt,
    format: str = typer.Option("table", "--format", "-f", help="table|json|jsonl"),
    with_text: bool = typer.Option(False, "--with-text", help="include the stored text"),
    limit: int | None = typer.Option(None),
) -> None:
    """List stored articles (id, title, outlet, published, url, status)."""
    from .render import articles_table, dump

    with _store(db) as store:
        rows = store.articles(with_text=with_text, limit=limit)
    _emit(rows, format, table=articles_table, render=dump)


@app.command()
@_guard
def show(
    event_id: str = typer.Argument(..., help="event id (or a unique prefix of 6+ characters)"),
    db: str | None = DbOpt,
    format: str = typer.Option("text", "--format", "-f", help="text|json"),
) -> None:
    """One event: every field with the exact words of the article that support it."""
    from .render import event_detail

    with _store(db) as store:
        event = store.event(event_id)
        evidence = store.evidence_for(event["id"])
        article = store.article(event["reports"][0]["article_id"]) if event.get("reports") else None
    if format == "json":
        sys.stdout.write(
            json.dumps({"event": event, "evidence": evidence}, ensure_ascii=False, indent=2) + "\n"
        )
    else:
        out.print(event_detail(event, evidence, article), soft_wrap=False)


@app.command()
@_guard
def errors(db: str | None = DbOpt, format: str = typer.Option("table", "--format", "-f")) -> None:
    """What was skipped, and why."""
    from .render import dump, errors_table

    with _store(db) as store:
        rows = store.errors()
    _emit(rows, format, table=errors_table, render=dump)


@app.command()
@_guard
def serve(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    db: str | None = DbOpt,
    read_only: bool = typer.Option(False, "--read-only", help="refuse review writes"),
) -> None:
    """Serve the web UI at / and the REST API under /api (OpenAPI at /openapi.json)."""
    import uvicorn

    from .api import create_app

    dsn = db or _settings().db
    application = create_app(dsn, read_only=read_only)
    security = application.state.security
    if security.generated:
        out.print(f"review write token (shown once; or set SITROOM_TOKEN): {security.token}")
    url = f"http://{host}:{port}/" + (f"#token={security.token}" if security.token else "")
    out.print(f"sitroom serving {dsn} at {url}  (API: /api, Ctrl-C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
@_guard
def predict(
    task: str = typer.Argument(..., help="geo|time|events|quotes|coref|articles"),
    input: Path = typer.Argument(..., exists=False),
    out_path: Path = typer.Option(..., "--out", help="where to write predictions (JSONL)"),
    limit: int | None = typer.Option(None),
) -> None:
    """Run the pipeline on an evaluation input and write predictions in the gold format."""
    from .eval.runner import predict_file
    from .pipeline import Pipeline

    n = predict_file(task, input, out_path, pipeline=Pipeline(_settings()), limit=limit)
    if not STATE.quiet:
        err.print(f"{n} predictions written to {out_path}")


@app.command(name="eval")
@_guard
def evaluate(
    task: str = typer.Argument(..., help="geo|time|events|quotes|coref|articles"),
    gold: Path = typer.Argument(...),
    out_path: Path | None = typer.Option(None, "--out"),
    limit: int | None = typer.Option(None),
) -> None:
    """Predict and score against a gold file; the last stdout line is one JSON object of metrics."""
    from .eval.runner import evaluate as run_eval
    from .pipeline import Pipeline

    metrics = run_eval(task, gold, pipeline=Pipeline(_settings()), out=out_path, limit=limit)
    print(json.dumps(metrics))


@app.command()
@_guard
def bench(
    what: str = typer.Argument("pipeline", help="pipeline|time|geo|..."),
    corpus: Path | None = typer.Option(None, help="JSONL with a text field"),
    n: int = typer.Option(150, help="number of articles"),
) -> None:
    """Benchmarks; the last stdout line is JSON."""
    from .bench import run_bench

    print(json.dumps(run_bench(what, corpus=corpus, n=n, quiet=STATE.quiet)))


@app.command()
@_guard
def demo(
    examples: Path = typer.Option(Path("examples"), help="folder of sample articles"),
    db: str | None = DbOpt,
    port: int = typer.Option(8000),
    no_serve: bool = typer.Option(False, "--no-serve", help="only ingest and print the events"),
) -> None:
    """Ingest the bundled sample articles, print the event table, then serve the web UI."""
    ingest(
        [str(examples)],
        published=None,
        outlet=None,
        db=db,
        force=False,
        allow_private=False,
        workers=None,
        quiet=STATE.quiet,
    )
    events(
        db=db,
        format="table",
        limit=None,
        event_type=None,
        min_confidence=None,
        include_flagged=True,
    )
    if not no_serve:
        serve(host="127.0.0.1", port=port, db=db, read_only=False)


def _register_command_modules() -> None:
    """Commands that live in their own modules (each decorates `app` on import)."""
    import importlib

    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


# Modules that add commands to `app` (kept out of this file so it stays thin and small).
COMMAND_MODULES = [
    "sitroom.cli_admin",
    "sitroom.cli_sources",
    "sitroom.cli_review",
    "sitroom.cli_fusion",
    "sitroom.cli_geo",
    "sitroom.cli_batch",
]


_register_command_modules()  # at import, after `app` exists, so tests that import `app` see them


def main() -> None:
    app()


if __name__ == "__main__":
    # `python -m sitroom.cli`: run the imported module's app, the one the command modules decorate.
    from sitroom.cli import main as _main

    _main()
