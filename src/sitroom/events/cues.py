"""Trigger matching: the cue patterns of data/event_cues.yaml found in a sentence's tokens.

A CueHit names a frame (clash, air, protest, arrest...) and the tokens that evidence it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_table

_SKIP = {"-", "–", "—", "‐"}
_MODIFIER_POS = {"DET", "ADJ", "ADV", "NUM", "PART", "PRON"}
_POS_ALIASES = {"NOUN": {"NOUN", "PROPN"}, "VERB": {"VERB"}, "ADJ": {"ADJ"}}
_TAGS = {"VB", "VBD", "VBN", "VBG", "VBZ", "VBP", "NN", "NNS"}
_TERRITORY_ENTS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class Slot:
    """One word of a cue pattern: its accepted forms, an optional part of speech, and the gap before it."""

    forms: frozenset[str]
    pos: frozenset[str] | None
    wide_gap: bool  # a "*" came before it: any 1-4 tokens may sit in between


@dataclass(frozen=True, slots=True)
class Cue:
    frame: str
    pattern: str
    slots: tuple[Slot, ...]
    object_class: str | None = None
    not_with: frozenset[str] = frozenset()
    not_object: str | None = None  # no event when what it acts on is of this class ("the virus")
    only_with: frozenset[str] = frozenset()  # counts only beside one of these frames


@dataclass(frozen=True, slots=True)
class Rule:
    """A condition on the event's actors/sentence and the sub-event type it gives."""

    then: str
    actor1_kind_in: frozenset[str] | None = None
    target_kind_in: frozenset[str] | None = None
    target_armed: bool | None = None
    actor1_state: bool | None = None
    sentence_has: frozenset[str] | None = None
    nearby_has: frozenset[str] | None = None
    nearby_lacks: frozenset[str] | None = None
    actor1_word_in: str | None = None  # an object class the initiator's head word belongs to


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    family: str
    rank: int
    default: str
    rules: tuple[Rule, ...] = ()
    weak: bool = False
    armed_only: bool = False
    context_only: bool = False
    consequence: bool = False


@dataclass(frozen=True, slots=True)
class CueHit:
    """A matched cue: `tokens` are the doc indices of the pattern's words (gaps excluded)."""

    frame: str
    cue: Cue
    tokens: tuple[int, ...]

    @property
    def anchor(self) -> int:
        return self.tokens[0]


@dataclass(slots=True)
class CueTable:
    frames: dict[str, Frame]
    sub_event_types: dict[str, tuple[str, str | None]]  # sub-event type → (event type, PLOVER)
    object_classes: dict[str, frozenset[str]]
    index: dict[str, list[Cue]]
    topic_preps: frozenset[str] = frozenset()
    background_preps: frozenset[str] = frozenset()
    topic_verbs: frozenset[str] = frozenset()
    measure_nouns: frozenset[str] = frozenset()


def _pos_set(spec: str) -> frozenset[str] | None:
    """ "VERB" → coarse parts of speech; "VBD|VBN" → fine tags (checked against token.tag_)."""
    if not spec:
        return None
    out: set[str] = set()
    for part in spec.split("|"):
        out.update(_POS_ALIASES.get(part, {part}))
    return frozenset(out)


def _parse_pattern(pattern: str) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    wide = False
    for word in pattern.split():
        if word == "*":
            wide = True
            continue
        text, _, pos = word.partition("/")
        alternatives = [a for a in text.lower().split("|") if a]
        pieces = [[p for p in alt.split("-") if p] for alt in alternatives]
        if len(pieces) == 1 and len(pieces[0]) > 1:  # "sit-in" → two slots, like the tokenizer
            for i, piece in enumerate(pieces[0]):
                slots.append(Slot(frozenset([piece]), None, wide if i == 0 else False))
        else:
            forms = frozenset(alt.replace("-", "") for alt in alternatives)
            slots.append(Slot(forms, _pos_set(pos), wide))
        wide = False
    return tuple(slots)


