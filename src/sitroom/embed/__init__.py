"""Sentence embeddings behind one protocol: a distilled static model (model2vec format) or a fake.

`default_embedder()` distils the packaged MiniLM once (cached); None when unavailable.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)
_WORD = re.compile(r"\w+", re.UNICODE)


@runtime_checkable
class Embedder(Protocol):
    """Texts to unit-length float32 row vectors of width `dim` (an empty text gives a zero row)."""

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


class FakeEmbedder:
    """Hashed bag of lower-cased words: texts sharing words are close. For tests (no model)."""

    def __init__(self, *, dim: int = 64) -> None:
        self._dim = dim
        self.calls = 0  # how many encode calls (tests check batching)

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[row, zlib.crc32(word.encode()) % self._dim] += 1.0
        return unit_rows(out)


class StaticEmbedder:
    """A model2vec `StaticModel` loaded from a local folder: mean of weighted token vectors."""

    def __init__(self, model: object, *, name: str) -> None:
        self.model = model
        self.name = name

    @property
    def dim(self) -> int:
        return int(self.model.dim)  # type: ignore[attr-defined]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), show_progress_bar=False)  # type: ignore[attr-defined]
        return unit_rows(vectors)


_DEFAULT: list[Embedder | None] = []


def default_embedder() -> Embedder | None:
    """The distilled static model, built at first use and cached on disk; None when unavailable."""
    if _DEFAULT:
        return _DEFAULT[0]
    found: Embedder | None = None
    if os.environ.get("SITROOM_EMBED", "1") == "0":
        log.info("embeddings off (SITROOM_EMBED=0)")
    else:
        from .distill import load_static

        try:
            found = load_static()
        except Exception as exc:  # noqa: BLE001 - any failure means: fall back, and say why
            log.warning("sentence embeddings unavailable (%s)", exc)
    _DEFAULT.append(found)
    return found


__all__ = ["Embedder", "FakeEmbedder", "StaticEmbedder", "default_embedder", "unit_rows"]
