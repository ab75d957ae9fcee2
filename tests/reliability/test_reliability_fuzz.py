"""`sitroom fuzz` and its library: counts texts, finds broken invariants and saves the texts."""

from __future__ import annotations

import json
import random

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.pipeline import Pipeline
from sitroom.records import TimeExpr
from sitroom.reliability import check_text, hostile_text
from sitroom.reliability.fuzz import run_fuzz
from sitroom.reliability.texts import SHAPES


class Unsteady:
    """A pipeline whose answer changes on every run: re-processing can never match."""

    def __init__(self) -> None:
        self.runs = 0

    def analyze_many(self, articles):
        for analysis in Pipeline(stages=[]).analyze_many(articles):
            self.runs += 1
            first = analysis.article.text[:1]
            analysis.times.append(TimeExpr(0, 1, first, "DATE", f"run-{self.runs}"))
            yield analysis


def test_every_shape_is_generated():
    rng = random.Random(7)
    texts = [hostile_text(rng) for _ in range(400)]
    assert len(texts) == 400 and all(isinstance(t, str) for t in texts)
    assert any(len(t) >= 9_000 for t in texts)  # the long lines
    assert any("\x00" in t for t in texts) and any("\r" in t for t in texts)
    assert len(SHAPES) >= 8


def test_check_text_catches_a_pipeline_that_is_not_deterministic():
    result = check_text("Troops moved north on Monday.", pipeline=Unsteady())
    assert any("re-processing" in f for f in result.failures)


def test_run_fuzz_counts_and_saves_failures(tmp_path):
    clean = run_fuzz(seconds=0.5, pipeline=Pipeline(stages=["time"]), seed=1, out_dir=tmp_path)
    assert clean.texts > 0 and clean.failures == 0 and clean.saved is None
    broken = run_fuzz(seconds=0.3, pipeline=Unsteady(), seed=2, out_dir=tmp_path)
    assert broken.failures > 0
    lines = (tmp_path / "fuzz-failures-2.jsonl").read_text(encoding="utf-8").splitlines()
    saved = json.loads(lines[0])
    assert saved["seed"] == 2 and saved["failures"] and isinstance(saved["text"], str)


def test_fuzz_command_prints_one_json_line(tmp_path):
    config = tmp_path / "light.toml"
    config.write_text('[sitroom]\nstages = ["time"]\n', encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "--config",
            str(config),
            "fuzz",
            "--seconds",
            "0.5",
            "--seed",
            "3",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["texts"] > 0 and report["failures"] == 0 and report["seed"] == 3
    assert {"texts_per_s", "seconds", "slowest_s"} <= report.keys()
