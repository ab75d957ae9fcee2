"""`sitroom --llm URL ingest`: the llm stage joins the pipeline and its spending is shown."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitroom.cli import STATE, app


def test_cli_llm_option_adds_the_stage_and_reports_tokens(
    fake_server, answer, tmp_path, monkeypatch
):
    # the --llm callback exports these for benchmarks; set (empty) here so they are undone afterwards
    monkeypatch.setenv("SITROOM_LLM_URL", "")
    monkeypatch.setenv("SITROOM_LLM_MODEL", "")
    text = "Police arrested four protesters in Kano on Monday, a spokesman said."
    fake_server.default = fake_server.default.__class__(
        content=answer(
            events=[
                {
                    "sub_event_type": "Arrests",
                    "trigger": {"text": "invented words", "start": 0, "end": 14},
                }
            ]
        )
    )
    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    try:
        result = runner.invoke(
            app,
            [
                "--llm",
                fake_server.url,
                "--llm-model",
                "fake",
                "ingest",
                str(source),
                "--published",
                "2025-03-04",
                "--db",
                db,
            ],
        )
    finally:
        STATE.llm = STATE.llm_model = None
    assert result.exit_code == 0, result.output
    assert "llm: 1 windows" in result.output and "150 tokens" not in result.output
    assert "120+30 tokens" in result.output
    assert "ungrounded fields dropped" in result.output
    assert fake_server.requests and fake_server.requests[0]["body"]["model"] == "fake"
    events = json.loads(runner.invoke(app, ["events", "--db", db, "-f", "json"]).stdout)
    assert all(e["trigger"]["text"] != "invented words" for e in events)
