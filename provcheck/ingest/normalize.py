"""bytes | text | HTML -> Document: decoding, extraction, paragraphs, metadata, boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EmptyInputError, InputTooLargeError, UsageError
from ..language.dates import parse_date
from ..language.identify import identify_page
from ..language.text import canonical
from ..models import Boilerplate, Document, Paragraph
from . import boilerplate as bp
from .decode import check_text, decode, looks_like_html, maybe_gunzip, read_path, sniff_format

#: Largest input accepted, in bytes, after gzip decompression (documented in the README).
MAX_INPUT_BYTES = 20 * 1024 * 1024

Source = str | bytes | Path


@dataclass(frozen=True)
class _Block:
    """A raw paragraph before cleaning: display text and its span in the decoded input."""

    text: str
    start: int | None
    end: int | None


# ---------------------------------------------------------------- reading


def read_bytes(source: Path | str) -> tuple[bytes, str]:
    """Read a path (``-`` for stdin), gunzipping (and verifying) by content, within
    :data:`MAX_INPUT_BYTES`; return ``(bytes, label)``."""
    return read_path(source, MAX_INPUT_BYTES)


# ---------------------------------------------------------------- plain-text paragraphs

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_MARKER = re.compile(r"^[\x00-\x08\x0e-\x1f]+")
# Blank lines, and rule lines (dashes, equals signs...) that separate sections.
_BLANK = re.compile(r"^[\s\u00a0\u200b\ufeff]*(?:[-=_*~#]{4,}[\s\u00a0]*)?$")
_RULE = re.compile(r"^\s*[-=_*~#]{4,}")
# A wire paragraph mark and nothing else ("\x19", "\x19   <"): an empty paragraph.
_EMPTY_MARKED = re.compile(r"^[\x00-\x08\x0e-\x1f]+[\s\u00a0]*<?[\s\u00a0]*$")


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _LINE.finditer(text):
        raw = m.group(0)
        if not raw:
            continue
        out.append((m.start(), raw.rstrip("\r\n")))
    return out


def _is_hard_wrapped(lines: list[str]) -> tuple[bool, int]:
    lengths = [len(_MARKER.sub("", s).rstrip()) for s in lines]
    width = max(lengths)
    if len(lines) < 3 or not 40 <= width <= 100:
        return False, width
    full = sum(1 for n in lengths[:-1] if n >= 0.75 * width)
    return full >= 0.5 * (len(lines) - 1), width


_WRAP_END = re.compile(r"[.!?:\"')\]\u201d\u2019]$")


def _ends_mark(line: str) -> bool:
    """A wire end-of-paragraph mark: a trailing ``<`` (not ``<<``)."""
    stripped = line.rstrip()
    return stripped.endswith("<") and not stripped.endswith("<<")


def _wire_marks(lines: list[str]) -> int:
    """How many lines carry a wire paragraph mark (a trailing ``<`` or a leading
    control character)."""
    return sum(1 for ln in lines if _ends_mark(ln) or _MARKER.match(ln))


def _runs(lines: list[tuple[int, str]], wire: bool) -> list[list[tuple[int, str]]]:
    """Lines in runs separated by blank or rule lines.

    In ``wire`` copy (lines marked as paragraphs, :func:`_wire_marks`), a blank line inside
    a paragraph (after a line with no end mark, before one with no start mark) does
    not end it: the two runs are one.
    """
    width = max((len(ln.rstrip()) for _, ln in lines if not _RULE.match(ln)), default=0)
    runs: list[list[tuple[int, str]]] = [[]]
    ruled = False  # whether the gap before the current run has a rule line
    for start, line in lines:
        if _BLANK.match(line) or _EMPTY_MARKED.match(line):
            if runs[-1]:
                runs.append([])
                ruled = False
            ruled = ruled or bool(_RULE.match(line)) or bool(_MARKER.match(line))
            continue
        current = runs[-1]
        before = runs[-2][-1][1] if len(runs) >= 2 else ""
        if (wire and not current and not ruled and not _MARKER.match(line)
                and len(before.rstrip()) >= 0.75 * width and not _ends_mark(before)):
            runs.pop()  # a stray blank line inside a wire paragraph
        runs[-1].append((start, line))
    return [r for r in runs if r]


def _text_blocks(text: str) -> list[_Block]:
    """Split plain text into raw paragraphs with their offsets.

    Blank lines separate paragraphs. Inside a run of lines with no blank line, each
    line is a paragraph unless the run is hard-wrapped (wire copy), in which case lines
    are re-joined. Where the run marks its paragraphs as wire services do (a trailing
    ``<``, a control character such as 0x19 at the start of a line), a paragraph ends
    exactly at those marks; otherwise it ends at a short line that closes a sentence,
    at a wire end mark or before a marked line. A wire page header
    (:func:`provcheck.boilerplate.wire_header`) is always a paragraph of its own.
    """
    blocks: list[_Block] = []
    lines_ = _lines(text)
    wire = _wire_marks([ln for _, ln in lines_]) >= 2
    for run in _runs(lines_, wire):
        lines = [ln for _, ln in run]
        marked_run = wire and _wire_marks(lines) >= 1
        wrapped, width = _is_hard_wrapped(lines)
        current: list[tuple[int, str]] = []
        for k, (start, line) in enumerate(run):
            marked = bool(_MARKER.match(line))
            header = bp.wire_header(_MARKER.sub("", line)) is not None  # a line of its own
            if current and (marked or header or not (wrapped or marked_run)):
                blocks.append(_join(current))
                current = []
            current.append((start, line))
            if k + 1 == len(run):
                continue
            if marked_run or header:
                ends_par = _ends_mark(line) or header
            else:
                stripped = line.rstrip()
                indent = len(line) - len(line.lstrip())
                next_indent = len(run[k + 1][1]) - len(run[k + 1][1].lstrip())
                ends_par = (
                    stripped.endswith("<")
                    or (len(stripped) < 0.8 * width and bool(_WRAP_END.search(stripped)))
                    or abs(indent - next_indent) >= 4  # a centred header, not running text
                )
            if (wrapped or marked_run) and ends_par:
                blocks.append(_join(current))
                current = []
        if current:
            blocks.append(_join(current))
    return [b for b in blocks if b.text]


def _join(lines: list[tuple[int, str]]) -> _Block:
    parts: list[str] = []
    first_start: int | None = None
    last_end: int | None = None
    for start, line in lines:
        marker = _MARKER.match(line)
        lead = marker.end() if marker else 0
        body = line[lead:]
        stripped = body.strip()
        if stripped.endswith("<") and not stripped.endswith("<<"):
            stripped = stripped[:-1].rstrip()
        if not stripped:
            continue
        offset = start + lead + (len(body) - len(body.lstrip()))
        if first_start is None:
            first_start = offset
        last_end = offset + len(stripped)
        parts.append(stripped)
    return _Block(" ".join(parts), first_start, last_end)


# ---------------------------------------------------------------- HTML paragraphs


def _html_blocks(html: str, label: str | None = None
                 ) -> tuple[list[_Block], dict[str, str | None]]:
    """Main content of an HTML page as raw paragraphs, plus page metadata (``label``:
    where the page was read from, a URL for a fetched page).

    The publication date is the one the page states (:func:`provcheck.ingest.pagemeta.
    page_meta`, with ``date_source`` saying where), never trafilatura's: htmldate,
    which it runs, falls back to a date in the body text ("in 2014"), which is no
    publication date."""
    from . import extract  # imported lazily: trafilatura is slow to import
    from .pagemeta import page_meta

    paragraphs, meta = extract.extract(html)
    url = label if label and "://" in label else None
    stated = page_meta(html, url=url or meta.get("url"))
    meta["date"] = stated.published
    meta["date_source"] = stated.published_source
    meta["url"] = meta.get("url") or stated.canonical
    meta["outlet"] = meta.get("outlet") or stated.site_name
    meta["author"] = meta.get("author") or stated.author
    meta["language"] = stated.language
    published = meta.get("date")
    # a modification stated before the publication is no modification
    meta["modified"] = (stated.modified if stated.modified and
                        (not published or stated.modified >= published[:10]) else None)
    blocks = []
    cursor = 0
    for text in paragraphs:
        start, end = _locate(html, text, cursor)
        if start is not None:
            cursor = start
        blocks.append(_Block(text, start, end))
    return blocks, meta


def _locate(html: str, text: str, cursor: int) -> tuple[int | None, int | None]:
    """Best-effort span of an extracted paragraph in the HTML source (its first words)."""
    probe = text[:40]
    if not probe:
        return None, None
    pos = html.find(probe, cursor)
    if pos < 0:
        pos = html.find(probe)
    if pos < 0:
        return None, None
    tail = text[-40:]
    end = html.find(tail, pos)
    return pos, (end + len(tail) if end >= 0 else pos + len(probe))


# ---------------------------------------------------------------- cleaning

# a sentence ends (maybe inside quotes or brackets): not a headline
_TITLE_END = re.compile(r"[.,;][\"')\]\u201d\u2019]*$")


def _looks_like_title(text: str) -> bool:
    n = len(text.split())
    return (
        1 <= n <= 30
        and any(ch.isalpha() for ch in text)
        and not _TITLE_END.search(text.strip())
        and parse_date(text) is None
    )


def _outlet_like(text: str) -> bool:
    tokens = text.split()
    return 1 <= len(tokens) <= 3 and all(t[:1].isupper() or t[:1].isdigit() for t in tokens)


@dataclass
class _Meta:
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    dateline: str | None = None
    modified: str | None = None
    date_source: str | None = None

    def dated(self, date: str | None, source: str) -> None:
        """Take ``date`` as the publication date, stated by ``source``, unless one is
        known already."""
        if date and not self.date:
            self.date, self.date_source = date, source


_DESK_NOTE = "editors' note to the desk"
_WIRE_MARK = "wire end-of-take mark"


def _wire_header(b: _Block, meta: _Meta, removed: list[Boilerplate]) -> bool:
    """Remove a wire page header, its date to the metadata (its time in the reason)."""
    head = bp.wire_header(b.text)
    if head is None:
        return False
    meta.dated(head.date, "wire header")
    removed.append(Boilerplate(
        b.text, f"wire page header (filed {head.date} {head.time}; date moved to metadata)"))
    return True


def _skip(source: str | None, b: _Block, n: int) -> _Block:
    """``b`` without its first ``n`` characters (and the spaces after them); its start
    found in ``source`` by counting the characters that are not spaces, since joined
    lines differ from the input only in their spaces."""
    rest = b.text[n:].lstrip()
    if source is None or b.start is None:
        return _Block(rest, None, None)
    want = sum(1 for ch in b.text[: len(b.text) - len(rest)] if not ch.isspace())
    pos = b.start
    while pos < len(source) and (want or source[pos].isspace()):
        if not source[pos].isspace():
            want -= 1
        pos += 1
    return _Block(rest, pos, b.end)


@dataclass
class _Cleaning:
    """What cleaning has found so far: the metadata, the paragraphs kept and removed."""

    meta: _Meta
    from_html: bool
    source: str | None
    removed: list[Boilerplate] = field(default_factory=list)
    body: list[_Block] = field(default_factory=list)
    notes: list[tuple[_Block, Boilerplate]] = field(default_factory=list)
    """editors' notes to the desk, kept as the text if nothing else is"""
    date_line_seen: bool = False

    def drop(self, b: _Block, reason: str) -> None:
        self.removed.append(Boilerplate(b.text, reason))

    def note(self, b: _Block, end: int | None) -> None:
        entry = Boilerplate(b.text, _DESK_NOTE)
        self.removed.append(entry)
        self.notes.append((_Block(b.text, b.start, end), entry))


