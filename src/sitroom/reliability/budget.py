"""A per-article time budget: code that runs past it is interrupted with `OverBudget`.

Uses SIGALRM on the main thread; elsewhere a no-op. Python code is stopped at once, a long C call
(some regex matches, spaCy) only when it returns: such hangs must be fixed where they are.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from ..errors import ArticleSkipped
from ..records import Analysis
from ..registry import run_batch


class OverBudget(ArticleSkipped):
    """The work on an article took longer than its time budget; it is recorded, not retried."""


def can_interrupt() -> bool:
    """True where `time_budget` can stop running code (Unix, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float, *, what: str = "the article") -> Iterator[None]:
    """Raise `OverBudget` inside the block once `seconds` have passed (wall clock).

    Budgets nest (an outer one that ends first governs, and is re-armed after an inner one). Other
    threads and platforms without `setitimer` run the block unbounded. Do not `yield` to outside code
    from inside the block: the alarm would fire there.
    """
    if seconds <= 0 or not can_interrupt():
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer_left and outer_left <= seconds:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(f"{what} took longer than its time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:  # give the outer budget what is left of it (at least a moment)
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def run_stages(
    stages: Sequence[Any],
    analyses: list[Analysis],
    *,
    budget_s: float,
    timings: dict[str, float] | None = None,
) -> list[Analysis]:
    """Run `stages` in order over one batch within `budget_s` per article (so `budget_s × len`).

    Raises `OverBudget` when the batch runs over; ingestion then retries its articles one at a time
    and records the one at fault as skipped, with the budget as the reason.
    """
    what = f"article {analyses[0].article.id}" if len(analyses) == 1 else None
    what = what or f"a batch of {len(analyses)} articles"
    with time_budget(budget_s * len(analyses), what=what):
        for stage in stages:
            started = time.perf_counter()
            analyses = list(run_batch(stage, analyses))
            if timings is not None:
                timings[stage.name] = timings.get(stage.name, 0.0) + time.perf_counter() - started
    return analyses
