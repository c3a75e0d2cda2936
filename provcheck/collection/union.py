"""The collection's view of a derivation: an article against its sources together.

A scan judges pairs, each as ``compare`` would. Two things only a collection shows
are settled afterwards, over the stored pairs (:func:`collection_pass`, run by
``scan`` once its tasks are done):

* **Copies of one source** are not derived from each other unless they share text the
  common source lacks: a derived pair (p, q) both of whose articles derive from a third
  text z (z named the source of both) is only ``related`` when fewer than
  ``min_own_reuse`` of the shorter one's word 3-grams are shared by p and q outside
  every such z (two newspapers that took one wire story are not each other's source).
* **Several sources together**: an article that is wholly derived from no single text
  it shares words with may be built from several (a newspaper story from several wire
  takes shares a little with each and a lot with their union). Its partners that are
  not named its copy are taken greedily, the one holding the most of its 3-grams not
  yet held first, each while it adds ``text_min_share`` of them (and ``text_min_shared``, the
  least that makes a candidate by shared text); with two or more,
  the article is compared with their union (paragraphs in id order). Derived from the
  union, and not its source, the article is ``partial`` of each take it used that it
  is not derived from alone (a take it derives from alone keeps that verdict); each
  take's pair names the union's relation and every take (``union`` in its result, and
  a reason), and keeps what the article did to that take, read against the union
  (:func:`take_divergences`). Derived with the union but no side named the source
  (a text partly used by several copies reads like their union too), each take's pair
  is ``partial`` with the direction unknown. A union holding agency copy is agency copy
  (:func:`union_document`), and names only its wire texts the source.
* **Which came first** where neither the pair nor the union could tell: the texts of
  the story both sides are derived with (:mod:`provcheck.collection.story_direction`).

The pair's own judgement (what ``compare`` says) is kept in the row's result as
``pairwise``, so a later pass starts again from it: the pass is the same whatever was
scanned before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from ..calibration import Calibration
from ..models import Document, Fact, Paragraph, Quote
from ..pipeline import compare
from ..verdict.measures import is_wire
from ..verdict.settings import Settings
from .candidates import gram_keys
from .index import Index
from .records import Divergences
from .rows import PairRow, Row
from .story_direction import story_directions

__all__ = ["CollectionCounts", "Row", "UnionJob", "UnionRunner", "collection_pass",
           "copies_of_one_source", "take_divergences", "union_document", "union_rows"]

Key = tuple[int, int]


@dataclass(frozen=True)
class CollectionCounts:
    """What the pass changed."""

    related_copies: int = 0
    """Derived pairs of two copies of one source, now related."""
    union_articles: int = 0
    """Articles judged derived from the union of their sources."""
    union_edges: int = 0
    """Pairs now partial as takes of a union."""


def pairwise_rows(index: Index) -> dict[Key, Row]:
    """Every stored pair as ``compare`` judged it (an earlier pass undone)."""
    out: dict[Key, Row] = {}
    for a, b, relation, direction, score in index.pairs():
        result = index.pair_result(a, b) or {}
        own = result.get("pairwise")
        if isinstance(own, dict):
            out[(a, b)] = Row(a, b, own["relation"], own["direction"], own["score"],
                              own["result"])
        else:
            out[(a, b)] = Row(a, b, relation, direction, score, result)
    return out


def _overlap(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.intersect1d(x, y, assume_unique=True)


def copies_of_one_source(rows: Mapping[Key, Row], grams: Mapping[int, np.ndarray],
                         cal: Calibration) -> dict[Key, str]:
    """The derived pairs of two copies of one source (see the module notes), with the
    reason each is only related."""
    sources: dict[int, set[int]] = {}
    for r in rows.values():
        if r.derived:
            for me in (r.a, r.b):
                if r.copy_is(me):
                    sources.setdefault(me, set()).add(r.other(me))
    out: dict[Key, str] = {}
    for key, r in rows.items():
        common = (sources.get(r.a, set()) & sources.get(r.b, set())) - {r.a, r.b}
        if not r.derived or not common:
            continue
        shared = _overlap(grams[r.a], grams[r.b])
        held = np.unique(np.concatenate([grams[z] for z in sorted(common)]))
        beyond = np.setdiff1d(shared, held, assume_unique=True)
        shorter = min(len(grams[r.a]), len(grams[r.b])) or 1
        if len(beyond) / shorter < cal.min_own_reuse:
            out[key] = (
                f"copies of one source, not derived from each other: what they share is "
                f"in #{', #'.join(str(z) for z in sorted(common))} but for "
                f"{len(beyond) / shorter:.0%} of the shorter one's word 3-grams "
                f"(under {cal.min_own_reuse:.0%})")
    return out


#: What a union of texts states of itself only where every text states the same.
_SHARED_FIELDS = ("title", "date", "date_source", "modified", "outlet", "author",
                  "dateline", "language")


def union_document(docs: Iterable[Document]) -> Document:
    """One document of the paragraphs of ``docs``, in the order given. It states what
    every one of them states alike (a date, a dateline), and nothing one of them alone
    states, but for being agency copy: a union that holds a wire text is agency copy
    (its byline and page header), whichever text comes first (the union's direction
    then holds for its wire texts only: see :func:`union_rows`)."""
    docs = list(docs)
    paragraphs = tuple(
        Paragraph(f"p{k}", p.text, p.canon, None, None)
        for k, p in enumerate((p for d in docs for p in d.paragraphs), start=1))
    first = docs[0]
    shared: dict[str, Any] = {
        f: getattr(first, f) if all(getattr(d, f) == getattr(first, f) for d in docs)
        else None for f in _SHARED_FIELDS}
    wire = next((d for d in docs if is_wire(d)), None)
    if wire is not None:
        shared["outlet"] = wire.outlet
    return dataclasses.replace(first, paragraphs=paragraphs, path=None, url=None,
                               boilerplate=wire.boilerplate if wire else (), **shared)


def takes_of(x: int, rows: Iterable[Row], grams: Mapping[int, np.ndarray],
             cal: Calibration, copies: Container[int] = ()) -> list[int]:
    """The partners of ``x`` its union is made of (greedy, see the module notes), among
    ``rows`` (those of ``x``: the pass indexes them by document, never scanning every
    row for every text); ``copies``: texts never taken."""
    mine = grams[x]
    if not len(mine):
        return []
    pool = {r.other(x): _overlap(mine, grams[r.other(x)]) for r in rows
            if x in (r.a, r.b) and not r.copy_is(r.other(x)) and r.other(x) not in copies}
    least = max(cal.text_min_shared, cal.text_min_share * len(mine))
    taken: list[int] = []
    covered = np.zeros(0, dtype=np.int64)
    while pool:
        gain = {y: len(np.setdiff1d(g, covered, assume_unique=True)) for y, g in pool.items()}
        best = max(sorted(gain), key=lambda y: gain[y])
        if gain[best] < least:
            break
        taken.append(best)
        covered = np.union1d(covered, pool.pop(best))
    return sorted(taken)


@dataclass(frozen=True)
class UnionJob:
    """One article to compare with the union of its takes: its rows with them."""

    x: int
    takes: tuple[int, ...]
    rows: tuple[Row, ...]
    """The stored pairs of ``x`` with each take (pairwise view)."""


def union_rows(index: Index, job: UnionJob, settings: Settings) -> list[Row]:
    """The rows of ``job.x`` with its takes, partial where it derives from their union.

    A take's new row keeps its divergences (:func:`take_divergences`): read against the
    union, so that what ``x`` took from another take is not listed as added. Reads
    documents only: a scan's worker processes run it."""
    x, takes = job.x, list(job.takes)
    rows = {(r.a, r.b): r for r in job.rows}
    docs = [index.load(t) for t in takes]
    union = union_document(docs)
    origin = {f"p{k}": (t, p.id) for k, (t, p) in enumerate(
        ((t, p) for t, d in zip(takes, docs, strict=True) for p in d.paragraphs), start=1)}
    # a union holding agency copy reads as agency copy: named the source for its wire
    # texts only (a newspaper among the takes is not, for that, the source of x)
    wire = {t for t, d in zip(takes, docs, strict=True) if is_wire(d)}
    del docs
    c = compare(union, index.load(x), settings=settings, facts="partial")
    if not c.verdict.derived or c.direction == "b->a":
        return []
    # the union named the source, or no cue tells: a text partly used by several copies
    # (a wire story two papers each took a part of) reads like a union of them too
    known = c.direction == "a->b"
    union_of = (f"the union of {len(takes)} texts it shares words with "
                f"({', '.join(f'#{t}' for t in takes)}): {c.relation}, probability "
                f"{c.score:.2f}")
    reason = (f"derived from {union_of}; no one of them alone holds enough of it, so it "
              f"is partly derived from each" if known else
              f"derived with {union_of}, no side named the source; no one of them alone "
              f"holds enough of it, so it shares part of each, which came first unknown")
    unnamed = (f"derived from {union_of}, the union named the source for its agency copy "
               f"only: which came first of this text and that one unknown")
    found: dict[str, Any] = {"takes": takes, "copy": x, "relation": c.relation,
                             "score": round(c.score, 4), "direction": c.direction}
    against_union = Divergences.of(c, "a")
    out = []
    for t in takes:
        r = rows[(min(t, x), max(t, x))]
        if r.derived:  # derived from this one alone too: its own verdict, and the union
            out.append(dataclasses.replace(
                r, result={**r.result, "reasons": [*r.result.get("reasons", ()), reason],
                           "union": found}))
            continue
        is_source = known and (t in wire or not wire)
        # what x did to the take; no source named, nothing is read as done (an edge of
        # unknown direction reads its pair's older text, a, as the reference)
        kept = take_divergences(against_union, origin, t) if is_source else Divergences()
        result: dict[str, Any] = {
            "reasons": [reason if is_source or not known else unnamed, *c.reasons],
            "union": found,
            "divergences": {**kept.to_dict(), "source": "a" if t == r.a or not is_source
                            else "b"}}
        direction = ("a->b" if t == r.a else "b->a") if is_source else "unknown"
        out.append(dataclasses.replace(r, relation="partial", direction=direction,
                                       score=round(c.score, 4), result=result))
    return out


