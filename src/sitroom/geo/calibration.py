"""Confidence calibration report: a reliability table (confidence bins against observed accuracy)
and the expected calibration error, for `sitroom bench geo` and `scripts`-style checks."""

from __future__ import annotations

from collections.abc import Iterable

# Upper edges of the confidence bins (the last one closes at 1.0 inclusive).
BIN_EDGES = (0.2, 0.4, 0.6, 0.8, 0.9, 1.0)


def reliability_table(pairs: Iterable[tuple[float, bool]]) -> dict[str, object]:
    """Bins {range, n, mean_confidence, accuracy} and `ece` (count-weighted |accuracy - confidence|).

    `pairs` are (confidence of the chosen candidate, whether it was right); a NULL pick counts with
    confidence 0 and as wrong when the gold toponym has a point.
    """
    bins: list[list[tuple[float, bool]]] = [[] for _ in BIN_EDGES]
    total = 0
    for conf, ok in pairs:
        total += 1
        for i, edge in enumerate(BIN_EDGES):
            if conf < edge or i == len(BIN_EDGES) - 1:
                bins[i].append((conf, ok))
                break
    rows = []
    ece = 0.0
    low = 0.0
    for edge, items in zip(BIN_EDGES, bins, strict=True):
        if items:
            mean_conf = sum(c for c, _ in items) / len(items)
            acc = sum(ok for _, ok in items) / len(items)
            ece += len(items) / total * abs(acc - mean_conf)
            rows.append(
                {
                    "range": f"{low:.1f}-{edge:.1f}",
                    "n": len(items),
                    "mean_confidence": round(mean_conf, 3),
                    "accuracy": round(acc, 3),
                }
            )
        low = edge
    return {"bins": rows, "ece": round(ece, 4), "n": total}
