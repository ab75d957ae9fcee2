"""Reading a speaker noun phrase: named persons with titles and roles, organizations, groups,
anonymous sources with their affiliation ("a source close to X"), documents and media.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import SpeakerTable

_CORE_RIGHT_DEPS = {
    "prep",
    "amod",
    "compound",
    "acl",
    "nummod",
    "case",
    "poss",
    "pobj",
    "advmod",
    "npadvmod",
}
_NAME_LABELS = {"PERSON"}
_LEADER_ROLES = {"spokesman", "spokeswoman", "spokesperson"}


@dataclass(slots=True)
class Mention:
    """A speaker as written at one place, and what the words say about who it is.

    `kind` None means a reference that only an earlier speaker can fill (a pronoun, "the source").
    """

    start: int
    end: int
    head: Any
    name: str
    kind: str | None
    description: str | None = None
    affiliation: str | None = None
    affiliation_kind: str | None = None
    role: str | None = None
    pronoun: str | None = None
    definite: bool = False
    modifiers: tuple[str, ...] = ()  # lower-cased words before the head ("opposition" source)
    antecedent: tuple[int, int] | None = None  # the noun a relative pronoun stands for

    @property
    def soft_reference(self) -> bool:
        """A definite description ("the source", "the group") that may point back to a speaker."""
        return self.definite and self.kind in ("anonymous", "organization", "group", "document")


def _chars(doc: Any, start: int, end: int) -> str:
    """Text of a token-aligned character range (`doc.text` would rebuild the whole text each time)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.text if span is not None else ""


def _end(tok: Any) -> int:
    return tok.idx + len(tok.text)


