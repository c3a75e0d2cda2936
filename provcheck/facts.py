"""Paragraph -> facts: quantities, money, percentages, distances, dates, names, attributions.

Rule-based on purpose: plain expressions found every number and date divergence of
the flagship pair at about 17k paragraphs/s (../shared/notes/offline-models.md), and
they report exact spans; spaCy's small English model was measured and mislabels the
names that matter here, costs 1 s to load and 330 MB, which alone would break the
issue's speed budget (docs/facts.md). Each fact keeps its hedge ("around", "at
least"; "by", "the end of" for dates) and the thing it counts or is about, and the
content words around it (its context), which is what binds a value to a subject when
two texts are diffed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from .entities import find_names, name_key
from .models import Fact, FactKind
from .similarity import STOPWORDS
from .text import canonical

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
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "twentieth": 20, "hundredth": 100,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_HEDGE = (
    r"(?P<hedge>around|about|approximately|roughly|nearly|almost|some|at least|at most|"
    r"more than|over|fewer than|less than|up to|as many as|an estimated|estimated)\s+"
)
_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?|"
    + rf"(?:{_TENS})-(?:{_UNITS})\b|"
    + "|".join(sorted([*_NUMBER_WORDS, *_ORDINALS], key=len, reverse=True))
    + r")(?:\s+(?P<scale>thousand|million|billion|trillion))?"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_NUM = {m: i for i, m in enumerate(_MONTHS.split("|"), start=1)}
_MONTH_ABBR = r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_MONTH = rf"(?:{_MONTHS}|(?:{_MONTH_ABBR})\.)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

_MONEY_SIGN = re.compile(rf"(?:{_HEDGE})?(?P<cur>[$€£])\s?{_NUM}", re.I)
_MONEY_WORD = re.compile(rf"\b(?:{_HEDGE})?{_NUM}\s+(?P<unit>dollars|euros|pounds|dinars)\b", re.I)
_PERCENT = re.compile(rf"\b(?:{_HEDGE})?{_NUM}\s?(?:%|percent\b|per cent\b)", re.I)
_DISTANCE = re.compile(
    rf"\b(?:{_HEDGE})?{_NUM}[\s-]?(?P<unit>kilometers|kilometres|km|miles|meters|metres)\b", re.I
)
_QUANTITY = re.compile(
    rf"(?:{_HEDGE})?(?<![-\d.,:/])\b{_NUM}"
    rf"\s+(?P<about>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}})",
    re.I,
)
_DATE = re.compile(
    rf"(?P<prefix>\b(?:by|in|on|since|until|before|after|from|of|during)\s+)?"
    rf"(?:(?P<part>\bthe end of|\bthe start of|\bthe beginning of|\bmid-|\bearly|\blate)\s*)?"
    rf"(?:"
    rf"(?:\b(?P<day>{_DAY})\s+(?:of\s+)?)?\b(?P<month>{_MONTH})"
    rf"(?:\s+(?P<day2>{_DAY})\b\s?,?)?(?:\s+(?P<year>\d{{4}})\b)?"
    rf"|\b(?P<nd>\d{{1,2}})[-/.](?P<nm>\d{{1,2}})[-/.](?P<ny>\d{{4}})\b"
    rf"|\b(?P<year2>(?:1[5-9]|20)\d{{2}})(?P<decade>s)?\b(?![-.,]?\d)"
    rf")",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<rel>(?:(?:on|last|next|this)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:last|next|this)\s+(?:week|month|year)|yesterday|today|tomorrow|tonight|"
    r"last night|this (?:morning|afternoon|evening))\b",
    re.I,
)
# Words that follow a number but are not what it counts.
_NOT_ABOUT = {
    "of", "and", "or", "to", "in", "on", "at", "the", "a", "an", "was", "were", "is",
    "are", "has", "have", "had", "with", "for", "by", "from", "as", "that", "who",
    "which", "said", "says", "will", "would", "could", "during", "after", "before",
    "including", "located", "while", "when", "than", "into", "there", "here", "now",
    "then", "ago", "earlier", "later", "each", "per", "this", "last", "next", "near",
    "across", "around", "outside", "inside", "along", "within", "without", "among", "amid",
    "toward", "towards", "despite", "since", "until", "via", "like", "off", "onto", "upon",
    "behind", "beyond", "below", "above", "under", "over", "against", "between", "through",
    "but", "not", "if", "so", "because", "also", "being", "been", "about", "he", "she",
    "it", "they", "we", "you", "i", "him", "her", "them", "his", "its", "their", "our",
    "today", "yesterday", "tomorrow", "tonight", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", *_MONTHS.split("|"), "else",
}


def _number(num: str, scale: str | None) -> float | None:
    s = num.lower()
    if "-" in s and s.split("-")[0] in _NUMBER_WORDS:
        tens, _, unit = s.partition("-")
        value = float(_NUMBER_WORDS[tens] + _NUMBER_WORDS.get(unit, 0))
    elif s in _NUMBER_WORDS:
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
        if kept and word.islower() and word.endswith(("ed", "ing")):
            break  # "89 countries condemned it": a verb after the counted noun
        kept.append(word)
    if not kept:
        return None, 0
    return " ".join(kept).lower(), phrase.index(kept[-1]) + len(kept[-1])


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


_AGES = (
    re.compile(rf"\b{_NUM}-years?-old\b", re.I),
    re.compile(rf"\baged\s+{_NUM}\b", re.I),
    # "Tate, 23, of Leeds": an age in apposition to a name
    re.compile(r"\b[A-Z][a-z]+,\s(?P<num>\d{1,2})(?P<scale>)(?=,)"),
)
#: "18-month sentence", "two-day trial", "four-acre site"
_COMPOUND = re.compile(rf"\b{_NUM}-(?P<unit>[a-z]+)\b(?!-old)", re.I)
#: Any other number (scores, index levels, codes): reported bare so no number is lost.
_BARE = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?(?![\w])")
_ATTRIBUTION = re.compile(
    r"\b(?i:told|telling|in an interview with|speaking to|talking to|according to|citing|"
    r"quoted by|reported by|said in a statement to)\s+(?:the\s+)?(?P<who>[A-Z][\w.'-]*"
    r"(?:\s+(?:[A-Z][\w.'-]*|of|news))*)"
    r"|\((?P<agency>[A-Z]{2,5}|Reuters)\)"
    r"|(?P<reporter>(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+(?:has\s+|had\s+)?"
    r"reported\b"
)
_WEEKDAY_NO = {
    d: i for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
#: How many content words on each side of a fact make its context.
CONTEXT_WORDS = 3


@functools.lru_cache(maxsize=4096)
def _extract_cached(paragraph_id: str, text: str, reference_date: str | None) -> tuple[Fact, ...]:
    return tuple(_extract(paragraph_id, text, reference_date))


def extract_facts(
    paragraph_id: str, text: str, *, reference_date: str | None = None
) -> list[Fact]:
    """Facts of one paragraph, in the order they appear (spans in canonical text).

    ``reference_date`` (ISO, the article's own date) resolves relative dates such as
    "on Wednesday" or "last week"; without it they are kept as written. Results are
    cached per paragraph (facts are immutable).
    """
    return list(_extract_cached(paragraph_id, text, reference_date))


def _extract(paragraph_id: str, text: str, reference_date: str | None) -> list[Fact]:
    """Facts of one paragraph, in the order they appear (spans in canonical text).

    ``reference_date`` (ISO, the article's own date) resolves relative dates such as
    "on Wednesday" or "last week"; without it they are kept as written.
    """
    canon = canonical(text)
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    ref = _parse_iso(reference_date)

    def add(
        kind: FactKind,
        span: tuple[int, int],
        value: str,
        about: str | None,
        hedge: str | None,
    ) -> None:
        if span[1] <= span[0] or _overlaps(span, taken):
            return
        taken.append(span)
        facts.append(
            Fact(kind, canon[span[0] : span[1]], value, about, hedge and hedge.lower(),
                 paragraph_id, span, context=_context(canon, span))
        )

    for m in _ATTRIBUTION.finditer(canon):
        who = m["who"] or m["agency"] or m["reporter"]
        key = name_key(who)
        if key and key not in STOPWORDS:
            add("attribution", m.span(), key, None, None)
    for m in _DATE.finditer(canon):
        parsed = _date_value(m)
        if parsed:
            add("date", m.span(), parsed[0], None, parsed[1])
    for m in _RELATIVE.finditer(canon):
        rel = m["rel"].lower().removeprefix("on ")
        add("date", m.span(), _resolve(rel, ref), None, None)
    for m in (m for pattern in _AGES for m in pattern.finditer(canon)):
        n = _number(m["num"], m["scale"] or None)
        if n is not None:
            span = m.span("num") if m.re is _AGES[2] else m.span()
            add("quantity", span, _fmt(n), "years old", None)
    measures: tuple[tuple[re.Pattern[str], FactKind], ...] = (
        (_MONEY_SIGN, "money"),
        (_MONEY_WORD, "money"),
        (_PERCENT, "percent"),
        (_DISTANCE, "distance"),
    )
    for pattern, kind in measures:
        for m in pattern.finditer(canon):
            n = _number(m["num"], m["scale"])
            if n is not None:
                unit = (m.groupdict().get("cur") or m.groupdict().get("unit") or "").lower()
                add(kind, m.span(), f"{_fmt(n)}{' ' + unit if unit else ''}", None, m["hedge"])
    for m in _QUANTITY.finditer(canon):
        n = _number(m["num"], m["scale"])
        about, length = _about(m["about"])
        if n is None or not about or _idiom(canon, m, about):
            continue
        add("quantity", (m.start(), m.start("about") + length), _fmt(n), about, m["hedge"])
    for m in _COMPOUND.finditer(canon):
        n = _number(m["num"], m["scale"])
        if n is not None:
            add("quantity", m.span(), _fmt(n), m["unit"].lower(), None)
    for m in _BARE.finditer(canon):
        add("number", m.span(), re.sub(r"(?:st|nd|rd|th)$", "", m.group().replace(",", "")),
            None, None)
    for start, end, surface in find_names(canon):
        key = name_key(surface)
        if key:
            add("name", (start, end), key, None, None)
    facts.sort(key=lambda f: f.span)
    return facts


def _idiom(canon: str, m: re.Match[str], about: str) -> bool:
    """Number words that do not count: "no one else", "one day", "first announced"."""
    num = m["num"].lower()
    head = about.split(maxsplit=1)[0]
    if num == "one" and (
        head in {"else", "another", "day", "time", "way", "thing", "side", "hand"}
        or re.search(r"\b(?:no|any|some|every|the)\s+$", canon[: m.start("num")], re.I)
    ):
        return True
    return num in _ORDINALS and head.endswith(("ed", "ly"))


def _context(canon: str, span: tuple[int, int]) -> tuple[str, ...]:
    """Content words next to a span inside its sentence.

    Always ``2 * CONTEXT_WORDS`` slots: the left words nearest first, then the right
    words nearest first, ``""`` where the sentence ends. Slots 0 and ``CONTEXT_WORDS``
    are the fact's anchors, the words it is bound to.
    """
    left = re.split(r"[.!?;]\s", canon[: span[0]])[-1]
    right = re.split(r"[.!?;]\s", canon[span[1] :])[0]
    right = re.sub(r"^'s\b", "", right)

    def content(part: str) -> list[str]:
        ws = [w.lower() for w in re.findall(r"\w+(?:[',.-]\w+)*", part)]
        return [w for w in ws if w not in STOPWORDS and w not in _HEDGE_WORDS]

    lw = list(reversed(content(left)))[:CONTEXT_WORDS]
    rw = content(right)[:CONTEXT_WORDS]
    pad = [""] * CONTEXT_WORDS
    return tuple((lw + pad)[:CONTEXT_WORDS] + (rw + pad)[:CONTEXT_WORDS])


_HEDGE_WORDS = {"around", "approximately", "roughly", "nearly", "almost", "least", "estimated"}


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _resolve(rel: str, ref: dt.date | None) -> str:
    """A relative date against the article's date: the weekday on or before it, etc."""
    if ref is None:
        return rel
    which, _, day = rel.rpartition(" ")
    if day in _WEEKDAY_NO:
        if which == "next":  # the first such weekday after the article's date
            ahead = (_WEEKDAY_NO[day] - ref.weekday()) % 7 or 7
            return (ref + dt.timedelta(days=ahead)).isoformat()
        back = (ref.weekday() - _WEEKDAY_NO[day]) % 7
        if which == "last":
            back = back or 7
        return (ref - dt.timedelta(days=back)).isoformat()
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
             "this morning": 0, "this afternoon": 0, "this evening": 0}
    if rel in shift:
        return (ref + dt.timedelta(days=shift[rel])).isoformat()
    which, unit = rel.split()
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        year, week, _ = (ref + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        month = ref.month - 1 + step
        return f"{ref.year + month // 12}-{month % 12 + 1:02d}"
    return str(ref.year + step)


def _date_value(m: re.Match[str]) -> tuple[str, str | None] | None:
    """(ISO value, qualifier) of an absolute date match, or ``None`` if it is not one.

    Values: ``2025-09-24``, ``2025-09``, ``2025``, ``198X`` (a decade), ``--09-24`` and
    ``--09`` (no year given). The qualifier keeps "by", "since", "the end of", "mid".
    """
    prefix = (m["prefix"] or "").strip().lower()
    if m["part"] and prefix in ("in", "on", "of", "during", "from"):
        prefix = ""  # "as of mid-2025": the qualifier is "mid"
    parts = [p for p in (prefix, (m["part"] or "").strip().lower().rstrip("-")) if p]
    qualifier = " ".join(parts) or None
    if m["ny"]:
        day, month, year = int(m["nd"]), int(m["nm"]), int(m["ny"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return f"{year:04d}-{month:02d}-{day:02d}", None
    if m["year2"]:
        if m["decade"]:
            return m["year2"][:3] + "X", qualifier
        return m["year2"], qualifier
    month_text = m["month"]
    month_no = _MONTH_NUM.get(month_text.lower().rstrip("."))
    if month_no is None:
        abbr = month_text.lower().rstrip(".")[:3]
        month_no = next(i for k, i in _MONTH_NUM.items() if k.startswith(abbr))
    day_text = m["day"] or m["day2"]
    mday = int(re.sub(r"\D", "", day_text)) if day_text else None
    if mday is not None and not 1 <= mday <= 31:
        return None
    if not month_text[0].isupper() and not m["year"]:
        return None  # "may" the verb, not May the month
    if m["year"]:
        base = f"{m['year']}-{month_no:02d}"
    elif mday is not None or qualifier:
        base = f"--{month_no:02d}"
    else:
        return None  # a month name alone is too often something else ("March", "August")
    return base + (f"-{mday:02d}" if mday is not None else ""), qualifier