_Placed = TypeVar("_Placed", Fact, Quote)


def take_divergences(d: Divergences, origin: Mapping[str, tuple[int, str]],
                     take: int) -> Divergences:
    """The divergences of a copy from the union of its takes (``d``, the union as
    source) that concern ``take``: what the copy dropped, changed or re-worded of that
    take's paragraphs (their ids in the take again: ``origin`` maps each union
    paragraph to its take and paragraph), and what it holds that no take has (facts
    added, quotations only it has, sentences no take supports) on every take's edge."""

    def from_take(paragraph: str) -> bool:
        return origin[paragraph][0] == take

    def home(x: _Placed) -> _Placed:  # a fact or quotation, in the take's own paragraph
        return dataclasses.replace(x, paragraph=origin[x.paragraph][1])

    quotes = [q if q.a is None else dataclasses.replace(q, a=home(q.a))
              for q in d.quotes if q.a is None or from_take(q.a.paragraph)]
    return Divergences(
        dropped=tuple(home(f) for f in d.dropped if from_take(f.paragraph)),
        changed=tuple(dataclasses.replace(ch, a=home(ch.a)) for ch in d.changed
                      if from_take(ch.a.paragraph)),
        added=d.added,
        quotes=tuple(quotes),
        unsupported=d.unsupported,
    )


