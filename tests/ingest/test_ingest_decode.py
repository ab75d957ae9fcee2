"""Byte decoding: UTF-8, BOMs, legacy Windows-1252, other scripts, binary refusal."""

from __future__ import annotations

import pytest

from sitroom.ingest.decode import NotText, decode_bytes

LATIN = "Caf\u00e9 owners in Montr\u00e9al said the \u201cprotest\u201d ended \u2013 calmly."


def test_utf8_is_read_as_is():
    assert decode_bytes(LATIN.encode("utf-8")).text == LATIN


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_latin_encodings(encoding):
    text = (
        "Caf\u00e9 owners in Montr\u00e9al met on the na\u00efve plan, the d\u00e9put\u00e9 said."
    )
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text


def test_cp1252_punctuation():
    assert decode_bytes(LATIN.encode("cp1252")).text == LATIN


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_byte_order_marks(encoding):
    assert decode_bytes(LATIN.encode(encoding)).text == LATIN


def test_other_script_goes_to_charset_normalizer():
    text = "\u0412 \u0433\u043e\u0440\u043e\u0434\u0435 \u043f\u0440\u043e\u0437\u0432\u0443\u0447\u0430\u043b\u0438 \u0432\u0437\u0440\u044b\u0432\u044b, \u0441\u043e\u043e\u0431\u0449\u0438\u043b\u0438 \u0432\u043b\u0430\u0441\u0442\u0438 \u0433\u043e\u0440\u043e\u0434\u0430."
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"abc\x00def\x00\x00ghi", "NUL"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "gzip"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50, "control"),
    ],
)
def test_binary_is_refused(data, kind):
    with pytest.raises(NotText, match=kind):
        decode_bytes(data)
