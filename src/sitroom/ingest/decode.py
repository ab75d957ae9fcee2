"""Bytes → text for ingestion: BOMs, UTF-8, then Windows-1252 or charset-normalizer's guess.

Binary files (NUL bytes, known binary signatures, undecodable bytes) are refused with a reason.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

SNIFF_BYTES = 8192  # how much of a file is inspected for signatures and NUL bytes

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# File signatures that say "not text" with a name worth showing to the user.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "executable"),
]

# English news in a legacy encoding is nearly always Windows-1252; charset-normalizer guesses badly
# on short Latin texts (cp1250, mac_latin2). Windows-1252 is kept when its reading looks like a
# Latin-script text: few non-ASCII letters among all letters. Text in another script read as
# cp1252 is almost all accented letters (e.g. Cyrillic cp1251 → "Êèåâå"), so it fails the test.
CP1252_MAX_NON_ASCII_LETTERS = 0.3


# A decoded "text" with more control characters than this share is a binary file in disguise.
MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


class NotText(ValueError):
    """The bytes are not a text we can read; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def binary_kind(data: bytes) -> str | None:
    """A short description when the bytes look binary, else None."""
    head = data[:SNIFF_BYTES]
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        return "NUL bytes"
    return None


def _latin_plausible(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) <= CP1252_MAX_NON_ASCII_LETTERS


def decode_bytes(data: bytes) -> Decoded:
    """Decode file contents; raises `NotText` with a reason for binary or undecodable bytes."""
    decoded = _decode(data)
    sample = decoded.text[:SNIFF_BYTES]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in _ALLOWED_CONTROLS)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise NotText("binary file (control characters)")
    return decoded


def _decode(data: bytes) -> Decoded:
    kind = binary_kind(data)
    if kind is not None:
        raise NotText(f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise NotText(f"undecodable bytes after a {encoding} byte-order mark") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _latin_plausible(text):
        return Decoded(text, "cp1252")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise NotText("binary file (bytes match no known text encoding)")
    return Decoded(str(best), best.encoding)
