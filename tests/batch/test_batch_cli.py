"""`sitroom batch` usage errors: one readable line and exit 2, before any cluster starts."""

from __future__ import annotations

from typer.testing import CliRunner

from sitroom.cli import app


def _run(*args: str):
    return CliRunner().invoke(app, ["batch", *args])


def test_needs_exactly_one_of_scheduler_or_workers(tmp_path):
    (tmp_path / "a.txt").write_text("Clashes in the north.")
    for extra in ([], ["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]):
        result = _run(str(tmp_path / "a.txt"), *extra)
        assert result.exit_code == 2
        assert "exactly one of --scheduler" in result.output


def test_missing_files_and_urls_are_bad_input(tmp_path):
    result = _run(str(tmp_path / "missing.warc.gz"), "--workers", "1")
    assert result.exit_code == 2 and "no such file" in result.output
    result = _run("https://news.example/a", "--workers", "1")
    assert result.exit_code == 2 and "files only" in result.output
    result = _run(str(tmp_path), "--workers", "0")
    assert result.exit_code == 2 and "between 1 and 64" in result.output
