"""`sitroom fuzz`: the ingest invariants on generated hostile texts for a given time.

Failing texts are saved (JSONL) so that each one can be replayed as a test.
"""

from __future__ import annotations

import faulthandler
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..ingest.run import Analyzer
from .budget import OverBudget, time_budget
from .invariants import check_text
from .texts import hostile_text


@dataclass(slots=True)
class FuzzReport:
    """The last line `sitroom fuzz` prints (as JSON)."""

    texts: int = 0
    seconds: float = 0.0
    texts_per_s: float = 0.0
    failures: int = 0  # texts for which at least one invariant broke
    articles: int = 0  # stored with status ok
    skipped: int = 0  # rejected with a recorded reason
    events: int = 0
    slowest_s: float = 0.0
    seed: int = 0
    saved: str | None = None  # where the failing texts are
    failing: list[str] = field(default_factory=list)  # first failure message of the first few

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def run_fuzz(
    *,
    seconds: float,
    pipeline: Analyzer,
    seed: int | None = None,
    out_dir: Path | None = None,
    text_budget_s: float = 120.0,
) -> FuzzReport:
    """Check hostile texts until `seconds` have passed; a text over `text_budget_s` is a failure."""
    seed = seed if seed is not None else random.randrange(2**31)
    rng = random.Random(seed)
    report = FuzzReport(seed=seed)
    saved = (out_dir or Path(".")) / f"fuzz-failures-{seed}.jsonl"
    current = (out_dir or Path(".")) / f"fuzz-current-{seed}.json"
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        text = hostile_text(rng)
        began = time.monotonic()
        # A hang inside C code (a regex) ignores the budget's alarm: the watchdog ends the process
        # with a traceback, and the text being checked is on disk to replay.
        current.parent.mkdir(parents=True, exist_ok=True)
        current.write_text(json.dumps({"seed": seed, "index": report.texts, "text": text}))
        _watchdog(text_budget_s * 2 + 30)
        try:
            with time_budget(text_budget_s, what="checking one text"):
                result = check_text(text, pipeline=pipeline)
            failures = result.failures
        except OverBudget as exc:  # a hang: the invariant "never a hang" broke
            failures, result = [str(exc)], None
        finally:
            faulthandler.cancel_dump_traceback_later()
        report.slowest_s = max(report.slowest_s, time.monotonic() - began)
        report.texts += 1
        if result is not None:
            report.articles += result.articles
            report.skipped += result.skipped
            report.events += result.events
        if failures:
            report.failures += 1
            if len(report.failing) < 5:
                report.failing.append(failures[0][:300])
            saved.parent.mkdir(parents=True, exist_ok=True)
            with saved.open("a", encoding="utf-8") as handle:
                record = {
                    "seed": seed,
                    "index": report.texts - 1,
                    "text": text,
                    "failures": failures,
                }
                handle.write(json.dumps(record, ensure_ascii=True) + "\n")
            report.saved = str(saved)
    current.unlink(missing_ok=True)
    report.seconds = round(time.monotonic() - started, 2)
    report.texts_per_s = round(report.texts / report.seconds, 2) if report.seconds else 0.0
    report.slowest_s = round(report.slowest_s, 2)
    return report


def _watchdog(seconds: float) -> None:
    """End the process with a traceback after `seconds` (where stderr is a real file)."""
    if sys.__stderr__ is None:
        return
    try:
        faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    except (ValueError, AttributeError, OSError):  # no usable stderr (embedded, test runners)
        pass