def _clean(
    blocks: list[_Block], meta: _Meta, *, from_html: bool, source: str | None = None
) -> tuple[list[_Block], list[Boilerplate]]:
    """The article's paragraphs, and what was removed (header lines moved to ``meta``,
    furniture, notes to the desk, trailing site sections), in input order."""
    st = _Cleaning(meta, from_html, source)
    blocks, tail = _cut_tail(blocks)
    start = _opening(st, blocks)
    start = _title(st, blocks, start)
    _body(st, blocks, start)
    if not st.body and st.notes:
        # copy that is only a note to the desk (an advisory): the note is its text
        kept = {id(entry) for _, entry in st.notes}
        st.body = [block for block, _ in st.notes]
        st.removed = [r for r in st.removed if id(r) not in kept]
    return st.body, st.removed + tail


def _cut_tail(blocks: list[_Block]) -> tuple[list[_Block], list[Boilerplate]]:
    """Everything from a trailing-section heading on is furniture (comments, teasers)."""
    cut = len(blocks)
    for i, b in enumerate(blocks):
        if i >= 1 and bp.is_tail_heading(b.text):
            cut = i
            break
    return blocks[:cut], [Boilerplate(b.text, "trailing site section") for b in blocks[cut:]]


def _opening(st: _Cleaning, blocks: list[_Block]) -> int:
    """Remove what opens the copy (furniture, a wire page header, editors' notes to the
    desk); return where the rest starts. A note with the headline after it on its line
    is split there: ``blocks`` gets the headline in the note's place."""
    start = 0
    wire = False  # the copy opens with a wire page header
    while start < len(blocks):
        b = blocks[start]
        if _wire_header(b, st.meta, st.removed):
            wire = True
        elif why := bp.furniture_reason(b.text):
            st.drop(b, why)
        else:
            n = bp.desk_note(b.text, opening=True, wire=wire)
            if not n:
                break
            if n < len(b.text):  # the headline follows the note on its line
                rest = _skip(st.source, b, n)
                st.note(_Block(b.text[:n].strip(), b.start, rest.start), rest.start)
                blocks[start] = rest
                continue
            st.note(b, b.end)
        start += 1
    return start


