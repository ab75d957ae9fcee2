"""Shared helpers of the scorers: JSONL reading, span overlap, precision/recall/F1."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ..records import normalize_text


def read_jsonl(path: str | Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read a JSONL gold/prediction file; a malformed line is a BadInput naming file and line."""
    rows: list[dict[str, Any]] = []
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise BadInput(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if limit is not None and len(rows) >= limit:
                break
    return rows


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall, F1 with 0 for empty denominators."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def overlap_ratio(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Character overlap divided by character union (0 when disjoint)."""
    inter = min(a_end, b_end) - max(a_start, b_start)
    if inter <= 0:
        return 0.0
    union = max(a_end, b_end) - min(a_start, b_start)
    return inter / union


def by_id(rows: Iterable[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {str(r[key]): r for r in rows}


def batched_analyses(
    records: list[dict[str, Any]], *, pipeline: Any, make_article: Any
) -> Iterator[Any]:
    """Run the pipeline over eval records in batches; `make_article(record) -> Article`."""
    yield from pipeline.analyze_many(make_article(r) for r in records)


def rounded(metrics: dict[str, float], digits: int = 4) -> dict[str, float]:
    return {k: (round(v, digits) if isinstance(v, float) else v) for k, v in metrics.items()}


def offset_map(raw: str, stored: str) -> Callable[[int], int]:
    """A function from offsets in the stored (normalized) text to offsets in the raw text."""
    lead = len(raw) - len(raw.lstrip())
    if raw[lead : lead + len(stored)] == stored or normalize_text(raw) != stored:
        return lambda i: i + lead
    mapping = list(range(len(stored)))
    matcher = SequenceMatcher(None, stored, raw, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    for i in range(1, len(mapping)):  # characters that changed under normalization
        if mapping[i] <= mapping[i - 1]:
            mapping[i] = mapping[i - 1] + 1
    return lambda i: mapping[i] if 0 <= i < len(mapping) else i + lead


def majority(values: list[Any]) -> Any:
    """The most frequent non-empty value (ties: the first seen), or None: the baselines' guess."""
    counts: dict[Any, int] = {}
    for value in values:
        if value is not None and value != "":
            counts[value] = counts.get(value, 0) + 1
    return max(counts, key=lambda v: counts[v]) if counts else None
