"""Turn input bytes into NFC text, or say precisely why they cannot be.

Newsroom inboxes hold whatever editors saved: UTF-8 (with or without a byte-order mark),
UTF-16 exported from Word, cp1252 from older Windows tools, and now and then an image or a
PDF renamed to ``.txt``. Each good encoding is decoded; anything else becomes a reason.
"""

from __future__ import annotations

import codecs
import unicodedata

# Magic numbers of binary formats that turn up renamed as text (images, PDF, archives, Office).
BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BM", b"RIFF",
    b"\xd0\xcf\x11\xe0", b"\x7fELF", b"II*\x00", b"MM\x00*",
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters (other than tab/newline) above which decoded text is not text.
MAX_CONTROL_SHARE = 0.01


class DecodeError(ValueError):
    """Bytes that are not text we can read; ``reason`` is the audit code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of a Latin-script language has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)


def _decode_strict(data: bytes, encoding: str) -> tuple[str, str]:
    """Decode in an encoding the BOM or NUL pattern announced; bad bytes are a reason, not a crash.

    A UTF-16 export cut off mid-character (odd length) or holding a lone surrogate, or a UTF-8
    BOM before invalid bytes, raised ``UnicodeDecodeError`` and stopped the whole run (found by
    the Hypothesis fuzz in ``tests/reliability``).
    """
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise DecodeError("undecodable", f"not valid {encoding}: {error.reason} at byte {error.start}") from None


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_strict(data, encoding)
    utf16 = utf16_without_bom(data)
    if utf16:
        return _decode_strict(data, utf16)
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data:
        raise DecodeError("binary", "the bytes look like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise DecodeError(
            "undecodable", f"not UTF-8, UTF-16 or cp1252 (byte {data[error.start]:#04x} at {error.start})"
        ) from None


def check_controls(text: str) -> None:
    """Refuse decoded text that a binary file would give: a NUL, or many control characters.

    The same rule for every format: a NUL in a ``.txt`` rejected the file, while ``"\\u0000"``
    in a JSON line's text reached the marts.

    Raises:
        DecodeError: with reason ``binary``.
    """
    if "\x00" in text:
        raise DecodeError("binary", "the text holds a NUL character, as binary data does")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeError("binary", "the text is full of control characters")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode input bytes to NFC text with ``\\n`` line ends.

    Returns:
        ``(text, encoding)``.

    Raises:
        DecodeError: with reason ``empty``, ``binary`` or ``undecodable``.
    """
    if not data.strip():
        raise DecodeError("empty", "the file is empty or holds only whitespace")
    text, encoding = _decode(data)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeError("binary", f"decoded as {encoding} but full of control characters")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DecodeError("empty", "the file holds only whitespace")
    return text, encoding
