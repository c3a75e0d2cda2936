"""The patterns facts are read with: numbers (digits, words, Arabic-Indic digits folded),
hedges, money, percentages, distances, quantities and dates, and what a number counts.

:mod:`provcheck.facts.extraction` runs them over a paragraph.
"""

from __future__ import annotations

import re

from ..language.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAYS,
    alternation,
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "dozens": 24, "hundreds": 200, "thousands": 2000,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "twentieth": 20, "hundredth": 100,
}
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
#: Scale words, and the short forms money writes straight after its digits ("£1.2bn",
#: "$70m", "£5k").
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}
#: One character for one: Arabic-Indic and extended Arabic-Indic digits to ASCII
#: digits; the Arabic decimal separator, thousands separator and percent sign.
_ARABIC_NUMERALS = str.maketrans({
    **{chr(0x0660 + k): str(k) for k in range(10)},
    **{chr(0x06F0 + k): str(k) for k in range(10)},
    "\u066b": ".", "\u066c": ",", "\u066a": "%",
})


def fold_digits(text: str) -> str:
    """``text`` with Arabic-Indic digits, separators and percent signs in ASCII, one
    character for one (every span of ``text`` is the same span of the result)."""
    return text.translate(_ARABIC_NUMERALS)


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
#: A fraction after a whole number: "3 1/2", "3½" (NFKC, the canonical form, writes it
#: "31⁄2" with U+2044 FRACTION SLASH: the digit before the slash is the numerator),
#: "three and a half", "two-and-a-half", "seven and three quarters".
_FRACTION = (
    r"(?:\s+[1-9]/[2-9](?![/\d])|[1-9]\u2044(?:10|[2-9])(?!\d)"
    r"|[\s-]and[\s-](?:a|one|three)[\s-](?:half|quarters?)\b)"
)
#: A fraction alone: "1/2", "½" ("1⁄2").
_LONE_FRACTION = r"(?<![\d/])[1-9]/[2-9](?![/\d])|(?<!\d)[1-9]\u2044(?:10|[2-9])(?!\d)"
_FRACTION_PARTS = re.compile(
    r"^(?:(?P<whole>.*?)[\s-]+and[\s-]+(?P<count>a|one|three)[\s-]+(?P<part>half|quarters?)"
    r"|(?:(?P<whole2>\S+)\s+)?(?P<n>[1-9])/(?P<d>[2-9])"
    r"|(?P<whole3>\d*?)(?P<n3>[1-9])\u2044(?P<d3>\d+))$"
)


def _number(scales: str) -> str:
    """A number in digits or words (with a fraction, a scale word), in groups ``num``
    and ``scale``."""
    return (
        r"(?P<num>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?|"
        + rf"(?:{TENS})-(?:{_UNITS})\b|"
        + _trie([*NUMBER_WORDS, *ORDINALS])
        + rf"\b)(?:{_FRACTION})?|{_LONE_FRACTION})"
        + rf"(?:(?:\s*|-)(?P<scale>{scales}))?"
    )


#: Any number: "2,500", "twenty-one", "3 1/2 stone", "1.2 million", "70-million".
NUM = _number(r"(?:thousand|million|billion|trillion)\b")
#: A sum's number: also the short scales written against the digits ("£1.2bn", "$70m").
_MONEY_NUM = _number(r"(?:thousand|million|billion|trillion)\b|(?<=\d)(?:bn|mn|m|k)\b")
# a short month form counts only with its full stop: "Sept.", "Jan."
_MONTH = rf"(?:{alternation(MONTHS)}|(?:{alternation(tuple(MONTH_ABBREVIATIONS))})\.)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

MONEY_SIGN = re.compile(rf"(?:{_HEDGE})?(?P<cur>[$€£])\s?{_MONEY_NUM}", re.I)
MONEY_WORD = re.compile(rf"\b(?:{_HEDGE})?{NUM}\s+(?P<unit>dollars|euros|pounds|dinars)\b", re.I)
PERCENT = re.compile(rf"\b(?:{_HEDGE})?{NUM}\s?(?:%|percent\b|per cent\b)", re.I)
DISTANCE = re.compile(
    rf"\b(?:{_HEDGE})?{NUM}[\s-]?(?P<unit>kilometers|kilometres|km|miles|meters|metres)\b", re.I
)
QUANTITY = re.compile(
    rf"(?:{_HEDGE})?(?<![-\d.,:/])\b{NUM}"
    rf"\s+(?P<about>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}})",
    re.I,
)
DATE = re.compile(
    rf"(?P<prefix>\b(?:by|in|on|since|until|before|after|from|of|during)\s+)?"
    rf"(?:(?P<part>\bthe end of|\bthe start of|\bthe beginning of|\bmid-|\bearly|\blate)\s*)?"
    rf"(?:"
    rf"(?:\b(?P<day>{_DAY})\s+(?:of\s+)?)?\b(?P<month>{_MONTH})"
    rf"(?:\s+(?P<day2>{_DAY})\b(?:\s?,)?)?(?:\s+(?P<year>\d{{4}})\b)?"
    rf"|\b(?P<nd>\d{{1,2}})[-/.](?P<nm>\d{{1,2}})[-/.](?P<ny>\d{{4}})\b"
    rf"|\b(?P<year2>(?:1[5-9]|20)\d{{2}})(?P<decade>s)?\b(?![-.,]?\d)"
    rf")",
    re.I,
)
RELATIVE = re.compile(
    r"\b(?P<rel>(?:(?:on|last|next|this)\s+)?"
    rf"(?:{alternation(WEEKDAYS)})|"
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
    "today", "yesterday", "tomorrow", "tonight", *WEEKDAYS, *MONTHS, "else",
}


def number_value(num: str, scale: str | None) -> float | None:
    """The value of a number as :data:`NUM` reads it (``num`` and ``scale`` groups):
    "2,500" 2500, "twenty-one" 21, "3 1/2", "3½" and "three and a half" 3.5, "1/2" 0.5."""
    s = num.lower()
    fraction = 0.0
    parts = _FRACTION_PARTS.match(s)
    if parts and parts["part"]:
        share = 0.5 if parts["part"] == "half" else 0.25
        fraction = share * (3 if parts["count"] == "three" else 1)
        s = parts["whole"]
    elif parts and parts["n"]:
        fraction = int(parts["n"]) / int(parts["d"])
        s = parts["whole2"] or "0"
    elif parts:
        fraction = int(parts["n3"]) / int(parts["d3"])
        s = parts["whole3"] or "0"
    value = _whole_value(s)
    if value is None:
        return None
    value += fraction
    if scale:
        value *= _SCALE[scale.lower()]
    return value


def _whole_value(s: str) -> float | None:
    if "-" in s and s.split("-", 1)[0] in NUMBER_WORDS:
        tens, _, unit = s.partition("-")
        value = float(NUMBER_WORDS[tens] + NUMBER_WORDS.get(unit, 0))
    elif s in NUMBER_WORDS:
        value = float(NUMBER_WORDS[s])
    elif s in ORDINALS:
        value = float(ORDINALS[s])
    else:
        s = re.sub(r"(st|nd|rd|th)$", "", s).replace(",", "")
        try:
            value = float(s)
        except ValueError:
            return None
    return value


def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def counted(phrase: str | None) -> tuple[str | None, int]:
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
