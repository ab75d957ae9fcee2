"""Event typing: a frame plus its actors and sentence context → ACLED event type / sub-event type /
PLOVER, following the rules of data/event_cues.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..actors.table import ARMED_KINDS, STATE_KINDS
from .cues import CueTable, Frame, Rule
from .roles import Roles

# militias fighting for the state count with it when territory changes hands
PRO_STATE_NAMES = frozenset({"Militia (Pro-Government)", "NDF: National Defense Forces"})


@dataclass(frozen=True, slots=True)
class Coding:
    event_type: str
    sub_event_type: str
    plover: str | None
    by_rule: bool = False  # a rule of the frame decided (False: the frame's default was taken)


def _unarmed_marker(token: Any, table: CueTable) -> bool:
    """Words before the target that take it out of the fight: an off-duty or former officer, a
    cattle or refugee camp (data/event_cues.yaml `unarmed_marker`)."""
    markers = table.object_classes.get("unarmed_marker", frozenset())
    if not markers:
        return False
    doc = token.doc
    start = max(token.left_edge.i, token.i - 4, token.sent.start)
    words = " ".join(t.lower_ for t in doc[start : token.i + 1]).replace(" - ", "-")
    padded = f" {words} "
    return any(f" {m} " in padded or f" {m}-" in padded for m in markers)


def _target_armed(roles: Roles, table: CueTable) -> bool:
    token = roles.target_token
    if token is not None and _unarmed_marker(token, table):
        return False
    if roles.actor2 is not None and roles.actor2.item.actor.kind in ARMED_KINDS:
        return True
    if token is None:
        return False
    words = table.object_classes.get("armed_target", frozenset())
    candidates = [token, *[c for c in token.children if c.dep_ in ("compound", "conj", "amod")]]
    if token.lemma_.lower() in table.object_classes.get("member_noun", frozenset()):
        for prep in token.children:  # "a member of the elite forces", "one of their fighters"
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for g in prep.children:
                    if g.dep_ == "pobj":
                        candidates += [g, *[c for c in g.children if c.dep_ == "compound"]]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in candidates)


def _head_word_in(token: Any, cls: str, table: CueTable) -> bool:
    """The word at `token` (or, for "a group of youths", the group's members) is of class `cls`."""
    if token is None:
        return False
    words = table.object_classes.get(cls, frozenset())
    group = [token, *[c for c in token.children if c.dep_ in ("compound", "amod", "conj")]]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            group += [g for g in prep.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in group)


def _one_person(token: Any) -> bool:
    """A singular noun with no "group of" around it names one person, who is no crowd."""
    if token is None or token.tag_ not in ("NN", "NNP"):
        return False
    return not any(c.dep_ in ("conj", "prep") for c in token.children)


def _home_state(roles: Roles, home: str | None) -> bool:
    """The initiator is the state (or its militias) of the country where the event happens; foreign
    forces taking ground do not "regain" it."""
    if roles.actor1 is None:
        return False
    actor = roles.actor1.item.actor
    if actor.kind not in STATE_KINDS and actor.name not in PRO_STATE_NAMES:
        return False
    return actor.country is None or home is None or actor.country == home


def _holds(
    rule: Rule, roles: Roles, frames: set[str], nearby: set[str], table: CueTable, home: str | None
) -> bool:
    # "none": no initiator named in the sentence ("two groups clashed")
    kind1 = roles.actor1.item.actor.kind if roles.actor1 is not None else "none"
    if kind1 == "civilians" and (
        _head_word_in(roles.actor1_token, "armed_marker", table) or _one_person(roles.actor1_token)
    ):
        # "armed individuals", "unknown people": gunmen; "a man attacked": one assailant, no crowd
        kind1 = "unidentified"
    kind2 = roles.actor2.item.actor.kind if roles.actor2 is not None else None
    if rule.actor1_kind_in is not None and kind1 not in rule.actor1_kind_in:
        return False
    if rule.target_kind_in is not None and kind2 not in rule.target_kind_in:
        return False
    if rule.actor1_state is not None and _home_state(roles, home) != rule.actor1_state:
        return False
    if rule.target_armed is not None and _target_armed(roles, table) != rule.target_armed:
        return False
    if rule.nearby_has is not None and not rule.nearby_has & nearby:
        return False
    if rule.nearby_lacks is not None and rule.nearby_lacks & nearby:
        return False
    if rule.actor1_word_in is not None and not _head_word_in(
        roles.actor1_token, rule.actor1_word_in, table
    ):
        return False
    return rule.sentence_has is None or bool(rule.sentence_has & frames)


def code_event(
    frame: Frame,
    roles: Roles,
    frames_in_sentence: set[str],
    table: CueTable,
    *,
    frames_nearby: set[str] | None = None,
    home: str | None = None,
) -> Coding:
    """The sub-event type of the first rule of `frame` that holds, else the frame's default."""
    others = frames_in_sentence - {frame.name}
    nearby = (frames_nearby if frames_nearby is not None else frames_in_sentence) - {frame.name}
    sub, by_rule = frame.default, False
    for rule in frame.rules:
        if _holds(rule, roles, others, nearby, table, home):
            sub, by_rule = rule.then, True
            break
    event_type, plover = table.sub_event_types[sub]
    return Coding(event_type, sub, plover, by_rule)


def frame_rank(table: CueTable, name: str) -> int:
    frame: Any = table.frames.get(name)
    return frame.rank if frame is not None else 0
