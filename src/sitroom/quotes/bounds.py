"""Which clause a reporting verb takes, where it and an object's tail end, and who speaks when the
parse leaves a reporting verb stranded; annotated news conventions, cut rules in quotes_boundaries.yaml.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .claims import Context, end_of
from .lexicon import boundaries, cue_table

FINITE = frozenset({"VBD", "VBZ", "VBP"})
_QUESTION_MARKS = frozenset({"whether", "if"})  # "asked whether ...": the parser files it as advcl
_INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})  # a verb governed so shares its subject
_SEPARATORS = frozenset({",", "—", "–", "--", "-"})  # what sets a phrase off from its head


def clause_end(head: Any) -> int:
    """Where the reported clause headed by `head` ends, before tails its subtree also holds (a
    comma-set relative or contrast clause; see quotes_boundaries.yaml)."""
    rules = boundaries()
    doc = head.doc
    cut = end_of(head.right_edge)
    cue = head.head
    for tok in head.subtree:
        if tok.i <= head.i or tok.left_edge.i == 0:
            continue
        before = doc[tok.left_edge.i - 1]
        if rules.coordinated_cues and _coordinated_cue(tok, head, cue):
            ccs = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
            edge = ccs[-1] if ccs else tok.left_edge
            cut = min(cut, end_of(doc[edge.i - 1]) if edge.i > 0 else edge.idx)
        if rules.participle_cues and before.text == "," and _participle_cue(tok):
            cut = min(cut, before.idx)
        if tok.dep_ == "relcl" and before.text == "," and rules.nonrestrictive_relatives:
            cut = min(cut, before.idx)
        elif (
            tok.dep_ == "advcl"
            and before.text == ","
            and doc[tok.left_edge.i].lower_ in rules.adverbial_marks
        ):
            cut = min(cut, before.idx)
    return cut


def _participle_cue(tok: Any) -> bool:
    """`said [X rose], citing Y`: a reporting participle opening an adverbial clause."""
    return (
        tok.dep_ == "advcl"
        and tok.tag_ == "VBG"
        and tok.left_edge.i == tok.i
        and tok.lemma_.lower() in cue_table().verbs
    )


def _coordinated_cue(tok: Any, head: Any, cue: Any) -> bool:
    """`says [he respects X] and calls her Y`: a reporting verb the parser coordinated with the
    reported clause's head, in the cue's own tense and with no subject of its own, is the cue's."""
    link = tok
    while link.dep_ == "conj" and link.head.i != head.i:
        link = link.head  # "says [he'd sit X down and tell him Y] and tells the crowd Z"
    return (
        tok.dep_ == "conj"
        and link.dep_ == "conj"
        and link.head.i == head.i
        and tok.pos_ == "VERB"
        and cue.i < head.i
        and tok.tag_ == cue.tag_
        and tok.lemma_.lower() in cue_table().verbs
        and not any(c.dep_.startswith("nsubj") for c in tok.children)
    )


def subject_of(verb: Any, *, depth: int = 3, reporting: Collection[str] = ()) -> tuple[Any, bool]:
    """The token heading the verb's speaker, and whether it was inherited from a governing verb
    (a participle after a reported clause inherits from the verb `reporting` lemmas name)."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c, False
    if any(c.dep_ == "auxpass" for c in verb.children):
        for c in verb.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
        return None, False
    tok, rel = verb, verb.dep_
    for _ in range(depth):
        if rel not in _INHERIT_DEPS or tok.head.i == tok.i:
            break
        head = tok.head
        if rel == "advcl" and head.dep_ == "ccomp" and head.head.lemma_.lower() in reporting:
            # "X said [Y rose], citing Z": the participle is the reporter's, not the reported clause's
            tok, rel = head, "xcomp"
            continue
        for c in head.children:
            if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and rel == "xcomp"):
                return c, True
        tok, rel = head, head.dep_
    return None, False


def stranded_subject(ctx: Context, verb: Any) -> Any:
    """A finite verb the parser left without a subject ("Trump summed X up, denounced Y"): the
    nearest subject earlier in its sentence, outside quotes."""
    for tok in reversed(verb.doc[verb.sent.start : verb.i]):
        if tok.dep_ == "nsubj" and ctx.quotes.containing(tok.idx) is None:
            return tok
    return None


def has_mark(tok: Any, marks: frozenset[str] = frozenset({"that", "whether", "if"})) -> bool:
    """Whether a clause is opened by one of these subordinators."""
    return any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def tailend_of(ctx: Context, verb: Any, after: int, end: int) -> int:
    """The end of what the verb governs after token `after` ("described X as Y", but not "praised X
    in parliament"; see object_tails in quotes_boundaries.yaml)."""
    rules = boundaries()
    for c in verb.rights:
        if c.i <= after or c.dep_ in ("punct", "cc"):
            continue
        if c.dep_ == "conj" and (
            c.lemma_.lower() in ctx.table.verbs
            or any(g.dep_.startswith("nsubj") for g in c.children)
        ):
            break
        if c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ",":
            break  # a comma sets off what follows: "endorsed X, calling him ...", "..., a move that"
        if c.dep_ in rules.tail_deps or (c.dep_ == "prep" and c.lower_ in rules.tail_preps):
            end = max(end, end_of(c.right_edge))
    return end


def relative(tok: Any) -> bool:
    """A relative or free-relative pronoun ("which", "whom", "what") opening a clause."""
    return tok.tag_ in ("WDT", "WP")


def _gerund_clause(verb: Any, tok: Any) -> bool:
    """`said legalizing it could create jobs`: the parser files a clause opened by a gerund subject
    as the verb's xcomp (a reporting gerund, "heard saying", is a cue of its own)."""
    return tok.dep_ == "xcomp" and tok.tag_ == "VBG" and tok.i == verb.i + 1 == tok.left_edge.i


def complement(ctx: Context, verb: Any) -> Any:
    """The verb's complement clause. With clauses on both sides the one after it is the report
    ("The group polled members: 1,409 said they ..." — the parser hangs the sentence before on the
    cue); one in an earlier paragraph (the parser joins paragraphs) is none of the verb's."""
    here = ctx.paragraph_of(verb.idx)
    clauses = [
        c
        for c in verb.children
        if (
            c.dep_ == "ccomp"
            or (c.dep_ == "advcl" and c.i > verb.i and has_mark(c, _QUESTION_MARKS))
            or (_gerund_clause(verb, c) and c.lemma_.lower() not in ctx.table.verbs)
        )
        and (c.i > verb.i or ctx.paragraph_of(c.idx) == here)
    ]
    after = [c for c in clauses if c.i > verb.i]
    return (after or clauses or [None])[0]


def phrase_end(head: Any) -> int:
    """Where a noun-phrase content ends: before a relative clause set off by a comma or dash
    ("denounced the plan, which ..."), under the rule for clauses (nonrestrictive_relatives)."""
    doc = head.doc
    cut = end_of(head.right_edge)
    if not boundaries().nonrestrictive_relatives:
        return cut
    for tok in head.subtree:
        if tok.i <= head.i or tok.left_edge.i == 0 or tok.dep_ != "relcl":
            continue
        before = doc[tok.left_edge.i - 1]
        if before.text in _SEPARATORS:
            cut = min(cut, before.idx)
    return cut
