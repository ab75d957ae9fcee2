"""Document-level recognition passes: a name vouched for once is a place at its other mentions,
and a facility named after a place of the story is that place."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..records import Toponym, nested_spans

if TYPE_CHECKING:
    from .recognize import Mention

_VOUCHED_LABELS = frozenset({"GPE", "LOC", "FAC"})


def propagated(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """One sense per discourse for recognition: a name taken as a place where spaCy or a cue
    word vouches for it is a place at its other occurrences too ("Douma is surrounded", "the
    Dublin City Council" once "in Dublin" was read), except inside a person's name."""
    sure = {
        m.toponym.text: m
        for m in mentions
        if m.label not in ("DEMONYM", "FACILITY")
        and (m.label in _VOUCHED_LABELS or m.cue or m.cue_before)
        and m.toponym.text[:1].isupper()
    }
    if not sure:
        return []
    taken = bytearray(len(doc.text) + 1)  # characters already inside a mention
    for m in mentions:
        taken[m.toponym.start : m.toponym.end] = b"\x01" * (m.toponym.end - m.toponym.start)
    in_person = {
        i for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for i in range(e.start, e.end)
    }
    # one pass over the text for all names (longest first), so that a text with thousands of
    # names costs one scan, not one per name
    names = sorted(sure, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    out: list[Mention] = []
    for hit in pattern.finditer(doc.text):
        start, end = hit.span()
        if any(taken[start:end]):
            continue
        span = doc.char_span(start, end)
        if span is None or any(t.i in in_person for t in span):
            continue
        source = sure[hit.group()]
        toponym = Toponym(start, end, hit.group(), "propagated")
        out.append(replace(source, toponym=toponym, cue=None, cue_before=False))
        taken[start:end] = b"\x01" * (end - start)
    return out


def named_after_places(mentions: list[Mention]) -> list[Mention]:
    """ "Hartford Hospital" where "Hartford" is read as a place elsewhere in the document: the
    facility names its town, so the mention is the town's name (as the geoparsing golds mark it)."""
    places = {m.toponym.text.lower(): m for m in mentions if m.label not in ("FACILITY", "DEMONYM")}
    out = []
    for m in mentions:
        if m.label == "FACILITY":
            words = m.toponym.text.split(" ")
            for n in range(len(words) - 1, 0, -1):
                text = " ".join(words[:n])
                source = places.get(text.lower())
                if source is not None:
                    start = m.toponym.start
                    toponym = Toponym(start, start + len(text), text, "embedded")
                    m = replace(source, toponym=toponym, cue=None, cue_before=False)
                    break
        out.append(m)
    return out


def outermost(mentions: list[Mention]) -> list[Mention]:
    """Mentions less those lying inside a longer one ("Zor" inside an extended "Deir ez Zor")."""
    inner = nested_spans((m.toponym.start, m.toponym.end) for m in mentions)
    return [m for m in mentions if (m.toponym.start, m.toponym.end) not in inner]
