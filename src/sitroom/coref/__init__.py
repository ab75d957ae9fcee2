"""Cross-document event coreference: features from one spaCy parse, document then mention clustering.

Used by the `coref` eval task (ECB+) and meant for the fusion stage; metrics live in `metrics`.
"""

from .cluster import EventClustering, cluster_documents, cluster_events, cluster_mentions
from .config import CorefConfig
from .features import DocumentEvents, EventMention, Span
from .lexicon import Morphology, morphology_of
from .metrics import CorefScores, Score, coref_scores

__all__ = [
    "CorefConfig",
    "CorefScores",
    "DocumentEvents",
    "EventClustering",
    "EventMention",
    "Morphology",
    "Score",
    "Span",
    "cluster_documents",
    "cluster_events",
    "cluster_mentions",
    "coref_scores",
    "morphology_of",
]
