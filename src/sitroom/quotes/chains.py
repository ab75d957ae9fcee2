"""Continuations: "it added", "he continued", "the source said", "declared the source" → the earlier
speaker they continue; quote paragraphs without a cue join the attribution they carry on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..records import Article, Evidence, Speaker
from .claims import Claim, Context
from .lexicon import SpeakerTable
from .marks import Quote, looks_like_title
from .speakers import Mention, SpeakerReader

# How far (characters) past a cue-led content a quote later in the same sentence still joins it.
_SENTENCE_QUOTE_REACH = 100
# How far back (characters) a pronoun may look for the speaker it continues.
_PRONOUN_REACH = 2500
# A sentence end: [.!?] then a capital or a quote mark, not after "Mr" "Sen" "U.S" and the like.
_TERMINATOR = re.compile(
    r"(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\b[A-Z])[.!?][\"”’']*\s+(?=[\"“‘'A-Z])"
)
_OPENS_AFTER = re.compile(r"(?:^|[.!?:,;—–-][\"”’']*)\s*$")
# How many of the furthest-reaching earlier claims a cue-less quote may continue (nearest first).
_CONTINUE_CANDIDATES = 3
_GENERIC_ORG_HEADS = {
    "group",
    "party",
    "movement",
    "organization",
    "organisation",
    "militia",
    "faction",
}


@dataclass(slots=True)
class _Known:
    """A speaker met earlier in the article, with the words that defined it."""

    at: int
    speaker: Speaker
    head_lemma: str
    defining: Evidence


class SpeakerChain:
    """Resolves speaker mentions in text order, remembering every speaker already met."""

    def __init__(self, *, article: Article, doc: Any, table: SpeakerTable) -> None:
        self.article = article
        self.doc = doc
        self.table = table
        self.reader = SpeakerReader(table)
        self.known: list[_Known] = []

    def _evidence(self, start: int, end: int) -> Evidence:
        return Evidence.of(self.article, start, end)

    def resolve(self, head: Any) -> Speaker | None:
        """The speaker a subject token stands for; None for first person (left to the caller)."""
        mention = self.reader.read(head)
        local = self._evidence(mention.start, mention.end)
        if mention.pronoun in ("i", "we", "me", "us"):
            return None
        found: _Known | None = None
        if mention.kind is None:
            found = self._by_pronoun(mention)
            if found is None:
                fallback = self._entity_before(mention)
                if fallback is not None:
                    mention = fallback
        elif mention.soft_reference:
            found = self._by_description(mention)
        elif mention.kind == "person":
            found = self._by_surname(mention)
        if found is not None:
            speaker = replace(found.speaker, evidence=[local, found.defining])
            self.known.append(_Known(mention.start, speaker, found.head_lemma, found.defining))
            return speaker
        speaker = self._speaker(mention, local)
        self.remember(speaker, mention)
        return speaker

    def remember(self, speaker: Speaker, mention: Mention | None = None) -> None:
        """Add a speaker met at `mention` (or at its last evidence) for later references."""
        defining = speaker.evidence[-1]
        at = mention.start if mention is not None else defining.start
        lemma = mention.head.lemma_.lower() if mention is not None else ""
        self.known.append(_Known(at, speaker, lemma, defining))

    def _speaker(self, mention: Mention, local: Evidence) -> Speaker:
        evidence = [local]
        if mention.antecedent is not None:
            evidence.append(self._evidence(*mention.antecedent))
        kind = mention.kind or _pronoun_kind(self.table, mention.pronoun)
        return Speaker(
            name=mention.name,
            kind=kind,  # type: ignore[arg-type]
            description=mention.description,
            affiliation=mention.affiliation,
            evidence=evidence,
            affiliation_kind=mention.affiliation_kind,
            role=mention.role,
        )

    def _by_pronoun(self, mention: Mention) -> _Known | None:
        kinds = self.table.pronouns.get(mention.pronoun or "", ())
        for known in reversed(self.known):
            if mention.start - known.at > _PRONOUN_REACH:
                break
            if known.speaker.kind in kinds:
                return known
        return None

    def _by_description(self, mention: Mention) -> _Known | None:
        """Definite descriptions ("the opposition source"): the latest such speaker, modifiers agreeing."""
        lemma = mention.head.lemma_.lower()
        generic = lemma in _GENERIC_ORG_HEADS
        candidates = [
            k
            for k in reversed(self.known)
            if (k.head_lemma == lemma and k.speaker.kind == mention.kind)
            or (generic and k.speaker.kind == "organization")
        ]
        if not candidates:
            return None
        if mention.modifiers:
            for known in candidates:
                described = (known.speaker.description or known.speaker.name).lower()
                if all(m in described for m in mention.modifiers):
                    return known
            return None
        return candidates[0]

    def _by_surname(self, mention: Mention) -> _Known | None:
        """A surname alone after the full name: the same person."""
        words = mention.name.split()
        if len(words) != 1:
            return None
        last = words[0].lower()
        for known in reversed(self.known):
            if known.speaker.kind == "person":
                names = known.speaker.name.lower().split()
                if len(names) > 1 and names[-1] == last:
                    return known
        return None

    def _entity_before(self, mention: Mention) -> Mention | None:
        """No speaker yet for "he"/"it": the nearest fitting named entity earlier in the text."""
        wanted = {"he": {"PERSON"}, "she": {"PERSON"}, "it": {"ORG"}, "they": {"ORG", "NORP"}}
        labels = wanted.get(mention.pronoun or "")
        if not labels:
            return None
        ents = [e for e in self.doc.ents if e.end_char <= mention.start and e.label_ in labels]
        if not ents or mention.start - ents[-1].end_char > _PRONOUN_REACH:
            return None
        found = self.reader.read(ents[-1].root)
        found.start, found.end = mention.start, mention.end
        found.antecedent = (ents[-1].start_char, ents[-1].end_char)
        return found


def _pronoun_kind(table: SpeakerTable, pronoun: str | None) -> str:
    kinds = table.pronouns.get(pronoun or "", ())
    return kinds[0] if kinds else "person"


def attach_continuations(ctx: Context, claims: list[Claim], quotes: list[Quote]) -> list[Claim]:
    """Quotes no cue took join the attribution they continue; long lone quotes become orphans.

    `“A,” X said. “B.”` and a quote paragraph after `X said: “...”` extend X's content (the covering
    span runs from the first quote to the last); a long quote with nothing before it stands alone.
    """
    ordered = sorted(claims, key=lambda c: (c.content[0], -c.content[1]))
    orphans: list[Claim] = []
    # The claims starting before the quote, furthest-reaching first: `“A,” X said, according to Y.
    # “B”` ends Y's content after X's, yet X's quote is the one B continues.
    reaching: list[Claim] = []
    ci = 0
    for q in quotes:
        while ci < len(ordered) and ordered[ci].content[0] <= q.start:
            reaching.append(ordered[ci])
            ci += 1
        reaching.sort(key=lambda c: -c.content[1])
        del reaching[_CONTINUE_CANDIDATES:]
        if reaching and reaching[0].content[1] > q.start:
            continue  # already inside some content
        host = next((c for c in reaching if _continues(ctx, c, q)), None)
        if host is not None:
            host.continues.append((q.start, q.end))
            host.content = (host.content[0], q.end)
            continue
        if q.words >= ctx.table.min_orphan_quote_words and not looks_like_title(
            ctx.text, q, ctx.table.title_quotes
        ):
            orphans.append(Claim((q.start, q.end), None, "orphan", direct=True, confidence=0.4))
    return claims + orphans


def _continues(ctx: Context, claim: Claim, q: Quote) -> bool:
    """Whether a cue-less quote carries on `claim`: only the cue clause may stand between them."""
    if claim.content[1] > q.start or claim.frame in (
        "raising",
        "according",
        "object",
        "prep",
        "infinitive",
    ):
        return False
    if claim.cue is not None and claim.cue[0] > q.start:
        return False
    gap = ctx.text[claim.content[1] : q.start]
    if (
        claim.cue is not None
        and claim.cue[1] <= claim.content[0]
        and "\n" not in gap
        and not _TERMINATOR.search(gap + " X")
        and len(gap) <= _SENTENCE_QUOTE_REACH
    ):
        return True  # `mused that X was "A" because she ... and "B"`: the sentence's quotes are X's
    cue_between = claim.cue is not None and claim.cue[0] >= claim.content[1]
    if gap.strip(" \t\n\xa0.,;:—–-\"”’'") and not cue_between:
        return False  # running text (not the cue clause) separates them
    if len(
        _TERMINATOR.findall(ctx.text, claim.content[1], q.start + 1)
    ) > 1 or not _OPENS_AFTER.search(gap):
        return False  # another sentence in between, or a title quoted mid-sentence
    p_claim = ctx.paragraph_of(max(claim.content[1] - 1, 0))
    p_quote = ctx.paragraph_of(q.start)
    if p_quote == p_claim:
        return (
            claim.direct
            or (claim.cue is not None and claim.content[1] <= claim.cue[0])
            # `“A,” he said, adding that B. “C”`: C carries on the participle's clause
            or (claim.frame == "clause" and claim.verb is not None and claim.verb.tag_ == "VBG")
        )
    opens_paragraph = ctx.paragraphs[p_quote][0] == q.start
    return p_quote == p_claim + 1 and opens_paragraph and (claim.direct or claim.frame == "colon")
