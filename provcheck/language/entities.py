"""Names of people, organisations and places, and when two names denote the same one.

Rule-based: a name is a run of capitalised words (with ``al-``, ``of``, ``bin`` and the
like inside it), minus sentence-initial function words, months and weekdays. A capital
that English puts there anyway is no evidence of a name on its own:

* a lone capitalised word at the start of a sentence ("Yeah", "Doctors", "Asked") is a
  name only when something else says so: the text (or ``known``) writes it capitalised
  inside a sentence, an age follows it ("Noel, 33,"), or it is the subject of a speech
  verb ("Noel said") and the text never writes it in lower case;
* headline capitals: a run of two or more all-capital words ("PRISON TEENAGER TOLD"),
  every all-capital word of a text that is mostly capitals, and a lone all-capital word
  opening a sentence before lower-case words (the tabloid kicker "ROCK wildman Paul
  Arthurs") are no names unless the text writes the word so inside a sentence; an
  all-capital word inside a sentence stays a name (an acronym: "BBC", "QC");
* contractions ("I'm", "We've", "Don't") are never names.

Names
are compared without a type label (spaCy's small model labels Rudaw and Nineveh as
people: ../shared/notes/offline-models.md), through

* an alias table of general knowledge (``provcheck/data/aliases.json``: ISIS, Islamic
  State and Daesh are one group; US, U.S. and United States another), then
* fuzzy matching of spelling variants (``Ain al-Asad`` / ``Ain al-Assad``, rapidfuzz
  ratio at least ``min_ratio``: the run's ``Calibration.fuzzy_same_name``), then
* a short form inside a long one (``Muhammadawi`` / ``Qais al-Muhammadawi``).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from pathlib import Path

from rapidfuzz import fuzz

from .lexicon import (
    MONTH_NUMBER,
    SENTENCE_STARTERS,
    SPEECH_VERBS,
    STOPWORDS,
    TITLES,
    WEEKDAYS,
    alternation,
)

_ALIAS_FILE = Path(__file__).parent.parent / "data" / "aliases.json"
#: Words never at either end of a name: months (full and short) and weekdays.
_CALENDAR_WORDS = frozenset(MONTH_NUMBER) | frozenset(WEEKDAYS)
_CAP = r"(?:[A-Z][\w.'-]*\w|[A-Z]\.?|(?:al|el|bin|ibn|abu)-[A-Z][\w'-]*\w)"
# "to" and "for" join only before two capitalised words: "Coalition to Defeat ISIS",
# "Ministry for Foreign Affairs", but not "from Estonia to Finland"
_JOIN = (
    r"(?:\s+(?:(?:of|the|al|el|bin|ibn|de|del|da|di|van|von|der|den|la|le|du)(?=\s+[A-Z])"
    r"|(?:to|for)(?=\s+[A-Z]\S*\s+[A-Z])))*"
)
NAME = re.compile(rf"(?<![\w.-]){_CAP}(?:{_JOIN}\s+{_CAP})*")


@functools.cache
def _aliases() -> dict[str, str]:
    data = json.loads(_ALIAS_FILE.read_text(encoding="utf-8"))
    return {v: key for key, variants in data.items() if not key.startswith("_") for v in variants}


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Lower-cased matching form: titles, ``the`` and possessives off, aliases folded."""
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    tokens = s.replace("-", " - ").split()
    while tokens and (tokens[0] in TITLES or tokens[0] == "the"):
        tokens = tokens[1:]
    s = " ".join(tokens).replace(" - ", "-").strip(" .,'")
    return _aliases().get(s, _aliases().get(s.replace("-", " "), s))


@functools.lru_cache(maxsize=65536)
def same_entity(x: str, y: str, min_ratio: float) -> bool:
    """Whether two name keys (from :func:`name_key`) denote the same entity;
    ``min_ratio``: the least rapidfuzz ratio of two spellings of one name."""
    if x == y:
        return True
    if not x or not y:
        return False
    if fuzz.ratio(x, y) >= min_ratio:
        return True
    tx, ty = set(re.split(r"[\s-]", x)), set(re.split(r"[\s-]", y))
    tx.discard("al")
    ty.discard("al")
    short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
    # a surname or a short form inside the full name ("Muhammadawi", "Kurdish Peshmerga")
    return bool(short) and short <= long_ and len(max(short, key=len)) >= 4


