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
   "2,000 troops"; "in September 2026" -> "by September 2026"), or the same value now
   bound to another subject (``moved``: "19th best movie at the 7th festival" against
   "7th best film at the 19th festival"). Moves are only read from sentences that
   keep nearly all their words (:data:`MOVED_OVERLAP`): in a reworded sentence a new
   neighbour is rewording, not a new meaning.
3. what is left is **dropped** (source only) or **added** (copy only).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from .entities import same_entity
from .facts import CONTEXT_WORDS, extract_facts
from .models import Document, Fact, FactChange, FactDiff
from .orient import Oriented
from .similarity import content_words
from .text import sentences

#: Share of content words two sentences must share before a fact that changed its
#: neighbours counts as ``moved`` (the same words, rearranged).
MOVED_OVERLAP = 0.8
#: Subjects of two counts are the same when their words match this well (rapidfuzz).
ABOUT_SAME = 80.0

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


def same_about(x: str | None, y: str | None) -> bool:
    """Whether two counted subjects are the same ("US troops" and "troops" are)."""
    if x is None or y is None:
        return x is y
    if x == y:
        return True
    tx, ty = x.split(), y.split()
    if tx[-1] == ty[-1] or set(tx) <= set(ty) or set(ty) <= set(tx):
        return True
    return fuzz.token_sort_ratio(x, y) >= ABOUT_SAME


_ISO = re.compile(r"^\d{4}")


def same_value(s: Fact, d: Fact) -> bool:
    """Equal values; a relative date left unresolved on one side compares as written."""
    if s.kind in ("name", "attribution"):
        return same_entity(s.value, d.value)
    if s.kind == "date" and bool(_ISO.match(s.value)) != bool(_ISO.match(d.value)):
        return _relative(s.text) == _relative(d.text)
    return s.value == d.value


def _relative(text: str) -> str:
    return re.sub(r"^on\s+", "", text.lower())


def _bound_alike(s: Fact, d: Fact) -> bool:
    """Whether two mentions of one value keep at least one of their anchor words."""
    anchors_s = {s.context[0], s.context[CONTEXT_WORDS]} - {""}
    anchors_d = {d.context[0], d.context[CONTEXT_WORDS]} - {""}
    if not anchors_s or not anchors_d:
        return True
    return bool(anchors_s & anchors_d)


def _anchors(f: Fact) -> set[str]:
    return {f.context[0], f.context[CONTEXT_WORDS]} - {""}


def _taken_over(s: Fact, d: Fact, others: Sequence[Fact]) -> bool:
    """Whether another fact of the same kind now sits where ``s`` sat (a swap).

    Rewording moves a phrase with its neighbours; a swap puts another value in its
    place: "born in Gloucester ... died in Boston" against "born in Boston ... died in
    Gloucester".
    """
    mine = _anchors(s)
    return any(
        o is not d and o.kind == s.kind and not same_value(o, s) and _anchors(o) & mine
        for o in others
    )


def _context_overlap(s: Fact, d: Fact) -> bool:
    return bool((set(s.context) & set(d.context)) - {""})


def facts_of(doc: Document, pids: Iterable[str] | None = None) -> list[Fact]:
    """Facts of a document's paragraphs (all, or those in ``pids``), in order."""
    wanted = None if pids is None else set(pids)
    out: list[Fact] = []
    for p in doc.paragraphs:
        if wanted is None or p.id in wanted:
            out.extend(extract_facts(p.id, p.text, reference_date=doc.date))
    return out


def _sentence_overlap(
    doc_s: Document, s: Fact, doc_d: Document, d: Fact
) -> float:
    ws = set(content_words(sentence_at(doc_s.paragraph(s.paragraph).canon, s.span[0])))
    wd = set(content_words(sentence_at(doc_d.paragraph(d.paragraph).canon, d.span[0])))
    if not ws or not wd:
        return 0.0
    return 2 * len(ws & wd) / (len(ws) + len(wd))


@functools.lru_cache(maxsize=4096)
def _sentence_spans(canon: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, sentence) of a paragraph's sentences, split once per paragraph."""
    out = []
    start = 0
    for sent in sentences(canon):
        found = canon.find(sent, start)
        out.append((found, found + len(sent), sent))
        start = max(start, found + len(sent)) if found >= 0 else start
    return tuple(out)


