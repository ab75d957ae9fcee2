"""`sitroom bench llm`: the eval metrics of rules-only against rules+LLM on a dev file, with tokens,
cost and grounding counts. Needs a real server: it cannot run without one.

Options beyond `--corpus` / `--n` come from the environment (or the llm_* settings once present):
`SITROOM_LLM_URL` (required), `SITROOM_LLM_MODEL`, `SITROOM_LLM_TIMEOUT_S`,
`SITROOM_LLM_MAX_CONCURRENCY`, `SITROOM_LLM_RETRIES`, `SITROOM_LLM_PRICE_PROMPT` /
`SITROOM_LLM_PRICE_COMPLETION`, and `SITROOM_LLM_BENCH_TASK` (events | quotes | articles; default:
the corpus folder's name, else events). Example:

    SITROOM_LLM_URL=http://127.0.0.1:8080 SITROOM_LLM_MODEL=qwen2.5-7b \\
        sitroom bench llm --corpus ../shared/eval/events/acled_2020.dev.jsonl --n 50
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import BadInput

TASKS = ("events", "quotes", "articles")
DEFAULT_CORPUS = ("eval", "events", "acled_2020.dev.jsonl")  # under ../shared


def default_corpus() -> Path | None:
    from ..bench import shared_file

    return shared_file(*DEFAULT_CORPUS)


def bench_task(corpus: Path) -> str:
    task = os.environ.get("SITROOM_LLM_BENCH_TASK") or corpus.parent.name
    if task not in TASKS:
        if os.environ.get("SITROOM_LLM_BENCH_TASK"):
            raise BadInput(f"SITROOM_LLM_BENCH_TASK must be one of {', '.join(TASKS)}")
        task = "events"
    return task


def _delta(rules: dict[str, Any], with_llm: dict[str, Any]) -> dict[str, float]:
    return {
        key: round(with_llm[key] - value, 4)
        for key, value in rules.items()
        if key not in ("docs", "seconds", "baseline")
        and isinstance(value, (int, float))
        and isinstance(with_llm.get(key), (int, float))
    }


def run(*, corpus: Path | None, n: int, quiet: bool = True) -> dict[str, Any]:
    from ..config import load_settings
    from ..eval.runner import evaluate
    from ..pipeline import Pipeline
    from ..registry import STAGES, register
    from .stage import llm_options

    settings = load_settings()
    options = llm_options(settings)
    if not options.url:
        raise BadInput(
            "sitroom bench llm needs a model server: set SITROOM_LLM_URL (and SITROOM_LLM_MODEL),"
            " e.g. a llama.cpp, vLLM or Ollama server"
        )
    corpus = Path(corpus) if corpus is not None else default_corpus()
    if corpus is None or not corpus.is_file():
        raise BadInput(
            "no corpus: pass --corpus FILE.jsonl (an events, quotes or articles dev file)"
        )
    task = bench_task(corpus)
    if "llm" not in STAGES:
        register("llm", "sitroom.llm.stage:LlmStage")
    rule_stages = [s for s in settings.stages if s != "llm"]
    rules = Pipeline(settings, stages=rule_stages)
    with_llm = Pipeline(settings, resources=rules.resources, stages=[*rule_stages, "llm"])
    rules_metrics = evaluate(task, corpus, pipeline=rules, limit=n)
    llm_metrics = evaluate(task, corpus, pipeline=with_llm, limit=n)
    stage = next(s for s in with_llm.stages if s.name == "llm")
    stats = stage.stats.as_dict()
    stage.close()
    return {
        "bench": "llm",
        "task": task,
        "corpus": str(corpus),
        "model": options.model,
        "url": options.url,
        "docs": rules_metrics.get("docs"),
        "rules": rules_metrics,
        "rules_llm": llm_metrics,
        "delta": _delta(rules_metrics, llm_metrics),
        "llm": stats,
        "tokens": stats["prompt_tokens"] + stats["completion_tokens"],
        "cost_usd": stats["cost_usd"],
        "llm_seconds": round(with_llm.timings.get("llm", 0.0), 2),
    }
