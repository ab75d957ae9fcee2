"""The quotes stage end to end: degrading without a parse, evidence offsets, and the seed article."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from sitroom.quotes.stage import QuoteStage
from sitroom.records import Analysis, Article

from ..conftest import SEED, needs_shared


def test_without_parse_the_stage_adds_a_note_and_nothing_else():
    analysis = Analysis(article=Article.from_text("“We hold the town,” a commander said."))
    QuoteStage()(analysis)
    assert analysis.attributions == []
    assert any("quotes" in note for note in analysis.notes)


@pytest.mark.slow
def test_every_evidence_matches_the_text(attribute):
    text = (
        "A police source told AFP that three people died.\n\n"
        "“The blast was heard across the city,” it added, saying rescuers were still searching.\n\n"
        "Residents said the power was cut, according to a local radio station."
    )
    analysis = attribute(text)
    assert len(analysis.attributions) >= 4
    for attribution in analysis.attributions:
        spans = [
            attribution.content,
            attribution.cue,
            *(attribution.speaker.evidence if attribution.speaker else []),
        ]
        for ev in spans:
            if ev is not None:
                assert analysis.article.text[ev.start : ev.end] == ev.text
    ids = [a.id for a in analysis.attributions]
    assert len(ids) == len(set(ids))


def _seed_stages() -> list[str]:
    has_time = importlib.util.find_spec("sitroom.time.stage") is not None
    return ["nlp", "time", "quotes"] if has_time else ["nlp", "quotes"]


@pytest.mark.slow
@needs_shared
def test_seed_article():
    from sitroom import Pipeline, load_settings

    stages = _seed_stages()
    pipeline = Pipeline(load_settings(config_file=None), stages=stages)
    analysis = pipeline.analyze_text(
        SEED.read_text(encoding="utf-8"), published=dt.date(2024, 12, 11), outlet="Asharq Al-Awsat"
    )
    atts = analysis.attributions
    by_speaker = {}
    for a in atts:
        if a.speaker is not None:
            by_speaker.setdefault(a.speaker.name, []).append(a)

    qassem = by_speaker["Naim Qassem"][0]
    assert (qassem.speaker.kind, qassem.speaker.role, qassem.speaker.affiliation) == (
        "person",
        "leader",
        "Hezbollah",
    )
    if "time" in stages:
        assert qassem.date is not None and qassem.date.value == dt.date(2024, 12, 6)

    added = next(a for a in atts if a.cue is not None and a.cue.text == "added")
    assert added.speaker.kind == "anonymous" and added.speaker.affiliation_kind == "member_of"
    assert "opposition" in (added.speaker.affiliation or "")
    assert added.via == "Asharq Al-Awsat"

    close = [a for a in atts if a.speaker is not None and a.speaker.affiliation_kind == "close_to"]
    assert close and all(
        a.speaker.kind == "anonymous" and a.speaker.affiliation == "Hezbollah" for a in close
    )

    assert any(a.speaker is not None and a.speaker.kind == "document" for a in atts)