_CONTRACTION = re.compile(r"\w(?:['\u2019](?:m|ve|ll|re|d)|n['\u2019]t)$", re.I)
_AGE_AFTER = re.compile(r",\s*\d{1,3},")
_VERB_AFTER = re.compile(rf"\s+(?:{alternation(SPEECH_VERBS)})\b")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
#: What may stand between a sentence end and the capital that opens the next sentence.
_OPENERS = frozenset(" \"'([")


def _all_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _mostly_capitals(text: str) -> bool:
    # counted by the str methods themselves, not a Python loop per character
    letters = sum(map(str.isalpha, text))
    return letters >= 8 and sum(map(str.isupper, text)) > 0.6 * letters


def name_evidence(text: str) -> frozenset[str]:
    """Words ``text`` writes capitalised inside a sentence (not at its start): evidence
    that the same word opening a sentence elsewhere is a name. Pass it as ``known`` to
    :func:`find_names` for the other paragraphs of one document."""
    return frozenset(
        m.group()
        for m in _WORD.finditer(text)
        if m.group()[0].isupper() and not _sentence_start(text, m.start())
    )


def find_names(text: str, known: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """``(start, end, surface)`` of every name in canonical text.

    ``known``: words found capitalised inside a sentence elsewhere in the same document
    (:func:`name_evidence`), which make a lone sentence-initial capital a name.
    """
    out: list[tuple[int, int, str]] = []
    # the document's evidence and the text's own, asked in turn: a union would copy the
    # document's whole set once for every paragraph
    ctx = _Context(text, (known, name_evidence(text)), _mostly_capitals(text))
    for m in NAME.finditer(text):
        group: list[tuple[int, int]] = []
        for t in re.finditer(r"\S+", m.group()):
            s, e = m.start() + t.start(), m.start() + t.end()
            possessive = text[s:e].endswith("'s")
            group.append((s, e - 2 if possessive else e))
            if possessive:  # "Iraq's Joint Operations Command" is two names
                _emit(ctx, group, out)
                group = []
        _emit(ctx, group, out)
    return out


class _Context:
    """What :func:`_emit` reads of the whole text."""

    def __init__(self, text: str, evidence: tuple[frozenset[str], ...], capitals: bool
                 ) -> None:
        self.text = text
        self.evidence = evidence
        self.capitals = capitals
        self._lower: set[str] | None = None

    def evidenced(self, word: str) -> bool:
        """Whether the text or its document writes ``word`` capitalised in a sentence."""
        return any(word in e for e in self.evidence)

    def in_lower_case(self, word: str) -> bool:
        if self._lower is None:
            self._lower = {w for w in _WORD.findall(self.text) if w[0].islower()}
        return word.lower() in self._lower


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` opens a sentence: only spaces, quotes and brackets stand between
    it and the start of the text or a sentence end. Reads back from ``pos`` (never a
    copy of the text before it: called for every capital of a whole body)."""
    k = pos
    while k > 0 and text[k - 1] in _OPENERS:
        k -= 1
    return k == 0 or text[k - 1] in ".!?:;"


def _emit(ctx: _Context, toks: list[tuple[int, int]], out: list[tuple[int, int, str]]) -> None:
    text = ctx.text

    def low(i: int) -> str:
        return text[toks[i][0] : toks[i][1]].lower()

    def word(i: int) -> str:
        return text[toks[i][0] : toks[i][1]]

    # leading tokens capitalised only because a sentence starts there, months, weekdays
    while toks and (
        low(0) in _CALENDAR_WORDS
        or low(0) in STOPWORDS
        or _CONTRACTION.search(word(0))
        or (low(0) in SENTENCE_STARTERS and _sentence_start(text, toks[0][0]))
    ):
        toks = toks[1:]
    while toks and (
        low(-1) in _CALENDAR_WORDS or low(-1) in STOPWORDS or _CONTRACTION.search(word(-1))
    ):
        toks = toks[:-1]
    if not toks:
        return
    caps = [_all_caps(word(i)) for i in range(len(toks))]
    if any(a and b for a, b in itertools.pairwise(caps)) or (ctx.capitals and any(caps)):
        return  # headline capitals
    start, end = toks[0][0], toks[-1][1]
    surface = text[start:end]
    if len(toks) == 1 and _sentence_start(text, start) and not ctx.evidenced(surface):
        attributed = _VERB_AFTER.match(text, end) and not ctx.in_lower_case(surface)
        if caps[0] or not (_AGE_AFTER.match(text, end) or attributed):
            return  # a capital the sentence start (or a kicker) puts there
    if len(surface) < 2 or surface.lower() in TITLES:
        return
    out.append((start, end, surface))
