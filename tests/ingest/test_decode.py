"""Encodings newsrooms actually send, and bytes that are not text."""

from __future__ import annotations

import codecs

import pytest

from newsetl.ingest import DecodeError, decode_bytes

# A real sentence from the sample corpus, with the accents and curly quotes that break naive code.
SENTENCE = "Turkish Foreign Minister Mevlüt Cavusoglu said “serious talks” took place in Moscow.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "utf-16"),
        (SENTENCE.encode("utf-16-le"), "utf-16-le"),
        (SENTENCE.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_good_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    text, detected = decode_bytes(data)
    assert text == SENTENCE
    assert detected == encoding


def test_text_is_normalised_to_nfc_and_unix_line_ends() -> None:
    decomposed = "Mevlu\u0308t said so.\r\nNext line."
    text, _ = decode_bytes(decomposed.encode("utf-8"))
    assert text == "Mevlüt said so.\nNext line."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"plain words then \x81\x8d\x8f\x90\x9d bytes that no codepage has", "undecodable"),
    ],
    ids=["empty", "whitespace", "png", "pdf", "undecodable"],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as raised:
        decode_bytes(data)
    assert raised.value.reason == reason
    assert raised.value.detail
