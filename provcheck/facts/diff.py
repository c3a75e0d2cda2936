"""Facts of source and copy, diffed per aligned paragraph group and rolled up.

Facts are compared inside each alignment (the source paragraphs against the copy
paragraphs they were aligned with), never across the whole document: a place named
in another paragraph of the copy is a different statement. Paragraphs of the source
that the copy left out drop their facts; paragraphs the copy added add theirs.

Inside a group, in order:

1. **kept**: same kind and value, same hedge class, and for a count the same subject
   ("troops"). Names and attributions match as entities (aliases, spelling variants,
   short forms), and one name may match several mentions.
2. **changed**: the same subject with another value or hedge ("around 2,500 troops" ->
   "2,000 troops"; "in 2026" -> "by 2026"), or the same value now bound to another
   subject (``moved``: "19th best movie at the 7th festival" against "7th best film at
   the 19th festival"). Moves are only read from sentences that keep nearly all their
   words (``Calibration.moved_overlap``): in a reworded sentence a new neighbour is
   rewording, not a new meaning.
3. what is left is **dropped** (source only) or **added** (copy only).
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from ..calibration import Calibration
from ..language.entities import name_evidence, name_key, same_entity
from ..models import ChangeKind, Document, Fact, FactChange, FactDiff
from ..verdict.orient import Oriented
from .extraction import extract_facts
from .moves import order_flips, sentence_overlap, sentence_start
from .roles import exchanges, names_subject, other_subject, role_flips, same_subject, written_in
from .subjects import opens_clause

_HEDGE_CLASS = {
    "around": "approx", "about": "approx", "approximately": "approx", "roughly": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx",
    "over": "more than", "more than": "more than",
    "nearly": "nearly", "almost": "nearly",
    "fewer than": "less than", "less than": "less than",
    "up to": "at most", "as many as": "at most", "at most": "at most",
    # neutral prepositions before a date
    "in": None, "on": None, "of": None, "from": None, "during": None,
}


def hedge_class(hedge: str | None) -> str | None:
    if hedge is None:
        return None
    return _HEDGE_CLASS.get(hedge, hedge)


def same_about(x: str | None, y: str | None, cal: Calibration) -> bool:
    """Whether two counted subjects are the same ("US troops" and "troops" are)."""
    if x is None or y is None:
        return x is y
    if x == y:
        return True
    tx, ty = x.split(), y.split()
    if tx[-1] == ty[-1] or set(tx) <= set(ty) or set(ty) <= set(tx):
        return True
    return fuzz.token_sort_ratio(x, y) >= cal.about_same


_ISO = re.compile(r"^\d{4}")
#: Kinds of facts that are entities: matched as names, with set semantics.
_ENTITY_KINDS = ("name", "attribution")


def same_value(s: Fact, d: Fact, cal: Calibration) -> bool:
    """Equal values; a relative date left unresolved on one side compares as written."""
    if s.kind in _ENTITY_KINDS:
        return same_entity(s.value, d.value, cal.fuzzy_same_name)
    if s.kind == "date" and bool(_ISO.match(s.value)) != bool(_ISO.match(d.value)):
        return _relative(s.text) == _relative(d.text)
    return s.value == d.value


def _relative(text: str) -> str:
    return re.sub(r"^on\s+", "", text.lower())


def _context_overlap(s: Fact, d: Fact) -> bool:
    return bool((set(s.context) & set(d.context)) - {""})


def facts_of(
    doc: Document, pids: Iterable[str] | None, cal: Calibration
) -> list[Fact]:
    """Facts of a document's paragraphs (all, or those in ``pids``), in order."""
    every = _document_facts(doc, cal)
    if pids is None:
        return [f for p in doc.paragraphs for f in every[p.id]]
    # looked up by id: a group costs its own size, not the document's
    return [f for pid in sorted(set(pids), key=doc.position) for f in every[pid]]


def _document_facts(doc: Document, cal: Calibration) -> dict[str, tuple[Fact, ...]]:
    """Every paragraph's facts, extracted once per Document (a paragraph cache of any
    fixed size is outgrown by a long enough document, which then re-extracts each
    paragraph at every pass)."""

    def make() -> dict[str, tuple[Fact, ...]]:
        known = _known_names(doc.body)
        return {p.id: tuple(extract_facts(p.id, p.text, calibration=cal,
                                          reference_date=doc.date, known=known))
                for p in doc.paragraphs}

    return doc.remember(("facts", cal.context_words), make)


