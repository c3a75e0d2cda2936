"""Paragraph -> facts: quantities, money, percentages, distances, dates, names, attributions.

Rule-based on purpose: plain expressions found every number and date divergence of
the flagship pair at about 17k paragraphs/s (../shared/notes/offline-models.md), and
they report exact spans; spaCy's small English model was measured and mislabels the
names that matter here, costs 1 s to load and 330 MB, which alone would break the
issue's speed budget (docs/facts.md). Each fact keeps its hedge ("around", "at
least"; "by", "the end of" for dates) and the thing it counts or is about, and the
content words around it (its context), which is what binds a value to a subject when
two texts are diffed.

Arabic-Indic digits (U+0660-0669, and the extended U+06F0-06F9 of Persian and Urdu),
the Arabic decimal and thousands separators (U+066B, U+066C) and the Arabic percent
sign (U+066A) read as their ASCII forms: 2,500 in Arabic-Indic digits and separator
is the number 2500, a number before the Arabic percent sign a percentage, a year in
Arabic-Indic digits a date. The
patterns run on a copy of the text with those characters folded one for one (spans
are unchanged); a fact's ``text`` is the paragraph's own, its ``value`` ASCII.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..calibration import Calibration
from ..language.entities import find_names, name_key
from ..language.lexicon import (
    ATTRIBUTION_PHRASES,
    MONTH_NUMBER,
    NAMED_YEAR_HEADS,
    STOPWORDS,
    WEEKDAYS,
    alternation,
)
from ..language.text import canonical
from ..models import Fact, FactKind
from .patterns import (
    DATE,
    DISTANCE,
    MONEY_SIGN,
    MONEY_WORD,
    NUM,
    NUMBER_WORDS,
    ORDINALS,
    PERCENT,
    QUANTITY,
    RELATIVE,
    TENS,
    counted,
    fold_digits,
    number_text,
    number_value,
)
from .subjects import bind_subjects


class _Taken:
    """The characters already claimed by a fact, one byte each: whether a new span
    overlaps one costs the span's length (a scan of every claimed span, once for each
    candidate, was quadratic in a long paragraph's facts)."""

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length)

    def overlaps(self, span: tuple[int, int]) -> bool:
        return self.mask.find(1, span[0], span[1]) >= 0

    def add(self, span: tuple[int, int]) -> None:
        self.mask[span[0] : span[1]] = b"\x01" * (span[1] - span[0])


#: "23-year-old", "aged 23"
_AGE_OLD = re.compile(rf"\b{NUM}-years?-old\b", re.I)
_AGE_AGED = re.compile(rf"\baged\s+{NUM}\b", re.I)
#: "Tate, 23, of Leeds", "Lloyd, 27 and Ziad Kattab, 25": an age in apposition to a name
_AGE_APPOSITION = re.compile(r"\b[A-Z][a-z]+,\s(?P<num>\d{1,2})(?P<scale>)(?=,|\s+and\s+[A-Z])")
#: "18-month sentence", "two-day trial", "four-acre site"
_COMPOUND = re.compile(rf"\b{NUM}-(?P<unit>[a-z]+)\b(?!-old)", re.I)
#: Any other number (scores, index levels, codes): reported bare so no number is lost.
#: A fraction is one number: "5 1/2", "1/2", "3½" (canonical "31⁄2").
_BARE = re.compile(
    r"(?<![\w.])(?P<fraction>(?:\d+\s)?[1-9]/[2-9](?![\w/])|\d*[1-9]\u2044(?:10|[2-9])(?!\d))"
    r"|(?<![\w.])\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?(?![\w])"
)
_ATTRIBUTION = re.compile(
    rf"\b(?i:{alternation(ATTRIBUTION_PHRASES)})\s+(?:the\s+)?(?P<who>[A-Z][\w.'-]*"
    r"(?:\s+(?:[A-Z][\w.'-]*|of|news))*)"
    r"|\((?P<agency>[A-Z]{2,5}|Reuters)\)"
    r"|(?P<reporter>(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+(?:has\s+|had\s+)?"
    r"reported\b"
)
#: A year inside a statute's or an event's name: "the 1968 Medicines Act", "the 2014
#: World Cup" (after "the" or a possessive), "the Medicines Act 1968".
_NAME_RUN = r"(?:[A-Z][\w'-]*\s+(?:(?:of|for|and|on)\s+)?){0,4}"
_HEADS = rf"(?:{alternation(NAMED_YEAR_HEADS)})\b"
_NAMED_YEAR = re.compile(
    rf"(?:\b[Tt]he\s+|'s\s+)(?P<year>(?:1[5-9]|20)\d{{2}})\s+(?P<name>{_NAME_RUN}{_HEADS})"
    rf"|\b(?P<name2>[A-Z][\w'-]*\s+{_NAME_RUN}{_HEADS}|{_HEADS})\s+"
    rf"(?P<year2>(?:1[5-9]|20)\d{{2}})\b(?![-/.,]?\d)"
)
_HEAD_VOCAB = frozenset(h.lower() for h in NAMED_YEAR_HEADS)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_NUMBER_VOCAB = frozenset([*NUMBER_WORDS, *ORDINALS, *TENS.split("|")])