def _title(st: _Cleaning, blocks: list[_Block], start: int) -> int:
    """Plain text: a short first line that is not a sentence is the title."""
    # (an end-of-take mark after the one paragraph of a take is no second paragraph)
    after = sum(1 for b in blocks[start:] if not bp.wire_marker(b.text, last=True))
    if (not st.from_html and after >= 2 and _looks_like_title(blocks[start].text)
            and not bp.wire_marker(blocks[start].text)):
        st.meta.title = st.meta.title or canonical(blocks[start].text)
        start += 1
    return start


def _body(st: _Cleaning, blocks: list[_Block], start: int) -> None:
    """Paragraph by paragraph: header lines to metadata, furniture out, the rest kept."""
    previous = canonical(st.meta.title).lower() if st.meta.title else ""
    in_header = True
    dateline_seen = False
    for i, b in enumerate(blocks[start:], start=start):
        c = canonical(b.text)
        if _header_line(st, b, c) or _furniture(st, b, c, i == len(blocks) - 1, in_header):
            continue
        key = c.lower()
        if key == previous:  # a caption or teaser printed twice in a row
            st.drop(b, "repeated paragraph")
            continue
        previous = key
        block = b
        if len(st.body) < 3 and not dateline_seen:
            block = _strip_dateline(b, st.meta, st.removed)
            dateline_seen = block is not b
        in_header = False
        st.body.append(block)