def _trimmed(doc: Any, lo: int, hi: int) -> tuple[int, int]:
    """Token range [lo, hi] without outer punctuation, as character offsets."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return doc[lo].idx, _end(doc[hi])


def mention_span(head: Any) -> tuple[int, int]:
    """The whole subject phrase as written (the local evidence of the speaker)."""
    return _trimmed(head.doc, head.left_edge.i, head.right_edge.i)


def core_span(head: Any) -> tuple[int, int]:
    """The phrase without appositions and relative clauses: "a source close to X", "recordings on Y"."""
    doc, hi = head.doc, head.i
    for c in head.rights:
        if c.dep_ not in _CORE_RIGHT_DEPS or any(t.is_punct for t in doc[hi + 1 : c.left_edge.i]):
            break
        hi = c.right_edge.i
    return _trimmed(doc, head.left_edge.i, hi)


class SpeakerReader:
    """Turns the token heading a subject phrase into a `Mention`, using the speaker tables."""

    def __init__(self, table: SpeakerTable) -> None:
        self.table = table

    def read(self, head: Any) -> Mention:
        start, end = mention_span(head)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in self.table.pronouns:
            verb = head.head
            if (
                lower in ("who", "which", "that")
                and verb.dep_ in ("relcl", "acl")
                and verb.head.i != verb.i
            ):
                noun = verb.head
                mention = self.read(noun)
                mention.antecedent = (mention.start, mention.end)
                mention.start, mention.end = head.idx, _end(head)
                return mention
            return Mention(start, end, head, head.text, None, pronoun=lower)
        return self._noun_phrase(head, start, end)

    def _noun_phrase(self, head: Any, start: int, end: int) -> Mention:
        doc, table = head.doc, self.table
        core = core_span(head)
        text = _chars(doc, *core)
        lemma = head.lemma_.lower()
        lower = head.lower_
        definite = any(
            c.dep_ == "det" and c.lower_ in table.anaphoric_determiners for c in head.lefts
        )
        modifiers = tuple(c.lower_ for c in head.lefts if c.dep_ in ("compound", "amod"))
        person = _entity_at(head, _NAME_LABELS)
        base = dict(start=start, end=end, head=head, definite=definite, modifiers=modifiers)
        if person is not None:
            return self._person(head, person, base)
        if lower in table.anonymous_heads or lemma in table.anonymous_heads:
            if not _has_name(head):
                aff, kind = self._affiliation(head)
                role = (
                    lemma
                    if lemma in table.role_nouns and lemma not in ("member", "person")
                    else None
                )
                return Mention(
                    name=text,
                    kind="anonymous",
                    description=text,
                    affiliation=aff,
                    affiliation_kind=kind,
                    role=role,
                    **base,
                )
        if lower in table.document_heads or lemma in table.document_heads:
            aff, kind = self._affiliation(head)
            return Mention(
                name=text,
                kind="document",
                description=text,
                affiliation=aff,
                affiliation_kind=kind,
                **base,
            )
        label_kind = table.entity_kinds.get(head.ent_type_)
        if label_kind == "organization":
            ent = _entity_at(head, {head.ent_type_})
            name = _strip_det(ent.text if ent is not None else text)
            return Mention(name=name, kind="organization", description=None, **base)
        if (
            lower in table.group_heads
            or lemma in table.group_heads
            or head.tag_ in ("NNS", "NNPS")
            or label_kind == "group"
        ):
            aff, kind = self._affiliation(head)
            return Mention(
                name=_strip_det(text),
                kind="group",
                description=text,
                affiliation=aff,
                affiliation_kind=kind,
                **base,
            )
        if lower in table.organization_heads or lemma in table.organization_heads:
            aff, kind = self._affiliation(head)
            return Mention(
                name=_strip_det(text),
                kind="organization",
                description=text,
                affiliation=aff,
                affiliation_kind=kind,
                **base,
            )
        return Mention(name=_strip_det(text), kind="person", description=None, **base)

    def _person(self, head: Any, ent: Any, base: dict[str, Any]) -> Mention:
        table = self.table
        words = list(ent)
        role: str | None = None
        while len(words) > 1:
            key = words[0].lower_.rstrip(".")
            two = f"{key} {words[1].lower_}" if len(words) > 2 else ""
            if two in table.role_titles:
                role, words = table.role_titles[two], words[2:]
            elif key in table.role_titles:
                role, words = table.role_titles[key], words[1:]
            elif key in table.honorifics:
                words = words[1:]
            else:
                break
        name = _chars(head.doc, words[0].idx, _end(words[-1]))
        affiliation = None
        # "Hezbollah leader Sheikh X": a role noun before the name, an affiliation before that.
        before = [t for t in head.doc[head.left_edge.i : ent.start] if not t.is_punct]
        for i, tok in enumerate(before):
            if tok.lemma_.lower() in table.role_nouns or tok.lower_ in table.role_titles:
                role = table.role_titles.get(tok.lower_, tok.lemma_.lower())
                prefix = [t for t in before[:i] if t.dep_ not in ("det",) and not t.is_punct]
                owners = [t for t in prefix if t.ent_type_ or t.pos_ == "PROPN"]
                if owners:
                    affiliation = (
                        _chars(head.doc, owners[0].idx, _end(owners[-1]))
                        .removesuffix("’s")
                        .removesuffix("'s")
                    )
        for c in head.rights:
            if c.dep_ == "appos":
                if c.lemma_.lower() in table.role_nouns and role is None:
                    role = c.lemma_.lower()
                if affiliation is None:
                    affiliation, _ = self._affiliation(c)
        aff_kind = None
        if affiliation:
            aff_kind = "spokesperson_of" if role in _LEADER_ROLES else "member_of"
        return Mention(
            name=name,
            kind="person",
            role=role,
            affiliation=affiliation,
            affiliation_kind=aff_kind,
            description=None,
            **base,
        )

    def _affiliation(self, head: Any) -> tuple[str | None, str | None]:
        """Affiliation of an unnamed speaker: "a source close to X" → (X, close_to), "an opposition
        source" → (opposition, member_of)."""
        doc = head.doc
        right = [t for t in doc[head.i + 1 : head.right_edge.i + 1]]
        lowers = [t.lower_ for t in right]
        for i in range(len(right)):
            for words, kind in self.table.relations:
                n = len(words)
                if tuple(lowers[i : i + n]) != words:
                    continue
                prep = right[i + n - 1]
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _strip_det(_phrase(pobj)), kind
        owners = [
            c
            for c in head.lefts
            if c.dep_ in ("compound", "amod", "poss", "nmod")
            and (
                c.ent_type_
                or c.pos_ == "PROPN"
                or c.lemma_.lower() in self.table.organization_heads
            )
        ]
        if owners:
            first = owners[0].left_edge
            text = _chars(doc, first.idx, _end(owners[-1]))
            return _strip_det(text).removesuffix("’s").removesuffix("'s"), "member_of"
        return None, None


def _phrase(tok: Any) -> str:
    start, end = core_span(tok)
    return _chars(tok.doc, start, end)


def _strip_det(text: str) -> str:
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def _entity_at(tok: Any, labels: set[str]) -> Any:
    """The named entity of one of `labels` covering `tok`, or one its compounds belong to."""
    if tok.ent_type_ not in labels:
        return None
    doc, lo, hi = tok.doc, tok.i, tok.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi]


def _has_name(head: Any) -> bool:
    return any(t.ent_type_ == "PERSON" for t in head.subtree)


def document_frame(verb: Any, table: SpeakerTable, *, depth: int = 3) -> Any:
    """`In recordings circulated online, fighters could be heard saying ...` → the "recordings" token."""
    tok = verb
    for _ in range(depth):
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "on"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and (
                        pobj.lower_ in table.document_heads
                        or pobj.lemma_.lower() in table.document_heads
                    ):
                        return pobj
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None
