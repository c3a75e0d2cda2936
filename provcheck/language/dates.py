"""Recognise a publication date written on its own line or in page metadata."""

from __future__ import annotations

import datetime as dt
import re

from .datewords import MONTHS, whole_date
from .lexicon import MONTH_NUMBER, WEEKDAYS

# longest first, so that "sept" is tried before "sep"
_MONTH_RE = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
# a weekday, written out or cut short (its first three letters at least), then "." or ","
_WEEKDAY = rf"(?:(?:{'|'.join(day[:3] for day in WEEKDAYS)})[a-z]*\.?,?\s+)?"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|[a-z]{2,4})?)?"

_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + _TIME + r"$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?$")
_DAY_MONTH = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}}){_TIME}$", re.I
)
_MONTH_DAY = re.compile(
    rf"^{_WEEKDAY}({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}$", re.I
)
#: A month name of the other languages written in plain letters (Kurmanji adar, Turkish
#: mart): only a line holding one is read by :func:`whole_date`.
_MONTH_WORD = re.compile(
    r"\b(?:" + "|".join(k for k in MONTHS if k.isascii() and k not in MONTH_NUMBER) + r")",
    re.I)
_PREFIX = re.compile(r"^(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*", re.I)


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def full_year(year: str) -> int:
    """A year as written, four digits or two; two digits are read as POSIX reads them
    (``69``-``99`` are 1969-1999, ``00``-``68`` are 2000-2068), as wire copy of the
    late nineties and after needs."""
    value = int(year)
    if len(year) > 2:
        return value
    return value + (1900 if value >= 69 else 2000)


def numeric_date(first: str, second: str, year: str) -> str | None:
    """``YYYY-MM-DD`` of a numeric date: day first (``01/03/00`` is 1 March 2000) unless
    only month first makes sense (``09/24/25``); ``None`` when neither is a date."""
    a, b, y = int(first), int(second), full_year(year)
    if b > 12 >= a:
        return _make(y, a, b)
    return _make(y, b, a)


def parse_date(text: str) -> str | None:
    """Return ``YYYY-MM-DD`` when ``text`` is, as a whole, one calendar date.

    Numeric dates are read day first (``24-09-2025``) unless only month first makes
    sense (``09-24-2025``), as international news sites write them.
    """
    s = _PREFIX.sub("", text.strip()).strip()
    if not s or len(s) > 60:
        return None
    if m := _ISO.match(s):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(s):
        return numeric_date(m[1], m[2], m[3])
    if m := _DAY_MONTH.match(s):
        return _make(int(m[3]), MONTH_NUMBER[m[2].lower()], int(m[1]))
    if m := _MONTH_DAY.match(s):
        return _make(int(m[3]), MONTH_NUMBER[m[1].lower()], int(m[2]))
    # Arabic, Kurdish and Turkish month names, Hijri months converted
    return whole_date(s) if not s.isascii() or _MONTH_WORD.search(s) else None