@functools.lru_cache(maxsize=8)
def _known_names(body: str) -> frozenset[str]:
    """Words the document writes capitalised inside a sentence, once per document."""
    return name_evidence(body)


def _first_mentions(facts: list[Fact], cal: Calibration) -> list[Fact]:
    """One fact per name and paragraph: the first mention. Each mention is held against
    the distinct names kept so far in its paragraph (a repeated name costs one lookup:
    a paragraph naming one person a thousand times is not a million comparisons)."""
    out: list[Fact] = []
    kept: dict[str, _Names] = {}
    for f in facts:
        names = kept.setdefault(f.paragraph, _Names(cal))
        if not names.holds(f.value):
            names.add(f.value)
            out.append(f)
    return out


class _Names:
    """Distinct name values, asked whether any is the same entity as a name."""

    def __init__(self, cal: Calibration, values: Iterable[str] = ()) -> None:
        self.min_ratio = cal.fuzzy_same_name
        self.values: dict[str, None] = dict.fromkeys(values)

    def add(self, value: str) -> None:
        self.values[value] = None

    def holds(self, value: str) -> bool:
        return value in self.values or any(
            same_entity(v, value, self.min_ratio) for v in self.values)


def _group_text(doc: Document, pids: Iterable[str] | None) -> str:
    wanted = None if pids is None else set(pids)
    return " ".join(p.canon for p in doc.paragraphs if wanted is None or p.id in wanted).lower()


def _lead_number(f: Fact) -> str | None:
    m = re.match(r"-?\d+(?:\.\d+)?", f.value)
    return m.group() if m else None


# -- names and attributions: set semantics (a name kept once is kept everywhere)


def _is_entity(f: Fact) -> bool:
    return f.kind in _ENTITY_KINDS


def _same_entity_fact(f: Fact, o: Fact, cal: Calibration) -> bool:
    return o.kind == f.kind and same_entity(f.value, o.value, cal.fuzzy_same_name)


def _written(f: Fact, text: str) -> bool:
    """Whether the fact's words stand in ``text`` (lower-cased) all the same: "Total" at
    a sentence start against "in total"; "City Council" / "city council"."""
    return written_in(f.text.lower(), text)


def _pair_names(left: Sequence[Fact], right: Sequence[Fact], cal: Calibration
                ) -> list[tuple[Fact, Fact]]:
    """Each source mention with a copy mention of the same entity: the same key first,
    mention by mention; a copy mention is only paired once. The copy's mentions are
    queued by kind and value, so each source mention is held against distinct values,
    not every mention."""
    # a mention in the very same words around it first: the same statement (a sentence
    # cut before it must not shift every later mention onto the next one)
    pairs, left, right = _same_context(left, right)
    queues: dict[tuple[str, str], collections.deque[tuple[int, Fact]]] = {}
    for k, o in enumerate(right):
        queues.setdefault((o.kind, o.value), collections.deque()).append((k, o))
    alike: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for f in left:
        key = (f.kind, f.value)
        if key not in alike:
            alike[key] = [q for q in queues if q[0] == f.kind
                          and same_entity(f.value, q[1], cal.fuzzy_same_name)]
        open_ = [queues[q] for q in alike[key] if queues[q]]
        if not open_:
            continue
        exact = queues.get(key)
        queue = exact if exact else min(open_, key=lambda q: q[0][0])
        pairs.append((f, queue.popleft()[1]))
    return pairs