def _header_line(st: _Cleaning, b: _Block, c: str) -> bool:
    """A date line or a byline (``c``: ``b`` canonical), moved to the metadata."""
    meta = st.meta
    short = len(c.split()) <= 8
    date = parse_date(c) if short else None
    if date:
        meta.dated(date, "date line")
        st.date_line_seen = True
        st.drop(b, "date line (moved to metadata)")
        return True
    by = bp.credit(c) if len(c.split()) <= 12 else None
    if by:
        meta.author = meta.author or by.author
        if by.outlet and not meta.outlet:
            meta.outlet = by.outlet
        if by.place and not meta.dateline:
            meta.dateline = by.place
        st.drop(b, "byline (moved to metadata)")
        return True
    return False


def _furniture(st: _Cleaning, b: _Block, c: str, last: bool, in_header: bool) -> bool:
    """Remove ``b`` (``c``: canonical) if it is no article text: a wire mark or page
    header, a note to the desk, site furniture, an outlet line under the date line."""
    if bp.wire_marker(c, last=last):
        st.drop(b, _WIRE_MARK)
        return True
    if _wire_header(b, st.meta, st.removed):
        return True
    if bp.desk_note(b.text) == len(b.text):
        st.note(b, b.end)
        return True
    reason = bp.furniture_reason(c)
    if reason:
        st.drop(b, reason)
        return True
    if (in_header and not st.from_html and st.date_line_seen and _outlet_like(c)
            and not st.meta.outlet):
        st.meta.outlet = c
        st.drop(b, "outlet line (moved to metadata)")
        return True
    return False