def sentence_at(canon: str, pos: int) -> str:
    """The sentence of ``canon`` holding character ``pos`` (the paragraph when none does)."""
    for found, end, sent in _sentence_spans(canon):
        if found <= pos < end:
            return sent
    return canon


def _first_mentions(facts: list[Fact]) -> list[Fact]:
    """One fact per name and paragraph: the first mention."""
    out: list[Fact] = []
    for f in facts:
        if not any(o.paragraph == f.paragraph and same_entity(o.value, f.value) for o in out):
            out.append(f)
    return out


def _group_text(doc: Document, pids: Iterable[str] | None) -> str:
    wanted = None if pids is None else set(pids)
    return " ".join(p.canon for p in doc.paragraphs if wanted is None or p.id in wanted).lower()


def _lead_number(f: Fact) -> str | None:
    m = re.match(r"-?\d+(?:\.\d+)?", f.value)
    return m.group() if m else None


def _order_flips(pairs: Sequence[tuple[Fact, Fact]], close: Callable[[Fact, Fact], bool]) -> list[
    tuple[Fact, Fact]
]:
    """Kept pairs that traded places with another kept pair of the same kind.

    "born in Gloucester ... died in Boston" against "born in Boston ... died in
    Gloucester": both names are kept, but their order flips; "announced on October
    31 and published on November 13" against "published on October 31 and announced
    on November 13": the order holds, but the words before them swapped. Only pairs
    inside sentences that kept their words count. (Requiring an exact exchange of
    ranks, so that a clause moved with its facts is not a flip, was measured on PAWS
    dev: label-1 clean +2 points, label-0 caught -6.5 points; not kept.)
    """
    flips: list[tuple[Fact, Fact]] = []
    usable = [(s, d) for s, d in pairs if close(s, d)]
    for (s1, d1), (s2, d2) in itertools.combinations(usable, 2):
        if s1.kind != s2.kind or s1.paragraph != s2.paragraph or d1.paragraph != d2.paragraph:
            continue
        if s1.value == s2.value or d1 is d2 or d1.span == d2.span:
            continue
        left = 0  # context slot 0: the nearest content word on the left
        swapped_anchors = (
            s1.context[left] != d1.context[left]
            and s1.context[left] == d2.context[left] != ""
            and s2.context[left] == d1.context[left] != ""
        )
        if (s1.span < s2.span) != (d1.span < d2.span) or swapped_anchors:
            for pair in ((s1, d1), (s2, d2)):
                if pair not in flips:
                    flips.append(pair)
    return flips


