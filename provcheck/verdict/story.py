"""Same story or not: a judgement of its own, from what two articles are about.

Two articles report the same story when they are about the same people, places and
things: the names and numbers each one keeps coming back to are found in the other.
One cosine over whole documents cannot tell that apart from two reports of the same
*kind* (two court cases share "court", "jury", "yesterday"; two pages on two moons
share "ocean", "ice", "NASA"), so the evidence here is specific:

* **names** (:func:`provcheck.language.entities.find_names`, matched by
  :func:`provcheck.language.entities.name_key`): a surname alone is folded into the full name
  the same article gives ("Noye" into "Kenneth Noye"), and matches that full name in
  the other article; a multi-word name matches a longer form of itself;
* **numbers** of at least ``story_min_number`` (ages, sums, years), as written;
* each item weighs as often as its article mentions it, so what an article is *about*
  (its defendant, its moon) outweighs what it mentions in passing (London, the High
  Court).

The score is the geometric mean of the two sides' covered shares: the share of one
article's name and number mentions whose item the other article holds, and the
other way round. A one-sentence brief that gives a full name, an age and a place
covers itself entirely and covers the long article's main subject: the same story.
Texts that name (almost) nothing, such as short answers on a topic, are judged by the
Dice overlap of their longer content words instead. Articles whose dates are both
known and more than ``story_max_days`` apart report different events (a hearing and
the next one), whatever they share.

Cheap (one pass over each text, cached per text) and deterministic; it needs no
model, so fast mode and semantic mode judge alike.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from ..calibration import Calibration
from ..language.entities import find_names, name_key
from ..language.lexicon import STOPWORDS
from ..language.text import words
from ..models import Document
from .settings import Settings

_NUMBER = re.compile(r"(?<![\w.,])[£$€]?\d[\d,]*(?:\.\d+)?(?![\w])")
_SPLIT = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class SameStory:
    """Whether two articles report the same story, and why."""

    same: bool
    score: float
    """0..1: how much of each side's names and numbers the other holds (geometric
    mean of the two shares), or, for texts that name almost nothing, the Dice overlap
    of their content words."""
    shared: tuple[str, ...]
    """The shared names, numbers (or, without names, words) that decided: names before
    numbers, the most mentioned first."""
    days_apart: int | None
    """Days between the two publication dates, when both are known."""
    reason: str


@dataclass(frozen=True)
class _Profile:
    items: dict[str, int]
    """Name keys and numbers -> mentions (surnames folded into full names)."""
    surface: dict[str, str]
    """Item -> how the article first writes it."""
    tokens: dict[str, frozenset[str]]
    """Multi-word name -> its words."""
    name_words: frozenset[str]
    """Every word of the multi-word names."""
    words: frozenset[str]
    """Content words of four letters or more that are no name and no number."""


def _tokens(key: str) -> frozenset[str]:
    return frozenset(t for t in _SPLIT.split(key) if t)


@functools.lru_cache(maxsize=4096)
def _profile(body: str, min_number: int) -> _Profile:
    found = [(name_key(s), s) for _, _, s in find_names(body)]
    found = [(k, s) for k, s in found if len(k) >= 3 and k not in STOPWORDS]
    counts = Counter(k for k, _ in found)
    surface: dict[str, str] = {}
    for k, s in found:
        surface.setdefault(k, s)
    # each word of a full name points at the most mentioned full name holding it
    owner: dict[str, str] = {}
    for full in sorted((k for k in counts if " " in k or "-" in k), key=lambda k: -counts[k]):
        for t in _tokens(full):
            if len(t) >= 3 and t not in STOPWORDS:
                owner.setdefault(t, full)
    items: dict[str, int] = {}
    for k, c in counts.items():
        target = owner.get(k, k) if " " not in k else k
        items[target] = items.get(target, 0) + c
    for m in _NUMBER.finditer(body):
        text = m.group().rstrip(",")
        digits = text.lstrip("£$€").replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        if value < min_number and text == digits:
            continue
        key = text.replace(",", "")
        items[key] = items.get(key, 0) + 1
        surface.setdefault(key, text)
    multi = {k: _tokens(k) for k in items if len(_tokens(k)) > 1}
    name_words = frozenset(t for ws in multi.values() for t in ws)
    content = frozenset(
        w for w in words(body)
        if len(w) >= 4 and w not in STOPWORDS and w not in name_words and w not in items
        and not w[0].isdigit()
    )
    return _Profile(items, surface, multi, name_words, content)


def _holds(item: str, mine: _Profile, other: _Profile) -> bool:
    """Whether ``other`` holds ``item`` of ``mine``: the same key, or a name whose
    words contain the shorter one's (a surname, "Kenneth Noye" in "Kenneth James Noye")."""
    if item in other.items:
        return True
    if item[:1].isdigit() or item[0] in "£$€":
        return False
    words_ = mine.tokens.get(item)
    if words_ is None:  # one word: a word of one of the other's names
        return len(item) >= 4 and item in other.name_words
    return any(words_ <= ws or ws <= words_ for ws in other.tokens.values()) or any(
        len(t) >= 4 and t in other.items for t in words_)


def _covered(mine: _Profile, other: _Profile) -> tuple[float, list[str]]:
    total = sum(mine.items.values())
    if not total:
        return 0.0, []
    held = [k for k in mine.items if _holds(k, mine, other)]
    return sum(mine.items[k] for k in held) / total, held


def days_apart(a: Document, b: Document) -> int | None:
    """Days between two ISO publication dates, when both are known and readable."""
    if not a.date or not b.date:
        return None
    try:
        return abs((datetime.date.fromisoformat(a.date) - datetime.date.fromisoformat(b.date)).days)
    except ValueError:
        return None


def same_story(a: Document, b: Document, settings: Settings) -> SameStory:
    """Whether ``a`` and ``b`` report the same story (see the module notes)."""
    return judge(a, b, settings.calibration)


def judge(a: Document, b: Document, cal: Calibration) -> SameStory:
    """:func:`same_story` from a calibration alone (no model is used)."""
    pa = _profile(a.body, cal.story_min_number)
    pb = _profile(b.body, cal.story_min_number)
    days = days_apart(a, b)
    named = min(sum(pa.items.values()), sum(pb.items.values())) >= cal.story_min_mentions
    if named:
        share_a, held_a = _covered(pa, pb)
        share_b, _ = _covered(pb, pa)
        score = math.sqrt(share_a * share_b)
        held = sorted(held_a, key=lambda k: (k[:1].isdigit() or k[:1] in "£$€",
                                             -pa.items[k] - pb.items.get(k, 0), k))
        shared = tuple(pa.surface.get(k, k) for k in held[: cal.story_reason_items])
        same = score >= cal.story_same
        what = "names and numbers"
    else:
        common = pa.words & pb.words
        both = len(pa.words) + len(pb.words)
        score = 2 * len(common) / both if both else 0.0
        shared = tuple(sorted(common)[: cal.story_reason_items])
        same = score >= cal.story_words_same
        what = "words"
    late = days is not None and days > cal.story_max_days
    if late:
        same = False
    listed = ", ".join(shared) if shared else "nothing specific"
    if same:
        reason = f"same story: both name {listed}" if what != "words" else (
            f"same story: share the words {listed}")
    elif late:
        reason = f"different stories: published {days} days apart (shared {listed})"
    else:
        reason = f"different stories: share only {listed} ({what} score {score:.2f})"
    return SameStory(same, round(score, 4), shared, days, reason)
