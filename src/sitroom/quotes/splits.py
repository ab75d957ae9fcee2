"""Contents that run into the next cue: "said A, claiming B" and "said A and accused X of B" are two
attributions in annotated news; the first content is cut where the second cue's clause begins.
"""

from __future__ import annotations

from typing import Any

from .bounds import FINITE
from .claims import Claim, Context, end_of, trim

# Frames whose content is cut: noun-phrase and infinitive contents (a quote's content is fixed by its
# marks; cutting reported clauses the same way gained on one half of the annotated news and lost on
# the other, so clauses keep their parse extent and the cut rules of quotes_boundaries.yaml).
_PARSED = frozenset({"object", "prep", "infinitive"})


def _cut_point(verb: Any) -> int | None:
    """Where the clause of a second cue verb starts, when it follows the first content's words as a
    participle after a comma/dash, or as a subjectless verb coordinated by "and"."""
    doc = verb.doc
    i = verb.i
    while i > 0 and doc[i - 1].dep_ in ("advmod", "neg", "aux") and doc[i - 1].head.i == verb.i:
        i -= 1  # "..., also claiming", "and then accused"
    if i == 0:
        return None
    prev = doc[i - 1]
    if verb.tag_ == "VBG" and prev.text in (",", "—", "–", "--"):
        return prev.idx
    if (
        verb.tag_ in FINITE
        and prev.text.lower() == "and"
        and not any(c.dep_.startswith("nsubj") for c in verb.children)
    ):
        if i > 1 and doc[i - 2].text == ",":
            return doc[i - 2].idx
        return prev.idx
    return None


def split_merged(ctx: Context, claims: list[Claim]) -> list[Claim]:
    """Cut each parse-derived content before another cue whose content follows inside it."""
    cues = [c for c in claims if c.verb is not None and c.cue is not None]
    for outer in claims:
        if outer.frame not in _PARSED or outer.verb is None:
            continue
        start, end = outer.content
        for inner in cues:
            verb = inner.verb
            if (
                verb.i == outer.verb.i
                or not start < verb.idx < end
                or inner.content[0] < end_of(verb)
                or ctx.quotes.containing(verb.idx) is not None
                or verb.i < outer.verb.i
            ):
                continue
            cut = _cut_point(verb)
            if cut is not None and cut > start:
                new = trim(ctx, start, cut)
                if new[1] > new[0]:
                    outer.content = new
                    end = new[1]
    return claims
