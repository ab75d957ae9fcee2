"""The llm stage inside the real pipeline (spaCy and rule stages) against the fake server: merged
records are stored with their provenance, and `sitroom bench llm` runs end to end."""

from __future__ import annotations

import datetime as dt
import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def llm_env(monkeypatch, fake_server):
    from sitroom.registry import STAGES

    monkeypatch.setitem(STAGES, "llm", "sitroom.llm.stage:LlmStage")
    monkeypatch.setenv("SITROOM_LLM_URL", fake_server.url)
    monkeypatch.setenv("SITROOM_LLM_MODEL", "fake")
    monkeypatch.setenv("SITROOM_LLM_RETRIES", "0")


def test_pipeline_with_llm_stores_provenance(
    llm_env, fake_server, reply_type, span, answer, event_item, sample_text, tmp_path
):
    from sitroom import Pipeline, load_settings
    from sitroom.config import DEFAULT_STAGES
    from sitroom.pipeline import pipeline_version
    from sitroom.store import open_store

    fake_server.default = reply_type(
        content=answer(
            [
                event_item(
                    "Arrests",
                    span("arrested"),
                    actor1=span("The army"),
                    location=span("Kalindo", nth=1),
                    date=span("Monday"),
                ),
                event_item("Attack", {"text": "ambushed", "start": 0, "end": 8}),
            ],
            [{"speaker": None, "cue": None, "content": span("three suspects"), "direct": False}],
        )
    )
    pipeline = Pipeline(load_settings(config_file=None), stages=[*DEFAULT_STAGES, "llm"])
    analysis = pipeline.analyze_text(sample_text, published=dt.date(2024, 3, 6))
    stage = pipeline.stages[-1]
    assert stage.name == "llm" and stage.stats.chunks >= 1
    assert stage.stats.grounding.rejected["not_in_text"] >= 1  # "ambushed"
    methods = {e.sub_event_type: e.method for e in analysis.events}
    assert "ambushed" not in {e.trigger.text for e in analysis.events}
    assert methods.get("Arrests") in ("llm", "both")
    with open_store(str(tmp_path / "t.db")) as store:
        store.save(analysis, pipeline_version=pipeline_version())  # validates every evidence span
        stored = store.events()
    by_type = {row["sub_event_type"]: row["method"] for row in stored}
    assert by_type["Arrests"] == methods["Arrests"]
    assert set(by_type.values()) <= {"rules", "llm", "both"}
    arrests = next(e for e in analysis.events if e.sub_event_type == "Arrests")
    assert arrests.date is not None and arrests.date.value == dt.date(2024, 3, 4)  # that Monday


def test_bench_llm_against_fake_server(llm_env, fake_server, tmp_path):
    from sitroom.llm.bench import run

    gold = tmp_path / "events" / "mini.dev.jsonl"
    gold.parent.mkdir()
    rows = [
        {
            "id": "m1",
            "text": "Police arrested four protesters in Velmora on 3 May.",
            "event_date": "2023-05-03",
            "event_type": "Strategic developments",
            "sub_event_type": "Arrests",
            "actor1": "Police Forces",
            "actor2": None,
            "location": "Velmora",
            "latitude": None,
            "longitude": None,
            "admin1": None,
            "country": None,
            "fatalities": 0,
        }
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run(corpus=gold, n=5)
    assert result["bench"] == "llm" and result["task"] == "events" and result["docs"] == 1
    assert set(result["rules"]) >= {"event_type_accuracy"}
    assert set(result["rules_llm"]) >= {"event_type_accuracy"}
    assert "event_type_accuracy" in result["delta"]
    assert result["llm"]["chunks"] == 1 and result["tokens"] == 150
    assert len(fake_server.requests) == 1
