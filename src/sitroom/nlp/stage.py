"""spaCy over each article: fills `Analysis.doc` and `Analysis.sentences`.

Batches go through `nlp.pipe`, which is where almost all the pipeline's time is spent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Settings
from ..records import Analysis, Sentence
from ..resources import Resources


class NlpStage:
    name = "nlp"

    def __init__(self, *, resources: Resources, settings: Settings) -> None:
        self.resources = resources
        self.settings = settings

    def _nlp(self) -> Any:
        nlp = self.resources.nlp
        nlp.max_length = max(nlp.max_length, self.settings.max_text_chars + 1)
        return nlp

    def __call__(self, analysis: Analysis) -> Analysis:
        return _fill(analysis, self._nlp()(analysis.article.text))

    def pipe(self, analyses: Iterable[Analysis]) -> Iterator[Analysis]:
        batch = list(analyses)
        docs = self._nlp().pipe(
            [a.article.text for a in batch], batch_size=self.settings.batch_size
        )
        for analysis, doc in zip(batch, docs, strict=True):
            yield _fill(analysis, doc)


def _fill(analysis: Analysis, doc: Any) -> Analysis:
    analysis.doc = doc
    analysis.sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]
    return analysis
