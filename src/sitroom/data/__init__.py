"""Heuristics as data: lexicons, actor tables and rule tables shipped as YAML, loaded once."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml


class TableLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false are booleans, so words such as `on`, `off`, `yes`,
    `no` in a lexicon stay words (YAML 1.1 reads them as booleans)."""


TableLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TableLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_table(text: str) -> Any:
    """Parse one YAML table with `TableLoader`."""
    return yaml.load(text, Loader=TableLoader)  # noqa: S506 - a SafeLoader subclass


@cache
def load_table(name: str) -> Any:
    """Load `sitroom/data/<name>.yaml` (cached for the process)."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return parse_table(text)
