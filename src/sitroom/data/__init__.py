"""Heuristics as data: lexicons, actor tables and rule tables shipped as YAML, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_table(name: str) -> Any:
    """Load `sitroom/data/<name>.yaml` (cached for the process)."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
