"""A paragraph break ends a sentence: a spaCy component that marks the first token after a blank
line as a sentence start before the parser runs, so the parser cannot join a headline or a
paragraph to the next one (it respects boundaries already set). A single line break is left to the
parser: hard-wrapped text breaks lines inside sentences.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language

COMPONENT = "sitroom_paragraphs"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@Language.component(COMPONENT)
def paragraph_starts(doc: Any) -> Any:
    """Mark the token after each blank line as starting a sentence."""
    for match in _BLANK_LINE.finditer(doc.text):
        if match.end() >= len(doc.text):
            break
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and len(span) and not span[0].is_space:
            span[0].is_sent_start = True
    return doc


def add_paragraph_starts(nlp: Any) -> Any:
    """Put the component before the parser (once); a pipeline without a parser is left as is."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
