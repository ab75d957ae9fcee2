"""`sitroom bench pipeline`: whole-process timing of `sitroom ingest` against bare spaCy, same texts.

Both run as separate processes (model loading included) in the same run; peak RSS per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .errors import BadInput

_SPACY_SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = [json.loads(l)["text"] for l in open(sys.argv[2], encoding="utf-8")]
nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
for doc in nlp.pipe(texts, batch_size=16):
    pass
"""


def shared_file(*parts: str) -> Path | None:
    """A file under ../shared beside the working directory or the checkout (absent on user clones)."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        path = base.parent.joinpath("shared", *parts)
        if path.is_file():
            return path
    return None


def default_corpus() -> Path | None:
    """../shared/eval/articles/fakes.dev.jsonl next to the working directory or the checkout."""
    return shared_file("eval", "articles", "fakes.dev.jsonl")


def _load_texts(corpus: Path, n: int) -> list[dict[str, Any]]:
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row.get("text") or ""
            if not text.strip() or text in seen:
                continue  # identical texts would be de-duplicated by ingest: keep the race fair
            seen.add(text)
            rows.append(
                {
                    "text": text,
                    "title": row.get("title"),
                    "outlet": row.get("outlet"),
                    "published": row.get("date") or row.get("published"),
                }
            )
            if len(rows) >= n:
                break
    return rows


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS in MB) of that process alone."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{cmd[2] if len(cmd) > 2 else cmd} failed: {stderr.strip()[-300:]}")
    return seconds, usage.ru_maxrss / 1024.0


# Benchmarks of single stages live next to their stage: name → "module:function", each called as
# `function(corpus=..., n=..., quiet=...) -> dict` and printed as one JSON line.
BENCHES: dict[str, str] = {
    "pipeline": "sitroom.bench:bench_pipeline",
    "time": "sitroom.time.bench:run",
    "geo": "sitroom.geo.bench:run",
    "ingest": "sitroom.ingest.bench:run",
    "workers": "sitroom.ingest.bench_workers:run",
    "fusion": "sitroom.fusion.bench:run",
    "api": "sitroom.api.bench:run",
    "llm": "sitroom.llm.bench:run",
    "writers": "sitroom.reliability.writers:run",
    "batch": "sitroom.batch.bench:run",
    "postgis": "sitroom.store.pg_bench:run",
}


def run_bench(what: str, *, corpus: Path | None, n: int, quiet: bool = True) -> dict[str, Any]:
    """Run the benchmark called `what` and return its JSON-able figures."""
    import importlib

    if what not in BENCHES:
        raise BadInput(f"unknown benchmark {what!r}; available: {', '.join(BENCHES)}")
    module, _, func = BENCHES[what].partition(":")
    try:
        target = getattr(importlib.import_module(module), func)
    except (ModuleNotFoundError, AttributeError):
        raise BadInput(f"benchmark {what!r} is not available in this version") from None
    return dict(target(corpus=corpus, n=n, quiet=quiet))


def bench_pipeline(*, corpus: Path | None, n: int, quiet: bool = True) -> dict[str, Any]:
    """Whole-process `sitroom ingest` against bare spaCy on the same texts."""
    corpus = corpus or default_corpus()
    if corpus is None or not Path(corpus).is_file():
        raise BadInput(
            "no corpus: pass --corpus FILE.jsonl (default ../shared/eval/articles/fakes.dev.jsonl)"
        )
    rows = _load_texts(Path(corpus), n)
    if not rows:
        raise BadInput(f"{corpus}: no texts")
    from .config import load_settings

    model = load_settings().spacy_model
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        data = Path(tmp) / "corpus.jsonl"
        data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        spacy_s, spacy_rss = _timed([sys.executable, "-c", _SPACY_SCRIPT, model, str(data)], env)
        ingest_cmd = [
            sys.executable,
            "-m",
            "sitroom.cli",
            "--quiet",
            "ingest",
            str(data),
            "--db",
            str(Path(tmp) / "bench.db"),
        ]
        ingest_s, ingest_rss = _timed(ingest_cmd, env)
        # the same ingest with two worker processes (a fresh database, so nothing is skipped)
        two_cmd = [*ingest_cmd[:-1], str(Path(tmp) / "bench2.db"), "--workers", "2"]
        two_s, _ = _timed(two_cmd, env)
    words = sum(len(r["text"].split()) for r in rows)
    return {
        "bench": "pipeline",
        "corpus": str(corpus),
        "articles": len(rows),
        "words": words,
        "seconds": round(ingest_s, 2),
        "articles_per_s": round(len(rows) / ingest_s, 2),
        "words_per_s": round(words / ingest_s, 1),
        "spacy_seconds": round(spacy_s, 2),
        "spacy_words_per_s": round(words / spacy_s, 1),
        "ratio_vs_spacy": round(spacy_s / ingest_s, 3),
        "peak_rss_mb": round(ingest_rss, 1),
        "spacy_peak_rss_mb": round(spacy_rss, 1),
        "workers2_seconds": round(two_s, 2),
        "workers2_speedup": round(ingest_s / two_s, 3),
        "cpus": os.cpu_count(),
    }