def _rule(raw: dict[str, Any]) -> Rule:
    def fs(key: str) -> frozenset[str] | None:
        return frozenset(raw[key]) if key in raw else None

    return Rule(
        then=raw["then"],
        actor1_kind_in=fs("actor1_kind_in"),
        target_kind_in=fs("target_kind_in"),
        target_armed=raw.get("target_armed"),
        actor1_state=raw.get("actor1_state"),
        sentence_has=fs("sentence_has"),
        nearby_has=fs("nearby_has"),
        nearby_lacks=fs("nearby_lacks"),
        actor1_word_in=raw.get("actor1_word_in"),
    )


@lru_cache(maxsize=1)
def load_cue_table() -> CueTable:
    """Compile data/event_cues.yaml once per process."""
    raw = load_table("event_cues")
    frames: dict[str, Frame] = {}
    index: dict[str, list[Cue]] = {}
    for name, spec in raw["frames"].items():
        frames[name] = Frame(
            name=name,
            family=spec["family"],
            rank=int(spec["rank"]),
            default=spec["default"],
            rules=tuple(_rule(r) for r in spec.get("rules") or ()),
            weak=bool(spec.get("weak", False)),
            armed_only=bool(spec.get("armed_only", False)),
            context_only=bool(spec.get("context_only", False)),
            consequence=bool(spec.get("consequence", False)),
        )
        for item in spec["cues"]:
            if isinstance(item, str):
                item = {"pattern": item}
            cue = Cue(
                frame=name,
                pattern=item["pattern"],
                slots=_parse_pattern(item["pattern"]),
                object_class=item.get("object"),
                not_with=frozenset(item.get("not_with") or ()),
                not_object=item.get("not_object"),
                only_with=frozenset(item.get("only_with") or ()),
            )
            for form in cue.slots[0].forms:
                index.setdefault(form, []).append(cue)
    subs = {k: (v[0], v[1]) for k, v in raw["sub_event_types"].items()}
    classes = {k: frozenset(w.lower() for w in v) for k, v in raw["object_classes"].items()}
    for frame in frames.values():
        for sub in [frame.default, *(r.then for r in frame.rules)]:
            if sub not in subs:
                raise ValueError(
                    f"event_cues.yaml: frame {frame.name} names unknown sub-event {sub!r}"
                )
    topics = raw.get("topic_markers") or {}
    return CueTable(
        frames=frames,
        sub_event_types=subs,
        object_classes=classes,
        index=index,
        topic_preps=frozenset(topics.get("preps") or ()),
        background_preps=frozenset(topics.get("background") or ()),
        topic_verbs=frozenset(topics.get("verbs") or ()),
        measure_nouns=frozenset(w.lower() for w in raw.get("measure_nouns") or ()),
    )


def _token_ok(token: Any, slot: Slot) -> bool:
    if token.lemma_.lower() not in slot.forms and token.lower_ not in slot.forms:
        return False
    return slot.pos is None or token.pos_ in slot.pos or token.tag_ in slot.pos


def _match_at(seq: list[Any], i: int, cue: Cue) -> tuple[int, ...] | None:
    """Token indices (into `seq`) of `cue` matched from position i, or None."""
    if not _token_ok(seq[i], cue.slots[0]):
        return None
    found = [i]
    for slot in cue.slots[1:]:
        prev = found[-1]
        limit = 5 if slot.wide_gap else 3
        nxt = None
        for j in range(prev + 1, min(prev + 1 + limit, len(seq))):
            if _token_ok(seq[j], slot):
                nxt = j
                break
            if not slot.wide_gap and seq[j].pos_ not in _MODIFIER_POS:
                break
            if seq[j].is_sent_start or seq[j].text in {".", ";"}:
                break
        if nxt is None:
            return None
        found.append(nxt)
    return tuple(found)


