"""The YAML tables keep words that YAML 1.1 would turn into booleans (Norway's code, `on`)."""

from __future__ import annotations

from sitroom.data import load_table, parse_table


def test_only_true_and_false_are_booleans() -> None:
    table = parse_table("codes: [NO, no, on, off, yes]\nflag: true\nother: False\n")
    assert table == {"codes": ["NO", "no", "on", "off", "yes"], "flag": True, "other": False}


def test_norway_is_a_country_code_in_the_shipped_tables() -> None:
    assert "NO" in load_table("geo_points")["countries"]
    assert "NO" in load_table("actors")["countries"]
    assert False not in load_table("actors")["countries"]
