"""Paragraph -> facts: quantities, money, percentages, distances, dates and quotations.

Rule-based on purpose: plain expressions found every number and date divergence of
the flagship pair at about 17k paragraphs/s (../shared/notes/offline-models.md), and
they report exact spans. Each fact keeps its hedge ("around", "at least") and the
thing it counts or is about. Work in progress for issue 3: not yet wired into
``compare``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import canonical

FactKind = str  # "quantity" | "money" | "percent" | "distance" | "date" | "quote"


@dataclass(frozen=True)
class Fact:
    """One checkable statement found in a paragraph."""

    kind: FactKind
    text: str
    """The surface text, as found in the paragraph's canonical form."""
    value: str
    """Normalised value: a number (``2500``), an ISO date or month (``2025-09``), a quote."""
    about: str | None
    """What the number counts, or who is quoted."""
    hedge: str | None
    paragraph: str
    span: tuple[int, int]
    """Character span in the paragraph's canonical text."""


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "dozens": 24, "hundreds": 200, "thousands": 2000,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_HEDGE = (
    r"(?P<hedge>around|about|approximately|roughly|nearly|almost|some|at least|at most|"
    r"more than|over|fewer than|less than|up to|as many as|an estimated|estimated)\s+"
)
_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?|"
    + "|".join(sorted([*_NUMBER_WORDS, *_ORDINALS], key=len, reverse=True))
    + r")(?:\s+(?P<scale>thousand|million|billion|trillion))?"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_NUM = {m: i for i, m in enumerate(_MONTHS.split("|"), start=1)}

_MONEY_SIGN = re.compile(rf"(?:{_HEDGE})?(?P<cur>[$€£])\s?{_NUM}", re.I)
_MONEY_WORD = re.compile(rf"(?:{_HEDGE})?{_NUM}\s+(?P<unit>dollars|euros|pounds|dinars)\b", re.I)
_PERCENT = re.compile(rf"(?:{_HEDGE})?{_NUM}\s?(?:%|percent\b|per cent\b)", re.I)
_DISTANCE = re.compile(
    rf"(?:{_HEDGE})?{_NUM}[\s-]?(?P<unit>kilometers|kilometres|km|miles|meters|metres)\b", re.I
)
_QUANTITY = re.compile(
    rf"(?:{_HEDGE})?\b{_NUM}\s+(?P<about>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}})", re.I
)
_DATE = re.compile(
    rf"(?P<prefix>(?:by|in|on|since|until|before|after|from|of)\s+)?"
    rf"(?:(?P<part>the end of|the start of|the beginning of|mid-|early|late)\s*)?"
    rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTHS})(?:\s+(?P<day2>\d{{1,2}}),?)?\s+(?P<year>\d{{4}})"
    rf"|(?P<nd>\d{{1,2}})[-/.](?P<nm>\d{{1,2}})[-/.](?P<ny>\d{{4}})"
    rf"|(?P<mid>mid-)(?P<myear>\d{{4}})"
    rf"|(?P<yprefix>(?:in|since|by|until|before|after)\s+)(?P<year2>(?:19|20)\d{{2}})\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<rel>(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:last|next|this)\s+(?:week|month|year)|yesterday|today|tomorrow)\b",
    re.I,
)
# Words that follow a number but are not what it counts.
_NOT_ABOUT = {
    "of", "and", "or", "to", "in", "on", "at", "the", "a", "an", "was", "were", "is",
    "are", "has", "have", "had", "with", "for", "by", "from", "as", "that", "who",
    "which", "said", "says", "will", "would", "could", "during", "after", "before",
    "including", "located", "while", "when", "than", "into",
}


def _number(num: str, scale: str | None) -> float | None:
    s = num.lower()
    if s in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[s])
    elif s in _ORDINALS:
        value = float(_ORDINALS[s])
    else:
        s = re.sub(r"(st|nd|rd|th)$", "", s).replace(",", "")
        try:
            value = float(s)
        except ValueError:
            return None
    if scale:
        value *= _SCALE[scale.lower()]
    return value


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _about(phrase: str | None) -> tuple[str | None, int]:
    """What a number counts: the words after it, up to the first function word.

    Returns the phrase and how many characters of ``phrase`` it spans.
    """
    if not phrase:
        return None, 0
    kept: list[str] = []
    for word in phrase.split():
        if word.lower() in _NOT_ABOUT:
            break
        kept.append(word)
    if not kept:
        return None, 0
    return " ".join(kept).lower(), phrase.index(kept[-1]) + len(kept[-1])


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def extract_facts(paragraph_id: str, text: str) -> list[Fact]:
    """Facts of one paragraph, in the order they appear (spans in canonical text)."""
    canon = canonical(text)
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(
        kind: str,
        m: re.Match[str],
        value: str,
        about: str | None,
        hedge: str | None,
        end: int | None = None,
    ) -> None:
        span = (m.start(), m.end() if end is None else end)
        if _overlaps(span, taken):
            return
        taken.append(span)
        facts.append(
            Fact(kind, canon[span[0] : span[1]], value, about, hedge and hedge.lower(),
                 paragraph_id, span)
        )

    for m in _DATE.finditer(canon):
        value = _date_value(m)
        if value:
            add("date", m, value, None, None)
    for m in _RELATIVE.finditer(canon):
        add("date", m, m["rel"].lower().removeprefix("on "), None, None)
    for pattern, kind in (
        (_MONEY_SIGN, "money"),
        (_MONEY_WORD, "money"),
        (_PERCENT, "percent"),
        (_DISTANCE, "distance"),
    ):
        for m in pattern.finditer(canon):
            n = _number(m["num"], m["scale"])
            if n is not None:
                unit = (m.groupdict().get("cur") or m.groupdict().get("unit") or "").lower()
                add(kind, m, f"{_fmt(n)}{' ' + unit if unit else ''}", None, m["hedge"])
    for m in _QUANTITY.finditer(canon):
        n = _number(m["num"], m["scale"])
        about, length = _about(m["about"])
        if n is None or not about:
            continue
        add("quantity", m, _fmt(n), about, m["hedge"], end=m.start("about") + length)
    facts.sort(key=lambda f: f.span)
    return facts


def _date_value(m: re.Match[str]) -> str | None:
    if m["ny"]:
        day, month, year = int(m["nd"]), int(m["nm"]), int(m["ny"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    if m["myear"]:
        return f"mid {m['myear']}"
    if m["year2"]:
        return f"{(m['yprefix'] or '').strip().lower()} {m['year2']}".strip()
    month_no = _MONTH_NUM[m["month"].lower()]
    day_text = m["day"] or m["day2"]
    base = f"{m['year']}-{month_no:02d}" + (f"-{int(day_text):02d}" if day_text else "")
    parts = [p.strip().lower() for p in (m["prefix"], m["part"]) if p]
    return " ".join([*parts, base]) if parts else base
