import pytest

from sitroom.config import load_settings
from sitroom.errors import ConfigError


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_DB", raising=False)
    settings = load_settings()
    assert settings.db == "sitroom.db"
    assert settings.max_text_chars == 2_000_000
    assert settings.stages[0] == "nlp"


def test_precedence_file_then_env_then_cli(monkeypatch, tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text('[sitroom]\ndb = "from-file.db"\nbatch_size = 4\n')
    monkeypatch.setenv("SITROOM_DB", "from-env.db")
    settings = load_settings(config_file=cfg)
    assert settings.db == "from-env.db" and settings.batch_size == 4
    assert load_settings(config_file=cfg, db="from-cli.db").db == "from-cli.db"


def test_bad_values_are_one_line_config_errors(monkeypatch, tmp_path):
    monkeypatch.setenv("SITROOM_MAX_TEXT_CHARS", "-3")
    with pytest.raises(ConfigError, match="max_text_chars"):
        load_settings()
    monkeypatch.delenv("SITROOM_MAX_TEXT_CHARS")
    with pytest.raises(ConfigError, match="unknown stage"):
        load_settings(stages=["nlp", "telepathy"])
    bad = tmp_path / "bad.toml"
    bad.write_text("[sitroom\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config_file=bad)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config_file=tmp_path / "missing.toml")