def _same_context(left: Sequence[Fact], right: Sequence[Fact]
                  ) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Pairs of facts of one kind, value, hedge and subject whose context words are the
    same on both sides (in order, one to one), and the facts of each side left over."""
    def key(f: Fact) -> tuple[object, ...]:
        return (f.kind, f.value, hedge_class(f.hedge), f.about, f.context,
                f.subject and name_key(f.subject))

    waiting: dict[tuple[object, ...], collections.deque[Fact]] = {}
    for o in right:
        if any(o.context):
            waiting.setdefault(key(o), collections.deque()).append(o)
    pairs: list[tuple[Fact, Fact]] = []
    for f in left:
        queue = waiting.get(key(f))
        if queue:
            pairs.append((f, queue.popleft()))
    if not pairs:
        return pairs, list(left), list(right)
    taken = {id(x) for pair in pairs for x in pair}
    return (pairs, [f for f in left if id(f) not in taken],
            [o for o in right if id(o) not in taken])


def _match_names(
    src: Sequence[Fact], dst: Sequence[Fact], src_text: str, dst_text: str, cal: Calibration
) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """``(kept pairs, dropped, added)`` of the names and attributions of a group.

    A name is dropped (added) only when no mention of its entity is on the other side
    and its words are not written there in lower case either; of those, the first
    mention per paragraph is reported.
    """
    left = [f for f in src if _is_entity(f)]
    right = [f for f in dst if _is_entity(f)]

    def by_kind(facts: list[Fact]) -> dict[str, _Names]:
        return {k: _Names(cal, (f.value for f in facts if f.kind == k)) for k in _ENTITY_KINDS}

    in_left, in_right = by_kind(left), by_kind(right)
    dropped = [f for f in left
               if not in_right[f.kind].holds(f.value) and not _written(f, dst_text)]
    added = [f for f in right
             if not in_left[f.kind].holds(f.value) and not _written(f, src_text)]
    return (_pair_names(left, right, cal), _first_mentions(dropped, cal),
            _first_mentions(added, cal))


# -- numbers and dates: one to one, pass by pass


class _Unmatched:
    """The number and date facts of a group that no pass has paired yet."""

    def __init__(self, src: Sequence[Fact], dst: Sequence[Fact], cal: Calibration) -> None:
        self.cal = cal
        self.left = [f for f in src if not _is_entity(f)]
        self.right = [f for f in dst if not _is_entity(f)]

    def take(
        self, pred: Callable[[Fact, Fact], bool], *, same_kind: bool = True
    ) -> list[tuple[Fact, Fact]]:
        """Pair each source fact, in order, with the first copy fact (of its kind) that
        ``pred`` accepts, and take both out of the pool."""
        pairs = []
        for s in list(self.left):
            for d in self.right:
                if (not same_kind or s.kind == d.kind) and pred(s, d):
                    pairs.append((s, d))
                    self.left.remove(s)
                    self.right.remove(d)
                    break
        return pairs

    def swapped(self, s: Fact, d: Fact) -> bool:
        """The same number, now counting what another number of the source counted (or
        counting what another number of the copy counts)."""
        cal = self.cal
        if (not same_value(s, d, cal) or same_about(s.about, d.about, cal)
                or not same_subject(s, d, cal)):
            return False
        return any(
            o.about and same_about(o.about, d.about, cal) for o in self.left if o is not s
        ) or any(
            o.about and same_about(o.about, s.about, cal) for o in self.right if o is not d
        )

    def kept(self, s: Fact, d: Fact) -> bool:
        """Same value, same hedge class, same counted thing (any named subject)."""
        return (
            same_value(s, d, self.cal)
            and hedge_class(s.hedge) == hedge_class(d.hedge)
            and same_about(s.about, d.about, self.cal)
        )

    def kept_of(self, s: Fact, d: Fact) -> bool:
        """Kept, and stated of the same named subject."""
        return self.kept(s, d) and same_subject(s, d, self.cal)

    def kept_named(self, s: Fact, d: Fact, src_text: str, dst_text: str) -> bool:
        """Kept, stated of two named subjects that each text names (a rewording that
        put another name nearest the value), never of one the other text lacks."""
        return self.kept(s, d) and (not other_subject(s, d, self.cal) or (
            names_subject(s, dst_text) and names_subject(d, src_text)))

    def hedged(self, s: Fact, d: Fact) -> bool:
        """Same value, counted thing and subject, another hedge."""
        return (same_value(s, d, self.cal) and same_about(s.about, d.about, self.cal)
                and same_subject(s, d, self.cal))

    def revalued(self, s: Fact, d: Fact) -> bool:
        """Another value of the same subject (or, with no subject, the same neighbours);
        never between two named subjects that differ."""
        if other_subject(s, d, self.cal):
            return False
        if s.about is not None or d.about is not None:
            return same_about(s.about, d.about, self.cal)
        return _context_overlap(s, d)

    def moved(self, s: Fact, d: Fact) -> bool:
        """The same value, bound to another counted thing (never of another named
        subject: the age of one person is not the age of another, moved)."""
        return same_value(s, d, self.cal) and same_subject(s, d, self.cal)


def _same_lead_number(s: Fact, d: Fact) -> bool:
    """The same number read as another kind on each side ("in 1989" / "a 1989 film";
    "12th century" / "the 12th to the 17th century")."""
    lead = _lead_number(s)
    return lead is not None and _lead_number(d) == lead


def _changes(pairs: Iterable[tuple[Fact, Fact]], change: ChangeKind) -> list[FactChange]:
    return [FactChange(s, d, change) for s, d in pairs]


def diff_group(
    src: Sequence[Fact],
    dst: Sequence[Fact],
    *,
    src_doc: Document,
    dst_doc: Document,
    src_pids: Iterable[str] | None = None,
    dst_pids: Iterable[str] | None = None,
    cal: Calibration,
) -> tuple[list[Fact], list[Fact], list[FactChange]]:
    """Diff the facts of one aligned group: ``(dropped, added, changed)``.

    ``src_pids`` and ``dst_pids`` name the group's paragraphs (default: all).
    """

    def close(s: Fact, d: Fact) -> bool:
        return sentence_overlap(src_doc, s, dst_doc, d) >= cal.moved_overlap

    def sentences_of(s: Fact, d: Fact) -> tuple[int, int, bool]:
        return (sentence_start(src_doc.paragraph(s.paragraph).canon, s.span[0]),
                sentence_start(dst_doc.paragraph(d.paragraph).canon, d.span[0]),
                sentence_overlap(src_doc, s, dst_doc, d) == 1.0)

    kept_names, dropped, added = _match_names(
        src, dst, _group_text(src_doc, src_pids), _group_text(dst_doc, dst_pids), cal
    )  # the group's texts are joined again below: a group is small
    pool = _Unmatched(src, dst, cal)
    src_text, dst_text = _group_text(src_doc, src_pids), _group_text(dst_doc, dst_pids)
    kept_numbers, pool.left, pool.right = _same_context(pool.left, pool.right)
    kept_numbers += pool.take(pool.kept_of)
    swaps, pool.left, pool.right = exchanges(pool.left, pool.right, cal)
    roles = _changes(swaps, "role")
    kept_numbers += pool.take(lambda s, d: pool.kept_named(s, d, src_text, dst_text))
    changed = role_flips(order_flips([*kept_names, *kept_numbers], close, sentences_of),
                         kept_numbers, src_doc, dst_doc, cal, exchanged=roles)
    changed += roles
    changed += _changes(pool.take(pool.hedged), "hedge")
    changed += _changes(pool.take(pool.swapped), "moved")
    changed += _changes(pool.take(pool.revalued), "value")
    changed += _changes(pool.take(pool.moved), "moved")
    pool.take(lambda s, d: _same_lead_number(s, d) and same_subject(s, d, cal),
              same_kind=False)  # kept, not dropped and added
    return dropped + pool.left, added + pool.right, changed


# -- the whole document: what a group calls dropped may stand elsewhere


def _unresolved(f: Fact) -> bool:
    """A relative date ("today", "last week") not resolved to a calendar date."""
    return f.kind == "date" and not _ISO.match(f.value) and not f.value.startswith("--")


_DATE_PARTS = re.compile(r"^(?:(\d{4})|-)-?(\d{2})?(?:-(\d{2}))?$")


def _date_parts(f: Fact) -> tuple[str | None, str | None, str | None] | None:
    """(year, month, day) of a resolved date; ``None`` parts are not stated."""
    return _value_parts(f.value) if f.kind == "date" else None


@functools.lru_cache(maxsize=4096)
def _value_parts(value: str) -> tuple[str | None, str | None, str | None] | None:
    m = _DATE_PARTS.match(value)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def less_precise(x: Fact, y: Fact) -> bool:
    """Whether date ``y`` states ``x`` less precisely: "in 1997" of "in April 1997", "on
    June 12" (no year) of "on June 12, 1998". Not a divergence: a qualification."""
    px, py = _date_parts(x), _date_parts(y)
    if px is None or py is None or px == py:
        return False
    return all(b is None or a == b for a, b in zip(px, py, strict=True)) and any(
        a is not None and b is None for a, b in zip(px, py, strict=True))