def find_cues(
    sentence: Any,
    table: CueTable,
    *,
    place_tokens: frozenset[int] = frozenset(),
    actor_tokens: frozenset[int] = frozenset(),
) -> list[CueHit]:
    """Every cue of the table in one sentence (a spaCy Span), overlaps resolved longest-first."""
    seq = [t for t in sentence if t.text not in _SKIP and not t.is_space]
    dated = {t.i for t in seq if t.ent_type_ in ("DATE", "TIME")}  # "24 March" is not a march
    raw: list[CueHit] = []
    for i, token in enumerate(seq):
        if token.i in dated:
            continue
        keys = {token.lemma_.lower(), token.lower_}
        seen: set[int] = set()
        for key in keys:
            for cue in table.index.get(key, ()):
                if id(cue) in seen:
                    continue
                seen.add(id(cue))
                found = _match_at(seq, i, cue)
                if found is None:
                    continue
                hit = CueHit(cue.frame, cue, tuple(seq[k].i for k in found))
                if cue.object_class and not _object_is(
                    seq[i], cue.object_class, table, place_tokens, actor_tokens
                ):
                    continue
                if cue.not_object and _aimed_at(seq[i], cue.not_object, table):
                    continue
                raw.append(hit)
    raw.sort(key=lambda h: (-len(h.tokens), h.tokens[0]))
    taken: set[int] = set()
    kept: list[CueHit] = []
    for hit in raw:
        if table.frames[hit.frame].context_only:
            kept.append(hit)  # context never hides an event cue
            continue
        if taken.intersection(hit.tokens):
            continue  # a longer cue already covers these words
        taken.update(hit.tokens)
        kept.append(hit)
    # a participle used as an adjective describes a thing ("the advancing forces", "looted funds")
    kept = [h for h in kept if not _adjectival(sentence.doc[h.anchor], h)]
    frames = {h.frame for h in kept}
    kept = [
        h
        for h in kept
        if not (h.cue.not_with & (frames - {h.frame}))
        and (not h.cue.only_with or h.cue.only_with & frames)
    ]
    topical = [h for h in kept if is_topic(sentence.doc[h.anchor], table)]
    # only an event told for its own sake hides the topics and background of a sentence; a
    # consequence ("13 were arrested after they attacked police") leaves the cause its event
    told = [
        h
        for h in kept
        if h not in topical
        and not table.frames[h.frame].context_only
        and not table.frames[h.frame].consequence
    ]
    if topical and told:
        kept = [h for h in kept if h not in topical]
    kept.sort(key=lambda h: h.tokens[0])
    return kept


def _adjectival(token: Any, hit: CueHit) -> bool:
    """A participle before its noun ("advancing forces", "looted funds"); a cue that names the noun
    too ("burning tyres") keeps it, and a past participle only hides a one-word cue."""
    if token.dep_ != "amod" or token.head.i <= token.i or token.head.i in hit.tokens:
        return False
    return token.tag_ == "VBG" or (token.tag_ == "VBN" and len(hit.tokens) == 1)


def _aimed_at(anchor: Any, cls: str, table: CueTable) -> bool:
    """The cue's object or its "against"/"on" phrase is a word of class `cls` ("the fight against
    the virus", "battle the pandemic")."""
    words = table.object_classes.get(cls, frozenset())
    candidates = [c for c in anchor.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    candidates += _pobj_of(anchor, {"against", "on", "over"})
    if anchor.dep_ == "dobj" and anchor.head is not anchor:  # "wage a war on"
        candidates += _pobj_of(anchor.head, {"against", "on"})
    for token in candidates:
        group = [token, *[c for c in token.children if c.dep_ in ("compound", "conj")]]
        if any(t.lemma_.lower() in words or t.lower_ in words for t in group):
            return True
    return False


def _pobj_of(token: Any, preps: set[str]) -> list[Any]:
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def is_topic(anchor: Any, table: CueTable) -> bool:
    """The cue names what someone protests, condemns or demands, not something reported as done."""
    token = anchor
    for _ in range(6):
        head = token.head
        if head is token:
            return False
        if token.dep_ in ("pobj", "pcomp") and head.lower_ in table.topic_preps:
            return True
        if (
            token.dep_ == "pobj"
            and head.lower_ in table.background_preps
            and anchor.pos_ in ("NOUN", "PROPN")
        ):
            return True  # "amid shelling", "after clashes": background to the reported event
        if (
            token.dep_ in ("dobj", "obj", "xcomp", "ccomp")
            and head.lemma_.lower() in table.topic_verbs
        ):
            return True
        marks = table.topic_preps | table.background_preps
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks for c in token.children
        ):
            return True
        # (an event in a relative clause of a topic is part of it: "the youths who clashed")
        if token.dep_ not in ("pobj", "pcomp", "prep", "compound", "amod", "conj", "relcl"):
            return False
        token = head
    return False