def _windows(
    canon: str,
    tokens: list[tuple[int, int, str]],
    anchors: frozenset[str],
    *,
    before: int = 30,
    after: int = 70,
    digits: bool = True,
) -> list[tuple[int, int]]:
    """Stretches of text around each anchor word (digits count as one), merged.

    A pattern is searched only there: a window starts a few words before the anchor
    (room for a hedge, a currency sign, "by the end of") and ends a few words after
    it (room for the counted subject, a day, a year).
    """
    out: list[tuple[int, int]] = []
    for s, e, w in tokens:
        numeric = digits and (w[0].isdigit() or w[-1].isdigit())
        if not (numeric or not anchors.isdisjoint(_LETTERS.findall(w))):
            continue
        start = canon.rfind(" ", 0, max(0, s - before)) + 1
        end = canon.find(" ", min(len(canon), e + after))
        end = len(canon) if end < 0 else end
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


_MONTH_VOCAB = frozenset(MONTH_NUMBER)
_RELATIVE_VOCAB = frozenset(
    [*WEEKDAYS, *"yesterday today tomorrow tonight last next this".split()]
)
#: The telling word of each attribution phrase ("interview", "according").
_ATTRIBUTION_VOCAB = frozenset(
    word for phrase in ATTRIBUTION_PHRASES for word in phrase.split()
) - STOPWORDS
_CURRENCY_VOCAB = frozenset("dollars euros pounds dinars".split())
_DISTANCE_VOCAB = frozenset("kilometers kilometres km miles meters metres".split())


class _Candidate(NamedTuple):
    """A fact an extractor found, before it is checked against the facts found earlier."""

    kind: FactKind
    span: tuple[int, int]
    value: str
    about: str | None = None
    hedge: str | None = None


