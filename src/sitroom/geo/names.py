"""Place-name normalization: the exact key (case, diacritics, punctuation folded) and a looser
transliteration skeleton (al-/el- articles, q/k, -iyah/-iyeh, doubled letters) for fuzzy matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that vary freely between transliterations and are dropped outright (hamza/ayn marks,
# apostrophes of every kind).
_DROP = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′\u02bb\u02bc\u02bf\u02be"), None)
# Characters that separate words.
_SEPARATE = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]\"“”]+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")
# Letters NFKD does not decompose.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ħ": "h",
    }
)
# Arabic definite-article forms written as a separate (hyphenated) word in transliterations.
_ARTICLES = frozenset("al el ul il ad ed ar er as es ash esh at et ath adh az ez an en a".split())
# A word-final h after a vowel ("Rutbah" / "Rutba", "Hadithah" / "Haditha").
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_SKELETON_RULES = [
    (re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|iyya|iyye|ieh|iye|iya)\b"), "ia"),
    (re.compile(r"q"), "k"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?:ay|ey|ei)"), "ai"),
    (_FINAL_H, ""),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """The exact lookup key: casefolded ASCII-ish words separated by single spaces."""
    text = unicodedata.normalize("NFKD", name.translate(_DROP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _SEPARATE.sub(" ", text.translate(_FOLD))
    text = _NON_WORD.sub("", text)
    return " ".join(text.split())


def strip_articles(key: str) -> str:
    """Drop Arabic article words from a normalized key ("jisr al shughur" → "jisr shughur")."""
    words = [w for w in key.split() if w not in _ARTICLES]
    return " ".join(words) if words else key


@lru_cache(maxsize=100_000)
def soft_key(name: str) -> str:
    """The exact key less Arabic articles and a final h after a vowel: spellings that differ only
    there are the same name ("Ar Rutba" = "Rutbah"), unlike the looser `skeleton`."""
    return _FINAL_H.sub("", strip_articles(norm(name)))


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """A transliteration-tolerant key: `Al-Qusayr`, `Qusair` and `El Quseir` share `kusair`.

    Glued articles ("Alqusayr") are not split; keys shorter than four letters are returned as is.
    """
    key = strip_articles(norm(name))
    if len(key) < 4:
        return key
    for pattern, repl in _SKELETON_RULES:
        key = pattern.sub(repl, key)
    return key.replace(" ", "")


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin (alternate names in other scripts are skipped)."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)
