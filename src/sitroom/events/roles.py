"""Who did what to whom: actor1 (initiator) and actor2 (target) of a trigger from the dependency parse,
with a word-order fallback inside the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import ActorMention
from .context import EventContext, Located

_SUBJECTS = {"nsubj", "csubj"}
_TARGET_PREPS = {"on", "against", "at", "upon", "targeting", "towards", "into"}
_PARTNER_PREPS = {"with"}
_NOUN_LINKS = {"compound", "amod", "poss", "nmod"}
_DEFENSIVE = {"repel", "repulse", "thwart", "foil", "fend", "resist"}  # the object attacked first
# verbs whose subject is the one who suffered ("a soldier died", "two men succumbed to wounds")
_UNDERGO = {"die", "perish", "succumb", "drown"}
# verbs whose object is what was sent ("fired mortars at the positions"): the target is the "at" phrase
_LAUNCH = {"fire", "launch", "lob", "throw", "hurl", "drop", "direct"}
_EXPAND = {"compound", "amod", "conj", "appos", "poss", "nummod", "det"}


@dataclass(slots=True)
class Roles:
    actor1: Located[ActorMention] | None = None
    actor2: Located[ActorMention] | None = None
    assoc: list[Located[ActorMention]] = field(default_factory=list)
    target_token: Any = None  # what the event acts on, even when not an actor ("a checkpoint")
    actor1_token: Any = None


def _mention_for(ctx: EventContext, token: Any | None) -> Located[ActorMention] | None:
    """The actor mention at a token, or in its nearby modifiers ("members of HTS" → HTS)."""
    if token is None:
        return None
    hit = ctx.actor_at.get(token.i)
    if hit is not None:
        return hit
    for child in token.children:
        if child.dep_ in _EXPAND:
            hit = ctx.actor_at.get(child.i)
            if hit is not None:
                return hit
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "belonging"):
            for grand in child.children:
                hit = ctx.actor_at.get(grand.i)
                if hit is not None:
                    return hit
    return None


def _children(token: Any, deps: set[str]) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Any, preps: set[str]) -> list[Any]:
    """Objects of the given prepositions on a token, dates left out ("On 2 May ... fired on X")."""
    out: list[Any] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out.extend(
                g
                for g in child.children
                if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
            )
    return out


def _subject_of(verb: Any, depth: int = 0) -> Any | None:
    """The grammatical subject of a verb, inherited from the governing verb for "shot and killed",
    "..., killing 3" and "launched an attack" (xcomp / conj / advcl without own subject)."""
    subjects = _children(verb, _SUBJECTS)
    if subjects:
        return subjects[0]
    agents = _pobjs(verb, {"by"})
    if agents and any(c.dep_ == "auxpass" for c in verb.children):
        return agents[0]
    if (
        depth < 3
        and verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acl")
        and verb.head is not verb
    ):
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return (
                verb.head
            )  # "gunmen riding motorcycles attacked ..." handled above; "forces advancing on"
        return _subject_of(verb.head, depth + 1)
    return None


def find_roles(ctx: EventContext, anchor: Any, depth: int = 0, *, fallback: bool = True) -> Roles:
    """Roles of the event whose trigger word is `anchor` (a verb or an event noun)."""
    roles = Roles()
    a1_tok: Any = None
    a2_tok: Any = None
    if anchor.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ == "auxpass" for c in anchor.children) or (
            # a participle on a noun ("22 people killed in strikes") is a reduced passive
            anchor.tag_ == "VBN" and anchor.dep_ == "acl"
        )
        if passive:
            agents = _pobjs(anchor, {"by"})
            a1_tok = agents[0] if agents else None
            # (a date is no victim: "Around 8 May, 7 militants were killed" misparsed)
            patients = [
                p for p in _children(anchor, {"nsubjpass"}) if p.ent_type_ not in ("DATE", "TIME")
            ]
            a2_tok = patients[0] if patients else None
            if a2_tok is None and anchor.dep_ == "acl" and anchor.head.pos_ in ("NOUN", "PROPN"):
                a2_tok = anchor.head  # "22 people killed in strikes"
        elif anchor.lemma_.lower() in _UNDERGO:
            subjects = _children(anchor, _SUBJECTS)
            a2_tok = subjects[0] if subjects else None
        else:
            a1_tok = _subject_of(anchor)
            objects = _children(anchor, {"dobj", "obj"})
            a2_tok = objects[0] if objects else None
            if anchor.lemma_.lower() in _LAUNCH and _mention_for(ctx, a2_tok) is None:
                aimed = _pobjs(anchor, _TARGET_PREPS)  # (an actor as object stays the target)
                a2_tok = aimed[0] if aimed else a2_tok
        if a2_tok is None:
            targets = _pobjs(anchor, _TARGET_PREPS) or _pobjs(anchor, _PARTNER_PREPS)
            a2_tok = targets[0] if targets else None
        if anchor.lemma_.lower() in _DEFENSIVE and a2_tok is not None:
            # "police repelled an attack by the Taliban": the attackers initiated the event
            attackers = _pobjs(a2_tok, {"by", "from"})
            a1_tok, a2_tok = (attackers[0] if attackers else a2_tok), a1_tok
    elif anchor.pos_ == "ADJ" and anchor.head is not anchor:
        # "a man was found dead", "left five soldiers dead": the one who died is the target
        head = anchor.head
        own = _children(anchor, _SUBJECTS)  # "left [3 militants dead]" parsed as a small clause
        a2_tok = own[0] if own else None
        for dep in ("dobj", "nsubjpass", "nsubj"):  # "left 3 militants dead", "was found dead"
            patients = [c for c in head.children if c.dep_ == dep]
            if a2_tok is None and patients:
                a2_tok = patients[0]
                break
    else:
        between = _pobjs(anchor, {"between"})
        if between:
            a1_tok = between[0]
            conj = _children(between[0], {"conj"})
            a2_tok = conj[0] if conj else None
        by = _pobjs(anchor, {"by", "from"})
        if a1_tok is None and by:
            a1_tok = by[0]
        if a1_tok is None:
            for child in anchor.children:
                if child.dep_ in _NOUN_LINKS and ctx.actor_at.get(child.i) is not None:
                    a1_tok = child
                    break
        targets = _pobjs(anchor, _TARGET_PREPS) or _pobjs(anchor, _PARTNER_PREPS)
        if a2_tok is None and targets:
            a2_tok = targets[0]
        head = anchor.head
        if a1_tok is None and anchor.dep_ in ("dobj", "obj", "attr") and head is not anchor:
            a1_tok = _subject_of(head)  # "the Taliban launched an attack"
            if a2_tok is None:
                extra = _pobjs(head, _TARGET_PREPS) or _pobjs(head, _PARTNER_PREPS)
                a2_tok = extra[0] if extra else None
        if a1_tok is None and anchor.dep_ in ("nsubj", "nsubjpass") and head is not anchor:
            between = _pobjs(head, {"between"})  # "clashes erupted between A and B"
            if between:
                a1_tok = between[0]
                conj = _children(between[0], {"conj"})
                a2_tok = a2_tok or (conj[0] if conj else None)
            elif a2_tok is None:
                extra = _pobjs(head, _TARGET_PREPS) or _pobjs(head, _PARTNER_PREPS)
                a2_tok = extra[0] if extra else None
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ == "pobj" and depth == 0:
        verb = (
            anchor.head.head
        )  # "killed in a shooting by gunmen": the verb's roles are the event's
        if anchor.head.dep_ == "prep" and verb.pos_ == "VERB":
            outer = find_roles(ctx, verb, depth=1)
            a1_tok = a1_tok or outer.actor1_token
            a2_tok = a2_tok or outer.target_token
    roles.actor1_token = a1_tok
    roles.target_token = a2_tok
    roles.actor1 = _mention_for(ctx, a1_tok)
    roles.actor2 = _mention_for(ctx, a2_tok)
    if roles.actor1 is not None and a1_tok is not None:
        for conj in _children(a1_tok, {"conj"}):
            other = _mention_for(ctx, conj)
            if other is not None and other is not roles.actor1 and other is not roles.actor2:
                roles.assoc.append(other)
    if depth == 0 and fallback:
        fill_by_position(ctx, anchor, roles)
    return roles


def fill_by_position(ctx: EventContext, anchor: Any, roles: Roles) -> None:
    """Fill missing roles from word order: the nearest actor before the trigger initiates, the
    nearest after it is targeted (civilians are never picked as initiator this way)."""
    sent = ctx.sent_of_token[anchor.i]
    in_sent = ctx.in_sentence(ctx.actors, sent)
    used = {id(x) for x in (roles.actor1, roles.actor2) if x is not None}
    if roles.actor1 is None:
        for m in in_sent:  # an agent anywhere in the sentence ("... by armed men") initiated it
            token = ctx.doc[m.end - 1]
            while token.dep_ in ("compound", "amod", "nummod") and token.head is not token:
                token = token.head
            if token.dep_ == "pobj" and token.head.lower_ == "by" and id(m) not in used:
                if m.item.actor.kind != "civilians":
                    roles.actor1 = m
                    used.add(id(m))
                    break
    if roles.actor1 is None:
        before = [
            m
            for m in in_sent
            if m.end <= anchor.i and id(m) not in used and m.item.actor.kind != "civilians"
        ]
        if before:
            roles.actor1 = before[-1]
            used.add(id(before[-1]))
    if roles.actor2 is None:
        after = [m for m in in_sent if m.start > anchor.i and id(m) not in used]
        after = [
            m for m in after if roles.actor1 is None or m.item.actor != roles.actor1.item.actor
        ]
        if after:
            roles.actor2 = after[0]
            if roles.target_token is None:  # its words still tell who it is ("off-duty officer")
                roles.target_token = ctx.doc[after[0].end - 1]
