"""`--workers 2` gives exactly the store that one process gives (same events, same evidence)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitroom.cli import app

runner = CliRunner()
TEXTS = [
    "Soldiers clashed with rebels near Goma on Monday, killing five fighters, witnesses said.",
    "Police fired tear gas at protesters in Dakar on Friday, a reporter said.",
    "A drone strike hit a truck near Marib on Sunday, killing two men, officials said.",
    "Gunmen abducted twelve farmers in Zamfara state on Tuesday, residents said.",
    "Hundreds marched peacefully in Tunis on Saturday to demand higher wages.",
    "A roadside bomb exploded near Kandahar on Wednesday, wounding three soldiers.",
]


def _events(db: str) -> list[dict]:
    out = runner.invoke(app, ["events", "--db", db, "-f", "json"])
    assert out.exit_code == 0, out.output
    return sorted(json.loads(out.stdout), key=lambda e: e["id"])


def test_two_workers_store_what_one_process_stores(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_BATCH_SIZE", "2")  # several batches, so both workers get work
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"text": t, "published": "2025-06-02"}) + "\n" for t in TEXTS)
    )
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    base = ["--quiet", "ingest", str(corpus)]
    r1 = runner.invoke(app, [*base, "--db", one])
    r2 = runner.invoke(app, [*base, "--db", two, "--workers", "2"])
    assert r1.exit_code == 0 and r2.exit_code == 0, (r1.output, r2.output)
    first, second = _events(one), _events(two)
    assert first and first == second


def test_workers_bench_times_both_runs_on_the_same_articles(tmp_path):
    from sitroom.ingest.bench_workers import run

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS))
    figures = run(corpus=corpus, n=4)
    assert figures["articles"] == 4
    assert figures["articles_per_s_1"] > 0 and figures["articles_per_s_2"] > 0
    assert (
        figures["efficiency"] == round(figures["speedup"] / 2, 3)
        or abs(figures["efficiency"] - figures["speedup"] / 2) < 0.002
    )
