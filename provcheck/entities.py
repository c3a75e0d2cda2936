"""Names of people, organisations and places, and when two names denote the same one.

Rule-based: a name is a run of capitalised words (with ``al-``, ``of``, ``bin`` and the
like inside it), minus sentence-initial function words, months and weekdays. Names
are compared without a type label (spaCy's small model labels Rudaw and Nineveh as
people: ../shared/notes/offline-models.md), through

* an alias table of general knowledge (``provcheck/data/aliases.json``: ISIS, Islamic
  State and Daesh are one group; US, U.S. and United States another), then
* fuzzy matching of spelling variants (``Ain al-Asad`` / ``Ain al-Assad``, rapidfuzz
  ratio at least ``CALIBRATION.fuzzy_same_name``), then
* a short form inside a long one (``Muhammadawi`` / ``Qais al-Muhammadawi``).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from rapidfuzz import fuzz

from .calibration import CALIBRATION
from .lexicon import MONTH_NUMBER, SENTENCE_STARTERS, STOPWORDS, TITLES, WEEKDAYS

_ALIAS_FILE = Path(__file__).parent / "data" / "aliases.json"
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
def same_entity(x: str, y: str) -> bool:
    """Whether two name keys (from :func:`name_key`) denote the same entity."""
    if x == y:
        return True
    if not x or not y:
        return False
    if fuzz.ratio(x, y) >= CALIBRATION.fuzzy_same_name:
        return True
    tx, ty = set(re.split(r"[\s-]", x)), set(re.split(r"[\s-]", y))
    tx.discard("al")
    ty.discard("al")
    short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
    # a surname or a short form inside the full name ("Muhammadawi", "Kurdish Peshmerga")
    return bool(short) and short <= long_ and len(max(short, key=len)) >= 4


def find_names(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, surface)`` of every name in canonical text."""
    out: list[tuple[int, int, str]] = []
    for m in NAME.finditer(text):
        group: list[tuple[int, int]] = []
        for t in re.finditer(r"\S+", m.group()):
            s, e = m.start() + t.start(), m.start() + t.end()
            possessive = text[s:e].endswith("'s")
            group.append((s, e - 2 if possessive else e))
            if possessive:  # "Iraq's Joint Operations Command" is two names
                _emit(text, group, out)
                group = []
        _emit(text, group, out)
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"'([")
    return not before or before[-1] in ".!?:;"


def _emit(text: str, toks: list[tuple[int, int]], out: list[tuple[int, int, str]]) -> None:
    def low(i: int) -> str:
        return text[toks[i][0] : toks[i][1]].lower()

    # leading tokens capitalised only because a sentence starts there, months, weekdays
    while toks and (
        low(0) in _CALENDAR_WORDS
        or low(0) in STOPWORDS
        or (low(0) in SENTENCE_STARTERS and _sentence_start(text, toks[0][0]))
    ):
        toks = toks[1:]
    while toks and (low(-1) in _CALENDAR_WORDS or low(-1) in STOPWORDS):
        toks = toks[:-1]
    if not toks:
        return
    start, end = toks[0][0], toks[-1][1]
    surface = text[start:end]
    if len(surface) < 2 or surface.lower() in TITLES:
        return
    out.append((start, end, surface))
