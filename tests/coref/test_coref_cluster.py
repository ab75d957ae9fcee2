"""Document and mention clustering on hand-made features (no spaCy model needed)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from sitroom.coref.cluster import (
    average_linkage,
    cluster_documents,
    cluster_mentions,
    same_lemma_baseline,
)
from sitroom.coref.config import CorefConfig
from sitroom.coref.features import EventMention


def mention(
    key: str,
    doc: str,
    lemma: str,
    *,
    cls: str | None = None,
    sentence: int = 0,
    args: tuple[str, ...] = (),
) -> EventMention:
    return EventMention(
        key=key,
        doc_id=doc,
        start=0,
        end=len(lemma),
        text=lemma,
        head_lemma=lemma,
        spacy_lemma=lemma,
        head_pos="VERB",
        lemma_class=cls or lemma,
        sentence=sentence,
        arguments=frozenset(args),
    )


def same(labels: list[int], i: int, j: int) -> bool:
    return labels[i] == labels[j]


def test_average_linkage_stops_at_threshold() -> None:
    sim = np.array([[0, 0.9, 0.1], [0.9, 0, 0.2], [0.1, 0.2, 0]], dtype=float)
    assert average_linkage(sim, threshold=0.5) == [0, 0, 1]
    # merging the third item would need a mean of (0.1 + 0.2) / 2 = 0.15
    assert average_linkage(sim, threshold=0.15) == [0, 0, 0]


def test_average_linkage_never_crosses_blocked_pairs() -> None:
    sim = np.array([[0, 1.0, -np.inf], [1.0, 0, 1.0], [-np.inf, 1.0, 0]])
    labels = average_linkage(sim, threshold=0.5)
    assert labels[0] == labels[1] and labels[2] != labels[0]


def test_documents_split_by_story() -> None:
    flood = Counter({"river": 2, "valencia": 3, "2024": 1, "rain": 1})
    flood2 = Counter({"river": 1, "valencia": 2, "2024": 1, "dam": 1})
    quake = Counter({"tremor": 2, "chile": 3, "2010": 1, "rain": 1})
    quake2 = Counter({"tremor": 1, "chile": 2, "2010": 2})
    labels = cluster_documents([flood, quake, flood2, quake2], threshold=0.05)
    assert labels[0] == labels[2] and labels[1] == labels[3] and labels[0] != labels[1]


@pytest.fixture(scope="module")
def config() -> CorefConfig:
    return CorefConfig.load()


def test_mentions_link_within_document_group_only(config: CorefConfig) -> None:
    ms = [mention("1", "d1", "flood"), mention("2", "d2", "flood"), mention("3", "d3", "flood")]
    labels = cluster_mentions(ms, {"d1": 0, "d2": 0, "d3": 1}, config=config)
    assert same(labels, 0, 1) and not same(labels, 0, 2)


def test_synonym_class_links_and_other_class_does_not(config: CorefConfig) -> None:
    ms = [
        mention("1", "d1", "kill", cls="=death"),
        mention("2", "d2", "murder", cls="=death"),
        mention("3", "d2", "arrest", cls="=arrest"),
    ]
    labels = cluster_mentions(ms, {"d1": 0, "d2": 0}, config=config)
    assert same(labels, 0, 1) and not same(labels, 0, 2)


def test_light_verb_needs_a_shared_argument(config: CorefConfig) -> None:
    lonely = [mention("1", "d1", "say"), mention("2", "d2", "say")]
    assert len(set(cluster_mentions(lonely, {"d1": 0, "d2": 0}, config=config))) == 2
    shared = [
        mention("1", "d1", "say", args=("participant:police",)),
        mention("2", "d2", "say", args=("participant:police",)),
    ]
    assert len(set(cluster_mentions(shared, {"d1": 0, "d2": 0}, config=config))) == 1


def test_same_sentence_mentions_stay_apart(config: CorefConfig) -> None:
    ms = [mention("1", "d1", "attack", sentence=2), mention("2", "d1", "attack", sentence=2)]
    labels = cluster_mentions(ms, {"d1": 0}, config=config)
    assert not same(labels, 0, 1)


def test_baseline_links_every_same_lemma_pair() -> None:
    ms = [mention("1", "d1", "say"), mention("2", "d2", "say"), mention("3", "d2", "attack")]
    assert same_lemma_baseline(ms, {"d1": 0, "d2": 0}) == [0, 0, 1]