#: Runs :func:`union_rows` over the jobs, results in the jobs' order (in this process,
#: or a scan's worker processes).
UnionRunner = Callable[[Sequence[UnionJob]], Iterable[list[Row]]]


def _in_process(index: Index, settings: Settings) -> UnionRunner:
    return lambda jobs: (union_rows(index, job, settings) for job in jobs)


def collection_pass(index: Index, settings: Settings,
                    run: UnionRunner | None = None) -> CollectionCounts:
    """Settle copies of one source and unions of sources over the stored pairs, and
    store what changed (each changed row keeps its pairwise judgement). ``run``: how
    the union comparisons run (default: one after the other, here)."""
    cal = settings.calibration
    rows = pairwise_rows(index)
    ids = sorted({i for k in rows for i in k})
    grams = {i: gram_keys(index.load(i)) for i in ids}
    final: dict[Key, Row] = dict(rows)
    related = copies_of_one_source(rows, grams, cal)
    for key, why in related.items():
        r = rows[key]
        final[key] = dataclasses.replace(r, relation="related", direction="unknown",
                                         score=0.0, result={"reasons": [why]})
    # wholly derived from some one text already (named its copy, or no direction named)
    whole_copy = {i for r in rows.values() if r.derived and r.relation != "partial"
                  for i in (r.a, r.b) if r.copy_is(i) or r.direction == "unknown"}
    of_doc: dict[int, list[Row]] = {}
    for r in rows.values():
        of_doc.setdefault(r.a, []).append(r)
        of_doc.setdefault(r.b, []).append(r)
    jobs = []
    for x in ids:
        if x in whole_copy:
            continue
        takes = takes_of(x, of_doc.get(x, ()), grams, cal)
        if len(takes) >= 2:
            jobs.append(UnionJob(x, tuple(takes), tuple(
                rows[(min(t, x), max(t, x))] for t in takes)))
    articles = edges = 0
    for found in (run or _in_process(index, settings))(jobs):
        articles += bool(found)
        for r in found:
            key = (r.a, r.b)
            if key in related:
                continue  # the union does not link two copies of one source again
            edges += not final[key].derived
            final[key] = r
    # which came first, where the pair and the union could not tell: the story's texts
    for o in story_directions(final, grams, cal, pairwise=rows):
        final[(o.a, o.b)] = o.row
    _store(index, rows, final)
    return CollectionCounts(len(related), articles, edges)


def _store(index: Index, rows: Mapping[Key, Row], final: Mapping[Key, Row]) -> None:
    """Write the rows whose stored form changes (a changed row keeps ``pairwise``)."""
    by_doc: dict[int, list[PairRow]] = {}
    for key, r in final.items():
        own = rows[key]
        result = dict(r.result)
        if r is not own:
            result["pairwise"] = {"relation": own.relation, "direction": own.direction,
                                  "score": own.score, "result": dict(own.result)}
        stored = index.pair_result(*key) or {}
        if result == stored:
            continue
        by_doc.setdefault(r.b, []).append(PairRow(r.a, r.b, r.relation, r.direction,
                                                  r.score, result))
    for doc_id, changed in sorted(by_doc.items()):
        index.save_scan(doc_id, changed)
