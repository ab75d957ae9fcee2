"""A tiny random BERT (config, safetensors weights, WordPiece tokenizer) written to a temporary folder,
so that the numpy encoder and the distillation run in milliseconds without the packaged model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

WORDS = ["the", "army", "shelled", "town", "market", "bank", "raised", "rates", "rebels", "##s"]
SPECIAL = ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
HIDDEN, HEADS, LAYERS, INNER = 16, 2, 2, 32


def _weights(vocab: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    def r(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(vocab, HIDDEN),
        "embeddings.position_embeddings.weight": r(32, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": np.ones(HIDDEN, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(HIDDEN, np.float32),
    }
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = r(HIDDEN, HIDDEN)
            w[p + f"attention.self.{name}.bias"] = r(HIDDEN)
        w[p + "attention.output.dense.weight"] = r(HIDDEN, HIDDEN)
        w[p + "attention.output.dense.bias"] = r(HIDDEN)
        w[p + "intermediate.dense.weight"] = r(INNER, HIDDEN)
        w[p + "intermediate.dense.bias"] = r(INNER)
        w[p + "output.dense.weight"] = r(HIDDEN, INNER)
        w[p + "output.dense.bias"] = r(HIDDEN)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"] = np.ones(HIDDEN, np.float32)
            w[p + ln + ".bias"] = np.zeros(HIDDEN, np.float32)
    return w


@pytest.fixture
def tiny_bert(tmp_path: Path) -> Path:
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = {t: i for i, t in enumerate(SPECIAL + WORDS)}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 3), ("[SEP]", 4)]
    )
    folder = tmp_path / "tiny-bert"
    folder.mkdir()
    tokenizer.save(str(folder / "tokenizer.json"))
    config = {
        "hidden_size": HIDDEN,
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "layer_norm_eps": 1e-12,
    }
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    save_file(_weights(len(vocab), np.random.default_rng(3)), str(folder / "model.safetensors"))
    return folder
