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

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterator

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
def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` as a prefix tree: it fails on the first letter
    that no word continues with, instead of trying every word at every position."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


_HEDGE = (
    r"(?P<hedge>"
    + _trie([
        "around", "about", "approximately", "roughly", "nearly", "almost", "some",
        "at least", "at most", "more than", "over", "fewer than", "less than", "up to",
        "as many as", "an estimated", "estimated",
    ])
    + r")\s+"
)
_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?|"
    + rf"(?:{_TENS})-(?:{_UNITS})\b|"
    + _trie([*_NUMBER_WORDS, *_ORDINALS])
    + r"\b)(?:\s+(?P<scale>thousand|million|billion|trillion))?"
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
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_NUMBER_VOCAB = frozenset([*_NUMBER_WORDS, *_ORDINALS, *_TENS.split("|")])


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


_MONTH_VOCAB = frozenset(_MONTHS.split("|")) | frozenset(_MONTH_ABBR.split("|"))
_RELATIVE_VOCAB = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow "
    "tonight last next this".split()
)
_ATTRIBUTION_VOCAB = frozenset(
    "told telling interview speaking talking according citing quoted reported "
    "statement".split()
)
_CURRENCY_VOCAB = frozenset("dollars euros pounds dinars".split())
_DISTANCE_VOCAB = frozenset("kilometers kilometres km miles meters metres".split())
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
    # one pass over the words serves the anchors, the windows and the contexts
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _CONTEXT_TOKEN.finditer(canon)]
    context = _Context(canon, tokens)

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
                 paragraph_id, span, context=context(span))
        )

    # Cheap tests first: each pattern only runs where its anchor words can be found
    # (regular expressions with long alternations are slow to scan everywhere).
    lower = canon.lower()
    vocab = set(_LETTERS.findall(lower))
    digits = _DIGIT.search(canon) is not None
    numbers = digits or not vocab.isdisjoint(_NUMBER_VOCAB)

    def scan(pattern: re.Pattern[str], wanted: bool) -> Iterator[re.Match[str]]:
        return pattern.finditer(canon) if wanted else iter(())

    number_windows = _windows(canon, tokens, _NUMBER_VOCAB) if numbers else []

    def scan_numbers(
        pattern: re.Pattern[str], wanted: bool, windows: list[tuple[int, int]] | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches of a pattern, searched only in windows around its anchor words."""
        if not wanted:
            return
        seen: set[tuple[int, int]] = set()
        for start, end in number_windows if windows is None else windows:
            for m in pattern.finditer(canon, start, end):
                if m.span() not in seen:
                    seen.add(m.span())
                    yield m

    if "(" in canon:  # "(AP)": anywhere
        attribution = scan(_ATTRIBUTION, True)
    else:
        attribution = scan_numbers(
            _ATTRIBUTION,
            not vocab.isdisjoint(_ATTRIBUTION_VOCAB),
            _windows(canon, tokens, _ATTRIBUTION_VOCAB, before=60, after=60, digits=False),
        )
    for m in attribution:
        who = m["who"] or m["agency"] or m["reporter"]
        key = name_key(who)
        if key and key not in STOPWORDS:
            add("attribution", m.span(), key, None, None)
    date_windows = (
        _windows(canon, tokens, _MONTH_VOCAB, before=40, after=30)
        if digits or not vocab.isdisjoint(_MONTH_VOCAB)
        else []
    )
    for m in scan_numbers(_DATE, True, date_windows):
        parsed = _date_value(m)
        if parsed:
            add("date", m.span(), parsed[0], None, parsed[1])
    relative = not vocab.isdisjoint(_RELATIVE_VOCAB)
    for m in scan_numbers(
        _RELATIVE,
        relative,
        _windows(canon, tokens, _RELATIVE_VOCAB, before=10, after=20, digits=False)
        if relative
        else [],
    ):
        rel = m["rel"].lower().removeprefix("on ")
        add("date", m.span(), _resolve(rel, ref), None, None)
    ages = (("-old" in lower or "aged" in vocab) and numbers, "aged" in vocab, digits)
    for m in (
        m for pattern, ok in zip(_AGES, ages, strict=True) for m in scan_numbers(pattern, ok)
    ):
        n = _number(m["num"], m["scale"] or None)
        if n is not None:
            span = m.span("num") if m.re is _AGES[2] else m.span()
            add("quantity", span, _fmt(n), "years old", None)
    measures: tuple[tuple[re.Pattern[str], FactKind, bool], ...] = (
        (_MONEY_SIGN, "money", any(c in canon for c in "$€£")),
        (_MONEY_WORD, "money", not vocab.isdisjoint(_CURRENCY_VOCAB)),
        (_PERCENT, "percent", "%" in canon or "percent" in vocab or "per cent" in lower),
        (_DISTANCE, "distance", not vocab.isdisjoint(_DISTANCE_VOCAB)),
    )
    for pattern, kind, wanted in measures:
        for m in scan_numbers(pattern, wanted):
            n = _number(m["num"], m["scale"])
            if n is not None:
                unit = (m.groupdict().get("cur") or m.groupdict().get("unit") or "").lower()
                add(kind, m.span(), f"{_fmt(n)}{' ' + unit if unit else ''}", None, m["hedge"])
    for m in scan_numbers(_QUANTITY, numbers):
        n = _number(m["num"], m["scale"])
        about, length = _about(m["about"])
        if n is None or not about or _idiom(canon, m, about):
            continue
        add("quantity", (m.start(), m.start("about") + length), _fmt(n), about, m["hedge"])
    for m in scan_numbers(_COMPOUND, "-" in canon):
        n = _number(m["num"], m["scale"])
        if n is not None:
            add("quantity", m.span(), _fmt(n), m["unit"].lower(), None)
    for m in scan(_BARE, digits):
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


_CONTEXT_TOKEN = re.compile(r"\w+(?:[',.-]\w+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;]\s")


class _Context:
    """Content words next to a span inside its sentence, from one pass over the text."""

    def __init__(self, canon: str, tokens: list[tuple[int, int, str]]) -> None:
        self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(canon)]
        self.tokens = [t for t in tokens if t[2] not in STOPWORDS and t[2] not in _HEDGE_WORDS]
        self.starts = [t[0] for t in self.tokens]
        self.canon = canon

    def __call__(self, span: tuple[int, int]) -> tuple[str, ...]:
        """Always ``2 * CONTEXT_WORDS`` slots: the left words nearest first, then the
        right words nearest first, ``""`` where the sentence ends. Slots 0 and
        ``CONTEXT_WORDS`` are the fact's anchors, the words it is bound to."""
        k = bisect.bisect_left(self.breaks, span[0])
        sent_start = self.breaks[k - 1] + 1 if k else 0
        j = bisect.bisect_left(self.breaks, span[1])
        sent_end = self.breaks[j] + 1 if j < len(self.breaks) else len(self.canon)
        i = bisect.bisect_left(self.starts, span[0])
        left = [w for s, e, w in reversed(self.tokens[max(0, i - 2 * CONTEXT_WORDS) : i])
                if s >= sent_start and e <= span[0]][:CONTEXT_WORDS]
        r = bisect.bisect_left(self.starts, span[1])
        right = [w for s, _, w in self.tokens[r : r + CONTEXT_WORDS + 1] if s < sent_end]
        if right and right[0] == "s" and self.canon.startswith("'s", span[1]):
            right = right[1:]  # "Eckstine's band"
        right = right[:CONTEXT_WORDS]
        pad = [""] * CONTEXT_WORDS
        return tuple((left + pad)[:CONTEXT_WORDS] + (right + pad)[:CONTEXT_WORDS])


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
