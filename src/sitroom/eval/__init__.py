"""Evaluation: `predict` writes the gold format of a task, `score` compares it with the gold file.

Each task module (geo, time, events, quotes, coref, articles) exposes
`predict(records, *, pipeline) -> Iterator[dict]` (reading only the task's input fields) and
`score(gold, predictions) -> dict[str, float]`.
"""

from __future__ import annotations

TASKS: dict[str, str] = {
    "geo": "sitroom.eval.geo",
    "time": "sitroom.eval.time",
    "events": "sitroom.eval.events",
    "quotes": "sitroom.eval.quotes",
    "coref": "sitroom.eval.coref",
    "articles": "sitroom.eval.articles",
}
