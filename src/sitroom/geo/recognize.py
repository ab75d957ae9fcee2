"""Toponym recognition over a spaCy Doc: GPE/LOC/FAC entities, plus proper-noun spans and
mislabelled entities that the gazetteer confirms, admin cues ("Homs province") and demonyms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..records import Candidate, Toponym
from .coordination import coordinated
from .discourse import named_after_places, outermost, propagated
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .names import norm
from .spans import LIST_JOINERS, comma_parts, dateline, propn_runs

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels whose spans may still be places the model mislabelled.
FACILITY_LABELS = frozenset({"FAC", "ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"})
CHECKED_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_STRIP_START = frozenset({"the"})
_STRIP_END = frozenset({"'s", "’s", "'", "’", "and"})  # "St. Kitts and" (an entity cut short)
_BRACKETS = frozenset("()[]")
STRONG_CODES = frozenset({"PCLI", "ADM1", "CONT", "RGN", "SEA", "OCN", "GULF", "PEN"})


@dataclass(slots=True)
class Mention:
    """A recognized toponym with what the ranker needs to know about its context."""

    toponym: Toponym
    label: str  # spaCy entity label, PROPN for a bare proper-noun run, DEMONYM
    lookup: str  # the name to look up (the span less an admin suffix written inside it)
    cue: str | None = None  # ADM1 | ADM2 | AREA from a neighbouring word, else None
    country: str | None = None  # for demonyms: the ISO2 country they point to
    cue_before: bool = False  # "in", "town of", "near" ... right before the span


class Recognizer:
    """Finds toponyms in one Doc; keeps no state between documents."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lex = lexicon()

    def __call__(self, doc: Any) -> tuple[list[Mention], list[str]]:
        """Mentions sorted by start, and the countries of every demonym (context evidence)."""
        mentions: list[Mention] = []
        countries: list[str] = []
        covered: set[int] = set()
        # Words of multi-word person names: a later lone "Nelson" is the person, not the town.
        persons = {norm(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        for ent in doc.ents:
            covered.update(range(ent.start, ent.end))
            context = self.lex.context_words.get(norm(ent.text))
            if context:
                countries.append(context)
            if ent.label_ == "NORP" or norm(ent.text) in self.lex.demonyms:
                m = self._demonym(doc, ent.start, ent.end, countries)
                if m is None and ent.label_ == "NORP" and norm(ent.text) not in self.lex.demonyms:
                    # "in Aleppo" tagged NORP: a place when the gazetteer and the slot agree
                    m = self._from_span(doc, ent.start, ent.end, "NORP", persons)
            elif ent.label_ in FACILITY_LABELS and (f := self._facility(doc, ent.start, ent.end)):
                m = f
            elif ent.label_ in PLACE_LABELS:
                parts = comma_parts(doc, ent.start, ent.end)
                for part_start, part_end in parts[:-1]:  # "Ludlow, Massachusetts": two places
                    part = self._from_span(doc, part_start, part_end, ent.label_, persons)
                    if part is not None:
                        mentions.append(part)
                m = self._from_span(doc, parts[-1][0], parts[-1][1], ent.label_, persons)
            elif ent.label_ == "NORP":
                m = self._demonym(doc, ent.start, ent.end, countries)
            elif ent.label_ in CHECKED_LABELS:
                m = self._from_span(doc, ent.start, ent.end, ent.label_, persons)
                if m is None and (ent.label_ == "ORG" or self._cue_before(doc, ent.start, of=True)):
                    # "Chicago Tribune"; "in Aleppo Monitor" (a headline run into a byline)
                    m = self._embedded(doc, ent.start, ent.end)
            else:
                m = None
            if m is not None:
                mentions.append(m)
        for start, end in propn_runs(doc, covered):
            m = self._facility(doc, start, end) or self._from_span(
                doc, start, end, "PROPN", persons
            )
            if m is None and end - start == 1:
                m = self._demonym(doc, start, end, countries)
            if m is not None:
                mentions.append(m)
        for start, end in dateline(doc, covered):
            m = self._from_span(doc, start, end, "DATELINE", persons)
            if m is not None:
                mentions.append(m)
                covered.update(range(start, end))
        for token in doc:
            if token.i not in covered and token.pos_ == "ADJ" and token.text[:1].isupper():
                m = self._demonym(doc, token.i, token.i + 1, countries)
                if m is not None:
                    mentions.append(m)
        mentions = outermost(mentions)
        mentions = coordinated(
            doc,
            mentions,
            lambda s, e, word, label: self._from_span(doc, s, e, label, persons, suffix=word),
            plural_words=self.lex.plural_admin_words,
        )
        mentions += self._listed(doc, mentions, persons)
        mentions = named_after_places(mentions)
        mentions += propagated(doc, mentions)
        mentions.sort(key=lambda m: m.toponym.start)
        return mentions, countries

    def _listed(self, doc: Any, mentions: list[Mention], persons: set[str]) -> list[Mention]:
        """Names coordinated with a vouched-for place are held to the bar of a cue word ("in
        Zilina, Nitra and Kosice", "between Coggeshall and Marks Tey")."""
        taken: set[int] = set()
        spans = []
        for m in mentions:
            span = doc.char_span(m.toponym.start, m.toponym.end, alignment_mode="expand")
            if span is None:
                continue
            taken.update(range(span.start, span.end))
            if m.label in PLACE_LABELS or m.cue or m.cue_before:
                spans.append(span)
        out: list[Mention] = []
        for span in spans:
            i = span.end
            while i < len(doc):
                j = i
                while j < len(doc) and j - i < 3 and doc[j].lower_ in LIST_JOINERS:
                    j += 1
                if j == i or j >= len(doc) or not doc[j].text[:1].isupper():
                    break
                k = j
                while k < len(doc) and k - j < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
                    k += 1
                if k == j:
                    break
                if not any(t in taken for t in range(j, k)):
                    found = self._from_span(doc, j, k, "LISTED", persons)
                    if found is None:
                        break
                    out.append(replace(found, cue_before=True))
                    taken.update(range(j, k))
                i = k
        return out

    def _facility(self, doc: Any, start: int, end: int) -> Mention | None:
        """ "Royal Street", "Holy Redeemer Church", "14th St.": a capitalized name closed by a
        facility word (placed later at its town, see `ranking.anchor_facilities`)."""
        while start < end and doc[start].lower_ in _STRIP_START:
            start += 1
        if end - start < 2:
            return None
        last, first = doc[end - 1].text, doc[start].text
        if last.rstrip(".").lower() not in self.lex.facility_heads or not last[:1].isupper():
            return None
        if not (first[:1].isupper() or first[:1].isdigit()):
            return None
        for stop in range(end - 1, start + 1, -1):  # "Henderson County Jail": the county's
            best = _best_exact(self.gazetteer.lookup(doc[start:stop].text))
            if best is not None and best.feature_code == "ADM2":
                return None
        if doc[start].lower_.rstrip(".") in self.lex.directions:
            for stop in range(min(end - 1, start + 3), start + 1, -1):
                best = _best_exact(self.gazetteer.lookup(doc[start + 1 : stop].text))
                if best is not None and best.feature_code in ("ADM1", "PCLI"):
                    # "Northeast Georgia Medical Center": the part of the state it serves
                    return self._embedded_mention(doc, start + 1, stop)
        text = doc[start:end].text
        toponym = Toponym(doc[start].idx, doc[end - 1].idx + len(last), text, "facility")
        return Mention(toponym, "FACILITY", text)

    def _from_span(
        self,
        doc: Any,
        start: int,
        end: int,
        label: str,
        persons: set[str],
        *,
        suffix: str | None = None,
    ) -> Mention | None:
        """The mention of a name span (trimmed, with its admin or area cue), or None when the
        gazetteer does not back it for its context; `suffix` stands in for the word after the
        span (the shared "counties" of "Jackson and Barrow counties")."""
        while start < end and doc[start].lower_ in _STRIP_START:
            start += 1
        while end > start and doc[end - 1].text in _STRIP_END:
            end -= 1
        for i in range(start, end):  # "Raqqa (Syria": the name before a bracket glued into it
            if doc[i].text in _BRACKETS:
                end = i
                break
        if (
            end - start > 2
            and doc[start].text in self.lex.party_letters
            and doc[start + 1].text == "-"
        ):
            start += 2  # "Rep. Jane Doe, D-Iowa City": the district after the party letter
        end = self._with_particles(doc, start, end)
        if end - start > 1 and self._glued_possessive(doc[start].text, codes=("PCLI",)):
            start += 1  # "Syrias Aleppo": a country's possessive written without its apostrophe
        if start >= end:
            return None
        lookup_end, cue, form = end, None, None
        inner = doc[end - 1].lower_
        if end - start > 1 and inner in self.lex.admin_suffixes:
            cue = self.lex.admin_suffixes[inner]
            if doc[end - 1].text.islower():  # "Homs province": the name is "Homs"
                end = lookup_end = end - 1
            elif not self.gazetteer.lookup(doc[start:end].text):  # "Henry County" is indexed whole
                lookup_end = end - 1
        elif suffix is not None or end < len(doc):
            after = suffix or doc[end].lower_
            if after in self.lex.admin_suffixes:
                cue = self.lex.admin_suffixes[after]
                form = self.lex.admin_suffix_forms.get(after)
            elif after in self.lex.area_suffixes:
                cue = "AREA"
        span_text = doc[start:end].text
        lookup = doc[start:lookup_end].text
        if _best_exact(self.gazetteer.lookup(lookup)) is None and self._glued_possessive(lookup):
            lookup = lookup[:-1]  # "Aleppos outskirts": the possessive without its apostrophe
        if form is not None and any(
            c.feature_code == cue for c in self.gazetteer.lookup(f"{lookup} {form}")
        ):
            lookup = f"{lookup} {form}"  # "Barrow counties": the gazetteer's "Barrow County"
        key = norm(span_text)
        if not key or key in self.lex.stop_words or not any(ch.isalpha() for ch in span_text):
            return None
        cue_before = self._cue_before(doc, start)
        if label in PLACE_LABELS:
            if key in persons and not self._strong(lookup):
                return None
        elif (
            key in persons and not (label == "NORP" and self._strong(lookup))
        ) or not self._confirmed(doc, start, end, lookup, label, cue, cue_before):
            return None
        source = "ner" if label in PLACE_LABELS else ("pattern" if cue else "propn")
        toponym = Toponym(
            doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), span_text, source
        )
        return Mention(toponym, label, lookup, cue=cue, cue_before=cue_before)

    def _with_particles(self, doc: Any, start: int, end: int) -> int:
        """ "Deir" + "ez Zor", "Ras" + "al-Ain": a name continued by a lowercase name particle and
        a capitalized word, when the gazetteer knows the whole name (spaCy often stops before it)."""
        if (
            end + 2 < len(doc)
            and doc[end - 1].text.rstrip(".").lower() in self.lex.name_abbreviations
            and doc[end].text == "."
            and doc[end + 1].text[:1].isupper()
        ):  # "ST. JOHN'S", "Mt. Pleasant" split by the tokenizer after the abbreviation
            k, longest = end + 1, end
            while (
                k < len(doc)
                and k - end < 4
                and (doc[k].text[:1].isupper() or doc[k].lower_ in _STRIP_END)
            ):
                k += 1
                if _best_exact(self.gazetteer.lookup(doc[start:k].text)) is not None:
                    longest = k
            end = longest
        while end + 1 < len(doc) and doc[end].lower_ in self.lex.name_particles:
            k = end + 1
            if doc[k].text == "-" and k + 1 < len(doc):
                k += 1
            if not doc[k].text[:1].isupper():
                break
            if _best_exact(self.gazetteer.lookup(doc[start : k + 1].text)) is None:
                break
            end = k + 1
        return end

    def _confirmed(
        self,
        doc: Any,
        start: int,
        end: int,
        lookup: str,
        label: str,
        cue: str | None,
        cue_before: bool,
    ) -> bool:
        """A span spaCy did not call a place counts only when the gazetteer backs it strongly
        enough for its context: population, the kind of place, or a cue word around it."""
        rules = self.lex.rules
        sentence_initial = bool(doc[start].is_sent_start) and not doc[start].text.isupper()
        best = _best_exact(self.gazetteer.lookup(lookup))
        if best is None:
            return False
        strong = best.feature_code in STRONG_CODES
        pop = best.population
        if label == "NORP":
            # "in Aleppo", "north of Aleppo", "Aleppo province": a big city or a region in a
            # place slot (a bare NORP span is a people: "Amhara militias")
            big = strong or best.feature_class == "A" or pop >= self.lex.norp_min_pop
            slot = cue or cue_before or self._cue_before(doc, start, of=True)
            return big and bool(slot or self._norp_slot(doc, start))
        if label == "LISTED":  # coordinated with a place: the bar of a cue word
            return pop >= rules["min_pop_with_cue"] or strong or best.feature_class == "A"
        if label == "PERSON":
            # "Tamil Nadu" (a region), "in Riverdale", "Klamath Falls, Oregon": a town only with
            # a locative word before it or its region after a comma.
            located = (start > 0 and doc[start - 1].lower_ in self.lex.person_cues) or (
                self._region_after(doc, end)
            )
            return strong or (located and pop >= rules["min_pop_person_cue"])
        if cue or cue_before:
            return pop >= rules["min_pop_with_cue"] or strong or best.feature_class == "A"
        if sentence_initial:
            return strong or pop >= rules["min_pop_sentence_initial"]
        return strong or pop >= rules["min_pop_alone"]

    def _cue_before(self, doc: Any, start: int, *, of: bool = False) -> bool:
        """A place cue right before the span ("in", "near"), or with `of`, "<cue> of" ("the
        city of", "north of", "the suburbs of")."""
        if start == 0:
            return False
        before = doc[start - 1].lower_
        if before in self.lex.cues_before:
            return True
        return (
            of
            and before == "of"
            and start > 1
            and (
                doc[start - 2].lower_ in self.lex.cues_before
                or doc[start - 2].lemma_.lower() in self.lex.cues_before
                or doc[start - 2].lower_ in self.lex.area_suffixes
                or doc[start - 2].lemma_.lower() in self.lex.area_suffixes
            )
        )

    def _norp_slot(self, doc: Any, start: int) -> bool:
        return start > 0 and doc[start - 1].lower_ in self.lex.norp_cues

    def _glued_possessive(self, text: str, *, codes: tuple[str, ...] = ()) -> bool:
        """ "Aleppos" / "Syrias": a strong place name plus an apostrophe-less possessive s, where
        the form with the s is not a name of its own."""
        if len(text) < 5 or not text.endswith("s") or not text[:1].isupper() or " " in text:
            return False
        if _best_exact(self.gazetteer.lookup(text)) is not None:
            return False
        best = _best_exact(self.gazetteer.lookup(text[:-1]))
        if best is None:
            return False
        if codes:
            return best.feature_code in codes
        return best.feature_code in STRONG_CODES or (best.population >= self.lex.norp_min_pop)

    def _region_after(self, doc: Any, end: int) -> bool:
        """ ", Oregon" / ", Ga." / ", Mexico" right after the span: a state or country."""
        if end + 1 >= len(doc) or doc[end].text != ",":
            return False
        for stop in range(min(len(doc), end + 4), end + 1, -1):
            best = _best_exact(self.gazetteer.lookup(doc[end + 1 : stop].text))
            if best is not None and best.feature_code in ("ADM1", "PCLI"):
                return True
        return False

    def _strong(self, name: str) -> bool:
        best = _best_exact(self.gazetteer.lookup(name))
        return best is not None and best.feature_code in STRONG_CODES

    def _embedded(self, doc: Any, start: int, end: int) -> Mention | None:
        """A place inside an organization's name: a well-known one opening it ("Chicago Tribune"),
        a demonym opening it ("Canadian Press"), or a country or region closing it ("Kidney
        Foundation of Canada", "DeSmog Canada")."""
        rules = self.lex.rules
        while start < end and doc[start].lower_ in _STRIP_START:
            start += 1
        if start >= end:
            return None
        for stop in range(end - 1, start, -1):
            text = doc[start:stop].text
            if norm(text) in self.lex.stop_words or not doc[stop - 1].text[:1].isalnum():
                continue  # "Iquitos," is not a name
            best = _best_exact(self.gazetteer.lookup(text))
            if best is not None and self.lex.admin_suffixes.get(doc[stop - 1].lower_) == (
                best.feature_code
            ):  # "Henderson County Crimestoppers": the county, not the Nevada city "Henderson"
                return replace(self._embedded_mention(doc, start, stop), cue=best.feature_code)
            if best is not None and (
                best.feature_code in STRONG_CODES or best.population >= rules["min_pop_embedded"]
            ):
                return self._embedded_mention(doc, start, stop)
        for at in range(start, end):  # "Canadian Press", "BBC Russian Service"
            if doc[at].text[:1].isupper():
                demonym = self._demonym(doc, at, at + 1, [])
                if demonym is not None:
                    return demonym
        for begin in range(start + 1, end):  # "Air France KLM", "HSBC Bank Malta plc"
            for stop in range(min(end, begin + 3), begin, -1):
                if not doc[begin].text[:1].isupper() or not doc[stop - 1].is_alpha:
                    continue
                best = _best_exact(self.gazetteer.lookup(doc[begin:stop].text))
                if best is not None and (
                    best.feature_code in ("PCLI", "ADM1")
                    or best.population >= rules["min_pop_embedded_inside"]
                ):
                    if any(  # "New London", "St. Paul": the tail of a longer name
                        _best_exact(self.gazetteer.lookup(doc[b:stop].text))
                        for b in range(max(start, begin - 2), begin)
                    ):
                        return None
                    return self._embedded_mention(doc, begin, stop)
        return None

    @staticmethod
    def _embedded_mention(doc: Any, start: int, end: int) -> Mention:
        text = doc[start:end].text
        toponym = Toponym(
            doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), text, "embedded"
        )
        return Mention(toponym, "EMBEDDED", text)

    def _demonym(self, doc: Any, start: int, end: int, countries: list[str]) -> Mention | None:
        span = doc[start:end]
        begin, text = span.start_char, span.text
        head, dash, rest = text.partition("-")
        if dash and head.lower() in _DEMONYM_PREFIXES and rest:  # "anti-Russian", "ex-Soviet"
            begin, text = begin + len(head) + 1, rest
        target = self.lex.demonyms.get(norm(text))
        if target is None:
            return None
        iso = target if len(target) == 2 and target.isupper() else None
        if iso:
            countries.append(iso)
        last = doc[end - 1]
        while last.dep_ == "conj" and last.head.i != last.i:
            last = last.head  # "Russian and Georgian envoys": the first conjunct says
        modifier = (
            last.dep_ in ("amod", "compound", "nmod")
            or (end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN"))
            # "Russian-backed", "Australian-led": a compound adjective
            or (end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_alpha)
        )
        if not (modifier and self.lex.rules["emit_demonym_modifiers"]):
            return None
        toponym = Toponym(begin, begin + len(text), text, "demonym")
        return Mention(toponym, "DEMONYM", iso or target, country=iso)


_DEMONYM_PREFIXES = frozenset({"anti", "pro", "ex", "non", "pan", "post", "pre"})


def stands_for(c: Candidate) -> bool:
    """A candidate matched by its own name, or by an alias for a country, region or town big
    enough to stand alone ("Douma" for Dūmā; fuzzy matches and the odd alternate names of small
    towns stand for nothing: "James River" is no "Gray")."""
    if "match_name" in c.features:
        return True
    big = lexicon().rules["min_pop_alone"]
    return "match_alias" in c.features and (c.feature_code in STRONG_CODES or c.population >= big)


def _best_exact(candidates: list[Candidate]) -> Candidate | None:
    """The most significant candidate that `stands_for` its name (confirms a span)."""
    exact = [c for c in candidates if stands_for(c)]
    if not exact:
        return None
    return max(exact, key=lambda c: (c.feature_code in STRONG_CODES, c.population))
