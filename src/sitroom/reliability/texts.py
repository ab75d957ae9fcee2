"""Generators of hostile article texts: odd Unicode, control characters, odd line ends, odd shapes.

Every building block is written here by hand; `hostile_text(rng)` mixes them at random.
"""

from __future__ import annotations

import random

# Plain news-like sentences with slots, so that the stages have something to find around the noise.
SENTENCES = (
    "Armed men attacked a checkpoint near {place} on {day}, killing {n} soldiers.",
    "{name} told reporters that the shelling of {place} went on overnight.",
    '"We will not leave," {name} said on {day}.',
    "Protesters gathered outside the governor's office in {place} last week.",
    "An air strike hit a market in {place}, the health ministry said, wounding {n} people.",
    "Police said {n} people were arrested after clashes in {place} on {day}.",
    "According to a source close to the army, fighters withdrew from {place}.",
)
PLACES = ("Mosul", "Kharkiv", "Goma", "Aleppo", "Sanaa", "Київ", "حلب", "Tbilisi", "El Fasher")
NAMES = (
    "Omar Haddad",
    "محمد العلي",
    "Олег Петренко",
    "Abu Yusuf al-Amiri",
    "María José Núñez",
    "Nguyễn Văn An",
    "O'Neill",
    "Zoë Ødegaard",
)
DAYS = ("Monday", "Tuesday", "March 3", "3 March 2024", "yesterday", "last night", "2024-02-29")
NUMBERS = ("two", "12", "1,200", "at least 5", "dozens of", "zero", "٣", "-1")

# Characters that break naive offset arithmetic or tokenizers: marks, joiners, controls, line ends.
ODD_CHARS = (
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200d",  # zero-width joiner
    "\u200c",  # zero-width non-joiner
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark inside the text
    "\u0301",  # combining acute accent (may stand alone)
    "e\u0301",  # decomposed é (NFC changes its length)
    "\u0651\u064e",  # Arabic shadda + fatha
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # family emoji (ZWJ sequence)
    "\U0001f1fa\U0001f1e6",  # flag: two regional indicators
    "\U0001f4a5",  # emoji outside the BMP
    "\x00",  # NUL
    "\x01",
    "\x07",
    "\x1b[31m",  # terminal escape
    "\x7f",
    "\x85",  # next line (C1)
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\r\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\ufffd",  # replacement character
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "ﬁ",  # ligature (NFKC would change it; NFC does not)
    "\ud83d",  # lone surrogate (only from undecodable input)
)
PUNCTUATION = ".,;:!?\"'«»“”‘’()[]{}-–—…/\\|@#$%^&*_~`<>"
SHAPES = (
    "news",
    "one_word",
    "punctuation",
    "long_line",
    "odd_only",
    "markup",
    "numbers",
    "newlines",
    "mixed",
)


def _sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(
        place=rng.choice(PLACES),
        name=rng.choice(NAMES),
        day=rng.choice(DAYS),
        n=rng.choice(NUMBERS),
    )


def _sprinkle(text: str, rng: random.Random, count: int) -> str:
    """Insert odd characters at random positions (inside words too)."""
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randint(0, len(chars)), rng.choice(ODD_CHARS))
    return "".join(chars)


def news_text(rng: random.Random) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(1, 8))]
    joiners = (" ", "\n", "\n\n", "\r\n", "\r", "  ", "\u2029")
    return "".join(s + rng.choice(joiners) for s in sentences)


def hostile_text(rng: random.Random) -> str:
    """One hostile text; the shape (news with noise, a single word, a 10k-char line...) is random."""
    shape = rng.choice(SHAPES)
    if shape == "news":
        text = news_text(rng)
        return _sprinkle(text, rng, rng.randint(0, max(1, len(text) // 20)))
    if shape == "one_word":
        return rng.choice((*PLACES, *NAMES, *DAYS, "Attack", "killed", "x", "\u0301"))
    if shape == "punctuation":
        return "".join(rng.choice(PUNCTUATION) for _ in range(rng.randint(1, 300)))
    if shape == "long_line":
        unit = rng.choice((_sentence(rng) + " ", "a", "ab ", "—", "\U0001f4a5", "killed "))
        return (unit * (10_000 // len(unit) + 1))[: rng.randint(9_000, 12_000)]
    if shape == "odd_only":
        return "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 60)))
    if shape == "markup":
        body = news_text(rng)
        return rng.choice(
            (
                f"<html><body><p>{body}</p><script>x=1</script></body></html>",
                f"---\ntitle: {rng.choice(NAMES)}\npublished: 2024-13-45\n---\n{body}",
                '{"text": ' + repr(body) + "}",
                "[1, 2",
                "{not json}\n" + body,
                f"<article>{body}",
            )
        )
    if shape == "numbers":
        return " ".join(rng.choice(NUMBERS + DAYS) for _ in range(rng.randint(1, 50)))
    if shape == "newlines":
        return rng.choice(("\n", "\r", "\r\n", " \n", "\u2028")) * rng.randint(1, 500) + _sentence(
            rng
        )
    return _sprinkle(news_text(rng) + news_text(rng), rng, rng.randint(5, 40))  # mixed: dense noise
