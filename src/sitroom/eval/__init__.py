"""Evaluation: `predict` writes the gold format of a task, `score` compares it with the gold file.

Each task module (geo, time, events, quotes, coref, articles) exposes
`predict(records, *, pipeline) -> Iterator[dict]` (reading only the task's input fields) and
`score(gold, predictions) -> dict[str, float]`, and optionally `baseline(gold) -> dict` (a
simple reference system scored the same way, reported under "baseline").
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

# Stages each task needs: a task that scores one stage runs only what that stage depends on, so its
# figure and its time are that stage's own. None = the whole configured pipeline.
TASK_STAGES: dict[str, list[str] | None] = {
    "geo": ["nlp", "geo"],
    "time": ["nlp", "time"],
    "coref": ["nlp"],
    "events": None,
    "quotes": None,
    "articles": None,
}
