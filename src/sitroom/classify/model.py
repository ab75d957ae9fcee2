"""Multinomial logistic regression on hashed features: deterministic full-batch training, a compact
file (only the buckets seen in training) and a lazily loaded, cached model for prediction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .features import featurize

MODEL_FILE = "classify_model.npz"
ENV_SWITCH = "SITROOM_CLASSIFIER"  # "0" turns the model off (rules only)


@dataclass(frozen=True, slots=True)
class TextModel:
    labels: tuple[str, ...]
    buckets: np.ndarray  # sorted bucket ids with weights
    weights: np.ndarray  # (len(buckets), len(labels))
    bias: np.ndarray  # (len(labels),)

    def scores(self, text: str) -> np.ndarray:
        idx, val = featurize(text)
        pos = np.searchsorted(self.buckets, idx)
        pos = np.minimum(pos, len(self.buckets) - 1)
        known = self.buckets[pos] == idx
        return self.bias + val[known] @ self.weights[pos[known]].astype(np.float32)

    def proba(self, text: str, *, among: tuple[str, ...] | None = None) -> dict[str, float]:
        """Label probabilities, renormalised over `among` when given (unknown labels ignored)."""
        s = self.scores(text)
        keep = [i for i, lab in enumerate(self.labels) if among is None or lab in among]
        if not keep:
            return {}
        sub = s[keep] - s[keep].max()
        p = np.exp(sub)
        p /= p.sum()
        return {self.labels[i]: float(q) for i, q in zip(keep, p, strict=True)}

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            buckets=self.buckets.astype(np.int32),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )


def load_model_file(path: Path) -> TextModel:
    with np.load(path, allow_pickle=False) as data:
        return TextModel(
            tuple(str(x) for x in data["labels"]),
            data["buckets"].astype(np.int64),
            data["weights"].astype(np.float32),
            data["bias"].astype(np.float32),
        )


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "off", "no")


@lru_cache(maxsize=1)
def _shipped() -> TextModel | None:
    ref = resources.files("sitroom.data").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return load_model_file(Path(path))


def shipped_model() -> TextModel | None:
    """The packaged model, loaded once; None when switched off or not built."""
    return _shipped() if enabled() else None


def train(
    rows: list[tuple[str, str, float]],
    *,
    l2: float = 1e-2,
    epochs: int = 150,
    lr: float = 0.3,
) -> TextModel:
    """Fit on (text, label, weight) rows by full-batch Adagrad on the summed loss (no
    randomness: the same rows give the same model)."""
    rows = [r for r in rows if len(featurize(r[0])[0])]  # a row without features has no signal
    labels = tuple(sorted({label for _, label, _ in rows}))
    lab_ix = {lab: i for i, lab in enumerate(labels)}
    feats = [featurize(text) for text, _, _ in rows]
    buckets = np.unique(np.concatenate([f[0] for f in feats]))
    cols = np.concatenate([np.searchsorted(buckets, f[0]) for f in feats])
    vals = np.concatenate([f[1] for f in feats]).astype(np.float64)
    lengths = np.array([len(f[0]) for f in feats])
    row_of = np.repeat(np.arange(len(rows)), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    y = np.zeros((len(rows), len(labels)))
    y[np.arange(len(rows)), [lab_ix[lab] for _, lab, _ in rows]] = 1.0
    w_row = np.array([w for _, _, w in rows], dtype=np.float64)
    weights = np.zeros((len(buckets), len(labels)))
    bias = np.zeros(len(labels))
    # Adagrad: rare features (most n-grams) get full-size steps despite their small gradients
    acc_w, acc_b = np.full_like(weights, 1e-8), np.full_like(bias, 1e-8)
    for _ in range(epochs):
        contrib = vals[:, None] * weights[cols]
        logits = np.add.reduceat(contrib, starts, axis=0) + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        delta = (p - y) * w_row[:, None]
        grad_w = np.zeros_like(weights)
        np.add.at(grad_w, cols, vals[:, None] * delta[row_of])
        grad_w += l2 * weights
        grad_b = delta.sum(axis=0)
        acc_w += grad_w**2
        acc_b += grad_b**2
        weights -= lr * grad_w / np.sqrt(acc_w)
        bias -= lr * grad_b / np.sqrt(acc_b)
    return TextModel(labels, buckets, weights.astype(np.float32), bias.astype(np.float32))
