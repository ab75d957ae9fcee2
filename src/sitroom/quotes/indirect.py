"""Attributions read from the dependency parse: a reporting cue, its content and its local source.

Covers "X said that ...", "“...,” it added", "declared the source", "X told Y: ...", "according to X".
"""

from __future__ import annotations

import re
from typing import Any

from .bounds import (
    FINITE,
    clause_end,
    complement,
    has_mark,
    phrase_end,
    relative,
    stranded_subject,
    subject_of,
    tailend_of,
)
from .claims import QUOTE_CHARS, Claim, Context, end_of, paragraph_clip, subtree_span, trim
from .lexicon import VerbFrames
from .phrases import (
    according_claim,
    adjective_claim,
    label_claims,
    noun_claim,
    source_phrase_claim,
)

_CUE_LEFT_DEPS = {"aux", "auxpass", "neg", "advmod"}
_SUBJECT_LIKE = {"dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "dative"}
_LEFT_GAP = re.compile(r"[\s,—–-]*")
_THAT = frozenset({"that"})
_NOUN_THAT = VerbFrames(clause=True)
_UNLISTED = VerbFrames()  # a verb outside the table: `X <verb> that ...` or `X <verb>: “...”`
# A one-word object that says nothing on its own ("said it"); "endorsed him" is a stance and stays.
_PRONOUN = re.compile(r"(?i)it|this|that|these|those|so|one|something")


def cue_span(verb: Any, extra: list[Any] | None = None) -> tuple[int, int]:
    """The verb with its adjacent auxiliaries, negation and adverbs, particle and `extra` tokens."""
    lo = hi = verb.i
    lefts = {c.i: c for c in verb.lefts if c.dep_ in _CUE_LEFT_DEPS}
    while lo - 1 in lefts:
        lo -= 1
    for c in verb.rights:
        if c.dep_ == "prt" and c.i == hi + 1:
            hi = c.i
    for tok in extra or []:
        lo, hi = min(lo, tok.i), max(hi, tok.i)
    doc = verb.doc
    return doc[lo].idx, end_of(doc[hi])


_TRIM_TAIL = " \t\n\xa0,;:—–-." + QUOTE_CHARS


def _quote_left(ctx: Context, verb: Any, subject: Any) -> tuple[int, int] | None:
    """A quote that ends right before the cue clause: `“...,” it added` / `“...,” said X`."""
    anchor = verb.idx
    for c in verb.lefts:
        if ctx.quotes.containing(c.idx) is not None:
            continue  # the parser hung words of the quote itself on the cue
        if c.dep_ in _CUE_LEFT_DEPS or (subject is not None and c.i == subject.i):
            anchor = min(anchor, c.left_edge.idx)
    q = ctx.quotes.last_before(anchor)
    if q is None or q.words < ctx.table.min_cued_quote_words:
        return None
    gap = ctx.text[q.end : anchor]
    if "\n" in gap or not _LEFT_GAP.fullmatch(gap):
        return None
    return q.start, q.end


def _quote_right(ctx: Context, verb: Any) -> tuple[tuple[int, int], bool] | None:
    """A quote right after the cue (`X said: “...”`, `he answered, “...”`); flag: a colon leads it."""
    start = end_of(verb)
    q = ctx.quotes.next_after(start)
    if q is None or q.start - start > 160 or q.words < ctx.table.min_cued_quote_words:
        return None
    gap = ctx.text[start : q.start]
    stripped = gap.rstrip()
    if "\n" in gap.strip("\n ") or "." in gap or not (stripped == "" or stripped[-1] in ",:"):
        return None
    if stripped == "" and q.words < 3:
        return None  # `called “buffer zone”`: a named thing, not a statement
    span = verb.doc.char_span(start, q.start, alignment_mode="expand")
    for tok in span or []:
        if tok.pos_ in ("VERB", "AUX") or not (
            tok.is_punct or tok.is_space or verb.is_ancestor(tok)
        ):
            return None  # another verb in between owns the quote ("urged X, saying “...”")
    return (q.start, q.end), stripped.endswith(":")


def _attributive(ctx: Context, quote: tuple[int, int]) -> bool:
    """A quote that ends the way quotes before their cue do: `“...,”` `“...?”` `“...—”`."""
    return ctx.text[: quote[1]].rstrip(QUOTE_CHARS)[-1:] in ",?!—–-"


def _continues_after(verb: Any) -> bool:
    """A parenthetical cue: after `, he said,` the sentence goes on with more than a time phrase."""
    rest = [t for t in verb.doc[verb.i + 1 : verb.right_edge.i + 1] if not t.is_space]
    if len(rest) < 3 or rest[0].text != ",":
        return False
    words = [t for t in rest[1:] if not t.is_punct]
    if words and words[0].tag_ in ("VBG", "VBN") and words[0].head.i == verb.i:
        return False  # "..., he said, adding ..." / "..., he said, wiping his face": the cue's own
    return len(words) >= 2 and not all(t.ent_type_ in ("DATE", "TIME") for t in words)


def _opens_clause(ctx: Context, at: int) -> bool:
    """A quote that starts a sentence or paragraph (not a phrase quoted inside running text)."""
    before = ctx.text[max(0, at - 30) : at].rstrip(" \t")
    return not before or before[-1] in "\n.!?:;" or before[-1] in QUOTE_CHARS


def _colon_frame(ctx: Context, verb: Any) -> tuple[int, int] | None:
    """`X said: <text>` without quote marks: the rest of the paragraph (or the next one)."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : min(verb.i + 14, len(doc))]:
        if tok.text == ":":
            p = ctx.paragraph_of(tok.idx)
            p_start, p_end = ctx.paragraphs[p]
            start = tok.idx + 1
            if not ctx.text[start:p_end].strip() and p + 1 < len(ctx.paragraphs):
                start, p_end = ctx.paragraphs[p + 1]
            return trim(ctx, start, p_end) if ctx.text[start:p_end].strip() else None
        if not (tok.is_punct or verb.is_ancestor(tok)) or tok.text in ".;":
            return None
    return None


def _infinitive(verb: Any) -> tuple[Any, Any] | None:
    """(xcomp, object before it) for "vowed to X" / "urged them to X"."""
    for c in verb.rights:
        if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            obj = next((o for o in verb.rights if o.dep_ in ("dobj", "dative") and o.i < c.i), None)
            return c, obj
    return None


def _raising(ctx: Context, verb: Any) -> Claim | None:
    """Raising verbs ("X seems to Y", "is expected to"): the whole clause is the content, no speaker."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.lemma_.lower() == "expect" and not passive:
        return None
    ccomp = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    if ccomp is not None and verb.lemma_.lower() != "expect":
        span = subtree_span(ccomp)
    else:
        comp = next((c for c in verb.rights if c.dep_ in ("xcomp", "acomp", "attr")), None)
        subj = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if comp is None or subj is None:
            return None
        span = (subj.left_edge.idx, end_of(comp.right_edge))
    content = trim(ctx, *span)
    return Claim(content, cue_span(verb), "raising", verb=verb, confidence=0.5)


_PASSIVE_COMPLEMENTS = frozenset({"oprd", "xcomp", "acomp", "attr", "prep", "advcl", "ccomp"})


def _passive_view(ctx: Context, verb: Any) -> Claim | None:
    """`X is considered a risk` / `was widely viewed as payback` / `is suspected of Y`, with no
    agent: a view held by unnamed people, the subject and what is said of it the content."""
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    comp = next((c for c in verb.rights if c.dep_ in _PASSIVE_COMPLEMENTS), None)
    if subj is None or comp is None:
        return None
    start, end = paragraph_clip(ctx, verb.idx, subj.left_edge.idx, end_of(comp.right_edge))
    content = trim(ctx, start, end)
    return Claim(content, cue_span(verb), "raising", verb=verb, confidence=0.5)


def verb_claim(ctx: Context, verb: Any, frames: VerbFrames) -> Claim | None:
    """The attribution a reporting verb heads, or None when no content is found for it."""
    if frames.raising:
        raised = _raising(ctx, verb)
        if raised is not None or not frames.clause:
            return raised  # "expected that ...": an active raising verb may still take a clause
    subject, inherited = subject_of(verb, reporting=ctx.table.verbs)
    if (
        subject is not None
        and ctx.quotes.containing(subject.idx) is not None
        and ctx.quotes.containing(verb.idx) is None
    ):
        subject = None  # `“..., it will,” said X`: the parser took a word of the quote as subject
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive and frames.infinitive and (inf := _infinitive(verb)) is not None:
        subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
        if subj is not None:  # "is said to have ..." / "is reported to be ..."
            content = trim(ctx, subj.left_edge.idx, end_of(inf[0].right_edge))
            return Claim(content, cue_span(verb), "raising", verb=verb, confidence=0.5)
    if passive and frames.passive and (held := _passive_view(ctx, verb)) is not None:
        return held
    addressee = None
    if frames.addressee:
        addressee = next((c for c in verb.rights if c.dep_ in ("dobj", "dative")), None)
    claim = _content(ctx, verb, frames, subject)
    if claim is None:
        return None
    if claim.frame in ("quote", "inverted") and subject is None:
        # "“...,” declared the source": the parser often files the inverted subject as an object.
        subject = next(
            (
                c
                for c in verb.rights
                if c.dep_ in _SUBJECT_LIKE and c.pos_ in ("NOUN", "PROPN", "PRON")
            ),
            None,
        )
        if subject is not None and addressee is not None and subject.i == addressee.i:
            addressee = None
    claim.subject = claim.subject or subject
    if claim.subject is None and verb.tag_ in FINITE:
        claim.subject, inherited = stranded_subject(ctx, verb), True
    claim.addressee = addressee or _interview_partner(verb)
    if inherited:
        claim.confidence -= 0.1
    return claim


def _content(ctx: Context, verb: Any, frames: VerbFrames, subject: Any) -> Claim | None:
    cue = cue_span(verb, _extensions(ctx, verb))
    left = _quote_left(ctx, verb, subject)
    right = _quote_right(ctx, verb)
    inverted = subject is not None and subject.i > verb.i
    if left is not None and _opens_clause(ctx, left[0]) and (inverted or _attributive(ctx, left)):
        return Claim(left, cue, "quote", direct=True, verb=verb, confidence=0.9)
    if right is not None and right[1]:
        return Claim(right[0], cue, "quote", direct=True, verb=verb, confidence=0.9)
    if frames == _UNLISTED:
        return _that_clause(ctx, verb, cue)  # else only `X <verb>: “...”` makes it a cue
    ccomp = complement(ctx, verb)
    if right is not None and ccomp is not None and ccomp.i < verb.i:
        return Claim(right[0], cue, "quote", direct=True, verb=verb, confidence=0.8)
    if frames.clause and ccomp is not None:
        start, end = ccomp.left_edge.idx, clause_end(ccomp)
        if ccomp.i > verb.i and ccomp.left_edge.i < verb.i and not relative(ccomp.left_edge):
            start = end_of(verb)  # a clause after its cue never takes in the cue's subject
        for other in verb.rights:  # "said X, but that Y": every complement clause
            if other.i > ccomp.i and (
                other.dep_ == "ccomp" or (other.dep_ == "conj" and has_mark(other))
            ):
                end = max(end, end_of(other.right_edge))
        if ccomp.i < verb.i and _continues_after(verb):
            end = max(end, end_of(verb.right_edge))  # "The plan, he said, would fail": both sides
        start, end = paragraph_clip(ctx, verb.idx, start, end)
        q = ctx.quotes.containing(start)
        outside = ctx.quotes.containing(verb.idx) is None
        if (
            q is not None
            and outside
            and (q.end <= verb.idx + 1 or (q.start > verb.idx and q.end >= end))
        ):
            # the clause is (part of) a quote standing next to the cue: the whole quote is the content,
            # and the words after it up to the cue when the clause runs on (`“A,” and B, X said`)
            span = (q.start, q.end)
            if q.end <= verb.idx and ctx.text[q.end : end].strip(_TRIM_TAIL):
                span = trim(ctx, q.start, end)
            return Claim(span, cue, "quote", direct=True, verb=verb, confidence=0.85)
        content = trim(ctx, start, end)
        if content[1] > content[0]:
            q = ctx.quotes.containing(content[0])
            direct = q is not None and q.start == content[0] and q.end == content[1]
            return Claim(content, cue, "clause", direct=direct, verb=verb, confidence=0.8)
    if left is not None and _opens_clause(ctx, left[0]):
        return Claim(left, cue, "quote", direct=True, verb=verb, confidence=0.8)
    if right is not None:
        return Claim(right[0], cue, "quote", direct=True, verb=verb, confidence=0.8)
    so = next((c for c in verb.rights if c.dep_ == "advmod" and c.i == verb.i + 1), None)
    if frames.clause and so is not None and so.lower_ in ("so", "otherwise"):
        return Claim((so.idx, end_of(so)), cue, "clause", verb=verb, confidence=0.6)  # "said so"
    colon = _colon_frame(ctx, verb) if frames.clause else None
    if colon is not None:
        return Claim(colon, cue_span(verb), "colon", verb=verb, confidence=0.75)
    if verb.dep_ == "parataxis" and frames.clause and verb.head.i != verb.i:
        # "Otherwise, she said, countries may ...": the clause around the parenthetical cue.
        content = trim(ctx, *paragraph_clip(ctx, verb.idx, *subtree_span(verb.head)))
        return Claim(content, cue, "clause", verb=verb, confidence=0.7)
    if frames.clause and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # "<content>, said X." without quote marks: the parser rarely finds the clause.
        after = next((c for c in verb.rights if c.dep_ == "nsubj"), None)
        if after is not None and (subject is None or subject.i < verb.i):
            start, end = paragraph_clip(
                ctx, verb.idx, verb.sent.start_char, verb.doc[verb.i - 1].idx
            )
            content = trim(ctx, start, end)
            if content[1] - content[0] > 10:
                return Claim(content, cue, "inverted", verb=verb, subject=after, confidence=0.6)
    if frames.infinitive and (inf := _infinitive(verb)) is not None:
        comp, obj = inf
        start = obj.left_edge.idx if obj is not None else comp.left_edge.idx
        end = tailend_of(ctx, verb, comp.i, end_of(comp.right_edge))
        content = trim(ctx, *paragraph_clip(ctx, verb.idx, start, end))
        return Claim(content, cue_span(verb), "infinitive", verb=verb, confidence=0.6)
    if frames.preps:
        for prep in verb.rights:
            if prep.dep_ == "prep" and prep.lower_ in frames.preps:
                pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is None:
                    continue
                end = tailend_of(ctx, verb, prep.i, end_of(prep.right_edge))
                content = trim(ctx, *paragraph_clip(ctx, verb.idx, pobj.left_edge.idx, end))
                return Claim(content, cue_span(verb, [prep]), "prep", verb=verb, confidence=0.6)
        for clause in verb.rights:  # "called for X to be banned": the parser files a clause
            mark = clause.left_edge
            if (
                clause.dep_ in ("advcl", "ccomp")
                and mark.dep_ == "mark"
                and mark.head.i == clause.i
                and mark.lower_ in frames.preps
            ):
                end = end_of(clause.right_edge)
                content = trim(ctx, *paragraph_clip(ctx, verb.idx, end_of(mark), end))
                return Claim(content, cue_span(verb, [mark]), "prep", verb=verb, confidence=0.6)
    if frames.object and not frames.addressee:
        wh = next((c for c in verb.lefts if c.dep_ == "dobj" and relative(c)), None)
        if wh is not None:  # "Florida, which he describes as his second home": the relative
            content = trim(ctx, *paragraph_clip(ctx, verb.idx, wh.idx, end_of(verb.right_edge)))
            return Claim(content, cue_span(verb), "object", verb=verb, confidence=0.55)
        obj = next((c for c in verb.rights if c.dep_ in ("dobj", "oprd")), None)
        if obj is not None:
            end = tailend_of(ctx, verb, obj.i, phrase_end(obj))
            content = trim(ctx, *paragraph_clip(ctx, verb.idx, obj.left_edge.idx, end))
            return Claim(content, cue_span(verb), "object", verb=verb, confidence=0.55)
        patient = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
        if patient is not None and agent is not None:  # "the plan was denounced by X": X spoke
            content = trim(ctx, *paragraph_clip(ctx, verb.idx, *subtree_span(patient)))
            return Claim(content, cue_span(verb, [agent]), "object", verb=verb, confidence=0.5)
    return None


def _that_clause(ctx: Context, verb: Any, cue: tuple[int, int]) -> Claim | None:
    """Any verb but the few in `not_cues` taking a `that` clause reports a view ("X bets that")."""
    if verb.lemma_.lower() in ctx.table.not_cues or not verb.lemma_.isalpha():
        return None
    clause = next((c for c in verb.rights if c.dep_ == "ccomp" and has_mark(c, _THAT)), None)
    if clause is None:
        return None
    content = trim(ctx, *paragraph_clip(ctx, verb.idx, clause.left_edge.idx, clause_end(clause)))
    return Claim(content, cue, "clause", verb=verb, confidence=0.5)


def _extensions(ctx: Context, verb: Any) -> list[Any]:
    """`said in a statement`: the phrase is part of the cue."""
    out = []
    for prep in verb.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "via", "through"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in ctx.table.cue_extensions:
                out.append(pobj)
    return out


def _interview_partner(verb: Any) -> Any:
    """`said in an interview with <X>` → X."""
    for prep in verb.rights:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() == "interview":
                    for w in pobj.children:
                        if w.dep_ == "prep" and w.lower_ == "with":
                            return next((g for g in w.children if g.dep_ == "pobj"), None)
    return None


def _substantial(ctx: Context, claim: Claim) -> bool:
    """Content worth reporting: a clause or quote, or a noun phrase (one word will do, "praised
    Obama", "endorsed him", but not a bare "said it" or "denied this")."""
    start, end = claim.content
    if end <= start:
        return False
    words = ctx.text[start:end].split()
    return (
        claim.frame not in ("object", "prep") or len(words) > 1 or not _PRONOUN.fullmatch(words[0])
    )


def find_claims(ctx: Context) -> list[Claim]:
    """Every cue-led attribution in the article, in text order of cues."""
    verbs = ctx.table.verbs
    claims: list[Claim] = []
    for tok in ctx.doc:
        lower = tok.lower_
        if lower in ctx.table.according:
            claim = according_claim(ctx, tok)
        elif lower in ctx.table.source_preps and tok.pos_ == "ADP":
            claim = source_phrase_claim(ctx, tok)
        elif (
            tok.pos_ == "VERB"
            and tok.dep_ not in ("amod", "compound")
            and (frames := verbs.get(tok.lemma_.lower())) is not None
        ):
            claim = verb_claim(ctx, tok, frames)
        elif tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):
            claim = verb_claim(ctx, tok, _UNLISTED)
        elif tok.pos_ == "NOUN" and (frames := ctx.table.nouns.get(tok.lemma_.lower())) is not None:
            claim = noun_claim(ctx, tok, frames)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() not in ctx.table.not_cues:
            claim = noun_claim(ctx, tok, _NOUN_THAT)  # "the perception that ...", "his bet that"
        elif tok.pos_ == "ADJ" and (frames := ctx.table.adjectives.get(lower)) is not None:
            claim = adjective_claim(ctx, tok, frames)
        else:
            continue
        if claim is not None and _substantial(ctx, claim):
            claims.append(claim)
    return claims + label_claims(ctx)
