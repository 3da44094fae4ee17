"""Turning file bytes into text: a byte-order mark first, then UTF-8, then Windows-1252, then charset
detection; UTF-16 without a mark is recognised by its zero bytes; binary files are refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_BYTES = 8192


class UndecodableInput(ValueError):
    """The bytes are not text in any encoding we can trust."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Decoded:
    text: str
    encoding: str
    fallback: bool


def looks_binary(data: bytes, nul_ok: bool = False) -> bool:
    """More than 5% control bytes in the first 8 KB, or (unless ``nul_ok``) any NUL byte there.

    Line-based formats pass ``nul_ok``: a stray NUL byte then rejects only its own record."""
    sample = data[:_SAMPLE_BYTES]
    if not nul_ok and b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes sit at every other position, as in UTF-16 text
    that is mostly Latin script; None otherwise."""
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros >= 0.3 * half and even_zeros == 0:
        return "utf-16-le"
    if even_zeros >= 0.3 * half and odd_zeros == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, fallback: bool) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, fallback)
    except UnicodeDecodeError as err:
        raise UndecodableInput("undecodable_text", f"file looks like {encoding} text but byte {err.start} is not valid {encoding}") from None


def decode_bytes(data: bytes, nul_ok: bool = False) -> Decoded:
    """Decode file content. A byte-order mark (UTF-8, UTF-16, UTF-32) decides the encoding; UTF-8 is
    taken as is; UTF-16 without a mark is recognised; anything else is detected."""
    marked = _bom_encoding(data)
    if marked is not None:
        encoding, skip = marked
        return _strict(data[skip:], encoding, False)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        decoded = _strict(data, utf16, True)
        sample = decoded.text[:_SAMPLE_BYTES]
        if sum(1 for ch in sample if ch < "\t" or "\r" < ch < " ") > 0.05 * len(sample):
            raise UndecodableInput("binary_file", "file is binary, not text")
        return decoded
    if looks_binary(data, nul_ok):
        raise UndecodableInput("binary_file", "file is binary, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    # English-language news in a legacy encoding is nearly always Windows-1252: take it when it decodes
    # cleanly (no undefined bytes, no C1 control characters), else ask the charset detector.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not any("\x80" <= ch <= "\x9f" for ch in text):
        return Decoded(text, "cp1252", True)
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableInput("undecodable_text", "file is not UTF-8 and its encoding could not be detected")
    return Decoded(str(best), best.encoding, True)
