"""A paragraph break ends a sentence: a spaCy component that marks the first token after a blank
line as a sentence start before the parser runs, so the parser cannot join a headline or a
paragraph to the next one (it respects boundaries already set). A single line break is left to the
parser: hard-wrapped text breaks lines inside sentences.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language

COMPONENT = "sitroom_paragraphs"


@Language.component(COMPONENT)
def paragraph_starts(doc: Any) -> Any:
    """Mark the token after each blank line as starting a sentence. spaCy keeps every blank line
    in a whitespace token of its own; the marks are written as one array (setting
    `Token.is_sent_start` one by one rescans the document each time)."""
    starts = [
        tok.i + 1
        for tok in doc[:-1]
        if tok.is_space and tok.text.count("\n") >= 2 and not doc[tok.i + 1].is_space
    ]
    if starts:
        marks = doc.to_array([SENT_START])
        marks[starts] = 1
        doc.from_array([SENT_START], marks)
    return doc


def add_paragraph_starts(nlp: Any) -> Any:
    """Put the component before the parser (once); a pipeline without a parser is left as is."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