def object_token(verb: Any) -> Any | None:
    """What a trigger acts on: its direct object, a passive subject, or an "of"-object of a noun;
    when the parse gives none, the nearest noun on the expected side (left for passives)."""
    passive = False
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
        if child.dep_ == "nsubjpass":
            return child
        if child.dep_ == "auxpass":
            passive = True
    if verb.pos_ in ("NOUN", "PROPN"):
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
    doc = verb.doc
    sent = verb.sent
    if passive:
        for j in range(verb.i - 1, max(sent.start, verb.i - 5) - 1, -1):
            if doc[j].pos_ in ("NOUN", "PROPN"):
                return doc[j]
        return None
    for j in range(verb.i + 1, min(sent.end, verb.i + 5)):
        if doc[j].pos_ in ("NOUN", "PROPN"):
            token = doc[j]
            while token.dep_ == "compound" and token.head.i > token.i:
                token = token.head  # "Huwaijet Farraj village" → village
            return token
        if doc[j].pos_ == "VERB":
            break
    return None


def _unknown_proper_name(token: Any, actor_tokens: frozenset[int]) -> bool:
    """Without resolved places, a proper name that is no actor and no person is taken for a place
    (the small NER model often labels towns as organisations)."""
    return (
        token.pos_ == "PROPN"
        and token.i not in actor_tokens
        and token.ent_type_ not in ("PERSON", "NORP", "DATE", "TIME")
    )


def _object_is(
    anchor: Any,
    cls: str,
    table: CueTable,
    place_tokens: frozenset[int],
    actor_tokens: frozenset[int],
) -> bool:
    if cls == "territory" and anchor.dep_ == "acl" and anchor.tag_ == "VBN":
        return False  # "the area controlled by X" describes who holds it, not a takeover
    obj = object_token(anchor)
    if obj is None:
        return False
    words = table.object_classes.get(cls, frozenset())
    candidates = [obj, *[c for c in obj.children if c.dep_ in ("conj", "appos", "compound")]]
    measured = obj.lemma_.lower() in table.measure_nouns or obj.lower_ in table.measure_nouns
    if measured:
        # "3 tons of marijuana", "a large area of land": the "of"-object is what was acted on
        candidates = [
            g
            for c in obj.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ] or candidates
    for token in candidates:
        if token.dep_ == "pobj" and token.head.lower_ == "by":
            continue  # the agent of a passive ("taken by the Presidency") is not its object
        if token.lemma_.lower() in words or token.lower_ in words:
            return True
        if cls == "territory" and (token.i in place_tokens or token.ent_type_ in _TERRITORY_ENTS):
            return True
        if (
            cls == "territory"
            and not measured
            and _unknown_proper_name(token, actor_tokens)
            and not _named_thing(token, table)
        ):
            return True  # a name the geo stage missed is still most likely a place here
        if cls == "person" and token.ent_type_ == "PERSON" and not _named_thing(token, table):
            return True
    return False


def _named_thing(token: Any, table: CueTable) -> bool:
    """A word the tables list as a thing (property, weapon), whatever the NER says ("marijuana")."""
    words = {token.lemma_.lower(), token.lower_}
    return any(words & table.object_classes.get(c, frozenset()) for c in ("property", "weapon"))