#: Currency signs and words that name the same money.
_CURRENCY = {"£": "gbp", "pounds": "gbp", "pound": "gbp", "$": "usd", "dollars": "usd",
             "dollar": "usd", "€": "eur", "euros": "eur", "euro": "eur"}


def _same_money(f: Fact, o: Fact) -> bool:
    cf, co = _CURRENCY.get((f.about or "").lower()), _CURRENCY.get((o.about or "").lower())
    return cf is None or co is None or cf == co


def stated(f: Fact, others: Sequence[Fact], cal: Calibration, other_text: str = "",
           bound: Callable[[Fact, Fact], bool] | None = None) -> bool:
    """Whether the other document states fact ``f`` anywhere: the same entity (aliases
    and spelling variants) for a name, or its words written there in any case
    (``other_text``, lower-cased); for a number, the same value bound to the same
    subject (or, where either is unbound, the same value; where ``bound`` says both
    are firmly bound to their subjects, of another named subject only where
    ``other_text`` names this fact's subject); a date, the same date."""
    if _is_entity(f):
        return bool(other_text and _written(f, other_text)) or any(
            _is_entity(o) and same_entity(f.value, o.value, cal.fuzzy_same_name)
            for o in others)
    for o in others:
        if _is_entity(o) or not same_value(f, o, cal) or (
                not same_subject(f, o, cal) and not names_subject(f, other_text)
                and bound is not None and bound(f, o)):
            continue  # the value of another subject, where the other text never names
            # this one, is another fact (a name it does name may sit nearer another)
        if o.kind == f.kind == "money":
            if _same_money(f, o):
                return True
            continue
        if o.kind == f.kind and (same_about(f.about, o.about, cal) or f.about is None
                                 or o.about is None):
            return True
        if f.kind == "date" or o.kind == "date":
            continue
        if "number" in {f.kind, o.kind} and {f.kind, o.kind} <= {"number", "quantity", "money"}:
            return True  # "43" and "43-year-old"; "158,395" and "£158,395"
    return False


