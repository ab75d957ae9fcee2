"""Cue patterns: parsing, gaps, parts of speech, dates, overlaps and object classes."""

from sitroom.events.cues import _parse_pattern, find_cues, load_cue_table


def test_pattern_syntax():
    slots = _parse_pattern("set * on fire")
    assert [sorted(s.forms) for s in slots] == [["set"], ["on"], ["fire"]]
    assert [s.wide_gap for s in slots] == [False, True, False]
    (slot,) = _parse_pattern("bomb/VERB")
    assert slot.pos is not None and "VERB" in slot.pos
    assert len(_parse_pattern("sit-in")) == 2


def test_every_sub_event_type_is_reachable():
    table = load_cue_table()
    reachable = set()
    for frame in table.frames.values():
        reachable.add(frame.default)
        reachable.update(r.then for r in frame.rules)
    assert len(table.sub_event_types) == 25
    assert reachable == set(table.sub_event_types)
    assert {v[0] for v in table.sub_event_types.values()} == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


def _frames(nlp, text):
    doc = nlp(text)
    return [
        (h.frame, " ".join(doc[i].text for i in h.tokens))
        for s in doc.sents
        for h in find_cues(s, load_cue_table())
    ]


def test_modifier_gap_and_longest_match(nlp):
    assert ("clash", "exchanged fire") in _frames(
        nlp, "The two groups exchanged heavy fire overnight."
    )
    found = _frames(nlp, "A suicide car bomb went off at the gate.")
    assert found[0] == ("suicide", "suicide car bomb")


def test_month_name_is_not_a_march(nlp):
    assert _frames(nlp, "On 3 March 2021 the talks resumed.") == []


def test_object_class_decides_seize(nlp):
    assert ("take_territory", "seized") in _frames(nlp, "The rebels seized the village after dawn.")
    assert ("disrupt", "seized") in _frames(nlp, "Police seized weapons and ammunition in a raid.")
