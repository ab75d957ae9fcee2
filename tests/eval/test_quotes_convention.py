"""The gold conventions `predict` follows: contents never nest, and a cue-less quote keeps its speaker."""

from __future__ import annotations

from sitroom.eval import quotes
from sitroom.records import Attribution, Evidence, Speaker

TEXT = "The mayor said that the minister claimed the bridge was safe. “It was not,” a driver added."


def ev(part: str) -> Evidence:
    start = TEXT.index(part)
    return Evidence("a1", start, start + len(part), part)


def attribution(content: str, cue: str | None, speaker: str | None = None) -> Attribution:
    who = None
    if speaker is not None:
        who = Speaker(
            name=speaker, kind="person", description=None, affiliation=None, evidence=[ev(speaker)]
        )
    return Attribution(
        id=content,
        article_id="a1",
        direct=False,
        speaker=who,
        cue=ev(cue) if cue else None,
        content=ev(content),
        via=None,
        date=None,
        confidence=0.8,
    )


OUTER = attribution("that the minister claimed the bridge was safe", "said", "The mayor")
INNER = attribution("the bridge was safe", "claimed", "the minister")
QUOTE = attribution("“It was not,”", None, "a driver")


def test_an_attribution_inside_another_is_left_out():
    kept = quotes.outermost([INNER, OUTER, QUOTE])
    assert [a.id for a in kept] == [OUTER.id, QUOTE.id]


def test_same_start_keeps_the_longer_and_disjoint_ones_stay():
    same_start = attribution("that the minister", "said")
    assert quotes.outermost([same_start, OUTER]) == [OUTER]
    assert quotes.outermost([INNER, QUOTE]) == [INNER, QUOTE]


def test_identical_contents_are_not_inner_to_each_other():
    twin = attribution("that the minister claimed the bridge was safe", "said")
    assert len(quotes.outermost([OUTER, twin])) == 2


def test_a_quote_without_cue_keeps_the_speaker_it_continues():
    out = quotes.to_gold(QUOTE)
    assert out["cue"] is None
    assert out["source"]["text"] == "a driver"
