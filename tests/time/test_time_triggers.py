"""Trigger strings: the sentence shortcut must never change what the rules find."""

from __future__ import annotations

from sitroom.time.patterns import load_grammar
from sitroom.time.stage import find_matches
from sitroom.time.triggers import DIGIT, present, rule_triggers

TEXTS = [
    "On Friday, Dec. 6, 2024, rebels took the town; by Sunday night troops had left.",
    "The siege lasted 11 years. It took more than two hours.\nLast week aid arrived.",
    "In the third quarter of 1989, profit rose; a year earlier it fell. Year-earlier sales slid.",
    "Talks were held between 3 and 5 March 2024. Flights leave twice a week, every Friday.",
    "At 10 p.m.\nWednesday the shelling began, and the 1990s were calm until recently.",
    "He said it would happen in the future, soon, or some day; now it is 14:30 GMT.",
    "It took half an hour, then 5 1/2 hours; a minute and a half later the dawn came.",
    "Overnight Monday and in the early hours of Dec. 8, two-year-old rules ended that year.",
]


def _spans(text: str, *, gate: bool) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.rule.name) for m in find_matches(text, load_grammar(), gate=gate)]


def test_gated_matching_equals_full_scan() -> None:
    for text in TEXTS:
        assert _spans(text, gate=True) == _spans(text, gate=False), text


def test_triggers_of_simple_patterns() -> None:
    assert rule_triggers(r"(?:the )?(?P<w>monday|friday)") == ("frida", "monda")
    assert rule_triggers(r"(?P<y>1[0-9]{3})") == (DIGIT,)
    assert rule_triggers(r"(?:a )?\w+") is None


def test_present() -> None:
    assert present(("frida", DIGIT), "on friday they met", False)
    assert present(("frida", DIGIT), "in 1990", True)
    assert not present(("frida",), "on monday they met", False)


def test_most_rules_have_triggers() -> None:
    rules = load_grammar().rules
    assert sum(r.triggers is None for r in rules) <= 2