def _strip_dateline(b: _Block, meta: _Meta, removed: list[Boilerplate]) -> _Block:
    found = bp.dateline(b.text)
    if not found:
        return b
    length, place, outlet = found
    rest = b.text[length:].strip()
    if len(rest.split()) < 4:
        return b
    meta.dateline = place
    if outlet and not meta.outlet:
        meta.outlet = outlet.strip()
    removed.append(Boilerplate(b.text[:length].strip(), "dateline (moved to metadata)"))
    start = None if b.start is None else b.start + length
    return _Block(rest, start, b.end)


# ---------------------------------------------------------------- entry point


def normalize(source: Source, *, label: str | None = None) -> Document:
    """Normalise an article into a ``Document``.

    ``source`` is the content itself (``str`` of text or HTML, or ``bytes``) or a
    ``pathlib.Path`` to read (gzip is recognised by content, and verified: a file cut short
    or corrupt is a :class:`~provcheck.errors.DecodeError`). HTML is sniffed from the
    content, never from the file name. A ``str`` of one line that names an existing
    file or folder is refused (:class:`UsageError`): it is almost surely a path meant
    as one, so pass ``pathlib.Path(...)``.
    """
    path_label: str | None
    if isinstance(source, Path):
        data, path_label = read_bytes(source)
        text, encoding = decode(data, path_label)
    elif isinstance(source, bytes):
        path_label = label
        name = label or "input"
        text, encoding = decode(maybe_gunzip(source, name, MAX_INPUT_BYTES), name)
    else:
        path_label = label
        _refuse_path_string(source)
        if len(source) > MAX_INPUT_BYTES:
            raise InputTooLargeError(f"{label or 'input'}: larger than the size limit")
        text, encoding = check_text(source, label or "input"), "utf-8"
    if text.startswith("\ufeff"):
        text = text[1:]
    return normalize_text(text, label=path_label, encoding=encoding)


def _refuse_path_string(source: str) -> None:
    line = source.strip()
    if not line or "\n" in line or len(line) > 4096:
        return
    try:
        exists = Path(line).exists()
    except (OSError, ValueError):  # a name too long, or with a NUL, is no path
        return
    if exists:
        raise UsageError(
            f"normalize({line!r}): a str is the article's content, and this one names an "
            f"existing path; to read the file, pass pathlib.Path({line!r})")


def normalize_text(text: str, *, label: str | None = None, encoding: str = "utf-8") -> Document:
    """Normalise already-decoded content (text or HTML)."""
    name = label or "input"
    meta = _Meta()
    declared = None  # the language a page declares (html lang, og:locale)
    from_html = looks_like_html(text)
    if from_html:
        blocks, page = _html_blocks(text, label)
        declared = page.get("language")
        meta = _Meta(
            title=page.get("title"),
            date=page.get("date"),
            date_source=page.get("date_source"),
            outlet=page.get("outlet"),
            author=page.get("author"),
            url=page.get("url"),
            modified=page.get("modified"),
        )
        if not blocks:
            raise EmptyInputError(f"{name}: HTML with no article text")
    else:
        blocks = _text_blocks(text)
        if not blocks:
            raise EmptyInputError(f"{name}: empty text")
    body, removed = _clean(blocks, meta, from_html=from_html, source=None if from_html else text)
    if not body:
        raise EmptyInputError(f"{name}: no article text once boilerplate is removed")
    paragraphs = tuple(
        Paragraph(f"p{i}", b.text, canonical(b.text), b.start, b.end)
        for i, b in enumerate(body, start=1)
    )
    return Document(
        path=label,
        title=meta.title,
        date=meta.date,
        outlet=meta.outlet,
        author=meta.author,
        url=meta.url,
        dateline=meta.dateline,
        paragraphs=paragraphs,
        boilerplate=tuple(removed),
        source_format="html" if from_html else "text",
        encoding=encoding,
        modified=meta.modified,
        date_source=meta.date_source if meta.date else None,
        language=identify_page(" ".join(p.text for p in paragraphs), declared),
    )


__all__ = ["MAX_INPUT_BYTES", "decode", "looks_like_html", "normalize", "read_bytes",
           "sniff_format"]
