"""Bytes to text: byte-order marks, UTF-8, then the legacy Western encodings.

News text arrives as UTF-8 most of the time, but files saved by Windows tools
are cp1252, old archives are latin-1 and some exports are UTF-16 with a BOM.
Decoding never guesses silently: every fallback adds a warning to the
article, and input that is not text at all (NUL bytes, a known file
signature) is refused with a reason that says what the file looks like.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from storyline.errors import InputError

#: File signatures of the formats people most often point a news tool at by
#: mistake.  ``(offset, magic, description)``.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (0, b"PK\x05\x06", "empty ZIP archive"),
    (0, b"\x1f\x8b", "gzip-compressed data"),
    (0, b"BZh", "bzip2-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"(\xb5/\xfd", "zstd-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"MZ", "Windows executable"),
    (0, b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (0, b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"OggS", "Ogg media"),
    (0, b"ID3", "MP3 audio"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE2) document"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (8, b"WEBP", "WebP image"),
    (8, b"AVI ", "AVI video"),
    (8, b"WAVE", "WAV audio"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Bytes that cp1252 leaves undefined; their presence means the text is not
#: cp1252 (latin-1 maps them to C1 control characters).
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

#: Share of control characters above which decoded "text" is refused.  Real
#: news text has none; latin-1 decoding of a binary blob or of a text in an
#: East Asian/Cyrillic legacy encoding gives 5-30 % (checked on a few
#: gzip/shift-jis/cp1251 samples), so 1 % separates them with room to spare.
MAX_CONTROL_SHARE = 0.01

#: How much of the head of a file is examined for NUL bytes and charsets.
_SNIFF_BYTES = 8192

_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
    rb"""([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)


NUL_KIND = "binary data (contains NUL bytes)"


def binary_reason(kind: str) -> str:
    """The InputError reason for a binary file of ``kind``."""
    if kind == NUL_KIND:
        return "binary file (contains NUL bytes, not text)"
    return f"binary file (looks like {kind})"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and how it was obtained."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def binary_kind(data: bytes) -> str | None:
    """What a binary file looks like ("PNG image"), or None for text.

    A BOM means text even when NUL bytes follow (UTF-16/32).
    """
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for offset, magic, description in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            if magic == b"MZ" and b"This program" not in data[:512]:
                continue  # "MZ" alone also starts plain text lines
            return description
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and _utf16_without_bom(head) is None:
        return NUL_KIND
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on every other byte (ASCII-range UTF-16)."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    # Latin-script UTF-16 has a NUL in (nearly) every high byte.
    if odd >= 0.9 * half and even < 0.1 * half:
        return "utf-16-le"
    if even >= 0.9 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML declaration names, if Python knows it."""
    match = _DECLARED.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, origin: str) -> Decoded:
    """Decode ``data`` to text or raise :class:`InputError` saying why not.

    Order: BOM, UTF-16 without BOM, UTF-8, a charset the document declares,
    cp1252, latin-1.  Fallbacks add a warning; text that decodes only into
    control characters is refused.
    """
    if not data.strip():
        raise InputError(origin, "empty file" if not data else "empty file (only whitespace)")
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(origin, binary_reason(kind))

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    origin,
                    f"not valid {encoding.upper()} despite its byte-order mark: {exc.reason}",
                ) from exc
            if not text.strip():
                what = "a byte-order mark and whitespace" if text else "a byte-order mark"
                raise InputError(origin, f"empty file (only {what})")
            warnings = () if encoding == "utf-8" else (f"decoded as {encoding} (byte-order mark)",)
            return _checked(Decoded(text, encoding, warnings), origin)

    utf16 = _utf16_without_bom(data[:_SNIFF_BYTES])
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            return _checked(
                Decoded(text, utf16, (f"decoded as {utf16} (no byte-order mark)",)), origin
            )

    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), origin)
    except UnicodeDecodeError as exc:
        first_bad = exc.start

    declared = declared_charset(data)
    if declared and declared not in {"utf-8", "cp1252", "latin-1", "iso8859-1"}:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            return _checked(
                Decoded(text, declared, (f"decoded as {declared} (declared by the document)",)),
                origin,
            )

    high = {b for b in data if b >= 0x80}
    if not high & _CP1252_UNDEFINED:
        text = data.decode("cp1252")
        label = "cp1252" if any(0x80 <= b <= 0x9F for b in high) else "cp1252/latin-1"
        note = f"not valid UTF-8 (byte {first_bad}); decoded as {label}"
        return _checked(Decoded(text, "cp1252", (note,)), origin)
    text = data.decode("latin-1")
    note = f"not valid UTF-8 (byte {first_bad}); decoded as latin-1"
    return _checked(Decoded(text, "latin-1", (note,)), origin)


def _checked(decoded: Decoded, origin: str) -> Decoded:
    """Refuse "text" that is mostly control characters, and drop the stray few."""
    text = decoded.text
    controls = len(_CONTROL.findall(text))
    if controls and controls > MAX_CONTROL_SHARE * len(text):
        if decoded.encoding.startswith("utf-8"):
            raise InputError(
                origin,
                f"binary file ({controls} control characters in {len(text)} characters)",
            )
        raise InputError(
            origin,
            f"not valid UTF-8/cp1252 text: decoding as {decoded.encoding} gives "
            f"{controls} control characters in {len(text)}",
        )
    if controls:
        text = _CONTROL.sub(" ", text)
        note = f"{controls} stray control characters replaced by spaces"
        return Decoded(text, decoded.encoding, (*decoded.warnings, note))
    return decoded
