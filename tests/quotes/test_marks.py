"""Quote-mark pairing: curly, straight, guillemets, single quotes vs apostrophes, runs over paragraphs."""

from __future__ import annotations

from sitroom.quotes.marks import QuoteIndex, find_quotes, paragraph_spans


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_pairs():
    text = 'He said “we hold the hill” and later "the road is open" again.'
    assert spans(text) == ["“we hold the hill”", '"the road is open"']


def test_guillemets_and_single_quotes_but_not_apostrophes():
    text = "The mayor’s aide said «no trucks came» and ‘nobody’s leaving’ tonight."
    assert spans(text) == ["«no trucks came»", "‘nobody’s leaving’"]


def test_typewriter_double_apostrophes():
    text = "''We will not retreat,'' the officer said."
    assert spans(text) == ["''We will not retreat,''"]


def test_quote_running_over_paragraphs():
    text = "The colonel said:\n“The first convoy came at noon.\n“The second is due tomorrow.”\nLater news."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].paragraphs == 2 and quotes[0].closed
    assert text[quotes[0].start : quotes[0].end].endswith("tomorrow.”")


def test_unclosed_quote_stops_at_paragraph_end():
    text = "“This never closes\nA new paragraph without marks."
    quotes = find_quotes(text)
    assert len(quotes) == 1 and not quotes[0].closed
    assert text[quotes[0].start : quotes[0].end] == "“This never closes"


def test_quote_index_lookups():
    text = 'One "two three" four "five six" seven.'
    index = QuoteIndex(find_quotes(text))
    assert text[index.containing(text.index("three")).start] == '"'
    assert index.containing(text.index("four")) is None
    assert index.last_before(text.index("four")).start == text.index('"two')
    assert index.next_after(text.index("four")).start == text.index('"five')


def test_paragraph_spans_skip_blank_lines():
    text = "First line.\n\n  Second line.  \n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First line.", "Second line."]


def _title(text: str) -> bool:
    from sitroom.quotes.lexicon import cue_table
    from sitroom.quotes.marks import looks_like_title

    (quote,) = find_quotes(text)
    return looks_like_title(text, quote, cue_table().title_quotes)


def test_headline_followed_by_a_byline_is_a_title():
    assert _title('READING — "Aid convoys wait at the border as talks stall," by Lena Ortiz.')
    assert _title("''Aid convoys wait at the border as talks stall'' by our correspondent.")


def test_capitalised_work_names_are_titles():
    assert _title("She now presents “The Long Road Home With Sami Haddad.” on Fridays.")
    assert _title("His memoir, ''Nine Winters of the Northern Front,'' sold well.")


def test_statements_are_not_titles():
    assert not _title("“We have held the bridge since Monday and we will not leave it.”")
    assert not _title('"The Army moved in at dawn, and by noon the market was empty."')
    assert not _title(
        "“Aid convoys wait at the border as talks stall,” the minister said by phone."
    )
