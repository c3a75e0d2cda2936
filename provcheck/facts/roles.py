"""Facts bound to their subjects: whether two facts are stated of one subject, and the
``role`` changes, where two named subjects exchanged their values ("Anna Bell was fined
£750 and Carol Dent £1,000" / "Anna Bell was fined £1,000 and Carol Dent £750") or
their places around a verb ("Tom Hart beat Sam Cole" / "Sam Cole beat Tom Hart").

Subjects come from :mod:`provcheck.facts.subjects`; names carry no type, so a subject
alone never makes a change: a role change needs the exchange itself, both values and
both subjects on both sides.
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Sequence

from ..calibration import Calibration
from ..language.entities import name_key, same_entity
from ..models import Document, Fact, FactChange
from .moves import sentence_start
from .subjects import opens_clause

_ENTITY_KINDS = ("name", "attribution")


def same_subject(s: Fact, d: Fact, cal: Calibration) -> bool:
    """Whether two facts may be stated of one subject: the same named entity, or no
    name on one side ("Lisa Taylor Lloyd, 27" and "Taylor Lloyd, 27" may; her age and
    Ziad Kattab's may not)."""
    if s.subject is None or d.subject is None:
        return True
    return same_entity(name_key(s.subject), name_key(d.subject), cal.fuzzy_same_name)


def other_subject(s: Fact, d: Fact, cal: Calibration) -> bool:
    """Both facts are stated of a named subject, and not of the same one."""
    return s.subject is not None and d.subject is not None and not same_subject(s, d, cal)


@functools.lru_cache(maxsize=4096)
def written_in(words: str, text: str) -> bool:
    """Whether ``words`` stand in ``text`` as whole words. Cached: a document's facts ask
    the same long text again and again (a string's hash is kept by the string, so a
    20 MB text costs its hash once)."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def names_subject(f: Fact, text: str) -> bool:
    """Whether ``text`` (lower-cased) names the fact's subject (by its last word)."""
    last = name_key(f.subject or "").split()[-1:] or [""]
    return len(last[0]) >= 3 and written_in(last[0], text)


def exchanges(left: Sequence[Fact], right: Sequence[Fact], cal: Calibration
              ) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Two facts of a kind whose named subjects exchanged their values: ``(v, X)`` and
    ``(w, Y)`` in the source, ``(v, Y)`` and ``(w, X)`` in the copy. Returns the pairs
    (each source fact with its value in the copy) and the facts of each side left
    over. Each source fact is held against the next ``Calibration.role_reach`` of its
    paragraph and kind, the copy's facts looked up by value, so the work grows with the
    facts, not their square."""
    by_value: dict[tuple[str, str], list[Fact]] = {}
    for d in right:
        if d.subject is not None:
            by_value.setdefault((d.kind, d.value), []).append(d)
    groups: dict[tuple[str, str], list[Fact]] = {}
    for s in left:
        if s.subject is not None and by_value:
            groups.setdefault((s.paragraph, s.kind), []).append(s)
    pairs: list[tuple[Fact, Fact]] = []
    taken: set[int] = set()

    def partner(s: Fact, of: Fact) -> Fact | None:
        return next((d for d in by_value.get((s.kind, s.value), ())
                     if id(d) not in taken and same_subject(d, of, cal)
                     and not same_subject(d, s, cal)), None)

    for members in groups.values():
        for k, s1 in enumerate(members):
            for s2 in members[k + 1 : k + 1 + cal.role_reach]:
                if (id(s1) in taken or id(s2) in taken or s1.value == s2.value
                        or not other_subject(s1, s2, cal)):
                    continue
                d1 = partner(s1, s2)
                d2 = partner(s2, s1) if d1 is not None else None
                if d1 is None or d2 is None or d1 is d2:
                    continue
                pairs += [(s1, d1), (s2, d2)]
                taken.update({id(s1), id(s2), id(d1), id(d2)})
    if not pairs:
        return pairs, list(left), list(right)
    return (pairs, [f for f in left if id(f) not in taken],
            [f for f in right if id(f) not in taken])


#: Only these between two names: a list ("Anna Bell and Carol Dent"), whose order says
#: nothing of their roles.
_COORDINATED = re.compile(r"^\s*(?:,\s*)?(?:and|or|&|,)?\s*$")


def _uncoordinated(names: Sequence[tuple[Fact, Fact]], src_doc: Document
                   ) -> list[tuple[Fact, Fact]]:
    """The flipped names less those that only trade places inside a list: a name whose
    every partner in a flip (a flipped name of its paragraph now on its other side) is
    next to it in the source with nothing but "and", "or" or a comma between them
    ("Chile and New York" / "New York and Chile"; "born in Paris ... lives in Chile and
    New York" / "born in Chile and New York ... lives in Paris" still flips Paris with
    both)."""
    def listed(a: Fact, b: Fact) -> bool:
        canon = src_doc.paragraph(a.paragraph).canon
        x, y = (a, b) if a.span < b.span else (b, a)
        return x.span[1] <= y.span[0] and bool(_COORDINATED.match(canon[x.span[1] : y.span[0]]))

    out = []
    for s, d in names:
        partners = [o for o, e in names if o is not s and o.paragraph == s.paragraph
                    and e.paragraph == d.paragraph and (o.span < s.span) != (e.span < d.span)]
        if not partners or not all(listed(s, o) for o in partners):
            out.append((s, d))
    return out


def role_flips(flips: Sequence[tuple[Fact, Fact]], kept: Sequence[tuple[Fact, Fact]],
               src_doc: Document, dst_doc: Document, cal: Calibration, *,
               exchanged: Sequence[FactChange] = ()) -> list[FactChange]:
    """Order flips (:func:`provcheck.facts.moves.order_flips`) as changes: names that
    traded places are a ``role`` change, unless a name carries its own facts along
    (the subject opening the clause of a value of its sentence kept of it, on both
    sides, or of one already reported as a role change:
    "Anna Bell, 25, and Carol Dent, 27" / "Carol Dent, 27, and Anna Bell, 25" is the
    same statement), nor names that only trade places inside a list ("Anna Bell and
    Carol Dent" / "Carol Dent and Anna Bell"), and only two or more to a sentence;
    other kinds are ``moved``,
    unless both sides state them of the same named subject and no other flipped value
    of the sentence is of that subject (the values stayed with their people; only the
    people's order changed: "from 1984 until 1986" / "from 1986 until 1984" of one man
    is still moved)."""
    def sentence(f: Fact) -> tuple[str, int]:
        return f.paragraph, sentence_start(src_doc.paragraph(f.paragraph).canon, f.span[0])

    carried = [(sentence(s), name_key(s.subject)) for s, d in kept
               if s.subject is not None and same_subject(s, d, cal)
               and opens_clause(src_doc.paragraph(s.paragraph).canon, s)
               and opens_clause(dst_doc.paragraph(d.paragraph).canon, d)]
    carried += [(sentence(c.a), name_key(c.a.subject or "")) for c in exchanged]
    names = [(s, d) for s, d in flips if s.kind in _ENTITY_KINDS and not any(
        at == sentence(s) and same_entity(s.value, k, cal.fuzzy_same_name)
        for at, k in carried)]

    names = _uncoordinated(names, src_doc)
    per_sentence = collections.Counter(sentence(s) for s, _ in names)
    numbers = [(s, d) for s, d in flips if s.kind not in _ENTITY_KINDS]

    def carried_along(s: Fact, d: Fact) -> bool:
        # stated of its own person on both sides, and no other flipped value of its
        # sentence is of that person: the people were reordered, not their values
        return (s.subject is not None and d.subject is not None and same_subject(s, d, cal)
                and not any(o is not s and sentence(o) == sentence(s)
                            and same_subject(o, s, cal) for o, _ in numbers))

    out = [FactChange(s, d, "moved") for s, d in numbers if not carried_along(s, d)]
    out += [FactChange(s, d, "role") for s, d in names if per_sentence[sentence(s)] >= 2]
    return out