def diff_group(
    src: Sequence[Fact],
    dst: Sequence[Fact],
    *,
    src_doc: Document,
    dst_doc: Document,
    src_pids: Iterable[str] | None = None,
    dst_pids: Iterable[str] | None = None,
) -> tuple[list[Fact], list[Fact], list[FactChange]]:
    """Diff the facts of one aligned group: ``(dropped, added, changed)``.

    ``src_pids`` and ``dst_pids`` name the group's paragraphs (default: all).
    """
    left = list(src)
    right = list(dst)
    changed: list[FactChange] = []
    src_text, dst_text = _group_text(src_doc, src_pids), _group_text(dst_doc, dst_pids)

    def close(s: Fact, d: Fact) -> bool:
        return _sentence_overlap(src_doc, s, dst_doc, d) >= MOVED_OVERLAP

    def written(f: Fact, text: str) -> bool:
        # "Total" at a sentence start against "in total"; "City Council" / "city council"
        return re.search(rf"(?<!\w){re.escape(f.text.lower())}(?!\w)", text) is not None

    # names and attributions: set semantics (a name kept once is kept everywhere)
    names_left = [f for f in left if f.kind in ("name", "attribution")]
    names_right = [f for f in right if f.kind in ("name", "attribution")]
    kept_names: list[tuple[Fact, Fact]] = []
    dropped: list[Fact] = []
    used: set[int] = set()
    for f in names_left:
        partners = [o for o in names_right if o.kind == f.kind and same_entity(f.value, o.value)]
        if partners:
            # the same key first, mention by mention; a partner is only paired once
            free = [o for o in partners if id(o) not in used]
            exact = [o for o in free if o.value == f.value]
            if exact or free:
                partner = (exact or free)[0]
                used.add(id(partner))
                kept_names.append((f, partner))
        elif not written(f, dst_text):
            dropped.append(f)
    added = [
        f for f in names_right
        if not any(o.kind == f.kind and same_entity(f.value, o.value) for o in names_left)
        and not written(f, src_text)
    ]
    dropped, added = _first_mentions(dropped), _first_mentions(added)

    # numbers and dates: one to one
    left = [f for f in left if f.kind not in ("name", "attribution")]
    right = [f for f in right if f.kind not in ("name", "attribution")]

    def take(pred: Callable[[Fact, Fact], bool]) -> list[tuple[Fact, Fact]]:
        pairs = []
        for s in list(left):
            for d in right:
                if s.kind == d.kind and pred(s, d):
                    pairs.append((s, d))
                    left.remove(s)
                    right.remove(d)
                    break
        return pairs

    def kept(s: Fact, d: Fact) -> bool:
        return (
            same_value(s, d)
            and hedge_class(s.hedge) == hedge_class(d.hedge)
            and same_about(s.about, d.about)
        )

    kept_numbers = take(kept)
    changed.extend(
        FactChange(s, d, "moved") for s, d in _order_flips([*kept_names, *kept_numbers], close)
    )

    def hedged(s: Fact, d: Fact) -> bool:
        return same_value(s, d) and same_about(s.about, d.about)

    changed.extend(FactChange(s, d, "hedge") for s, d in take(hedged))

    def swapped(s: Fact, d: Fact) -> bool:
        # the same number, now counting what another number of the source counted
        if not same_value(s, d) or same_about(s.about, d.about):
            return False
        return any(o.about and same_about(o.about, d.about) for o in left if o is not s) or any(
            o.about and same_about(o.about, s.about) for o in right if o is not d
        )

    changed.extend(FactChange(s, d, "moved") for s, d in take(swapped))

    def revalued(s: Fact, d: Fact) -> bool:
        if s.about is not None or d.about is not None:
            return same_about(s.about, d.about)
        return _context_overlap(s, d)

    changed.extend(FactChange(s, d, "value") for s, d in take(revalued))
    changed.extend(FactChange(s, d, "moved") for s, d in take(same_value))
    # the same number read as another kind on each side ("in 1989" / "a 1989 film";
    # "12th century" / "the 12th to the 17th century"): kept, not dropped and added
    for s in list(left):
        lead = _lead_number(s)
        match = next((d for d in right if lead is not None and _lead_number(d) == lead), None)
        if match is not None:
            left.remove(s)
            right.remove(match)
    dropped.extend(left)
    added.extend(right)
    return dropped, added, changed


def diff_facts(view: Oriented) -> FactDiff:
    """Diff the facts of the view's source and copy over their aligned paragraphs.

    Answers in source/copy terms: ``dropped`` holds source facts, ``added`` copy
    facts, a change holds the source fact as ``a`` and the copy fact as ``b``. Facts
    of unmatched paragraphs are dropped or added whole when the copy derives from the
    source (between independent texts a paragraph of one's own is no divergence).
    """
    source, copy = view.source, view.copy
    dropped: list[Fact] = []
    added: list[Fact] = []
    changed: list[FactChange] = []
    for src_ids, dst_ids in view.groups:
        d, a, c = diff_group(
            facts_of(source, src_ids),
            facts_of(copy, dst_ids),
            src_doc=source,
            dst_doc=copy,
            src_pids=src_ids,
            dst_pids=dst_ids,
        )
        dropped += d
        added += a
        changed += c
    if view.derived:
        dropped += facts_of(source, view.unmatched_source)
        added += facts_of(copy, view.unmatched_copy)

    def order(doc: Document) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(doc.paragraphs)}

    os_, oc = order(source), order(copy)
    return FactDiff(
        dropped=tuple(sorted(dropped, key=lambda f: (os_[f.paragraph], f.span))),
        added=tuple(sorted(added, key=lambda f: (oc[f.paragraph], f.span))),
        changed=tuple(sorted(changed, key=lambda c: (os_[c.a.paragraph], c.a.span))),
    )
