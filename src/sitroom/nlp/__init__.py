"""NLP stage: sentences, tokens, POS, dependencies and entities from spaCy."""
