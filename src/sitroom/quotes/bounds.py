"""Where a reported clause ends and who speaks when the parse leaves a reporting verb stranded.

Both follow annotated news conventions; the cut rules are data (quotes_boundaries.yaml).
"""

from __future__ import annotations

from typing import Any

from .claims import Context, end_of
from .lexicon import boundaries

FINITE = frozenset({"VBD", "VBZ", "VBP"})


def clause_end(head: Any) -> int:
    """Where the reported clause headed by `head` ends, before tails its subtree also holds (a
    comma-set relative or contrast clause; see quotes_boundaries.yaml)."""
    rules = boundaries()
    doc = head.doc
    cut = end_of(head.right_edge)
    for tok in head.subtree:
        if tok.i <= head.i or tok.left_edge.i == 0:
            continue
        before = doc[tok.left_edge.i - 1]
        if tok.dep_ == "relcl" and before.text == "," and rules.nonrestrictive_relatives:
            cut = min(cut, before.idx)
        elif (
            tok.dep_ == "advcl"
            and before.text == ","
            and doc[tok.left_edge.i].lower_ in rules.adverbial_marks
        ):
            cut = min(cut, before.idx)
    return cut


def stranded_subject(ctx: Context, verb: Any) -> Any:
    """A finite verb the parser left without a subject ("Trump summed X up, denounced Y"): the
    nearest subject earlier in its sentence, outside quotes."""
    for tok in reversed(verb.doc[verb.sent.start : verb.i]):
        if tok.dep_ == "nsubj" and ctx.quotes.containing(tok.idx) is None:
            return tok
    return None