def _stated_of(f: Fact, others: Sequence[Fact], cal: Calibration, *, exact: bool = False
               ) -> bool:
    """Whether ``others`` state ``f`` itself: its kind, value, hedge class and counted
    thing, of its named subject (a fact of a named subject only by one of that subject;
    one with none by any): "Lisa Taylor Lloyd, 27" in the source makes a copy's "27"
    of her no changed value of someone else. ``exact``: the counted thing word for
    word (a moved value counts another thing by definition: "36 years" is not "36",
    years old)."""
    return any(
        o.kind == f.kind and same_value(f, o, cal)
        and hedge_class(o.hedge) == hedge_class(f.hedge)
        and (o.about == f.about if exact else same_about(f.about, o.about, cal))
        and (f.subject is None or o.subject is not None) and same_subject(f, o, cal)
        for o in others)


def reconcile(
    dropped: list[Fact], added: list[Fact], changed: list[FactChange],
    source: Document, copy: Document, cal: Calibration,
) -> tuple[list[Fact], list[Fact], list[FactChange]]:
    """Per aligned group, a fact may look dropped although the copy states it in another
    paragraph: the whole document decides. A source fact is ``dropped`` only when the
    copy states it nowhere; a copy fact ``added`` only when the source states it
    nowhere; a date stated less precisely in a sentence that kept its words
    (``Calibration.moved_overlap``) is ``qualified``, and so is one value on both lists
    in such sentences ``moved``; relative dates compare only when both resolve to
    dates. No fact is both dropped and added."""
    if not (dropped or added or changed):
        return [], [], []  # nothing to look up: neither document's facts are read whole
    # each side's facts are read whole only when a list needs them (an unrelated pair's
    # few loose facts do not cost a 20 MB document's extraction)
    src_all = facts_of(source, None, cal) if (added or changed) else []
    src_text, dst_text = source.body.lower(), copy.body.lower()

    def bound_in(fd: Document, od: Document) -> Callable[[Fact, Fact], bool]:
        def bound(f: Fact, o: Fact) -> bool:  # both open their clauses: subjects hold
            return (opens_clause(fd.paragraph(f.paragraph).canon, f)
                    and opens_clause(od.paragraph(o.paragraph).canon, o))
        return bound

    out_changed = []
    for c in changed:
        if c.change == "value" and (_unresolved(c.a) or _unresolved(c.b)):
            continue
        if c.change in ("value", "moved", "qualified") and not _is_entity(c.b) and (
                _stated_of(c.b, src_all, cal, exact=c.change == "moved")):
            # the copy's fact is one the source states as it is (of this subject): no
            # change; the source's own fact is dropped unless the copy states it too
            dropped = [*dropped, c.a]
            continue
        out_changed.append(c)
    for c in out_changed:
        if c.change == "value" and (less_precise(c.a, c.b) or less_precise(c.b, c.a)):
            out_changed[out_changed.index(c)] = FactChange(c.a, c.b, "qualified")
    qualified_seen = {(id(c.a), id(c.b)) for c in out_changed}
    dst_all = facts_of(copy, None, cal) if dropped else []
    # only a date states another less precisely: the look-ups read the dates alone
    src_dates = [o for o in src_all if o.kind == "date"]
    dst_dates = [o for o in dst_all if o.kind == "date"]
    left: list[Fact] = []
    for f in dropped:
        if stated(f, dst_all, cal, dst_text, bound_in(source, copy)) or _unresolved(f):
            continue
        # stated less precisely in a sentence that kept its words: qualified (the same
        # year in an unrelated sentence is another statement, and this one is dropped)
        vague = next((o for o in dst_dates if less_precise(f, o)
                      and sentence_overlap(source, f, copy, o) >= cal.moved_overlap), None)
        if vague is not None and (id(f), id(vague)) not in qualified_seen:
            out_changed.append(FactChange(f, vague, "qualified"))
            continue
        left.append(f)
    right = [f for f in added if not stated(f, src_all, cal, src_text, bound_in(copy, source))
             and not _unresolved(f)
             and not (f.kind == "date" and any(less_precise(o, f) for o in src_dates))]
    # the same value on both lists, in sentences that kept their words, is one fact
    # bound to another subject: moved (a sentence cut and another put in that happen to
    # hold the same number are a drop and an addition)
    for f in list(left):
        g = next((o for o in right if o.kind == f.kind and same_value(f, o, cal)
                  and same_subject(f, o, cal)
                  and sentence_overlap(source, f, copy, o) >= cal.moved_overlap), None)
        if g is not None:
            left.remove(f)
            right.remove(g)
            out_changed.append(FactChange(f, g, "moved"))
    return left, right, out_changed


