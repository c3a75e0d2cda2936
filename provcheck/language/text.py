"""Small text utilities shared by the stages: canonical form, words, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
_SPACES = dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\f\v", " ")
_INVISIBLE = dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", "")
_TABLE = str.maketrans({**_QUOTES, **_DASHES, **_SPACES, **_INVISIBLE})

_WS = re.compile(r"[ \t]+")
_WORD = re.compile(r"\w+(?:['.]\w+)*")


def canonical(text: str) -> str:
    """Matching form of ``text``: NFKC, curly quotes and dashes folded, spaces collapsed.

    TeX-style wire quotes (````like this''``) fold to ``"`` as well. Idempotent.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("``", '"').replace("''", '"')
    text = text.translate(_TABLE)
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens of (canonical) text."""
    return [w.lower() for w in _WORD.findall(text)]


def iter_words(text: str) -> Iterator[str]:
    """The tokens of :func:`words`, one at a time (a long text's list is never built)."""
    return (m.group().lower() for m in _WORD.finditer(text))


def shingles(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    """The set of word n-grams of ``tokens`` (the whole sequence when shorter than n)."""
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "st",
    "jr", "sr", "no", "vs", "etc", "inc", "co", "corp", "ltd", "u.s", "u.k", "u.n",
    "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "gov", "sen", "rep", "rev", "hon", "fig", "approx", "dept",
}
_SENT_END = re.compile(r"""[.!?]+["')\]\u201d\u2019]*(?=\s+["'(\[\u201c\u2018]?[A-Z0-9])""")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with a rule-based splitter.

    Breaks after ``.``, ``!`` or ``?`` (and closing quotes) before a capital or digit,
    except after common abbreviations and single initials.
    """
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        before = text[start : m.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if text[m.start()] == "." and (last in _ABBREV or (len(last) == 1 and last.isalpha())):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def quote_spans(canon: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the quoted spans of canonical text (straight double
    quotes; close is after the closing mark, or the end for an unclosed one); spans
    with no word in them are left out."""
    marks = [m.start() for m in re.finditer('"', canon)]
    out = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    if len(marks) % 2:
        out.append((marks[-1], len(canon)))
    return [(s, e) for s, e in out if re.search(r"\w", canon[s:e])]
