"""The events stage: cues → frames → one coded Event per clause/family, with actors, place, date,
fatalities, flags and evidence for every field. `main_event` picks the event an article is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..actors.table import ARMED_KINDS, STATE_KINDS, load_actor_table
from ..classify.refine import second_opinion
from ..config import Settings
from ..records import (
    Actor,
    ActorMention,
    ActorRole,
    Analysis,
    Event,
    EventActor,
    EventFlags,
    EventLocation,
    Evidence,
    Report,
    Sentence,
    stable_id,
)
from .coding import code_event
from .context import EventContext, Located, build_context
from .cues import CueHit, CueTable, find_cues, is_topic, load_cue_table
from .dating import event_date
from .fatalities import event_fatalities
from .flags import event_flags
from .frontline import sides_at
from .placing import event_location
from .roles import Roles, fill_by_position, find_roles

NEARBY_AHEAD = 2  # sentences after an event that may tell how it ended (police dispersed them)
WEAK_LOOKBACK = 2  # sentences: a bare death toll this close to an event reports on that event
_CROWDS = {"Protests": ("Protesters ({country})", 6), "Riots": ("Rioters ({country})", 5)}
_CROWD_KINDS = {"protesters", "rioters", "civilians"}
_VIOLENT = {"Violence against civilians", "Explosions/Remote violence", "Battles"}


@dataclass(slots=True)
class _Draft:
    """An event before its id, date, place and fatalities are attached."""

    sent: int
    rank: int
    family: str
    hit: CueHit
    flags: EventFlags
    roles: Roles
    event_type: str
    sub_event_type: str
    plover: str | None
    model_p: float | None = None  # the classifier's probability of the sub-type, where consulted


class EventStage:
    name = "events"

    def __init__(self, *, resources: Any = None, settings: Settings | None = None) -> None:
        self.resources = resources
        self.settings = settings
        self.table: CueTable = load_cue_table()

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            analysis.notes.append("events: no parsed document (run the nlp stage first)")
            return analysis
        ctx = build_context(analysis)
        drafts = self._drafts(ctx)
        analysis.events = self._finish(ctx, drafts)
        return analysis

    def _drafts(self, ctx: EventContext) -> list[_Draft]:
        drafts: list[_Draft] = []
        last_event_sent = -100
        all_hits = [
            find_cues(
                sent, self.table, place_tokens=ctx.place_tokens, actor_tokens=ctx.actor_tokens
            )
            for sent in ctx.sents
        ]
        cached: dict[tuple[int, int], EventFlags] = {}

        def flags_at(sent: int, anchor: int) -> EventFlags:
            if (sent, anchor) not in cached:
                cached[sent, anchor] = event_flags(ctx, ctx.doc[anchor], sent)
            return cached[sent, anchor]

        for index, hits in enumerate(all_hits):
            if not hits:
                continue
            frames = {h.frame for h in hits}
            nearby = set(frames)
            # the next sentences often tell how a protest ended
            for ahead in range(index + 1, index + 1 + NEARBY_AHEAD):
                if ahead >= len(all_hits) or not ctx.same_paragraph(index, ahead):
                    break
                nearby.update(
                    h.frame
                    for h in all_hits[ahead]
                    # a lone adjective is no event ("violent"), a longer cue may open with one
                    # ("small arms fire"); what did not happen is no context ("no clashes")
                    if (len(h.tokens) > 1 or ctx.doc[h.anchor].dep_ != "amod")
                    and not is_topic(ctx.doc[h.anchor], self.table)
                    and not flags_at(ahead, h.anchor).negated
                )
            groups: dict[tuple[str, bool, bool, bool], list[tuple[CueHit, EventFlags]]] = {}
            for hit in hits:
                if self.table.frames[hit.frame].context_only:
                    continue
                flags = flags_at(index, hit.anchor)
                family = self.table.frames[hit.frame].family
                key = (family, flags.negated, flags.hypothetical, flags.historical)
                groups.setdefault(key, []).append((hit, flags))
            made: list[_Draft] = []
            for members in groups.values():
                members.sort(key=lambda m: (-self.table.frames[m[0].frame].rank, m[0].anchor))
                hit, flags = members[0]
                frame = self.table.frames[hit.frame]
                weak = all(self.table.frames[h.frame].weak for h, _ in members)
                if weak and index - last_event_sent <= WEAK_LOOKBACK:
                    continue  # a death toll for the event just reported
                roles = _best_roles(ctx, [h for h, _ in members])
                if frame.armed_only and roles.actor1 is not None:
                    if roles.actor1.item.actor.kind not in ARMED_KINDS:
                        continue
                coding = code_event(
                    frame, roles, frames, self.table, frames_nearby=nearby, home=ctx.home_country
                )
                sub, model_p = coding.sub_event_type, None
                # the classifier is asked only where no rule decided (the frame's default stands)
                opinion = None if coding.by_rule else second_opinion(sub, ctx.sents[index].text)
                if opinion is not None:
                    sub, model_p = opinion.sub_event_type, opinion.probability
                event_type, plover = self.table.sub_event_types[sub]
                made.append(
                    _Draft(
                        index,
                        frame.rank,
                        frame.family,
                        hit,
                        flags,
                        roles,
                        event_type,
                        sub,
                        plover,
                        model_p,
                    )
                )
            made = _dedupe(made)
            if made:
                last_event_sent = index
            drafts.extend(sorted(made, key=lambda d: (-d.rank, d.hit.anchor)))
        return drafts

    def _finish(self, ctx: EventContext, drafts: list[_Draft]) -> list[Event]:
        analysis = ctx.analysis
        article = analysis.article
        report = Report(article.id, article.url, article.outlet, article.published)
        families: dict[int, set[str]] = {}
        for d in drafts:
            families.setdefault(d.sent, set()).add(d.family)
        events: list[Event] = []
        for draft in drafts:
            doc = ctx.doc
            first, last = doc[min(draft.hit.tokens)], doc[max(draft.hit.tokens)]
            trigger = analysis.evidence(first.idx, last.idx + len(last))
            anchor = doc[draft.hit.anchor]
            # a later sentence about another kind of event ends this one's share of the text
            later = [
                s for s in sorted(families) if s > draft.sent and families[s] != {draft.family}
            ]
            span = ctx.sents[draft.sent]
            location = event_location(ctx, anchor, draft.sent)
            event = Event(
                id=stable_id(article.id, draft.sub_event_type, trigger.start),
                article_id=article.id,
                event_type=draft.event_type,
                sub_event_type=draft.sub_event_type,
                plover=draft.plover,
                confidence=0.0,
                trigger=trigger,
                flags=draft.flags,
                actors=_event_actors(ctx, draft, trigger, location=location),
                location=location,
                date=event_date(ctx, anchor, draft.sent, draft.flags, trigger),
                fatalities=event_fatalities(
                    ctx, draft.sent, next_event_sent=later[0] if later else None
                ),
                reports=[report],
                sentence=Sentence(span.start_char, span.end_char),
            )
            event.confidence = _confidence(event, model_p=draft.model_p)
            events.append(event)
        return events


def _best_roles(ctx: EventContext, hits: list[CueHit]) -> Roles:
    """Roles read off the parse, from the highest-ranked trigger and then the others of its event;
    word order fills what the parse leaves open."""
    roles = find_roles(ctx, ctx.doc[hits[0].anchor], fallback=False)
    for hit in hits[1:]:
        if roles.actor1 is not None and roles.actor2 is not None:
            break
        other = find_roles(ctx, ctx.doc[hit.anchor], fallback=False)
        if roles.actor1 is None and other.actor1 is not None and other.actor1 is not roles.actor2:
            roles.actor1 = other.actor1
        if roles.actor2 is None and other.actor2 is not None and other.actor2 is not roles.actor1:
            roles.actor2 = other.actor2
        roles.target_token = roles.target_token or other.target_token
    fill_by_position(ctx, ctx.doc[hits[0].anchor], roles)
    return roles


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Two families that code to the same sub-event in one sentence are one event."""
    best: dict[tuple[str, bool, bool, bool], _Draft] = {}
    for draft in drafts:
        f = draft.flags
        key = (draft.sub_event_type, f.negated, f.hypothetical, f.historical)
        if key not in best or draft.rank > best[key].rank:
            best[key] = draft
    return list(best.values())


