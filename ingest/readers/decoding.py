"""Turning file bytes into text: UTF-8 first, then charset detection; binary files refused."""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (b"\xef\xbb\xbf",)


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


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def decode_bytes(data: bytes) -> Decoded:
    """Decode file content. UTF-8 (with or without BOM) is taken as is; anything else is detected."""
    if looks_binary(data):
        raise UndecodableInput("binary_file", "file is binary, not text")
    if data.startswith(_BOMS[0]):
        data = data[3:]
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
