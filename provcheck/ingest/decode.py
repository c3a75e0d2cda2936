"""Bytes in, text out: reading within a size limit, gzip, refused formats, encodings.

Every function that reads or decompresses takes the size limit from its caller
(:data:`provcheck.ingest.normalize.MAX_INPUT_BYTES` for files and standard input). A
gzip file is verified as ``gzip -t`` does: every member to its end, its CRC and its
length; members may be concatenated (with zero padding between them, as Python's
:mod:`gzip` allows). A member cut short, a corrupt stream, a wrong trailer or data
after the last member that is not gzip is a :class:`~provcheck.errors.DecodeError`
(``PATH: corrupt gzip: reason``). Decompression stops at the limit, so a gzip bomb
costs no more memory than the limit.
"""

from __future__ import annotations

import codecs
import re
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    BinaryInputError,
    DecodeError,
    FolderInputError,
    InputPermissionError,
    InputTooLargeError,
    MissingInputError,
    NoSuchFileError,
)

_GZIP_MAGIC = b"\x1f\x8b"


def _too_large(label: str, limit: int, what: str = "larger than") -> InputTooLargeError:
    return InputTooLargeError(f"{label}: {what} the {limit // 2**20} MiB limit")


def read_limited(stream: BinaryIO, label: str, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream``; more is refused (only ``limit + 1`` are read)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(label, limit)
    return data


def read_path(source: Path | str, limit: int) -> tuple[bytes, str]:
    """Read a path (``-`` for stdin), gunzipping by content; return ``(bytes, label)``."""
    label = str(source)
    if label == "-":
        data = read_limited(sys.stdin.buffer, "stdin", limit)
    elif isinstance(source, str) and not source:  # Path("") would be the current folder
        raise NoSuchFileError('an empty path (""), not a file')
    else:
        path = Path(source)
        if not path.exists():
            raise NoSuchFileError(f"{label}: no such file")
        if path.is_dir():
            raise FolderInputError(f"{label}: is a directory, not a file")
        try:
            with path.open("rb") as fh:
                data = read_limited(fh, label, limit)
        except PermissionError:
            raise InputPermissionError(f"{label}: permission denied") from None
        except OSError as exc:
            raise MissingInputError(f"{label}: cannot read ({exc.strerror})") from None
    return maybe_gunzip(data, label, limit), label


def maybe_gunzip(data: bytes, label: str, limit: int) -> bytes:
    """Decompress gzip (recognised by its magic bytes); enforce the size limit."""
    if data[:2] == _GZIP_MAGIC:
        return gunzip(data, label, limit)
    if len(data) > limit:
        raise _too_large(label, limit)
    return data


def _corrupt(label: str, reason: str) -> DecodeError:
    return DecodeError(f"{label}: corrupt gzip: {reason}")


def _zlib_reason(exc: zlib.error) -> str:
    """zlib's reason without its preamble: ``Error -3 while decompressing data: invalid
    stored block lengths`` -> ``invalid stored block lengths``."""
    return str(exc).rpartition(": ")[2] or str(exc)


_NOT_ZERO = re.compile(rb"[^\x00]")


def gunzip(data: bytes, label: str, limit: int) -> bytes:
    """Decompress and verify every gzip member of ``data``, at most ``limit`` bytes out.

    Raises :class:`DecodeError` for a member cut short, a corrupt stream, a wrong CRC or
    length, or trailing data that is not gzip (zero padding is allowed), and
    :class:`InputTooLargeError` as soon as the output passes ``limit``.
    """
    out = bytearray()
    view = memoryview(data)
    pos = 0
    while True:  # one gzip member per turn
        if view[pos : pos + 2] != _GZIP_MAGIC:
            raise _corrupt(label, "data after the end of the compressed stream is not gzip")
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        # input fed in pieces that double from small: what zlib copies past a member's
        # end (``unused_data``) stays about the member's size, however many members
        size = 256
        while not member.eof:
            if pos >= len(data):
                raise _corrupt(label, "unexpected end of data")
            piece = view[pos : pos + size]
            pos += len(piece)
            size = min(2 * size, 1 << 20)
            try:
                # at most one byte past the limit (max_length 0 would mean no limit)
                out += member.decompress(piece, limit + 1 - len(out))
            except zlib.error as exc:
                raise _corrupt(label, _zlib_reason(exc)) from None
            if len(out) > limit:
                raise _too_large(label, limit, "decompresses to more than")
        pos -= len(member.unused_data)
        more = _NOT_ZERO.search(data, pos)  # zero padding may follow a member
        if more is None:
            return bytes(out)
        pos = more.start()


#: Formats people hand over for an article, told by their first bytes: (magic, what it
#: is, what to do). A file that starts with one of these is that format, not text.
_FORMATS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", "extract its text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "a Microsoft Office document (Word .doc, .xls or .ppt)", "save it as text first"),
    (b"{\\rtf", "an RTF document", "save it as text first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "provcheck needs the article's text"),
    (b"\xff\xd8\xff", "a JPEG image", "provcheck needs the article's text"),
    (b"GIF87a", "a GIF image", "provcheck needs the article's text"),
    (b"GIF89a", "a GIF image", "provcheck needs the article's text"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (b"\xfd7zXZ\x00", "an xz file", "decompress it first"),
)

#: Inside a zip archive (first bytes ``PK``): names of members that tell the format.
_ZIP_KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"word/", "a Word document (.docx)", "save it as text first"),
    (b"application/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)",
     "save it as text first"),
    (b"application/epub+zip", "an EPUB book", "extract its text first"),
    (b"xl/", "an Excel workbook (.xlsx)", "provcheck reads articles, not spreadsheets"),
    (b"ppt/", "a PowerPoint presentation (.pptx)", "extract its text first"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file", "save it as text first"),
)