def _country_of(ctx: EventContext, location: EventLocation | None) -> str | None:
    """The country an event happened in: its place's, else the article's."""
    if location is not None and location.country and location.lat is not None:
        return location.country
    return ctx.home_country


def _recountry(actor: Actor, home: str | None, where: str | None) -> Actor:
    """A generic actor that took the article's country by default ("civilians", "gunmen") belongs
    to the country where the event happened when that differs (conflict-event naming convention)."""
    if where is None or home == where or actor.country != home or actor.kind in STATE_KINDS:
        return actor  # a state's forces often act abroad: their country stays their own
    table = load_actor_table()
    home_name = table.country_name(home)
    for entry in table.generic:
        if entry.kind == actor.kind and entry.actor(home, home_name).name == actor.name:
            return entry.actor(where, table.country_name(where))
    return actor


def _front_sides(table: Any, location: EventLocation | None) -> tuple[Actor, Actor] | None:
    """(initiator, target) for unattributed fire at a place on a known front line."""
    if location is None:
        return None
    sides = sides_at(location.country, location.lat, location.lon)
    if sides is None or sides[0] not in table.by_name or sides[1] not in table.by_name:
        return None
    return table.by_name[sides[0]].actor, table.by_name[sides[1]].actor


def _event_actors(
    ctx: EventContext, draft: _Draft, trigger: Evidence, *, location: EventLocation | None = None
) -> list[EventActor]:
    """actor1/actor2/assoc with evidence. Crowd events name the crowd by convention ("Protesters
    (Country)", the country where it happened) with the force that met it as actor2; an unnamed
    perpetrator defaults to an unidentified armed group (evidenced by the trigger, at low
    confidence), or, on a known front line, to the side facing the place's holder."""
    table = load_actor_table()
    where = _country_of(ctx, location)
    country = table.country_name(where)
    out: list[EventActor] = []
    roles = draft.roles
    a1, a2 = roles.actor1, roles.actor2
    crowd = _CROWDS.get(draft.event_type)
    if crowd is not None:
        template, inter = crowd
        people = next(
            (m for m in (a1, a2) if m is not None and m.item.actor.kind in _CROWD_KINDS), None
        )
        force = next(
            (m for m in (a1, a2) if m is not None and m.item.actor.kind not in _CROWD_KINDS), None
        )
        own = people.item.actor.country if people is not None else None
        if own is None or own == ctx.home_country:  # no country word of its own: where it was
            own = where
        where_name = table.country_name(own)
        name = template.format(country=where_name) if where_name else template.split(" (")[0]
        evidence = ctx.analysis.evidence(people.item.start, people.item.end) if people else trigger
        out.append(EventActor(name, "actor1", inter, [evidence], 0.7 if people else 0.4))
        a1, a2 = None, force
    elif a1 is None and draft.event_type in _VIOLENT:
        generic = table.by_key.get("unidentified")
        front = _front_sides(table, location)
        if front is not None and (
            a2 is None or a2.item.actor.name in (front[0].name, front[1].name)
        ):
            out.append(EventActor(front[0].name, "actor1", front[0].inter, [trigger], 0.4))
            if a2 is None and location is not None:
                out.append(
                    EventActor(front[1].name, "actor2", front[1].inter, location.evidence, 0.4)
                )
        elif generic is not None:
            actor = generic.actor(where, country)
            out.append(EventActor(actor.name, "actor1", actor.inter, [trigger], 0.3))
    if a1 is not None:
        out.append(_actor(ctx, a1, "actor1", where))
    if a2 is not None and (a1 is None or a2.item.actor != a1.item.actor):
        out.append(_actor(ctx, a2, "actor2", where))
    for extra in roles.assoc:
        out.append(_actor(ctx, extra, "assoc", where))
    return out


