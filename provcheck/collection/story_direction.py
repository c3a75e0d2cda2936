"""Direction from the story: which side of a derived pair is the source, read from the
other texts of the collection both sides are derived with.

A pair alone often cannot say which text came first (a wire text without its agency
byline, header or date). The texts around it can. For a text ``t`` and two texts
``p``, ``q`` it is derived with (either way), with ``P`` = what ``t`` shares with ``p``
and ``Q`` = what it shares with ``q`` (word 3-grams):

* **common source** (``t`` the source of ``p`` and ``q``): ``p`` and ``q`` reuse the
  same passages of ``t`` (``P & Q`` holds at least ``story_min_grams``), and nearly all
  that ``p`` and ``q`` share with each other is in ``t`` (``story_common_share``). Had
  ``t`` merged ``p`` and ``q`` instead, a passage of ``t`` held by both would be a
  passage ``p`` and ``q`` share apart from ``t``: two sources ``t`` was built from do
  not share what ``t`` took from them unless they copy each other;
* **merger** (``t`` a copy of ``p`` and of ``q``): ``p`` and ``q`` are not derived from
  each other (as ``compare`` judged them), each holds its own part of ``t`` (at least
  ``story_take_grams``) and the parts do not overlap at all: what an article built from
  several takes looks like (the collection pass's union of takes is the same
  evidence, for partners not derived alone).

Each is evidence, not proof: two copies of one source may take disjoint parts of it
(a merger seen wrongly), and a text may hold all that two of its sources share (a
common source seen wrongly). So a pair is oriented only when the evidence is
unambiguous: a strong claim (the thresholds above) names one side the source, and no
claim at all, even a weak one (``story_common_veto``; parts that overlap by at most
``story_disjoint_veto``), from any rule and any third text, names the other side. Only
derived pairs whose direction is unknown are set; a direction already named (by a cue
of the pair, or by the collection pass) is never changed.

:func:`story_directions` is pure: it reads rows and 3-gram arrays and returns the rows
it orients, each with its reason in words.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ..calibration import Calibration
from ..models import DERIVED_RELATIONS
from .rows import Row

__all__ = ["RULES", "Oriented", "story_directions"]

Key = tuple[int, int]
COMMON = "common-source"
MERGER = "merger"
#: The rules, by name (``rules`` of :func:`story_directions`).
RULES: tuple[str, ...] = (COMMON, MERGER)


@dataclass(frozen=True)
class Oriented:
    """A derived pair whose direction the story sets."""

    row: Row
    """The pair with its direction set and the reason added to its reasons."""
    rule: str
    """The rule that named the source (:data:`RULES`)."""
    reason: str
    """Why, in words."""

    @property
    def a(self) -> int:
        return self.row.a

    @property
    def b(self) -> int:
        return self.row.b

    @property
    def direction(self) -> str:
        return self.row.direction


@dataclass(frozen=True)
class _Claim:
    """One third text's evidence that ``source`` is the source of the pair ``key``."""

    key: Key
    source: int
    rule: str
    strong: bool
    weight: int
    """The 3-grams the claim rests on (the strongest claim gives the reason)."""
    reason: str


def _key(x: int, y: int) -> Key:
    return (x, y) if x < y else (y, x)


def _pairwise_derived(row: Row | None, pairwise: Mapping[Key, Row] | None) -> bool:
    """Whether ``compare`` judged the pair derived (before any collection pass): its
    row in ``pairwise`` where given, else the judgement the row keeps as ``pairwise``,
    else the row's own."""
    if row is None:
        return False
    if pairwise is not None:
        own_row = pairwise.get((row.a, row.b))
        return own_row is not None and own_row.derived
    own = row.result.get("pairwise")
    if isinstance(own, Mapping):
        return str(own.get("relation")) in DERIVED_RELATIONS
    return row.derived


