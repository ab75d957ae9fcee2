"""CLI behaviour end to end: exit codes, one-line errors, formats, show with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("cli") / "t.db")
    result = run("--quiet", "ingest", str(EXAMPLES), "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_ingest_examples_gives_events_with_valid_evidence(filled_db):
    result = run("events", "--db", filled_db, "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert len(events) >= len(list(EXAMPLES.glob("*.txt")))
    types = {e["event_type"] for e in events}
    assert {"Battles", "Protests"} <= types
    arts = json.loads(run("articles", "--db", filled_db, "--with-text", "-f", "json").stdout)
    texts = {a["id"]: a["text"] for a in arts}
    for event in events:
        assert event["reports"], event
        text = texts[event["reports"][0]["article_id"]]
        spans = [event["trigger"]] + [ev for a in event["actors"] for ev in a["evidence"]]
        for key in ("location", "date", "fatalities"):
            if event[key]:
                spans += event[key]["evidence"]
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"]


def test_reingest_adds_nothing(filled_db):
    before = json.loads(run("events", "--db", filled_db, "-f", "json").stdout)
    result = run("ingest", str(EXAMPLES), "--db", filled_db)
    assert result.exit_code == 0
    assert "0 added" in result.output
    assert json.loads(run("events", "--db", filled_db, "-f", "json").stdout) == before


def test_show_prints_fields_with_their_words(filled_db):
    events = json.loads(run("events", "--db", filled_db, "-f", "json").stdout)
    event = next(e for e in events if e["location"])
    result = run("show", event["id"][:8], "--db", filled_db)
    assert result.exit_code == 0, result.output
    assert event["trigger"]["text"] in result.stdout
    assert event["location"]["evidence"][0]["text"] in result.stdout
    detail = json.loads(run("show", event["id"], "--db", filled_db, "-f", "json").stdout)
    assert {row["field"] for row in detail["evidence"]} >= {"event_type", "location"}


def test_exports(filled_db):
    geo = json.loads(run("events", "--db", filled_db, "-f", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    csv_out = run("events", "--db", filled_db, "-f", "acled").stdout
    assert csv_out.splitlines()[0].startswith("event_id_cnty,event_date")


def test_quotes_listed(filled_db):
    quotes = json.loads(run("quotes", "--db", filled_db, "-f", "json").stdout)
    assert quotes and all(q["content"]["text"] for q in quotes)


def test_missing_path_is_exit_2_one_line(tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_published_is_exit_2(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Police arrested four men in Kano on Monday.")
    result = run("ingest", str(f), "--published", "11/12/2024", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2 and "--published" in result.output


def test_corrupt_database_is_exit_1(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"this is not a database" * 100)
    result = run("events", "--db", str(db))
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_unknown_event_id_is_exit_2(filled_db):
    result = run("show", "doesnotexist", "--db", filled_db)
    assert result.exit_code == 2


def test_stdin_ingest(tmp_path):
    db = str(tmp_path / "s.db")
    text = "Protesters blocked the main road in Lagos on Friday to denounce police brutality."
    result = run("--quiet", "ingest", "-", "--published", "2025-03-03", "--db", db, input=text)
    assert result.exit_code == 0, result.output
    arts = json.loads(run("articles", "--db", db, "-f", "json").stdout)
    assert len(arts) == 1 and arts[0]["published"] == "2025-03-03"
