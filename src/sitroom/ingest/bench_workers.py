"""`sitroom bench workers`: steady-state articles/s of the full pipeline in 1 process and `--workers 2`.

Loading (model, gazetteer) is timed apart; both runs analyse the same articles after warming up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ..records import Article


def _articles(corpus: Path | None, n: int) -> tuple[str, list[Article]]:
    from ..bench import _load_texts, default_corpus

    corpus = corpus or default_corpus()
    if corpus is not None and Path(corpus).is_file():
        rows = _load_texts(Path(corpus), n)
        return str(corpus), [Article.from_text(r["text"], title=r.get("title")) for r in rows]
    from .readers import read_sources

    examples = Path(__file__).resolve().parents[3] / "examples"
    if not examples.is_dir():
        raise BadInput("no corpus: pass --corpus FILE.jsonl")
    base = [item.article for item in read_sources([str(examples)]) if item.article is not None]
    # Bundled samples repeated with a numbered line so every article differs (no de-duplication).
    made = [
        Article.from_text(f"{base[i % len(base)].text}\n\nUpdate {i}.", title=f"sample {i}")
        for i in range(n)
    ]
    return f"{examples} (repeated to {n})", made


def run(*, corpus: Path | None = None, n: int = 120, quiet: bool = True) -> dict[str, Any]:
    from ..config import load_settings
    from .workers import _WORKER, ParallelPipeline, warmed_pipeline

    source, articles = _articles(corpus, n)
    if not articles:
        raise BadInput(f"{source}: no texts")
    settings = load_settings()
    load_avg = os.getloadavg()[0]
    started = time.perf_counter()
    pipeline = warmed_pipeline(settings)
    load_s = time.perf_counter() - started
    _WORKER.update(settings=settings, pipeline=pipeline)  # the workers fork from this one

    started = time.perf_counter()
    cpu0 = time.process_time()
    one = sum(1 for _ in pipeline.analyze_many(articles))
    one_s, one_cpu = time.perf_counter() - started, time.process_time() - cpu0

    started = time.perf_counter()
    with ParallelPipeline(settings, workers=2) as parallel:
        start_s = time.perf_counter() - started
        started = time.perf_counter()
        two = sum(1 for _ in parallel.analyze_many(articles))
        two_s = time.perf_counter() - started
    rate1, rate2 = one / one_s, two / two_s
    return {
        "bench": "workers",
        "corpus": source,
        "articles": len(articles),
        "load_seconds": round(load_s, 2),
        "pool_start_seconds": round(start_s, 3),
        "one_process_seconds": round(one_s, 2),
        "one_process_cpu_seconds": round(one_cpu, 2),
        "two_workers_seconds": round(two_s, 2),
        "articles_per_s_1": round(rate1, 2),
        "articles_per_s_2": round(rate2, 2),
        "speedup": round(rate2 / rate1, 3),
        "efficiency": round(rate2 / (2 * rate1), 3),
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load_avg, 2),
    }
