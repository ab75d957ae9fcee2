"""Contents cut where the next cue begins (participles, "and"-coordinated cues), set-off relatives
after an object, "as" clauses, and the cue frames added to the verb table.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitroom.quotes.claims import Claim, Context
from sitroom.quotes.lexicon import boundaries, cue_table
from sitroom.quotes.marks import QuoteIndex, find_quotes, paragraph_spans
from sitroom.quotes.splits import split_merged


def _doc(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A hand-made parse: (word, head index, dep, tag, pos) per token, one space between words
    except before punctuation."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in ",." for i in range(len(rows))]
    return Doc(
        Vocab(),
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        tags=[r[3] for r in rows],
        pos=[r[4] for r in rows],
    )


def _context(doc: Doc) -> Context:
    text = doc.text
    quotes = find_quotes(text)
    return Context(text, doc, QuoteIndex(quotes), paragraph_spans(text), cue_table())


def _span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last].text)


# "The mayor praised the plan for roads, calling it fair." with the participle misattached to the
# object (as the parser does in long sentences): the object's subtree runs over the second cue.
_PRAISED = [
    ("The", 1, "det", "DT", "DET"),
    ("mayor", 2, "nsubj", "NN", "NOUN"),
    ("praised", 2, "ROOT", "VBD", "VERB"),
    ("the", 4, "det", "DT", "DET"),
    ("plan", 2, "dobj", "NN", "NOUN"),
    ("for", 4, "prep", "IN", "ADP"),
    ("roads", 5, "pobj", "NNS", "NOUN"),
    (",", 8, "punct", ",", "PUNCT"),
    ("calling", 4, "acl", "VBG", "VERB"),
    ("it", 10, "nsubj", "PRP", "PRON"),
    ("fair", 8, "oprd", "JJ", "ADJ"),
    (".", 2, "punct", ".", "PUNCT"),
]


def test_participle_cue_inside_an_object_ends_it():
    doc = _doc(_PRAISED)
    ctx = _context(doc)
    outer = Claim(_span(doc, 3, 10), _span(doc, 2, 2), "object", verb=doc[2])
    inner = Claim(_span(doc, 9, 10), _span(doc, 8, 8), "object", verb=doc[8])
    split_merged(ctx, [outer, inner])
    assert ctx.text[slice(*outer.content)] == "the plan for roads"
    assert ctx.text[slice(*inner.content)] == "it fair"


def test_reported_clause_is_not_cut_by_split_merged():
    doc = _doc(_PRAISED)
    ctx = _context(doc)
    outer = Claim(_span(doc, 3, 10), _span(doc, 2, 2), "clause", verb=doc[2])
    inner = Claim(_span(doc, 9, 10), _span(doc, 8, 8), "object", verb=doc[8])
    split_merged(ctx, [outer, inner])
    assert outer.content == _span(doc, 3, 10)


# "The union denounced the plan and accused the firm." with the second verb hung on the object.
_DENOUNCED = [
    ("The", 1, "det", "DT", "DET"),
    ("union", 2, "nsubj", "NN", "NOUN"),
    ("denounced", 2, "ROOT", "VBD", "VERB"),
    ("the", 4, "det", "DT", "DET"),
    ("plan", 2, "dobj", "NN", "NOUN"),
    ("and", 4, "cc", "CC", "CCONJ"),
    ("accused", 4, "conj", "VBD", "VERB"),
    ("the", 8, "det", "DT", "DET"),
    ("firm", 6, "dobj", "NN", "NOUN"),
    (".", 2, "punct", ".", "PUNCT"),
]


def test_subjectless_coordinated_cue_inside_an_object_ends_it():
    doc = _doc(_DENOUNCED)
    ctx = _context(doc)
    outer = Claim(_span(doc, 3, 8), _span(doc, 2, 2), "object", verb=doc[2])
    inner = Claim(_span(doc, 7, 8), _span(doc, 6, 6), "object", verb=doc[6])
    split_merged(ctx, [outer, inner])
    assert ctx.text[slice(*outer.content)] == "the plan"


def test_boundary_rules_are_data():
    rules = boundaries()
    assert rules.participle_cues
    assert "as" in rules.adverbial_marks


@pytest.mark.slow
def test_participle_after_a_reported_clause_is_its_own_attribution(attribute):
    a = attribute("The ministry said exports fell sharply last year, citing weaker demand abroad.")
    said = next(x for x in a.attributions if x.cue is not None and x.cue.text == "said")
    citing = next(x for x in a.attributions if x.cue is not None and x.cue.text == "citing")
    assert said.content.text == "exports fell sharply last year"
    assert citing.content.text == "weaker demand abroad"
    # the participle is the ministry's, not the reported clause's subject ("exports")
    assert citing.speaker is not None and "ministry" in citing.speaker.evidence[0].text


@pytest.mark.slow
def test_set_off_relative_after_an_object_is_left_out(attribute):
    a = attribute(
        "The council rejected the proposal, which had been drafted by the mayor's office."
    )
    att = next(x for x in a.attributions if x.cue is not None and x.cue.text == "rejected")
    assert att.content.text == "the proposal"


@pytest.mark.slow
def test_as_clause_after_a_comma_is_left_out(attribute):
    a = attribute("Two senators said they would not back the bill, as have several governors.")
    att = next(x for x in a.attributions if x.cue is not None and x.cue.text == "said")
    assert att.content.text == "they would not back the bill"


@pytest.mark.slow
def test_suggest_and_understand_take_an_object(attribute):
    a = attribute("The report suggests a link between the two attacks.")
    att = next(x for x in a.attributions if x.cue is not None and x.cue.text == "suggests")
    assert att.content.text == "a link between the two attacks"
    b = attribute("The minister understood the risk.")
    assert [x.content.text for x in b.attributions] == ["the risk"]
