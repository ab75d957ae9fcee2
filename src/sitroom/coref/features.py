"""Event-coreference features from one spaCy parse: heads, lemma classes, arguments, doc terms.

`describe_mentions` maps character spans onto a parsed `Doc` once per document; nothing is re-parsed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .config import CorefConfig
from .lexicon import Morphology, lemma_class, repaired_lemma

_WORD = re.compile(r"[a-z][a-z0-9'-]*|\d{2,4}")


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document that a mention (event or argument) covers."""

    start: int
    end: int
    text: str
    role: str = ""  # for arguments: participant | location | time ("" when unknown)


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event mention with what the clusterer compares: head, lemma class, sentence, arguments."""

    key: str  # the caller's id for the mention
    doc_id: str
    start: int
    end: int
    text: str
    head_lemma: str  # spaCy's lemma of the head, repaired for mis-tagged heads
    spacy_lemma: str  # spaCy's lemma as given (what the same-lemma baseline compares)
    head_pos: str
    lemma_class: str  # the head lemma, or the name of its synonym/derivation group
    sentence: int  # index of the sentence (spaCy sentence cut at newlines) inside the document
    arguments: frozenset[str]  # "role:word" items of entity mentions near the head


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed document with its sentence boundaries and content terms (for document clustering)."""

    doc_id: str
    doc: Any  # spacy.tokens.Doc
    sentence_starts: list[int]  # character offsets of sentence starts, ascending
    terms: dict[str, float]  # content lemma -> summed part-of-speech weight


def parse_document(doc_id: str, doc: Any, *, config: CorefConfig) -> ParsedDocument:
    """Sentence starts (spaCy sentences, also cut at newlines) and weighted content terms."""
    starts = {s.start_char for s in doc.sents}
    text = doc.text
    starts.update(m.end() for m in re.finditer(r"\n+", text))
    terms: dict[str, float] = {}
    for token in doc:
        weight = config.term_pos_weights.get(token.pos_)
        if not weight or token.is_stop or token.like_url:
            continue
        lemma = token.lemma_.lower()
        if _WORD.fullmatch(lemma) and lemma not in config.term_stoplist:
            terms[lemma] = terms.get(lemma, 0.0) + weight
    return ParsedDocument(doc_id, doc, sorted(starts), terms)


def _head_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of a character span: its token whose head lies outside it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if len(span) == 1:
        return span[0]
    lo, hi = span.start, span.end
    roots = [t for t in span if not (lo <= t.head.i < hi) or t.head.i == t.i]
    content = [t for t in roots if t.pos_ in ("VERB", "NOUN", "PROPN", "ADJ")]
    return (content or roots or [span.root])[0]


def _argument_items(span: Span, doc: Any) -> set[str]:
    """Content words of an argument span as "role:word" items (pronouns and stopwords dropped)."""
    words: set[str] = set()
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    if found is None:
        return words
    for token in found:
        if token.is_stop or token.is_punct or token.pos_ in ("PRON", "DET", "ADP"):
            continue
        word = token.lemma_.lower() if token.pos_ != "PROPN" else token.text.lower()
        if _WORD.fullmatch(word):
            words.add(f"{span.role or 'participant'}:{word}")
    return words


def describe_mentions(
    parsed: ParsedDocument,
    events: Sequence[tuple[str, Span]],
    arguments: Sequence[Span],
    *,
    config: CorefConfig,
    morphology: Morphology,
) -> list[EventMention]:
    """EventMention records for `events` ((key, span) pairs) of one parsed document.

    An argument is attached to every event in its sentence; the clusterer only compares their
    overlap, so a loose attachment costs little and needs no role labelling.
    """
    doc = parsed.doc
    starts = parsed.sentence_starts

    def sentence_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    by_sentence: dict[int, set[str]] = {}
    by_governor: dict[int, set[str]] = {}  # token index -> items of arguments it governs
    for arg in arguments:
        items = _argument_items(arg, doc)
        by_sentence.setdefault(sentence_of(arg.start), set()).update(items)
        root = _head_token(doc, arg.start, arg.end)
        for _ in range(config.argument_hops):
            if root is None or root.head.i == root.i:
                break
            root = root.head
            by_governor.setdefault(root.i, set()).update(items)
    out: list[EventMention] = []
    for key, span in events:
        head = _head_token(doc, span.start, span.end)
        if head is None:
            raw, pos = span.text.lower(), "X"
        else:
            raw, pos = head.lemma_.lower(), head.pos_
        lemma = repaired_lemma(head.text if head is not None else raw, raw, pos, morphology)
        sentence = sentence_of(span.start)
        out.append(
            EventMention(
                key=key,
                doc_id=parsed.doc_id,
                start=span.start,
                end=span.end,
                text=span.text,
                head_lemma=lemma,
                spacy_lemma=raw,
                head_pos=pos,
                lemma_class=lemma_class(lemma, pos, config=config, morphology=morphology),
                sentence=sentence,
                arguments=frozenset(
                    by_sentence.get(sentence, ())
                    if config.argument_hops == 0 or head is None
                    else by_governor.get(head.i, ())
                ),
            )
        )
    return out


def entity_arguments(doc: Any, *, config: CorefConfig) -> list[Span]:
    """Arguments from spaCy's named entities, for callers without entity mentions of their own."""
    out = []
    for ent in doc.ents:
        role = config.ner_roles.get(ent.label_)
        if role:
            out.append(Span(ent.start_char, ent.end_char, ent.text, role))
    return out


@dataclass(frozen=True, slots=True)
class DocumentEvents:
    """One parsed document and the event mentions in it to cluster (keys chosen by the caller).

    `arguments=None` takes participants, places and times from spaCy's named entities instead.
    """

    doc_id: str
    doc: Any  # spacy.tokens.Doc
    events: tuple[tuple[str, Span], ...]
    arguments: tuple[Span, ...] | None = None
