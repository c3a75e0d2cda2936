"""Dates written with month names in English, Arabic, Sorani, Kurmanji and Turkish:
Gregorian months by their Arabic (يناير, كانون الثاني), Sorani (کانوونی دووەم), Kurmanji
(rêbendan) and Turkish (ocak) names, the months of the Hijri calendar (محرم ... ذو
الحجة) and those of the Kurdish solar calendar (خاکەلێوە ... ڕەشەمە).

:func:`find_dates` finds each date a text states (a day and a month, a month and a
year, or all three; a month name alone is no date: "May" is a verb, صفر is zero);
:func:`whole_date` reads a line that is one date (a date line, a page's date stamp).
A Hijri date with its day, month and year is converted to the Gregorian calendar
with the ``hijridate`` package (Umm al-Qura tables, 1343-1500 AH); other Hijri dates
and Kurdish solar dates are compared only with dates of their own calendar.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .lexicon import MONTH_NUMBER, WEEKDAYS

GREGORIAN, HIJRI, KURDISH = "gregorian", "hijri", "kurdish solar"

_MONTHS_GREGORIAN = {
    # Arabic, Egyptian and Gulf usage, then Levantine and Iraqi
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8,
    "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    # Sorani (the Syriac names, with the ezafe -ی a date gives them)
    "کانوونی دووەم": 1, "شوبات": 2, "ئازار": 3, "نیسان": 4, "ئایار": 5, "حوزەیران": 6,
    "تەمووز": 7, "ئاب": 8, "ئەیلوول": 9, "تشرینی یەکەم": 10, "تشرینی دووەم": 11,
    "کانوونی یەکەم": 12,
    # Kurmanji
    "rêbendan": 1, "sibat": 2, "reşemî": 2, "adar": 3, "nîsan": 4, "gulan": 5,
    "hezîran": 6, "tîrmeh": 7, "tebax": 8, "îlon": 9, "cotmeh": 10, "mijdar": 11,
    "kanûn": 12, "berfanbar": 12,
    # Turkish
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
    "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
}
_MONTHS_HIJRI = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الثاني": 4,
    "ربيع الآخر": 4, "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11,
    "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}
_MONTHS_KURDISH = {
    "خاکەلێوە": 1, "گوڵان": 2, "جۆزەردان": 3, "پووشپەڕ": 4, "گەلاوێژ": 5, "خەرمانان": 6,
    "ڕەزبەر": 7, "گەڵاڕێزان": 8, "سەرماوەز": 9, "بەفرانبار": 10, "ڕێبەندان": 11,
    "ڕەشەمە": 12,
}
#: Every month name, lower case: (calendar, month number).
MONTHS: dict[str, tuple[str, int]] = {
    **{k: (GREGORIAN, v) for k, v in MONTH_NUMBER.items()},
    **{k: (GREGORIAN, v) for k, v in _MONTHS_GREGORIAN.items()},
    **{k: (HIJRI, v) for k, v in _MONTHS_HIJRI.items()},
    **{k: (KURDISH, v) for k, v in _MONTHS_KURDISH.items()},
}

_D = r"[^\W_]"  # a digit or a letter of any script (\d alone would take Arabic-Indic too)
_MONTH = "|".join(re.escape(k) for k in sorted(MONTHS, key=len, reverse=True))
#: What a word may carry after a day or a month: an ordinal (th, ê, ی, .), an ezafe or
#: case ending (Sorani ی, Kurmanji ê a, Turkish 'ta), a second month name after a
#: slash (Arabic "أيار/مايو").
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|ی|ê|ya|ye|an|\.)?"
_MONTH_TAIL = rf"(?:ی|ê|a|yê|'?[dt][ae]|’[dt][ae])?(?:\s*/\s*(?:{_MONTH}))?"
_YEAR = r"(?P<year>\d{4})(?:ی|ê|an)?"
_DATE = re.compile(
    rf"(?<!{_D})(?:{_DAY}\s+(?:of\s+)?)?(?P<month>{_MONTH}){_MONTH_TAIL}"
    rf"(?:,?\s+(?:(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?{_YEAR}"
    rf"|\s+(?P<day3>\d{{1,2}})(?:st|nd|rd|th)?(?!\d))?(?!{_D})",
    re.I,
)
#: Weekday names a date line may open with (and the Arabic يوم, "day").
_WEEKDAYS = re.compile(
    r"^(?:(?:يوم|ڕۆژی|roja)\s+)?(?:الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|"
    r"الخميس|الجمعة|السبت|یەکشەممە|دووشەممە|سێشەممە|چوارشەممە|پێنجشەممە|هەینی|شەممە|"
    r"yekşem|duşem|sêşem|çarşem|pêncşem|în|şemî|pazar|pazartesi|salı|çarşamba|perşembe|"
    r"cuma|cumartesi|" + "|".join(WEEKDAYS) + r")[،,]?\s+",
    re.I,
)


@dataclass(frozen=True)
class StatedDate:
    """A date as a text states it: its calendar, and the parts it gives."""

    calendar: str
    year: int | None
    month: int
    day: int | None
    span: tuple[int, int]
    text: str

    def gregorian(self) -> StatedDate:
        """The same date in the Gregorian calendar where it can be converted (a Hijri
        date with day, month and year), else itself."""
        if self.calendar != HIJRI or self.year is None or self.day is None:
            return self
        try:
            from hijridate import Hijri

            day = Hijri(self.year, self.month, self.day).to_gregorian()
        except (ImportError, ValueError, OverflowError):
            return self
        return StatedDate(GREGORIAN, day.year, day.month, day.day, self.span, self.text)

    def agrees(self, other: StatedDate) -> bool:
        """Whether two stated dates may be one: the same calendar (once converted),
        month, and the day and year wherever both state them."""
        a, b = self.gregorian(), other.gregorian()
        if (a.calendar, a.month) != (b.calendar, b.month):
            return False
        return all(x is None or y is None or x == y
                   for x, y in ((a.day, b.day), (a.year, b.year)))

    @property
    def value(self) -> str:
        """``YYYY-MM-DD`` (``MM-DD``, ``YYYY-MM`` where a part is not stated), the
        calendar named unless Gregorian."""
        d = self.gregorian()
        parts = [f"{d.year:04d}"] if d.year is not None else []
        parts.append(f"{d.month:02d}")
        if d.day is not None:
            parts.append(f"{d.day:02d}")
        shown = "-".join(parts)
        return shown if d.calendar == GREGORIAN else f"{shown} ({d.calendar})"


def _int(text: str | None) -> int | None:
    if not text:
        return None
    return int("".join(str(unicodedata.decimal(c)) for c in text))


def find_dates(text: str) -> list[StatedDate]:
    """The dates ``text`` states with a month name: with a day or a year beside it
    (a month name alone is not read), each once, in order."""
    out = []
    for m in _DATE.finditer(text):
        day, year = _int(m["day"] or m["day2"] or m["day3"]), _int(m["year"])
        if (day is None and year is None) or (m["month"][:1].islower()
                                            and m["month"].lower() in MONTH_NUMBER):
            continue  # a month alone, or an English one in lower case ("you may")
        calendar, month = MONTHS[" ".join(m["month"].lower().split())]
        if day is not None and not 1 <= day <= 31:
            continue
        out.append(StatedDate(calendar, year, month, day, m.span(), m.group()))
    return out


def _iso(d: StatedDate) -> str | None:
    d = d.gregorian()
    if d.calendar != GREGORIAN or d.year is None or d.day is None:
        return None
    try:
        return dt.date(d.year, d.month, d.day).isoformat()
    except ValueError:
        return None


def first_full_date(text: str) -> str | None:
    """``YYYY-MM-DD`` of the first date in ``text`` stated with its day, month and year
    in the Gregorian calendar (or a Hijri one converted), for values that are dates
    by their markup (a page's date stamp)."""
    return next((iso for iso in map(_iso, find_dates(text)) if iso), None)


def whole_date(text: str) -> str | None:
    """``YYYY-MM-DD`` when ``text`` is, as a whole, one Gregorian (or converted Hijri)
    date with its day, month and year in any of the five languages, after an optional
    weekday ("الثلاثاء 20 أيار 2025", "20ê gulanê 2025", "20 Nisan 2025")."""
    s = _WEEKDAYS.sub("", " ".join(text.split()).strip(" ،,."))
    s = re.sub(r"\s*(?:م|مـ|هـ|ه)$", "", s)
    found = find_dates(s)
    if len(found) != 1:
        return None
    d = found[0].gregorian()
    rest = (s[:d.span[0]] + s[d.span[1]:]).strip(" ،,.")
    if rest and not _WEEKDAYS.match(rest + " "):
        return None
    return _iso(d)
