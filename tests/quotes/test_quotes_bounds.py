"""Content boundaries and cue frames: quotes run to their closing mark, coordinated cues, stray
subjects inside quotes, "called for X to ...", YAML-safe preposition lists, holder-only nouns, object
tails (adverbials out, complements in), the clause after a cue, participles after a cue.
"""

from __future__ import annotations

import pytest

from sitroom.quotes.lexicon import boundaries, cue_table

pytestmark = pytest.mark.slow


def by_cue(analysis, cue: str):
    found = [a for a in analysis.attributions if a.cue is not None and a.cue.text == cue]
    assert len(found) == 1, [(a.cue and a.cue.text, a.content.text) for a in analysis.attributions]
    return found[0]


def test_prepositions_named_on_survive_yaml():
    # a bare `on` in YAML 1.1 is the boolean True; the table must keep the word
    table = cue_table()
    assert "on" in table.verbs["insist"].preps
    assert "on" in table.verbs["call"].preps
    assert True not in table.verbs["call"].preps


def test_clause_runs_to_the_closing_mark_of_a_quote_it_opens(attribute):
    a = attribute(
        "The envoy said he would raise the “threats that exist along the border, which nobody "
        "in the capital has taken seriously for years.”"
    )
    att = by_cue(a, "said")
    assert att.content.text.endswith("for years.”")


def test_subject_inside_the_quote_is_not_the_speaker(attribute):
    a = attribute(
        "“If the dam does not hold this winter, it will fail at some point, probably sooner "
        "rather than later,” said Omar Haddad, an engineer who inspected it last month."
    )
    att = by_cue(a, "said")
    assert att.direct
    assert att.content.text.startswith("“If the dam")
    assert att.speaker is not None and "Omar Haddad" in att.speaker.evidence[0].text


def test_coordinated_reporting_verb_ends_the_first_content(attribute):
    a = attribute("The mayor says he respects the council and calls its leader a careful planner.")
    says = by_cue(a, "says")
    assert says.content.text == "he respects the council"


def test_called_for_with_a_clause(attribute):
    a = attribute("A senator in Manila is calling for the minister to be removed from office.")
    att = by_cue(a, "is calling for")
    assert att.content.text.startswith("the minister to be removed")


def test_later_clause_after_semicolon_is_the_content(attribute):
    a = attribute(
        "More than half said the roads were unsafe; 40 percent said they would leave the area."
    )
    second = [x for x in a.attributions if x.content.text.startswith("they would leave")]
    assert second, [x.content.text for x in a.attributions]
    assert all("the roads were unsafe" not in x.content.text for x in second)


def test_attack_on_a_place_is_not_an_attribution(attribute):
    a = attribute("The attack on the market killed four people.")
    assert not [x for x in a.attributions if x.cue is not None and x.cue.text == "attack"]
    b = attribute("The governor's attack on the opposition drew wide criticism.")
    assert [x for x in b.attributions if x.cue is not None and x.cue.text == "attack"]


def test_passive_view_without_agent(attribute):
    a = attribute("The northern road is widely considered unsafe after dark.")
    att = by_cue(a, "is widely considered")
    assert att.content.text == "The northern road is widely considered unsafe"
    assert att.speaker is None


def test_quote_later_in_the_sentence_joins_the_clause(attribute):
    a = attribute(
        'The senator argued that the plan was "badly drafted" because it ignored the farmers '
        'and "would not survive a vote."'
    )
    att = by_cue(a, "argued")
    assert att.content.text.endswith('survive a vote."')


def test_fact_words_with_a_that_clause_are_not_cues(attribute):
    a = attribute("The fact that the bridge collapsed delayed the convoy.")
    assert not [x for x in a.attributions if x.cue is not None and x.cue.text == "fact"]


def test_physical_attacks_are_not_attributions(attribute):
    a = attribute("Gunmen attacked a police checkpoint near the river on Sunday, killing two.")
    assert a.attributions == []


# (text, cue, expected content): one per convention of content boundaries
CONTENTS = [
    # a relative object is the content
    (
        "He praised the port city, which he describes as his second home.",
        "describes",
        "which he describes as his second home",
    ),
    # a gerund opening the reported clause
    (
        "The minister said rebuilding the bridge could take two years.",
        "said",
        "rebuilding the bridge could take two years",
    ),
    ("Asked whether the talks had failed, the envoy said so.", "said", "so"),
    # a verb or noun outside the lexicon with a that-clause
    (
        "The commander bets that the rebels will withdraw before winter.",
        "bets",
        "that the rebels will withdraw before winter",
    ),
    (
        "There is a growing perception that the ceasefire is failing.",
        "perception",
        "that the ceasefire is failing",
    ),
    # an object's time and place adverbials stay out, its complement stays in
    ("The governor endorsed the mayor during a rally in the capital.", "endorsed", "the mayor"),
    (
        "The minister described the ceasefire as a fragile first step.",
        "described",
        "the ceasefire as a fragile first step",
    ),
    # the clause after the cue is its report, not the sentence before it
    (
        "Last month the union polled its members online: 1,400 teachers said they wanted "
        "a new contract.",
        "said",
        "they wanted a new contract",
    ),
    # a participle after a parenthetical cue is no content
    (
        "The talks will resume next week, the envoy said, adding that both sides agreed.",
        "said",
        "The talks will resume next week",
    ),
]


@pytest.mark.parametrize(("text", "cue", "content"), CONTENTS)
def test_content_boundaries(attribute, text, cue, content):
    assert by_cue(attribute(text), cue).content.text == content


def test_object_tail_table_keeps_complements_and_drops_adverbials():
    rules = boundaries()
    assert {"as", "for"} <= rules.tail_preps
    assert not {"during", "after", "before"} & rules.tail_preps
    assert "npadvmod" not in rules.tail_deps and "conj" not in rules.tail_deps