def _claims_of(t: int, partners: list[int], rows: Mapping[Key, Row],
               grams: Mapping[int, np.ndarray], cal: Calibration,
               pairwise: Mapping[Key, Row] | None,
               shared: dict[Key, int]) -> Iterable[_Claim]:
    """The claims ``t`` and two of its derived partners make (see the module notes);
    ``shared``: what two texts share, counted once for every third text they meet at."""
    held = {p: np.intersect1d(grams[t], grams[p], assume_unique=True) for p in partners}
    for p, q in itertools.combinations(partners, 2):
        small = min(len(held[p]), len(held[q]))
        if small == 0:
            continue
        both = len(np.intersect1d(held[p], held[q], assume_unique=True))
        if (p, q) not in shared:
            shared[(p, q)] = len(np.intersect1d(grams[p], grams[q], assume_unique=True))
        between = shared[(p, q)]
        if both >= cal.story_min_grams and both / max(1, between) >= cal.story_common_veto:
            strong = both / max(1, between) >= cal.story_common_share
            why = (f"#{t} is the common source of #{p} and #{q}: both reuse the same {both} "
                   f"word "
                   f"3-grams of it, {both / max(1, between):.0%} of all they share with "
                   f"each other (had it merged them, they would share that text apart "
                   f"from it)")
            for x in (p, q):
                yield _Claim(_key(t, x), t, COMMON, strong, both, why)
        if (small >= cal.story_min_grams and both / small <= cal.story_disjoint_veto
                and not _pairwise_derived(rows.get(_key(p, q)), pairwise)):
            strong = small >= cal.story_take_grams and both == 0
            why = (f"#{t} is built from #{p} and #{q}, which are not derived from each other: each "
                   f"holds its own part of #{t} ({len(held[p])} and {len(held[q])} word "
                   f"3-grams), and the parts do not overlap (copies of one source share the "
                   f"passages they took)")
            for x in (p, q):
                yield _Claim(_key(t, x), x, MERGER, strong, small, why)


def story_directions(rows: Mapping[Key, Row], grams: Mapping[int, np.ndarray],
                     cal: Calibration, rules: Iterable[str] = RULES,
                     pairwise: Mapping[Key, Row] | None = None) -> list[Oriented]:
    """The derived pairs of ``rows`` (keyed ``(a, b)``, ``a < b``) whose unknown
    direction the story sets, by the ``rules`` named (every claim of every rule can
    veto); ``grams``: every text's distinct word 3-gram keys
    (:func:`~provcheck.collection.candidates.gram_keys`); ``pairwise``: the rows as
    ``compare`` judged them, where ``rows`` are a collection pass's (else each row's
    ``pairwise`` entry is read)."""
    wanted = set(rules)
    unknown = {k for k, r in rows.items() if r.derived and r.direction == "unknown"}
    if not unknown:
        return []
    partners: dict[int, set[int]] = {}
    for r in rows.values():
        if r.derived:
            partners.setdefault(r.a, set()).add(r.b)
            partners.setdefault(r.b, set()).add(r.a)
    claims: dict[Key, list[_Claim]] = {}
    shared: dict[Key, int] = {}
    for t, ps in sorted(partners.items()):
        if len(ps) < 2 or not any(_key(t, p) in unknown for p in ps):
            continue
        for c in _claims_of(t, sorted(ps), rows, grams, cal, pairwise, shared):
            if c.key in unknown:
                claims.setdefault(c.key, []).append(c)
    out = []
    for key in sorted(claims):
        found = claims[key]
        strong = [c for c in found if c.strong and c.rule in wanted]
        named = {c.source for c in strong}
        if len(named) != 1:
            continue
        source = named.pop()
        if any(c.source != source for c in found):
            continue  # a claim, even a weak one, names the other side
        best = max(strong, key=lambda c: c.weight)
        r = rows[key]
        reason = f"#{source} came first: {best.reason}"
        out.append(Oriented(dataclasses.replace(
            r, direction="a->b" if source == r.a else "b->a",
            result={**r.result, "reasons": [*r.result.get("reasons", ()), reason]}),
            best.rule, reason))
    return out
