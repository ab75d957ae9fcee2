"""Offline language identification with lingua (models ship inside the wheel; nothing downloaded).

The detector loads lazily, once per process; texts too short to judge get None ("unknown").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_LETTERS = 40  # below this many letters a guess is noise: the article is kept as unknown
SAMPLE_CHARS = 600  # a paragraph settles the language; time grows with the sample

# English fast path: these function words make up ~20-25% of the words of English news and only a
# few percent of other languages' (words shared with other languages, e.g. "a", "in", left out
# where they are frequent there). Above the share, the text is English without asking lingua.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to was were said that for with is by from at has have had been this which".split()
)
ENGLISH_MIN_SHARE = 0.15
ENGLISH_MIN_WORDS = 20
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode uses the small trigram models: ~1.5 ms a paragraph and ~0.3 s to preload
    # them all (loaded lazily instead, the first texts pay seconds), reliable on paragraph-long texts.
    builder = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code (e.g. "en", "fr") of the text, or None when too short or undecided."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for c in sample if c.isalpha()) < MIN_LETTERS:
        return None
    words = _WORD.findall(sample.lower())
    if len(words) >= ENGLISH_MIN_WORDS:
        share = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS) / len(words)
        if share >= ENGLISH_MIN_SHARE:
            return "en"
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name.lower())
