"""Attributions led by phrases rather than verbs: "according to X, ...", "In a poll, ...", nouns and
adjectives ("his claim that", "critical of"), and transcript or headline labels ("NAME: ...").
"""

from __future__ import annotations

import re
from typing import Any

from .claims import Claim, Context, end_of, paragraph_clip, trim
from .lexicon import VerbFrames

# "NAME: text" at a paragraph start: a short label (up to five words) then the statement.
# possessive `*+`: no backtracking, so a 10k-letter "word" cannot hang the match
_LABEL_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LABEL = re.compile(r"((?:[^\W\d][\w.'’-]*+[ ]?){1,5}):[ \t]+(\S)")


def according_claim(ctx: Context, tok: Any) -> Claim | None:
    """`according to X, <content>` / `<content>, according to X`."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        to = tok.doc[tok.i + 1]
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    return _phrase_claim(ctx, tok, (tok.idx, end_of(to)), source, 0.75)


def source_phrase_claim(ctx: Context, prep: Any) -> Claim | None:
    """`In a new poll, <content>`: a document named in a phrase opening the sentence is its source."""
    if (
        prep.dep_ != "prep"
        or prep.head.pos_ not in ("VERB", "AUX")
        or prep.head.lemma_.lower() in ctx.table.verbs  # "said in a statement": the verb's own cue
    ):
        return None
    source = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if source is None or source.lemma_.lower() not in ctx.table.source_documents:
        return None
    doc = prep.doc
    first = prep.left_edge.i == prep.sent.start
    after = doc[prep.right_edge.i + 1] if prep.right_edge.i + 1 < prep.sent.end else None
    if not first or after is None or after.text != ",":
        return None  # opening the sentence, set off by a comma: not "voted in the poll"
    return _phrase_claim(ctx, prep, (prep.idx, end_of(prep)), source, 0.6)


def _phrase_claim(
    ctx: Context, tok: Any, cue: tuple[int, int], source: Any, confidence: float
) -> Claim | None:
    """The sentence around a source phrase headed by `tok`, less the phrase itself."""
    doc = tok.doc
    lo, hi = tok.sent.start, tok.sent.end - 1  # the sentence less the phrase, whatever it hangs on
    plo, phi = tok.left_edge.i, tok.right_edge.i
    before = [t for t in doc[lo:plo] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[phi + 1 : hi + 1] if not (t.is_punct or t.is_space)]
    if not after and before:
        span = (doc[lo].idx, doc[plo].idx)
    elif not before and after:
        span = (end_of(doc[phi]), end_of(doc[hi]))
    else:
        span = (doc[lo].idx, end_of(doc[hi]))
    span = paragraph_clip(ctx, tok.idx, *span)
    content = trim(ctx, *span)
    if content[1] - content[0] < 3:
        return None
    return Claim(content, cue, "according", verb=tok, subject=source, confidence=confidence)


def label_claims(ctx: Context) -> list[Claim]:
    """Transcript and headline style `NAME: what was said` at the start of a paragraph."""
    claims = []
    for p_start, p_end in ctx.paragraphs:
        m = _LABEL.match(ctx.text, p_start, p_end)
        if m is None or m.group(1).lower().rstrip(".") in ctx.table.label_exclusions:
            continue
        label = ctx.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if label is None or any(t.pos_ in ("VERB", "AUX") or t.like_num for t in label):
            continue
        if not (
            label.text.isupper()
            or any(t.pos_ == "PROPN" or t.ent_type_ in _LABEL_ENTITIES for t in label)
            or label.root.lemma_.lower() in ctx.table.source_documents  # "Poll: ..."
        ):
            continue
        content = trim(ctx, m.start(2), p_end)
        if content[1] - content[0] > 10:
            claims.append(
                Claim(
                    content, (m.end(1), m.end(1) + 1), "label", subject=label.root, confidence=0.6
                )
            )
    return claims


def noun_claim(ctx: Context, noun: Any, frames: VerbFrames) -> Claim | None:
    """`his claim that ...`, `their refusal to ...`, `her criticism of ...`: the possessor speaks."""
    content = None
    by_prep = False
    for c in noun.rights:
        if frames.clause and c.dep_ in ("acl", "ccomp", "relcl") and _marked_that(c):
            content = (c.left_edge.idx, end_of(c.right_edge))
        elif (
            frames.infinitive
            and c.dep_ == "acl"
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ):
            content = (c.left_edge.idx, end_of(c.right_edge))
        elif c.dep_ == "prep" and c.lower_ in frames.preps:
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content = (pobj.left_edge.idx, end_of(pobj.right_edge))
                by_prep = True
        if content is not None:
            break
    if content is None:
        return None
    content = trim(ctx, *paragraph_clip(ctx, noun.idx, *content))
    speaker = next((c for c in noun.lefts if c.dep_ == "poss"), None)
    if speaker is None:
        for c in noun.rights:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                speaker = next((g for g in c.children if g.dep_ == "pobj"), None)
    if by_prep and speaker is None and frames.holder:
        return None  # "attack on a nightclub": without a holder the noun is an event
    return Claim(
        content, (noun.idx, end_of(noun)), "noun", verb=noun, subject=speaker, confidence=0.5
    )


def adjective_claim(ctx: Context, adj: Any, frames: VerbFrames) -> Claim | None:
    """`X is critical of Y`, `voters worried that ...`, `she is willing to ...`: the holder speaks."""
    content = None
    cue_end = end_of(adj)
    for c in adj.rights:
        if frames.clause and c.dep_ == "ccomp":
            content = (c.left_edge.idx, end_of(c.right_edge))
        elif frames.infinitive and c.dep_ == "xcomp":
            content = (c.left_edge.idx, end_of(c.right_edge))
        elif c.dep_ == "prep" and c.lower_ in frames.preps:
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content = (pobj.left_edge.idx, end_of(pobj.right_edge))
                cue_end = end_of(c)
        if content is not None:
            break
    if content is None:
        return None
    content = trim(ctx, *paragraph_clip(ctx, adj.idx, *content))
    holder = None
    if adj.dep_ in ("acomp", "oprd", "xcomp"):
        holder = next((c for c in adj.head.children if c.dep_.startswith("nsubj")), None)
    elif adj.dep_ == "amod" or adj.head.pos_ in ("NOUN", "PROPN", "PRON"):
        holder = adj.head
    return Claim(content, (adj.idx, cue_end), "noun", verb=adj, subject=holder, confidence=0.5)


def _marked_that(tok: Any) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
