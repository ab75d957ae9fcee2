"""A numpy forward pass of a BERT encoder (MiniLM-L6) read from safetensors: no torch at run time.

Used once, to distil the static token embeddings (`sitroom.embed.distill`); masked mean pooling.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26): below float32 resolution for GELU."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's `hidden_act: gelu`."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class BertEncoder:
    """BERT encoder weights (float32) and a batched forward pass returning the last hidden states."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        raw = load_file(str(model_dir / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}
        # Linear weights are stored (out, in): transpose once for x @ W.
        for key in list(self.w):
            if key.startswith("encoder.") and key.endswith(".weight") and self.w[key].ndim == 2:
                self.w[key] = np.ascontiguousarray(self.w[key].T)

    @property
    def dim(self) -> int:
        return self.hidden

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, seq, hidden) of token ids (batch, seq) with a 0/1 mask."""
        w, batch, seq = self.w, ids.shape[0], ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:seq][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        head = self.hidden // self.heads
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9).astype(np.float32)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def proj(t: np.ndarray, name: str, p: str = p) -> np.ndarray:
                # 2-D products: one large BLAS call instead of one small one per sequence
                flat = t.reshape(-1, t.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]
                return flat.reshape(*t.shape[:-1], -1)

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, seq, self.heads, head).transpose(0, 2, 1, 3)

            q = split(proj(x, "attention.self.query"))
            k = split(proj(x, "attention.self.key"))
            v = split(proj(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)
            x = _layer_norm(
                proj(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = _gelu(proj(x, "intermediate.dense"))
            x = _layer_norm(
                proj(inner, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x

    def mean_pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Masked mean of the last hidden states: one vector per row."""
        states = self.hidden_states(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        return (states * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
