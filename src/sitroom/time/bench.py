"""`sitroom bench time`: sentences per second for TIMEX3 tagging plus normalization.

The spaCy parse that supplies tense cues is timed apart (`spacy_*` keys); wall and CPU time both.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import BadInput

DEFAULT_CORPUS = ("eval", "time", "tbaq.dev.jsonl")  # under ../shared, found as sitroom.bench does


def default_corpus() -> Path | None:
    """../shared/eval/time/tbaq.dev.jsonl next to the working directory or the checkout."""
    from ..bench import shared_file

    return shared_file(*DEFAULT_CORPUS)


def _dct(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None


def load_corpus(corpus: Path, n: int) -> list[tuple[str, dt.date | None]]:
    """Up to `n` (stored text, DCT) pairs from a JSONL file with `text` and `dct`/`date` fields."""
    from ..eval.common import read_jsonl
    from ..records import Article

    rows: list[tuple[str, dt.date | None]] = []
    for row in read_jsonl(corpus):
        text = str(row.get("text") or "")
        if not text.strip():
            continue
        dct = _dct(row.get("dct") or row.get("date") or row.get("published"))
        rows.append((Article.from_text(text).text, dct))
        if len(rows) >= n:
            break
    return rows


def run(*, corpus: Path | None = None, n: int = 150, quiet: bool = True) -> dict[str, Any]:
    """Parse the documents once (timed as spaCy), then tag and normalize them (timed as time)."""
    from ..config import load_settings
    from ..resources import load_spacy
    from .patterns import load_grammar
    from .stage import tag_times

    corpus = corpus or default_corpus()
    if corpus is None or not Path(corpus).is_file():
        raise BadInput(
            "no corpus: pass --corpus FILE.jsonl (default ../shared/eval/time/tbaq.dev.jsonl)"
        )
    if n < 1:
        raise BadInput("--n must be at least 1")
    rows = load_corpus(Path(corpus), n)
    if not rows:
        raise BadInput(f"{corpus}: no texts")
    grammar = load_grammar()  # compiled once, outside the timed loop, as the stage does
    nlp = load_spacy(load_settings().spacy_model)
    nlp.max_length = max(nlp.max_length, max(len(t) for t, _ in rows) + 1)
    started = time.perf_counter()
    docs = list(nlp.pipe([t for t, _ in rows], batch_size=16))
    spacy_s = time.perf_counter() - started
    sentences = sum(1 for doc in docs for _ in doc.sents)
    words = sum(len(t.split()) for t, _ in rows)
    started, cpu_started = time.perf_counter(), time.process_time()
    found = 0
    for (text, dct), doc in zip(rows, docs, strict=True):
        found += len(tag_times(text, dct=dct, doc=doc, grammar=grammar))
    time_s = max(time.perf_counter() - started, 1e-9)
    cpu_s = max(time.process_time() - cpu_started, 1e-9)  # this process only: steady on a busy host
    if not quiet:
        print(
            f"time: {len(rows)} documents, {sentences} sentences, {found} expressions",
            file=sys.stderr,
        )
    return {
        "bench": "time",
        "corpus": str(corpus),
        "documents": len(rows),
        "sentences": sentences,
        "words": words,
        "timexes": found,
        "seconds": round(time_s, 3),
        "sentences_per_s": round(sentences / time_s, 1),
        "cpu_seconds": round(cpu_s, 3),
        "sentences_per_cpu_s": round(sentences / cpu_s, 1),
        "words_per_s": round(words / time_s, 1),
        "spacy_seconds": round(spacy_s, 3),
        "spacy_sentences_per_s": round(sentences / max(spacy_s, 1e-9), 1),
        "share_of_spacy": round(time_s / max(spacy_s, 1e-9), 4),
    }
