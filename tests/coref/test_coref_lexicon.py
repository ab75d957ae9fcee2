"""Head normalisation (lemma repair, derivations, synonym groups) and the config loader."""

from __future__ import annotations

import pytest

from sitroom.coref.config import CorefConfig
from sitroom.coref.lexicon import Morphology, lemma_class, repaired_lemma
from sitroom.data import load_table
from sitroom.errors import ConfigError

MORPHOLOGY = Morphology(
    verbs=frozenset({"check", "rob", "arrive", "elect", "shoot", "attack"}),
    nouns=frozenset({"check", "robbery", "election"}),
    exceptions={"verb": {"shot": "shoot"}},
    rules={"verb": (("s", ""), ("ed", "")), "noun": (("s", ""),)},
)


@pytest.fixture(scope="module")
def config() -> CorefConfig:
    return CorefConfig.load()


def test_repair_only_touches_non_content_tags() -> None:
    assert repaired_lemma("Checks", "checks", "PROPN", MORPHOLOGY) == "check"
    assert repaired_lemma("Shot", "shot", "PROPN", MORPHOLOGY) == "shoot"
    assert repaired_lemma("checks", "check", "VERB", MORPHOLOGY) == "check"
    assert repaired_lemma("Zorblax", "zorblax", "PROPN", MORPHOLOGY) == "zorblax"


def test_derivations_need_an_existing_verb(config: CorefConfig) -> None:
    assert lemma_class("robbery", "NOUN", config=config, morphology=MORPHOLOGY) == "=rob"
    assert lemma_class("arrival", "NOUN", config=config, morphology=MORPHOLOGY) == "arrive"
    assert lemma_class("election", "NOUN", config=config, morphology=MORPHOLOGY) == "elect"
    assert lemma_class("ceremony", "NOUN", config=config, morphology=MORPHOLOGY) == "ceremony"
    # verbs are never re-derived
    assert lemma_class("arrival", "VERB", config=config, morphology=MORPHOLOGY) == "arrival"


def test_synonym_groups_come_from_data(config: CorefConfig) -> None:
    table = load_table("coref")
    assert "murder" in table["lemma_groups"]["death"]
    assert lemma_class("murder", "VERB", config=config, morphology=MORPHOLOGY) == lemma_class(
        "death", "NOUN", config=config, morphology=MORPHOLOGY
    )


def test_each_lemma_in_one_group_only() -> None:
    seen: dict[str, str] = {}
    for name, lemmas in load_table("coref")["lemma_groups"].items():
        for lemma in lemmas:
            assert lemma not in seen, f"{lemma} in {seen.get(lemma)} and {name}"
            seen[lemma] = name


def test_bad_table_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        CorefConfig.from_table({"document_terms": {}})
