"""Eval task `coref`: cross-document event coreference on ECB+ (one JSON line per topic).

Setting (fixed here, and the same for dev and held-out files):

* Gold mentions: predictions keep the input mentions and only fill `cluster`. A mention is matched by
  (topic, doc id, start, end); a gold mention absent from the prediction counts as a singleton.
* Only event mentions (`kind == "event"`, i.e. ACTION_* and NEG_ACTION_*) are scored.
* By default only mentions inside the document's `sentences_checked` are scored, the setting of
  Barhom et al. (2019) and later ECB+ work (`checked_only=False` scores every event mention).
  The predictor never reads `sentences_checked`; it clusters all event mentions.
* Chains are keyed by topic + cluster id (entity ids recur across topics; event ids do not), so
  nothing links across topics. Scores are micro-averaged over the whole file, as when the CoNLL
  scorer runs on all topics at once. Singletons stay in (they count in B-cubed and CEAF-e; MUC has
  no links for them), as in Barhom et al. (2019).
* CEAF-e uses an optimal one-to-one cluster alignment (Kuhn–Munkres); `conll_f1` is the mean of the
  MUC, B-cubed and CEAF-e F1. `*_p` / `*_r` give each metric's precision and recall.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from ..coref.cluster import cluster_events
from ..coref.config import CorefConfig
from ..coref.features import DocumentEvents, Span
from ..coref.lexicon import morphology_of
from ..coref.metrics import coref_scores
from ..errors import BadInput

MentionKey = tuple[str, str, int, int]  # topic, doc id, start, end


def _sentence_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def gold_clusters(
    records: Iterable[dict[str, Any]], *, checked_only: bool = True
) -> dict[MentionKey, str]:
    """Scored gold event mentions -> topic-qualified chain id."""
    out: dict[MentionKey, str] = {}
    for record in records:
        topic = str(record["topic"])
        for doc in record["docs"]:
            checked = set(doc.get("sentences_checked") or ())
            for m in doc["mentions"]:
                if m.get("kind") != "event":
                    continue
                if checked_only and _sentence_index(doc["text"], m["start"]) not in checked:
                    continue
                out[(topic, str(doc["id"]), m["start"], m["end"])] = f"{topic}/{m['cluster']}"
    return out


def predicted_clusters(records: Iterable[dict[str, Any]]) -> dict[MentionKey, str]:
    """Every predicted mention with a cluster -> topic-qualified predicted chain id."""
    out: dict[MentionKey, str] = {}
    for record in records:
        topic = str(record["topic"])
        for doc in record["docs"]:
            for m in doc.get("mentions") or ():
                if m.get("cluster") is not None:
                    out[(topic, str(doc["id"]), m["start"], m["end"])] = f"{topic}/{m['cluster']}"
    return out


def score(
    gold: list[dict[str, Any]], predictions: list[dict[str, Any]], *, checked_only: bool = True
) -> dict[str, float]:
    """muc/b3/ceafe precision, recall, F1 and conll_f1 over the scored gold event mentions."""
    key = gold_clusters(gold, checked_only=checked_only)
    if not key:
        raise BadInput("coref gold has no scorable event mentions")
    predicted = predicted_clusters(predictions)
    key_chains: dict[str, set[MentionKey]] = defaultdict(set)
    response_chains: dict[str, set[MentionKey]] = defaultdict(set)
    for mention, chain in key.items():
        key_chains[chain].add(mention)
        # A mention the prediction leaves out (or leaves without a cluster) stands alone.
        response_chains[predicted.get(mention, f"missing/{mention}")].add(mention)
    metrics = coref_scores(list(key_chains.values()), list(response_chains.values())).as_dict()
    metrics["mentions"] = len(key)
    return metrics


def _role(entity_type: str, roles: dict[str, str]) -> str:
    for prefix, role in roles.items():
        if entity_type.startswith(prefix):
            return role
    return "participant"


def topic_documents(
    record: dict[str, Any], docs: list[Any], *, config: CorefConfig
) -> list[DocumentEvents]:
    """The topic's documents with event mentions keyed "<doc index>:<mention index>"; the input's
    entity mentions (with a role from their type) serve as event arguments."""
    out = []
    for di, (d, doc) in enumerate(zip(record["docs"], docs, strict=True)):
        events, arguments = [], []
        for mi, m in enumerate(d.get("mentions") or ()):
            span = Span(m["start"], m["end"], d["text"][m["start"] : m["end"]])
            if m.get("kind") == "event":
                events.append((f"{di}:{mi}", span))
            else:
                role = _role(str(m.get("type", "")), config.entity_type_roles)
                arguments.append(Span(span.start, span.end, span.text, role))
        out.append(DocumentEvents(str(d["id"]), doc, tuple(events), tuple(arguments)))
    return out


def _entity_chain(group: int, text: str) -> str:
    """Entity mentions are not scored; they get a cheap chain: same words in one document group."""
    words = [w for w in text.lower().split() if w not in _DETERMINERS]
    return f"N{group}:{' '.join(words) or text.lower()}"


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def predict(
    records: list[dict[str, Any]], *, pipeline: Any, method: str = "cluster"
) -> Iterator[dict[str, Any]]:
    """Fill `cluster` of every mention: events by `sitroom.coref.cluster_events` (`method="lemma"`
    gives the same-head-lemma baseline), entities by exact words inside a document group.

    Each document is parsed once with the pipeline's spaCy model; `sentences_checked` is not read.
    """
    config = CorefConfig.load()
    nlp = pipeline.resources.nlp
    morphology = morphology_of(nlp)
    for record in records:
        docs = list(nlp.pipe([str(d["text"]) for d in record["docs"]], batch_size=16))
        documents = topic_documents(record, docs, config=config)
        result = cluster_events(documents, morphology=morphology, config=config, method=method)
        out_docs = []
        for di, d in enumerate(record["docs"]):
            group = result.doc_groups[str(d["id"])]
            out_mentions = []
            for mi, m in enumerate(d.get("mentions") or ()):
                label = result.labels.get(f"{di}:{mi}")
                if label is not None:
                    cluster = f"E{label}"
                else:
                    cluster = _entity_chain(group, d["text"][m["start"] : m["end"]])
                out_mentions.append({**m, "cluster": cluster})
            out_docs.append({"id": d["id"], "text": d["text"], "mentions": out_mentions})
        yield {"topic": record["topic"], "docs": out_docs}


def baseline(gold: list[dict[str, Any]]) -> dict[str, float]:
    """The same-head-lemma baseline on the same document groups, scored by the same scorer.

    It parses the documents again (the runner gives baselines no pipeline), doubling the run time.
    """
    from types import SimpleNamespace

    from ..config import load_settings
    from ..resources import load_spacy

    parser = SimpleNamespace(resources=SimpleNamespace(nlp=load_spacy(load_settings().spacy_model)))
    return score(gold, list(predict(gold, pipeline=parser, method="lemma")))
