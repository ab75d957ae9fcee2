"""`sitroom fuse` and `sitroom fused` through the CLI on a store (no events: the plumbing only)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import sitroom.cli_fusion  # noqa: F401  (registers the commands until cli.COMMAND_MODULES lists it)
from sitroom.cli import app


def test_fuse_then_list_fused_events_as_json(tmp_path):
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    done = runner.invoke(app, ["--quiet", "fuse", "--db", db])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["fused", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == []


def test_split_of_an_unknown_id_is_bad_input(tmp_path):
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(app, ["split", "nosuchid", "--reason", "x", "--db", db])
    assert result.exit_code == 2


def test_fuse_and_fused_on_postgresql(pg_dsn, put, article, event):
    from sitroom.store import open_store

    with open_store(pg_dsn) as store:
        a = article("Jets struck a depot in Northtown on Monday.", outlet="alpha")
        put(store, a, [event(a, "struck")])
    runner = CliRunner()
    done = runner.invoke(app, ["--quiet", "fuse", "--db", pg_dsn])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["fused", "--db", pg_dsn, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    (one,) = json.loads(listed.stdout)
    assert one["independent_sources"] == 1
