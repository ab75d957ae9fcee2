"""The explicit registry of pipeline stages: name → "module:Class".

A stage class is built as `Cls(resources=..., settings=...)` and called as `stage(analysis) -> analysis`;
it may also offer `pipe(analyses)` to process a batch at once (the nlp stage does).
Imports are deferred so that `import sitroom` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from .errors import UnknownStage

if TYPE_CHECKING:
    from .records import Analysis

STAGES: dict[str, str] = {
    "nlp": "sitroom.nlp.stage:NlpStage",
    "time": "sitroom.time.stage:TimeStage",
    "geo": "sitroom.geo.stage:GeoStage",
    "actors": "sitroom.actors.stage:ActorStage",
    "events": "sitroom.events.stage:EventStage",
    "quotes": "sitroom.quotes.stage:QuoteStage",
    "llm": "sitroom.llm.stage:LlmStage",  # added to the stages only when an LLM server is configured
}


class Stage(Protocol):
    name: str

    def __call__(self, analysis: Analysis) -> Analysis: ...


def register(name: str, target: str) -> None:
    """Add (or replace) a stage: `target` is "package.module:ClassName"."""
    STAGES[name] = target


def stage_class(name: str) -> Any:
    try:
        target = STAGES[name]
    except KeyError:
        raise UnknownStage(f"unknown stage {name!r}; known: {sorted(STAGES)}") from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def run_batch(stage: Any, analyses: Iterable[Analysis]) -> Iterator[Analysis]:
    """Run one stage over a batch, using its `pipe` when it has one."""
    pipe = getattr(stage, "pipe", None)
    if pipe is not None:
        yield from pipe(analyses)
    else:
        for analysis in analyses:
            yield stage(analysis)
