"""The actors stage: fills `analysis.actors` with ActorMentions from the actor table.

Needs the nlp stage's Doc; without one it records a note and leaves the analysis unchanged.
"""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..records import Analysis
from .resolve import resolve_mentions
from .table import CompiledTable, load_actor_table

_COMPILED: dict[int, CompiledTable] = {}


def compiled_table(tokenizer: Any) -> CompiledTable:
    """The actor table compiled with a spaCy tokenizer (once per tokenizer per process)."""
    key = id(tokenizer)
    if key not in _COMPILED:
        _COMPILED[key] = load_actor_table().compile(lambda text: [t.text for t in tokenizer(text)])
    return _COMPILED[key]


class ActorStage:
    name = "actors"

    def __init__(self, *, resources: Any = None, settings: Settings | None = None) -> None:
        self.resources = resources
        self.settings = settings
        self._compiled: CompiledTable | None = None

    def _table(self, doc: Any) -> CompiledTable:
        if self._compiled is None:
            self._compiled = compiled_table(_tokenizer_of(doc, self.resources))
        return self._compiled

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            analysis.notes.append("actors: no parsed document (run the nlp stage first)")
            return analysis
        analysis.actors = resolve_mentions(analysis, self._table(analysis.doc))
        return analysis


def _tokenizer_of(doc: Any, resources: Any) -> Any:
    """The tokenizer that made `doc`: the shared model's when available, else a blank English one."""
    if resources is not None:
        return resources.nlp.tokenizer
    import spacy

    return spacy.blank("en").tokenizer
