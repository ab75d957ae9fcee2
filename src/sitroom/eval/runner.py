"""`sitroom eval` / `sitroom predict` as library functions."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

from ..errors import BadInput
from . import TASK_STAGES, TASKS
from .common import read_jsonl, rounded, write_jsonl


def task_module(task: str) -> Any:
    if task not in TASKS:
        raise BadInput(f"unknown eval task {task!r}; choose from {', '.join(TASKS)}")
    return importlib.import_module(TASKS[task])


def task_pipeline(task: str, pipeline: Any) -> Any:
    """The pipeline restricted to the stages `task` needs (sharing the loaded resources)."""
    names = TASK_STAGES.get(task)
    if names is None or names == pipeline.stage_names:
        return pipeline
    from ..pipeline import Pipeline

    return Pipeline(pipeline.settings, resources=pipeline.resources, stages=names)


def predict_file(
    task: str, in_path: str | Path, out_path: str | Path, *, pipeline: Any, limit: int | None = None
) -> int:
    module = task_module(task)
    records = read_jsonl(in_path, limit=limit)
    return write_jsonl(out_path, module.predict(records, pipeline=task_pipeline(task, pipeline)))


def evaluate(
    task: str,
    gold_path: str | Path,
    *,
    pipeline: Any,
    out: str | Path | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Predict on the gold file's inputs, score, and return the metrics (plus docs and seconds)."""
    module = task_module(task)
    gold = read_jsonl(gold_path, limit=limit)
    started = time.perf_counter()
    predictions = list(module.predict(gold, pipeline=task_pipeline(task, pipeline)))
    seconds = time.perf_counter() - started
    if out is not None:
        write_jsonl(out, predictions)
    metrics = dict(module.score(gold, predictions))
    baseline = getattr(module, "baseline", None)  # a simple reference system scored the same way
    if baseline is not None:
        metrics["baseline"] = rounded(dict(baseline(gold)))
    metrics["docs"] = len(gold)
    metrics["seconds"] = round(seconds, 2)
    return rounded(metrics)