def diff_facts(view: Oriented, cal: Calibration) -> FactDiff:
    """Diff the facts of the view's source and copy over their aligned paragraphs.

    Answers in source/copy terms: ``dropped`` holds source facts, ``added`` copy
    facts, a change holds the source fact as ``a`` and the copy fact as ``b``. Facts
    of unmatched paragraphs are dropped or added whole when the copy derives from the
    source as a whole (between independent texts, or beside a partial reuse, a
    paragraph of one's own is no divergence).
    """
    source, copy = view.source, view.copy
    dropped: list[Fact] = []
    added: list[Fact] = []
    changed: list[FactChange] = []
    for src_ids, dst_ids in view.groups:
        d, a, c = diff_group(
            facts_of(source, src_ids, cal),
            facts_of(copy, dst_ids, cal),
            src_doc=source,
            dst_doc=copy,
            src_pids=src_ids,
            dst_pids=dst_ids,
            cal=cal,
        )
        dropped += d
        added += a
        changed += c
    if view.whole:
        dropped += facts_of(source, view.unmatched_source, cal)
        added += facts_of(copy, view.unmatched_copy, cal)
    dropped, added, changed = reconcile(dropped, added, changed, source, copy, cal)

    def order(doc: Document) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(doc.paragraphs)}

    os_, oc = order(source), order(copy)
    return FactDiff(
        dropped=tuple(sorted(dropped, key=lambda f: (os_[f.paragraph], f.span))),
        added=tuple(sorted(added, key=lambda f: (oc[f.paragraph], f.span))),
        changed=tuple(sorted(changed, key=lambda c: (os_[c.a.paragraph], c.a.span))),
    )
