"""Hashed text features: lower-cased word unigrams and bigrams plus character 3–5-grams inside
words, mapped to a fixed number of buckets with a stable (crc32) hash so models are reproducible.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

BUCKETS = 1 << 18
_WORD = re.compile(r"[a-z][a-z'\-]*|\d+")
_CHAR_NS = (3, 4, 5)
_CHAR_WEIGHT = 0.5  # character n-grams back off word features; they should not outvote them


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & (BUCKETS - 1)


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def featurize(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values) for one text, L2-normalised; duplicate buckets are summed."""
    words = tokens(text)
    counts: dict[int, float] = {}
    for word in words:
        counts[_bucket("w:" + word)] = counts.get(_bucket("w:" + word), 0.0) + 1.0
        padded = f"<{word}>"
        for n in _CHAR_NS:
            for i in range(len(padded) - n + 1):
                key = _bucket("c:" + padded[i : i + n])
                counts[key] = counts.get(key, 0.0) + _CHAR_WEIGHT
    for a, b in zip(words, words[1:], strict=False):
        key = _bucket(f"b:{a} {b}")
        counts[key] = counts.get(key, 0.0) + 1.0
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    val = np.sqrt(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    val /= float(np.linalg.norm(val)) or 1.0
    return idx, val