def sniff_format(data: bytes) -> tuple[str, str] | None:
    """What a file that is not text or HTML is, by its magic bytes, and what to do:
    ``("a PDF document", "extract its text first")``; None for anything else."""
    for magic, what, todo in _FORMATS:
        if data.startswith(magic):
            return what, todo
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        head = data[:65536]
        for marker, what, todo in _ZIP_KINDS:
            if marker in head:
                return what, todo
        return "a zip archive", "unpack it first"
    return None


def decode(data: bytes, label: str = "input", *, charsets: Sequence[str] = ()
           ) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 or latin-1.

    ``charsets`` are declared encodings to try first, in order (a web page's HTTP
    header, then its ``<meta charset>``): after a byte-order mark, before detection;
    one that is unknown or does not decode the bytes strictly is passed over.
    A PDF, an office document, an archive or an image (told by its magic bytes,
    :func:`sniff_format`) is refused by name; other binary data (NUL bytes, many
    control characters) as binary.
    """
    found = sniff_format(data)
    if found:
        what, todo = found
        raise BinaryInputError(f"{label}: {what}: provcheck reads text or HTML; {todo}")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return check_text(data[3:].decode("utf-8", errors="strict"), label), "utf-8-sig"
        except UnicodeDecodeError:
            raise DecodeError(f"{label}: a UTF-8 byte-order mark, then bytes that are not UTF-8"
                              ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return check_text(data.decode("utf-16"), label), "utf-16"
        except UnicodeDecodeError:
            raise DecodeError(f"{label}: invalid UTF-16 data") from None
    for declared in charsets:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        return check_text(text, label), codec
    if b"\x00" in data[:8192]:
        raise BinaryInputError(f"{label}: binary data, not text or HTML")
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return check_text(text, label), enc
    raise DecodeError(f"{label}: cannot decode the bytes")  # pragma: no cover - latin-1 decodes all


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text: str, label: str) -> str:
    """``text``, unless it holds many control characters: then binary data, refused."""
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise BinaryInputError(f"{label}: binary data, not text or HTML")
    return text


_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|span|br|meta|title)[\s/>]",
    re.I,
)


def looks_like_html(text: str) -> bool:
    """Sniff HTML from content, not the file name: a doctype or several common tags."""
    head = text[:65536]
    if re.search(r"<!doctype\s+html|<html[\s>]", head[:4096], re.I):
        return True
    return len(_HTML_SNIFF.findall(head)) >= 3


__all__ = ["check_text", "decode", "gunzip", "looks_like_html", "maybe_gunzip",
           "read_limited", "read_path", "sniff_format"]
