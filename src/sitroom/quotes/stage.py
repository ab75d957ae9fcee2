"""The quotes stage: who said what, with which cue, to which outlet, when, about which events.

Fills `Analysis.attributions` and each backed event's `claims`; runs after the events stage.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..config import Settings
from ..records import Analysis, Attribution, Evidence, Speaker, SpeakerKind, stable_id
from ..resources import Resources
from .chains import SpeakerChain, attach_continuations
from .claims import Claim, Context
from .indirect import find_claims
from .lexicon import cue_table, speaker_table
from .linking import link_events, outlet_told, statement_date
from .marks import QuoteIndex, find_quotes, paragraph_spans
from .speakers import core_span, document_frame, mention_span
from .splits import split_merged

# A cue-less quote takes the latest speaker only when that speaker spoke this many paragraphs ago.
_ORPHAN_REACH_PARAGRAPHS = 2


class QuoteStage:
    name = "quotes"

    def __init__(
        self, *, resources: Resources | None = None, settings: Settings | None = None
    ) -> None:
        self.resources = resources
        self.settings = settings
        self.cues = cue_table()
        self.speakers = speaker_table()

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            analysis.notes.append("quotes: no parse (the nlp stage did not run); no attributions")
            return analysis
        analysis.attributions = self.attributions(analysis)
        link_events(
            analysis.attributions,
            analysis.events,
            min_actor_names=self.cues.event_link_min_actor_names,
        )
        return analysis

    def attributions(self, analysis: Analysis) -> list[Attribution]:
        article, doc = analysis.article, analysis.doc
        quotes = find_quotes(article.text)
        ctx = Context(
            article.text,
            doc,
            QuoteIndex(quotes),
            paragraph_spans(article.text),
            self.cues,
            article_id=article.id,
        )
        claims = attach_continuations(ctx, split_merged(ctx, find_claims(ctx)), quotes)
        claims.sort(key=lambda c: (c.cue or c.content)[0])
        chain = SpeakerChain(article=article, doc=doc, table=self.speakers)
        speakers: list[Speaker | None] = []
        first_person: list[int] = []
        for index, claim in enumerate(claims):
            speaker = self._speaker(claim, chain, ctx)
            if speaker is None and claim.subject is not None and claim.subject.pos_ == "PRON":
                first_person.append(index)
            speakers.append(speaker)
        for index in first_person:
            speakers[index] = self._first_person(claims, speakers, index, analysis)
        return self._finish(claims, speakers, analysis)

    def _finish(
        self, claims: list[Claim], speakers: list[Speaker | None], analysis: Analysis
    ) -> list[Attribution]:
        """Records in text order, one per content span; a continuing speaker keeps its outlet and a
        participle ("..., adding that") its governing cue's date."""
        out: dict[str, Attribution] = {}
        told: dict[tuple[int, int], str] = {}  # speaker (by its defining words) → outlet told
        by_verb: dict[int, Attribution] = {}
        for claim, speaker in zip(claims, speakers, strict=True):
            attribution = self._record(claim, speaker, analysis)
            if claim.verb is not None:
                by_verb[claim.verb.i] = attribution
                governor = by_verb.get(claim.verb.head.i)
                if (
                    attribution.date is None
                    and governor is not None
                    and claim.verb.dep_ in ("advcl", "conj")
                ):
                    attribution.date = governor.date
            if speaker is not None and speaker.evidence:
                key = (speaker.evidence[-1].start, speaker.evidence[-1].end)
                if attribution.via is not None:
                    told[key] = attribution.via
                elif len(speaker.evidence) > 1:
                    attribution.via = told.get(key)  # "it added": still talking to the same outlet
            out.setdefault(attribution.id, attribution)
        return sorted(out.values(), key=lambda a: a.content.start)

    def _speaker(self, claim: Claim, chain: SpeakerChain, ctx: Context) -> Speaker | None:
        if claim.frame == "orphan":
            if not chain.known:
                return None
            known = chain.known[-1]
            if (
                ctx.paragraph_of(claim.content[0]) - ctx.paragraph_of(known.at)
                > _ORPHAN_REACH_PARAGRAPHS
            ):
                return None
            return replace(known.speaker, evidence=[known.defining])
        speaker = chain.resolve(claim.subject) if claim.subject is not None else None
        if (
            claim.verb is not None
            and claim.frame != "according"
            and (speaker is None or speaker.kind == "group")
        ):
            document = document_frame(claim.verb, self.speakers)
            if document is not None:
                speaker = self._document(document, speaker, ctx)
                chain.remember(speaker)
        return speaker

    def _document(self, head: Any, voice: Speaker | None, ctx: Context) -> Speaker:
        """Words heard or read in a document: the document speaks, the voice describes it."""
        start, end = core_span(head)
        evidence = Evidence(ctx.article_id, start, end, ctx.text[start:end])
        return Speaker(
            name=evidence.text,
            kind="document",
            description=voice.name if voice else None,
            affiliation=voice.affiliation if voice else None,
            evidence=(voice.evidence[:1] if voice else []) + [evidence],
            affiliation_kind=voice.affiliation_kind if voice else None,
        )

    def _first_person(
        self, claims: list[Claim], speakers: list[Speaker | None], index: int, analysis: Analysis
    ) -> Speaker:
        """First person ("I", "we") inside a quote is that quote's speaker."""
        claim = claims[index]
        local = analysis.evidence(*mention_span(claim.subject))
        at = (claim.cue or claim.content)[0]
        best: Speaker | None = None
        width = None
        for other, speaker in zip(claims, speakers, strict=True):
            if other is claim or speaker is None:
                continue
            if other.content[0] <= at < other.content[1]:
                size = other.content[1] - other.content[0]
                if width is None or size < width:
                    best, width = speaker, size
        if best is not None:
            return replace(best, evidence=[local, best.evidence[-1]])
        kind: SpeakerKind = "group" if claim.subject.lower_ in ("we", "us") else "person"
        return Speaker(
            name=claim.subject.text, kind=kind, description=None, affiliation=None, evidence=[local]
        )

    def _record(self, claim: Claim, speaker: Speaker | None, analysis: Analysis) -> Attribution:
        article = analysis.article
        start, end = claim.content
        subject_span = mention_span(claim.subject) if claim.subject is not None else None
        return Attribution(
            id=stable_id(article.id, start, end),
            article_id=article.id,
            direct=claim.direct,
            speaker=speaker,
            cue=analysis.evidence(*claim.cue) if claim.cue is not None else None,
            content=analysis.evidence(start, end),
            via=outlet_told(claim.addressee, article, self.cues),
            date=statement_date(
                claim.verb,
                analysis.times,
                article=article,
                content=claim.content,
                subject=subject_span,
            ),
            confidence=claim.confidence,
        )