def _actor(
    ctx: EventContext, located: Located[ActorMention], role: ActorRole, where: str | None
) -> EventActor:
    m = located.item
    evidence = [ctx.analysis.evidence(m.start, m.end)]
    actor = _recountry(m.actor, ctx.home_country, where)
    return EventActor(actor.name, role, actor.inter, evidence, m.confidence)


def _confidence(event: Event, *, model_p: float | None = None) -> float:
    score = 0.45
    if model_p is not None:  # the classifier agreeing (or not) with the type moves it ±0.1
        score += 0.2 * (model_p - 0.5)
    if any(a.role == "actor1" and a.confidence >= 0.5 for a in event.actors):
        score += 0.15
    if event.location is not None and event.location.lat is not None:
        score += 0.1
    if event.date is not None and event.date.confidence >= 0.5:
        score += 0.1
    if event.flags.negated or event.flags.hypothetical:
        score -= 0.2
    return max(0.05, min(0.95, score))


def main_event(analysis: Analysis) -> Event | None:
    """The event an article is about: the first sentence with an asserted (not negated, hypothetical
    or historical) event, and in it the most specific event (events come ordered that way)."""
    asserted = [
        e
        for e in analysis.events
        if not (e.flags.negated or e.flags.hypothetical or e.flags.historical)
    ]
    pool = asserted or analysis.events
    return pool[0] if pool else None
