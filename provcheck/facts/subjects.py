"""What each fact is stated of: the named person or thing a number or date belongs to.

A fact's subject is read from its own words first, then from the text around it:

1. **apposition and "-old"**: "Lisa Taylor Lloyd, 27," and "25-year-old Ziad Kattab":
   the name next to the age;
2. **respectively**: "Anna Bell and Carol Dent were fined £750 and £1,000
   respectively": the n-th fact of a kind belongs to the n-th name of the list;
3. **its clause** (a name after "in", "at", "from", "near", "to" is a place, no
   subject; a date is stated only of the name that opens its clause before a verb,
   "Dotty was born in 1923"): the last name before the fact in its clause ("Taylor Lloyd was fined
   £1,000 and Khattab £750": clauses end at ``;``, ``and``, ``but``, ``while``, ``,
   who``, ``, which``), else the first name after it inside the clause ("fines of £750
   for Kattab");
4. **a pronoun**: a clause that opens with "he", "she", "his" or "her" and names no one
   is stated of the last name before it in the paragraph.

Names carry no type (``language/entities.py``), so a subject may be a place; the diff
asks subjects only to tell two facts of one kind apart (two defendants' ages, two
fines) and to see two of them exchange their subjects, never to call a fact changed
on a subject alone.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Sequence

from ..models import Fact

#: Where a clause ends: the next clause may be stated of someone else.
_CLAUSE_BREAK = re.compile(
    r"[.!?;:](?:\s|$)|,?\s+(?:and|but|while|whereas|whilst)\s+|,\s+(?:who|which|whose)\s+"
    r"|\s+[-\u2013\u2014]\s+|[()]"
)
_PRONOUN = re.compile(r"\s*(?:[\"']\s*)?(?:he|she|his|her|him)\b", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
#: What may stand between an age and the name it is apposed to.
_APPOSED = re.compile(r"^,\s*$")
_ENTITY_KINDS = ("name", "attribution")
#: A name after these is where something happened, not whom it is stated of ("died in
#: Boston in 2014", "fined £750 at Leeds Crown Court").
_WHERE = re.compile(
    r"\b(?:in|at|from|near|into|outside|across|to|towards)\s+(?:the\s+)?(?:[a-z]+\s+)?$",
    re.I)
#: A verb after a name: the name is its clause's subject ("Dotty was born", "Bell died").
_ACTS = re.compile(
    r"(?:,\s*\d{1,3},)?\s+(?:was|were|is|are|has|had|have|will|would|did|said|told|won|"
    r"beat|lost|met|made|took|gave|left|went|came|became|began|\w+ed)\b")
#: What may stand before the name that is a clause's subject: "trainee Zaid Khattab".
_OPENS = re.compile(r"\s*[\"']?\s*(?:[a-z]+\s+){0,2}$")


@functools.lru_cache(maxsize=1024)
def _clauses(canon: str) -> tuple[int, ...]:
    """Where each clause of the paragraph starts (ascending, the first is 0): found once
    per paragraph, not once per fact (a long paragraph dense with facts made that
    quadratic)."""
    return (0, *(m.end() for m in _CLAUSE_BREAK.finditer(canon)))


def opens_clause(canon: str, f: Fact) -> bool:
    """Whether the fact is firmly bound to its subject: apposed to it ("Tom Hart, 27,")
    or stated in a clause the subject opens ("Carol Dent was fined £1,000"), as against
    a name it only follows ("Tim Henman beat Pete Sampras 6-7")."""
    if f.subject is None:
        return False
    end = f.span[0]
    while end > 0 and canon[end - 1].isspace():
        end -= 1
    if canon.endswith(f"{f.subject},", 0, end):
        return True  # apposed: "Tom Hart, 27," (no copy of the text before the fact)
    starts = _clauses(canon)
    begin = starts[bisect.bisect_right(starts, f.span[0]) - 1]
    return re.match(r"\s*[\"']?\s*(?:[a-z]+\s+){0,2}" + re.escape(f.subject),
                    canon[begin : f.span[0]]) is not None


def _respectively(canon: str, facts: Sequence[Fact], names: Sequence[Fact]
                  ) -> dict[int, Fact]:
    """Facts (by index) bound by a "respectively" list: the n-th fact of a kind before
    the word, in its sentence, belongs to the n-th name before those facts."""
    out: dict[int, Fact] = {}
    for m in _RESPECTIVELY.finditer(canon):
        stop = canon.rfind(". ", 0, m.start())
        begin = stop + 2 if stop >= 0 else 0
        inside = [k for k, f in enumerate(facts)
                  if begin <= f.span[0] < m.start() and f.kind not in _ENTITY_KINDS]
        if not inside:
            continue
        kind = facts[inside[-1]].kind
        listed = [k for k in inside if facts[k].kind == kind]
        first = facts[listed[0]].span[0]
        before = [n for n in names if begin <= n.span[0] and n.span[1] <= first]
        if len(listed) >= 2 and len(before) >= len(listed):
            for k, n in zip(listed, before[-len(listed):], strict=True):
                out[k] = n
    return out


def _apposed(canon: str, f: Fact, names: Sequence[Fact], at: int) -> Fact | None:
    """The name an age is apposed to ("Tate, 23,") or that follows an "-old" compound
    ("25-year-old Ziad Kattab"); ``at``: the index in ``names`` of the first name
    after the fact."""
    if at > 0 and _APPOSED.match(canon[names[at - 1].span[1] : f.span[0]]):
        return names[at - 1]
    if at < len(names) and f.about is not None and "old" in f.text.lower():
        gap = canon[f.span[1] : names[at].span[0]]
        if len(gap) <= 24 and "," not in gap and "." not in gap:
            return names[at]
    return None


def bind_subjects(canon: str, facts: Sequence[Fact]) -> list[Fact]:
    """``facts`` (one paragraph's, in text order) with the subject of each number and
    date filled in where the text names one."""
    names = [f for f in facts if f.kind == "name"
             and not _WHERE.search(canon, max(0, f.span[0] - 16), f.span[0])]
    if not names:
        return list(facts)
    starts = _clauses(canon)
    name_starts = [n.span[0] for n in names]
    listed = _respectively(canon, facts, names)
    out: list[Fact] = []
    for k, f in enumerate(facts):
        if f.kind in _ENTITY_KINDS:
            out.append(f)
            continue
        who = listed.get(k) or _subject(canon, f, names, name_starts, starts)
        out.append(dataclasses.replace(f, subject=who.text) if who is not None else f)
    return out


def _subject(canon: str, f: Fact, names: Sequence[Fact], name_starts: list[int],
             starts: Sequence[int]) -> Fact | None:
    at = bisect.bisect_left(name_starts, f.span[1])
    apposed = _apposed(canon, f, names, at)
    if apposed is not None:
        return apposed
    c = bisect.bisect_right(starts, f.span[0]) - 1
    begin = starts[c]
    end = starts[c + 1] if c + 1 < len(starts) else len(canon)
    if f.kind == "date":  # what happened when: only the clause's own subject
        first = bisect.bisect_left(name_starts, begin)
        n = names[first] if first < at and names[first].span[1] <= f.span[0] else None
        return n if (n is not None and _OPENS.match(canon, begin, n.span[0])
                     and _ACTS.match(canon, n.span[1])) else None
    if at > 0 and names[at - 1].span[0] >= begin:
        return names[at - 1]
    if at < len(names) and names[at].span[1] <= end:
        return names[at]
    if at > 0 and _PRONOUN.match(canon, begin):
        return names[at - 1]  # the last name before the clause
    return None
