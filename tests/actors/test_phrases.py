"""The token trie: longest match, hyphen folding, case-sensitive acronyms."""

from sitroom.actors.phrases import PhraseTrie, normalize_token


def _trie() -> PhraseTrie:
    trie = PhraseTrie(lambda text: text.replace("-", " - ").split())
    trie.add("Tahrir al Sham", "hts")
    trie.add("al Sham", "short")
    trie.add("IS", "is", case_sensitive=True)
    return trie


def test_normalize_splits_inner_hyphens_and_drops_bare_ones():
    assert normalize_token("al-Sham") == ["al", "sham"]
    assert normalize_token("-") == []
    assert normalize_token("U.S.’s") == ["u.s.'s"]


def test_longest_match_wins_and_hyphens_are_ignored():
    tokens = ["fighters", "of", "Tahrir", "al", "-", "Sham", "attacked"]
    matches = _trie().find(tokens)
    assert [(m.start, m.end, m.payloads) for m in matches] == [(2, 6, ("hts",))]


def test_case_sensitive_acronym_does_not_match_the_verb():
    trie = _trie()
    assert [m.payloads for m in trie.find(["IS", "fighters"])] == [("is",)]
    assert trie.find(["it", "is", "over"]) == []
