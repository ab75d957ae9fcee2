"""The geo stage: recognize toponyms in the parsed article, rank gazetteer candidates for each,
and fill `analysis.toponyms`, `analysis.places` and `analysis.country_context`."""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..records import Analysis
from ..resources import Resources
from .build import load_countries
from .ranking import Ranker
from .recognize import Recognizer


class GeoStage:
    """Registry name "geo". Needs the nlp stage's Doc; the gazetteer comes from `resources`."""

    name = "geo"

    def __init__(self, *, resources: Resources, settings: Settings) -> None:
        self.resources = resources
        self.settings = settings
        self._recognizer: Recognizer | None = None
        self._ranker: Ranker | None = None

    def _parts(self) -> tuple[Recognizer, Ranker]:
        if self._recognizer is None or self._ranker is None:
            gazetteer = self.resources.gazetteer
            neighbours = {iso: row["neighbours"] for iso, row in load_countries().items()}
            self._recognizer = Recognizer(gazetteer)
            self._ranker = Ranker(gazetteer, neighbours=neighbours)
        return self._recognizer, self._ranker

    def __call__(self, analysis: Analysis) -> Analysis:
        doc: Any = analysis.doc
        if doc is None:
            analysis.notes.append("geo: no parsed document (run the nlp stage first)")
            return analysis
        recognizer, ranker = self._parts()
        mentions, demonym_countries = recognizer(doc)
        places, countries = ranker.resolve(
            mentions, demonym_countries, analysis.article.text, top_k=self.settings.geo_top_k
        )
        analysis.toponyms = [m.toponym for m in mentions]
        analysis.places = places
        analysis.country_context = countries
        return analysis