class _Text:
    """One paragraph as the extractors read it: canonical text, words, anchor tests.

    Cheap tests first: each pattern only runs where its anchor words can be found
    (regular expressions with long alternations are slow to scan everywhere).
    """

    def __init__(self, canon: str, ref: dt.date | None,
                 known: frozenset[str] = frozenset()) -> None:
        self.canon = canon
        self.known = known
        self.lower = canon.lower()
        self.ref = ref
        # one pass over the words serves the anchors, the windows and the contexts
        self.tokens = [
            (m.start(), m.end(), m.group().lower()) for m in _CONTEXT_TOKEN.finditer(canon)
        ]
        self.vocab = set(_LETTERS.findall(self.lower))
        self.digits = _DIGIT.search(canon) is not None
        self.numbers = self.digits or self.holds(_NUMBER_VOCAB)

    def holds(self, anchors: frozenset[str]) -> bool:
        """Whether any of ``anchors`` is a word of the paragraph."""
        return not self.vocab.isdisjoint(anchors)

    def windows(
        self, anchors: frozenset[str], *, before: int, after: int, digits: bool = True
    ) -> list[tuple[int, int]]:
        return _windows(self.canon, self.tokens, anchors, before=before, after=after,
                        digits=digits)

    @functools.cached_property
    def number_windows(self) -> list[tuple[int, int]]:
        """Windows around digits and number words (none when the paragraph has none)."""
        return _windows(self.canon, self.tokens, _NUMBER_VOCAB) if self.numbers else []

    def near(
        self, pattern: re.Pattern[str], windows: list[tuple[int, int]] | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches of a pattern, searched only in ``windows`` (default: the number
        windows), each match once."""
        seen: set[tuple[int, int]] = set()
        for start, end in self.number_windows if windows is None else windows:
            for m in pattern.finditer(self.canon, start, end):
                if m.span() not in seen:
                    seen.add(m.span())
                    yield m


# -- the extractors: one per kind of fact, each reading the paragraph on its own


def _attributions(t: _Text) -> Iterator[_Candidate]:
    """Who the information is credited to: "told Rudaw", "according to Reuters", "(AP)"."""
    if "(" in t.canon:  # "(AP)": anywhere
        found: Iterator[re.Match[str]] = _ATTRIBUTION.finditer(t.canon)
    elif t.holds(_ATTRIBUTION_VOCAB):
        windows = t.windows(_ATTRIBUTION_VOCAB, before=60, after=60, digits=False)
        found = t.near(_ATTRIBUTION, windows)
    else:
        return
    for m in found:
        key = name_key(m["who"] or m["agency"] or m["reporter"])
        if key and key not in STOPWORDS:
            yield _Candidate("attribution", m.span(), key)


def _named_years(t: _Text) -> Iterator[_Candidate]:
    """A year that is part of a statute's or an event's name: a number bound to the
    name ("the 1968 Medicines Act": 1968, about "medicines act"), not a date."""
    if not (t.digits and t.holds(_HEAD_VOCAB)):
        return
    for m in _NAMED_YEAR.finditer(t.canon):
        year = m["year"] or m["year2"]
        name = " ".join((m["name"] or m["name2"]).split()).lower()
        start = m.start("year") if m["year"] else m.start("name2")
        end = m.end("name") if m["year"] else m.end("year2")
        yield _Candidate("number", (start, end), year, name)


def _dates(t: _Text) -> Iterator[_Candidate]:
    """Calendar dates: "by the end of 2026", "24/09/2025", "mid-2025", "the 1980s"."""
    if not (t.digits or t.holds(_MONTH_VOCAB)):
        return
    for m in t.near(DATE, t.windows(_MONTH_VOCAB, before=40, after=30)):
        parsed = _date_value(m)
        if parsed:
            yield _Candidate("date", m.span(), parsed[0], None, parsed[1])


def _relative_dates(t: _Text) -> Iterator[_Candidate]:
    """Relative dates (a weekday, "last week"), resolved against the article's date."""
    if not t.holds(_RELATIVE_VOCAB):
        return
    for m in t.near(RELATIVE, t.windows(_RELATIVE_VOCAB, before=10, after=20, digits=False)):
        rel = m["rel"].lower().removeprefix("on ")
        yield _Candidate("date", m.span(), _resolve(rel, t.ref))


def _ages(t: _Text) -> Iterator[_Candidate]:
    """Ages, counted in "years old": "23-year-old", "aged 23", "Tate, 23, of Leeds"."""
    patterns = (  # (pattern, whether to run it, the group that is the fact)
        (_AGE_OLD, ("-old" in t.lower or "aged" in t.vocab) and t.numbers, 0),
        (_AGE_AGED, "aged" in t.vocab, 0),
        (_AGE_APPOSITION, t.digits, "num"),
    )
    for pattern, wanted, group in patterns:
        if not wanted:
            continue
        for m in t.near(pattern):
            n = number_value(m["num"], m["scale"] or None)
            if n is not None:
                yield _Candidate("quantity", m.span(group), number_text(n), "years old")


def _measured(t: _Text, pattern: re.Pattern[str], kind: FactKind) -> Iterator[_Candidate]:
    """A number with its unit or currency sign, both in the value ("4500000 $")."""
    for m in t.near(pattern):
        n = number_value(m["num"], m["scale"])
        if n is not None:
            unit = (m.groupdict().get("cur") or m.groupdict().get("unit") or "").lower()
            value = f"{number_text(n)}{' ' + unit if unit else ''}"
            yield _Candidate(kind, m.span(), value, None, m["hedge"])


def _money(t: _Text) -> Iterator[_Candidate]:
    """Sums of money: "$4.5 million", "around 300 dinars"."""
    if any(c in t.canon for c in "$€£"):
        yield from _measured(t, MONEY_SIGN, "money")
    if t.holds(_CURRENCY_VOCAB):
        yield from _measured(t, MONEY_WORD, "money")


def _percents(t: _Text) -> Iterator[_Candidate]:
    """Percentages: "12%", "about 12 percent", "5 per cent"."""
    if "%" in t.canon or "percent" in t.vocab or "per cent" in t.lower:
        yield from _measured(t, PERCENT, "percent")


def _distances(t: _Text) -> Iterator[_Candidate]:
    """Distances: "20 km", "some 3 miles"."""
    if t.holds(_DISTANCE_VOCAB):
        yield from _measured(t, DISTANCE, "distance")


def _quantities(t: _Text) -> Iterator[_Candidate]:
    """A number and what it counts: "around 2,500 US troops", "89 countries"."""
    if not t.numbers:
        return
    for m in t.near(QUANTITY):
        n = number_value(m["num"], m["scale"])
        about, length = counted(m["about"])
        if n is None or not about or _idiom(t.canon, m, about):
            continue
        span = (m.start(), m.start("about") + length)
        yield _Candidate("quantity", span, number_text(n), about, m["hedge"])


_RANGE = re.compile(
    r"(?<![\w.,:/-])(?P<x>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?-\s?"
    r"(?P<y>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w/]|-\d|\.\d)"
    r"(?:\s+(?P<about>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}))?"
)


def _ranges(t: _Text) -> Iterator[_Candidate]:
    """A score, a range or a ratio is one fact: "2-0", "15-20 people", "1997-98"."""
    if not t.digits or "-" not in t.canon:
        return
    for m in _RANGE.finditer(t.canon):
        value = f"{m['x'].replace(',', '')}-{m['y'].replace(',', '')}"
        about, length = counted(m["about"]) if m["about"] else ("", 0)
        if about:
            yield _Candidate("quantity", (m.start(), m.start("about") + length), value, about)
        else:
            yield _Candidate("number", (m.start(), m.end("y")), value)


_CODE = re.compile(
    r"(?<![\w.,:/-])(?P<num>\d+(?:\.\d+)?)(?P<unit>(?!st\b|nd\b|rd\b|th\b|s\b)[A-Za-z]{1,3})\b"
    r"|\b(?P<ticker>[A-Z]{1,6}:\d+(?:\.\d+)?)\b"
)


def _codes(t: _Text) -> Iterator[_Candidate]:
    """A number fused with its unit or code: "2M", "40GB", "9mm", "JP:8306"."""
    if not t.digits:
        return
    for m in _CODE.finditer(t.canon):
        if m["ticker"]:
            yield _Candidate("number", m.span(), m["ticker"].lower())
        else:
            yield _Candidate("quantity", m.span(), m["num"], m["unit"].lower())


def _compounds(t: _Text) -> Iterator[_Candidate]:
    """A number joined to its unit by a hyphen: "18-month", "two-day", "four-acre"."""
    if "-" not in t.canon:
        return
    for m in t.near(_COMPOUND):
        n = number_value(m["num"], m["scale"])
        if n is not None:
            yield _Candidate("quantity", m.span(), number_text(n), m["unit"].lower())


def _bare_numbers(t: _Text) -> Iterator[_Candidate]:
    """Every other number, as written less its commas and ordinal suffix."""
    if not t.digits:
        return
    for m in _BARE.finditer(t.canon):
        if m["fraction"]:
            n = number_value(m["fraction"], None)
            value = number_text(n) if n is not None else m.group()
        else:
            value = re.sub(r"(?:st|nd|rd|th)$", "", m.group().replace(",", ""))
        yield _Candidate("number", m.span(), value)


def _names(t: _Text) -> Iterator[_Candidate]:
    """Names of people, organisations and places, as matching keys."""
    for start, end, surface in find_names(t.canon, t.known):
        key = name_key(surface)
        if key:
            yield _Candidate("name", (start, end), key)


#: The extractors, in the order they claim text: a fact that overlaps one found by an
#: earlier extractor is left out ("in 1989" is a date, not the number 1989).
_EXTRACTORS: tuple[Callable[[_Text], Iterator[_Candidate]], ...] = (
    _attributions,
    _named_years,
    _dates,
    _relative_dates,
    _ages,
    _money,
    _percents,
    _distances,
    _ranges,
    _codes,
    _quantities,
    _compounds,
    _bare_numbers,
    _names,
)


@functools.lru_cache(maxsize=4096)
def _extract_cached(paragraph_id: str, text: str, reference_date: str | None,
                    known: frozenset[str], context_words: int) -> tuple[Fact, ...]:
    return tuple(_extract(paragraph_id, text, reference_date, known, context_words))


def extract_facts(
    paragraph_id: str, text: str, *, calibration: Calibration,
    reference_date: str | None = None, known: frozenset[str] = frozenset(),
) -> list[Fact]:
    """Facts of one paragraph, in the order they appear (spans in canonical text).

    ``reference_date`` (ISO, the article's own date) resolves relative dates such as a
    weekday or "last week"; without it they are kept as written. ``known``: words the
    document writes capitalised inside a sentence (:func:`provcheck.language.entities.name_evidence`
    of the whole text), which make a name of a lone capital opening a paragraph.
    ``calibration``: the run's tuned numbers (how many context words bind a fact).
    Results are cached per paragraph (facts are immutable).
    """
    return list(_extract_cached(paragraph_id, text, reference_date, known,
                                calibration.context_words))


def _extract(paragraph_id: str, text: str, reference_date: str | None,
             known: frozenset[str], context_words: int) -> list[Fact]:
    """Facts of one paragraph, in the order they appear (spans in canonical text).

    ``reference_date`` (ISO, the article's own date) resolves relative dates such as a
    weekday or "last week"; without it they are kept as written.
    """
    surface = canonical(text)
    # patterns read ASCII digits; the fact's text is the paragraph's own
    t = _Text(fold_digits(surface), _parse_iso(reference_date), known)
    context = _Context(t.canon, t.tokens, context_words)
    facts: list[Fact] = []
    taken = _Taken(len(t.canon))
    for extractor in _EXTRACTORS:
        for kind, span, value, about, hedge in extractor(t):
            if span[1] <= span[0] or taken.overlaps(span):
                continue
            taken.add(span)
            facts.append(
                Fact(kind, surface[span[0] : span[1]], value, about, hedge and hedge.lower(),
                     paragraph_id, span, context=context(span))
            )
    facts.sort(key=lambda f: f.span)
    return bind_subjects(t.canon, facts)


def _idiom(canon: str, m: re.Match[str], about: str) -> bool:
    """Number words that do not count: "no one else", "one day", "first announced"."""
    num = m["num"].lower()
    head = about.split(maxsplit=1)[0]
    if num == "one" and (
        head in {"else", "another", "day", "time", "way", "thing", "side", "hand"}
        or re.search(r"\b(?:no|any|some|every|the)\s+$", canon[: m.start("num")], re.I)
    ):
        return True
    return num in ORDINALS and head.endswith(("ed", "ly"))


_CONTEXT_TOKEN = re.compile(r"\w+(?:[',.-]\w+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;]\s")


class _Context:
    """Content words next to a span inside its sentence, from one pass over the text."""

    def __init__(self, canon: str, tokens: list[tuple[int, int, str]], n: int) -> None:
        self.n = n
        self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(canon)]
        self.tokens = [t for t in tokens if t[2] not in STOPWORDS and t[2] not in _HEDGE_WORDS]
        self.starts = [t[0] for t in self.tokens]
        self.canon = canon

    def __call__(self, span: tuple[int, int]) -> tuple[str, ...]:
        """Always ``2 * n`` slots (``n``: ``Calibration.context_words``): the left words
        nearest first, then the right words nearest first, ``""`` where the sentence
        ends. Slots 0 and ``n`` are the fact's anchors, the words it is bound to."""
        n = self.n
        k = bisect.bisect_left(self.breaks, span[0])
        sent_start = self.breaks[k - 1] + 1 if k else 0
        j = bisect.bisect_left(self.breaks, span[1])
        sent_end = self.breaks[j] + 1 if j < len(self.breaks) else len(self.canon)
        i = bisect.bisect_left(self.starts, span[0])
        left = [w for s, e, w in reversed(self.tokens[max(0, i - 2 * n) : i])
                if s >= sent_start and e <= span[0]][:n]
        r = bisect.bisect_left(self.starts, span[1])
        right = [w for s, _, w in self.tokens[r : r + n + 1] if s < sent_end]
        if right and right[0] == "s" and self.canon.startswith("'s", span[1]):
            right = right[1:]  # "Eckstine's band"
        right = right[:n]
        pad = [""] * n
        return tuple((left + pad)[:n] + (right + pad)[:n])


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
    if day in WEEKDAYS:
        weekday = WEEKDAYS.index(day)
        if which == "next":  # the first such weekday after the article's date
            ahead = (weekday - ref.weekday()) % 7 or 7
            return (ref + dt.timedelta(days=ahead)).isoformat()
        back = (ref.weekday() - weekday) % 7
        if which == "last":
            back = back or 7
        return (ref - dt.timedelta(days=back)).isoformat()
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
             "this morning": 0, "this afternoon": 0, "this evening": 0}
    if rel in shift:
        return (ref + dt.timedelta(days=shift[rel])).isoformat()
    parts = rel.split()
    steps = {"last": -1, "this": 0, "next": 1}
    if len(parts) != 2 or parts[0] not in steps:
        # a look-alike letter the case-insensitive pattern let through ("Frıday")
        return rel
    which, unit = parts
    step = steps[which]
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
    month_word = month_text.lower().rstrip(".")
    month_no = MONTH_NUMBER.get(month_word)
    if month_no is None:  # "Aprıl": re.I lets a dotless i stand for "i"
        month_no = next(i for k, i in MONTH_NUMBER.items() if k.startswith(month_word[:3]))
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
        return None  # a month name alone is too often another word (a verb, a name)
    return base + (f"-{mday:02d}" if mday is not None else ""), qualifier
