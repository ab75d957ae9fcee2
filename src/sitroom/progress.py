"""Rich progress bars with counts and rate, silent when quiet or when only one item is processed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(label: str, *, quiet: bool = False) -> Iterator[Callable[[int, int | None], None]]:
    """Yield `tick(done, total)`; the bar appears once more than one article is on the way."""
    if quiet:
        yield lambda done, total: None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task_id = progress.add_task(label, total=None, rate=0.0)
    started = [False]

    def tick(done: int, total: int | None) -> None:
        if not started[0] and (total is None or total > 1) and done >= 1:
            progress.start()
            started[0] = True
        elapsed = progress.tasks[0].elapsed or 0.0
        progress.update(
            task_id, completed=done, total=total, rate=done / elapsed if elapsed else 0.0
        )

    try:
        yield tick
    finally:
        if started[0]:
            progress.stop()
