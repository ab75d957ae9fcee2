"""Language identification: English fast path, lingua for the rest, None when too short."""

from __future__ import annotations

import pytest

from sitroom.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Militants attacked a checkpoint outside the town on Tuesday, officials said, and four "
         "soldiers were wounded before reinforcements arrived from the garrison in the north.", "en"),
        ("Des manifestants ont bloqué la route principale de la ville vendredi, selon les autorités "
         "locales, qui ont appelé au calme et au dialogue entre les parties.", "fr"),
        ("Die Truppen eroberten den Grenzübergang nach heftigen Kämpfen zurück, teilte das "
         "Verteidigungsministerium am Mittwoch in einer Erklärung mit.", "de"),
        ("Вооруженные люди напали на военную колонну недалеко от города во вторник, сообщили "
         "местные власти.", "ru"),
        ("Shelling reported.", None),
    ],
)  # fmt: skip
def test_detect_language(text, language):
    assert detect_language(text) == language
