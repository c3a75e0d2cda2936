"""A provenance report for a collection: who derived from whom, which facts disagree.

``build_report`` compares the pairs of articles that could be related, found the way
``check`` and ``scan`` find them: each article's candidates from an index of the
collection (:meth:`provcheck.index.Index.candidates`: shared rare word 5-grams, and
in semantic mode a whole-text topic similarity down to ``prefilter_topic_margin``
under the related threshold; in fast mode, whose topic similarity is word overlap,
the articles sharing the most rare content words). Other pairs are unrelated without
a comparison, so the work grows with the collection, not with its square.
``report_from_index`` reads the pairs ``provcheck scan`` stored instead. Then:

* **clusters**: connected groups of articles joined by any relation other than
  ``unrelated``, i.e. articles on the same story;
* **edges**: the derived pairs (reprint, edited, rewrite, partial), source first when
  the direction is known;
* **divergences** per edge (:class:`Divergences`): the numbers and dates the derived
  article dropped, changed or added, the quotations it did not keep word for word,
  and its sentences the source does not support (from the pair's comparison; from an
  index, whose pairs keep only the verdict, the derivation edges are compared again,
  one pair at a time);
* **stories**: per cluster, its root source (no incoming derivation; the earliest
  date, then the first id, on a tie; an article something derives from first) and
  the derivation chains from it (A -> B -> C);
* **fact table** per cluster: one row per fact slot (a number or date about one
  thing), one column per article. Facts of different articles share a row when they
  are of the same kind, count the same thing, and sit in similar sentences: as
  similar as a weak sentence link when their values agree, as a strong link when
  they differ (the aligner's calibrated thresholds). Facts are only set side by side
  between articles joined by a relation (a linked pair), so that a cluster's table
  costs what its links cost, not the square of its facts; a row still spans articles
  that are linked through others. A row is ``divergent`` when its values differ and
  ``qualified`` when only the hedges do ("by the end of" a month against "by" that
  month).

Memory is bounded by design: no matrix over the whole collection is ever built. From
an index, the documents are loaded one at a time while a cluster's fact table is
built and released after; the report holds their metadata only, and the full
comparisons the HTML view shows (``compare_edges``) are made one at a time as the
renderer reads them.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..calibration import CALIBRATION, Calibration
from ..errors import IndexStoreError
from ..facts.diff import facts_of, hedge_class, same_about, same_value, sentence_at
from ..models import (
    DERIVED_RELATIONS,
    SCHEMA_VERSION,
    Comparison,
    DiffPiece,
    Document,
    Fact,
    FactChange,
    Quote,
    QuoteCheck,
    Side,
    Unsupported,
)
from ..pipeline import compare
from ..verdict.settings import Settings
from ..verdict.similarity import (
    Embedder,
    combine,
    content_words,
    cosine_matrix,
    overlap_matrices,
)
from .index import Index, open_index

#: Kinds that go into the fact table (names are who and where, not values).
TABLE_KINDS = ("quantity", "money", "percent", "distance", "date")

#: Fact kinds an edge's divergences leave out: names and attributions are many and
#: mostly the same names spelled or placed otherwise (``compare`` lists them).
NAME_KINDS = ("name", "attribution")

Progress = Callable[[int, int], None]


def _as_side(f: Fact, side: Side) -> Fact:
    return dataclasses.replace(f, side=side)


@dataclass(frozen=True)
class Divergences:
    """What a derived article (an edge's ``b``) did to its source (``a``), in the edge's
    terms: ``a`` is the source, ``b`` the derived article (with an unknown direction,
    ``a`` is read as the source). Numbers and dates only: names are left out
    (:data:`NAME_KINDS`)."""

    dropped: tuple[Fact, ...] = ()
    """Facts of ``a`` that ``b`` does not carry."""
    changed: tuple[FactChange, ...] = ()
    """Facts ``b`` carries with another value or hedge (``a``'s fact first)."""
    added: tuple[Fact, ...] = ()
    """Facts of ``b`` that ``a`` does not have."""
    quotes: tuple[QuoteCheck, ...] = ()
    """Quotations not kept word for word (``a``: the source's wording; the word diff
    marks ``-`` what only ``a`` says and ``+`` what only ``b`` says)."""
    unsupported: tuple[Unsupported, ...] = ()
    """Sentences of ``b`` that no sentence of ``a`` supports: the claims it added."""

    @property
    def count(self) -> int:
        return (len(self.dropped) + len(self.changed) + len(self.added) + len(self.quotes)
                + len(self.unsupported))

    @classmethod
    def of(cls, c: Comparison, a_side: Side = "a") -> Divergences:
        """The divergences of comparison ``c`` for an edge whose ``a`` is ``c``'s side
        ``a_side``. Empty when ``c`` reads the other side as the source (a comparison
        made again that no longer agrees with the stored direction)."""
        if c.source_side != a_side:
            return cls()
        b_side: Side = "b" if a_side == "a" else "a"

        def keep(f: Fact) -> bool:
            return f.kind not in NAME_KINDS

        changed = []
        for ch in c.facts.changed:
            src, cpy = (ch.a, ch.b) if a_side == "a" else (ch.b, ch.a)
            if keep(src):
                changed.append(FactChange(_as_side(src, "a"), _as_side(cpy, "b"), ch.change))
        quotes = tuple(
            q if a_side == "a" else dataclasses.replace(q, a=q.b, b=q.a)
            for q in c.quotes if q.status != "verbatim"
        )
        return cls(
            dropped=tuple(_as_side(f, "a") for f in c.facts.dropped if keep(f)),
            changed=tuple(changed),
            added=tuple(_as_side(f, "b") for f in c.facts.added if keep(f)),
            quotes=quotes,
            unsupported=tuple(dataclasses.replace(u, side="b") for u in c.unsupported
                              if u.side == b_side),
        )

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Divergences:
        """The divergences :meth:`to_dict` wrote (as a scan stores them)."""

        def fact(x: Mapping[str, Any]) -> Fact:
            return Fact(x["kind"], x["text"], x["value"], x["about"], x["hedge"],
                        x["paragraph"], (int(x["span"][0]), int(x["span"][1])), x["side"])

        def quote(q: Mapping[str, Any], side: str) -> Quote | None:
            text = q[side]
            if text is None:
                return None
            parts = tuple((int(s), int(e)) for s, e in (q.get("spans") or {}).get(side) or ())
            span = (parts[0][0], parts[-1][1]) if parts else (0, 0)
            return Quote(text, q["speakers"][side], q["paragraphs"][side], span, parts)

        facts = d["facts"]
        return cls(
            dropped=tuple(fact(x) for x in facts["dropped"]),
            changed=tuple(FactChange(fact(x["a"]), fact(x["b"]), x["change"])
                          for x in facts["changed"]),
            added=tuple(fact(x) for x in facts["added"]),
            quotes=tuple(QuoteCheck(q["status"], quote(q, "a"), quote(q, "b"),
                                    tuple(DiffPiece(op, text) for op, text in q["diff"]))
                         for q in d["quotes"]),
            unsupported=tuple(
                Unsupported(u["side"], u["paragraph"], u["sentence"], tuple(u["claims"]),
                            float(u["support"]),
                            tuple(u["span"]) if u.get("span") else None,
                            tuple((int(s), int(e)) for s, e in u.get("claim_spans") or ()))
                for u in d["unsupported"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "facts": {"dropped": [f.to_dict() for f in self.dropped],
                      "changed": [ch.to_dict() for ch in self.changed],
                      "added": [f.to_dict() for f in self.added]},
            "quotes": [q.to_dict() for q in self.quotes],
            "unsupported": [u.to_dict() for u in self.unsupported],
        }


@dataclass(frozen=True)
class Edge:
    a: str
    """The source when the direction is known."""
    b: str
    relation: str
    direction: str
    score: float
    divergences: Divergences = field(default_factory=Divergences)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "relation": self.relation,
                "direction": self.direction, "score": round(self.score, 4),
                "divergences": self.divergences.to_dict()}


@dataclass(frozen=True)
class Story:
    """One cluster's provenance: its root source and the derivation chains from it."""

    cluster: int
    root: str
    """The article nothing in the cluster derives it from (an article with copies
    first; then the earliest date; then the first id); with a cycle, the earliest."""
    chains: tuple[tuple[str, ...], ...] = ()
    """Paths of derivations with a known direction, from an article with no incoming
    one to an article nothing derives from (at most ``max_chains`` of
    :func:`stories`, a limit of the page, not of the evidence)."""

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster, "root": self.root,
                "chains": [list(c) for c in self.chains]}


@dataclass(frozen=True)
class Cell:
    doc: str
    fact: Fact
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        f = self.fact
        return {"text": f.text, "value": f.value, "hedge": f.hedge, "about": f.about,
                "paragraph": f.paragraph, "span": list(f.span)}


@dataclass(frozen=True)
class FactRow:
    cluster: int
    slot: str
    kind: str
    cells: tuple[Cell, ...]

    @property
    def divergent(self) -> bool:
        return any(self.differs(c) for c in self.cells[1:])

    def differs(self, cell: Cell) -> bool:
        """Whether ``cell`` holds another value than the row's first cell."""
        return not same_value(self.cells[0].fact, cell.fact)

    @property
    def qualified(self) -> bool:
        return len({hedge_class(c.fact.hedge) for c in self.cells}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.cluster,
            "slot": self.slot,
            "kind": self.kind,
            "divergent": self.divergent,
            "qualified": self.qualified,
            "values": {c.doc: c.to_dict() for c in self.cells},
        }


@dataclass(frozen=True)
class Report:
    documents: tuple[Document, ...]
    """The articles, in report order. From an index, their metadata only (path, title,
    date, outlet; no paragraphs): the texts are loaded where they are needed."""
    clusters: tuple[tuple[str, ...], ...]
    edges: tuple[Edge, ...]
    fact_table: tuple[FactRow, ...]
    """Every row; :attr:`shown_facts` are those the report shows."""
    comparisons: Mapping[tuple[str, str], Comparison] = field(default_factory=dict)
    """Full comparisons keyed by (a id, b id) as compared: from a collection, those of
    the compared pairs that are not unrelated; from an index with ``compare_edges``,
    the derivation edges', each made when it is read and not kept
    (:class:`EdgeComparisons`)."""
    skipped: tuple[tuple[str, str], ...] = ()
    """(path, reason) of files that could not be read."""
    mode: str = "semantic"
    model: str | None = None
    """The embedding model used (None in fast mode)."""
    calibration: Calibration = CALIBRATION
    stories: tuple[Story, ...] = ()
    """One per cluster, in cluster order."""
    all_facts: bool = False
    """Whether the report shows the fact slots whose values agree too."""

    @property
    def shown_facts(self) -> tuple[FactRow, ...]:
        """The rows the report shows: those whose values or hedges differ, or, with
        :attr:`all_facts`, every row."""
        if self.all_facts:
            return self.fact_table
        return tuple(r for r in self.fact_table if r.divergent or r.qualified)

    def to_dict(self) -> dict[str, Any]:
        from ..version import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "mode": self.mode,
            "generator": {"name": "provcheck", "version": __version__, "model": self.model,
                          "settings": settings(self.calibration)},
            "documents": [
                {"id": d.path, "path": d.path, "title": d.title, "date": d.date,
                 "modified": d.modified, "outlet": d.outlet, "author": d.author,
                 "url": d.url, "fetched": d.fetched.to_dict() if d.fetched else None}
                for d in self.documents
            ],
            "clusters": [list(c) for c in self.clusters],
            "stories": [s.to_dict() for s in self.stories],
            "edges": [e.to_dict() for e in self.edges],
            "all_facts": self.all_facts,
            "fact_table": [r.to_dict() for r in self.shown_facts],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


def short_label(doc: Document, width: int = 40) -> str:
    """An article as a reader knows it: its outlet (or file name) and the start of its
    title, cut at a word boundary to about ``width`` characters."""
    name = doc.outlet or (Path(doc.path).name if doc.path else "?")
    title = " ".join((doc.title or "").split())
    if len(title) > width:
        cut = title[:width].rsplit(" ", 1)[0] if " " in title[:width] else title[:width]
        title = cut.rstrip(",.;:-") + "…"
    return f"{name}: {title}" if title else name


def settings(cal: Calibration = CALIBRATION) -> dict[str, float]:
    """The thresholds a report was made with (recorded in its JSON)."""
    return {
        "link_threshold_semantic": cal.link_threshold.semantic,
        "link_threshold_fast": cal.link_threshold.fast,
        "derived_probability": cal.derived_probability,
        "whole_probability": cal.whole_probability,
        "min_evidence_words": cal.min_evidence_words,
        "related_topic_semantic": cal.related_topic.semantic,
        "related_topic_fast": cal.related_topic.fast,
        "support_threshold_semantic": cal.support_threshold.semantic,
        "support_threshold_fast": cal.support_threshold.fast,
        "prefilter_topic_margin": cal.prefilter_topic_margin,
    }


def candidate_pairs(docs: Sequence[Document], settings: Settings) -> list[tuple[int, int]]:
    """Positions ``(i, j)``, ``i < j``, of the pairs of ``docs`` worth comparing.

    The documents go into a temporary index and each one's candidates are taken from
    it, as ``check`` and ``scan`` take them (:meth:`Index.candidates`), with the
    semantic search reaching down to ``prefilter_topic_margin`` under the related
    threshold, so that related coverage is compared too. Fast mode has no vectors: its
    topic similarity is content-word overlap, so the articles sharing the most rare
    content words are added (:func:`_topic_pairs`). Articles with the same text are
    one document in an index; they are always compared with each other.
    """
    cal = settings.calibration
    near = cal.related_topic[settings.mode] - cal.prefilter_topic_margin
    pairs: set[tuple[int, int]] = set()
    with (tempfile.TemporaryDirectory(prefix="provcheck-report-") as tmp,
          open_index(Path(tmp) / "report.db") as index):
        held: dict[int, list[int]] = {}
        for k, d in enumerate(docs):
            held.setdefault(index.add(d, settings.embedder).id, []).append(k)
        for same in held.values():
            pairs.update(itertools.combinations(same, 2))
        for doc_id, same in held.items():
            for c in index.candidates(docs[same[0]], settings.embedder, exclude=[doc_id],
                                      semantic_min=near, calibration=cal):
                pairs.update((min(i, j), max(i, j)) for i in same for j in held[c.id])
    if settings.embedder is None:
        pairs |= _topic_pairs(docs, near, cal)
    return sorted(pairs)


def _topic_pairs(
    docs: Sequence[Document], least: float, cal: Calibration
) -> set[tuple[int, int]]:
    """Each article with the ``cal.report_topic_partners`` others (as many as the
    index's semantic search gives) sharing the most of its content words, counting
    only words held by at most ``max_df`` articles (common words are no evidence of
    one story, as stock phrases are none of copying), when that Dice is at least
    ``least``.

    One row of counts at a time, from the words' postings: never a matrix over the
    collection.
    """
    bags = [set(content_words(d.body)) for d in docs]
    post: dict[str, list[int]] = {}
    for k, bag in enumerate(bags):
        for w in bag:
            post.setdefault(w, []).append(k)
    rare = {w: np.asarray(ks, dtype=np.int64) for w, ks in post.items() if len(ks) <= cal.max_df}
    sizes = np.asarray([len(b) for b in bags], dtype=np.float64)
    out: set[tuple[int, int]] = set()
    for i, bag in enumerate(bags):
        hits = [rare[w] for w in bag if w in rare]
        if not hits:
            continue
        shared = np.bincount(np.concatenate(hits), minlength=len(docs)).astype(np.float64)
        shared[i] = 0.0
        dice = 2 * shared / (sizes[i] + sizes)
        for j in np.argsort(-dice, kind="stable")[: cal.report_topic_partners]:
            if dice[j] > 0 and dice[j] >= least:
                out.add((min(i, int(j)), max(i, int(j))))
    return out


def _clusters(
    ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    derived: Iterable[tuple[str, str]] = (),
    cal: Calibration = CALIBRATION,
) -> list[tuple[str, ...]]:
    """Groups of articles on one story, from the linked ``pairs`` (``derived``: those of
    them that are derivations, weighing 1; the others weigh ``cal.cluster_related_weight``).

    Average linkage over the links, which one generic article cannot chain: groups
    merge best first while the weight of the links between them, over the product of
    their sizes, is at least ``cal.cluster_linkage``; and two groups of several
    articles merge only when at least two articles on each side take part in those
    links, so that one article linked into two stories does not join them. Pairs never
    compared count as unlinked. Deterministic: ties go to the earlier ids.
    """
    pos = {x: k for k, x in enumerate(ids)}
    strong = {frozenset(p) for p in derived}
    weight: dict[int, dict[int, float]] = {k: {} for k in range(len(ids))}
    near: dict[int, set[int]] = {k: set() for k in range(len(ids))}
    for x, y in pairs:
        i, j = pos[x], pos[y]
        if i == j:
            continue
        w = 1.0 if frozenset((x, y)) in strong else cal.cluster_related_weight
        w = max(w, weight[i].get(j, 0.0))
        weight[i][j] = weight[j][i] = w
        near[i].add(j)
        near[j].add(i)
    members: dict[int, list[int]] = {k: [k] for k in range(len(ids))}
    group = list(range(len(ids)))
    version = [0] * len(ids)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(g: int, h: int) -> None:
        link = weight[g][h] / (len(members[g]) * len(members[h]))
        if link >= cal.cluster_linkage:
            a, b = min(g, h), max(g, h)
            heapq.heappush(heap, (-link, a, b, version[a], version[b]))

    def supported(g: int, h: int) -> bool:
        if len(members[g]) == 1 or len(members[h]) == 1:
            return True
        small, other = (g, h) if len(members[g]) <= len(members[h]) else (h, g)
        here = [m for m in members[small] if any(group[n] == other for n in near[m])]
        there = {n for m in here for n in near[m] if group[n] == other}
        return len(here) >= 2 and len(there) >= 2

    for g in range(len(ids)):
        for h in weight[g]:
            if g < h:
                push(g, h)
    while heap:
        _, g, h, vg, vh = heapq.heappop(heap)
        if version[g] != vg or version[h] != vh or g not in members or h not in members:
            continue
        if not supported(g, h):
            continue
        # h into g
        for m in members[h]:
            group[m] = g
        members[g] += members.pop(h)
        version[g] += 1
        for k, w in weight.pop(h).items():
            del weight[k][h]
            if k != g:
                weight[g][k] = weight[k][g] = weight[g].get(k, 0.0) + w
        weight[g].pop(g, None)
        for k in weight[g]:
            push(g, k)
    return [tuple(ids[m] for m in sorted(ms)) for _, ms in sorted(members.items())]


def _slot_label(cells: Sequence[Cell]) -> str:
    f = cells[0].fact
    if f.about:
        return f.about
    counts: Counter[str] = Counter()
    for c in cells:
        own = set(re.findall(r"\w+", c.fact.text.lower()))
        counts.update({w for w in content_words(c.sentence) if w not in own and not w.isdigit()})
    # words the sentences share, in the order the first sentence has them
    order = [w for w in dict.fromkeys(content_words(cells[0].sentence)) if counts[w] > 1]
    return " ".join(order[:5]) or " ".join(w for w, _ in counts.most_common(3))


def fact_table(
    cluster: Iterable[Document],
    index: int,
    settings: Settings,
    *,
    linked: Iterable[tuple[str, str]] | None = None,
) -> list[FactRow]:
    """Rows of fact slots across the articles of one cluster.

    With ``linked`` (pairs of document paths), facts are set side by side only between
    linked articles; without, between every two. The documents are read once, in
    order, one at a time (a generator that loads them keeps one in memory).
    """
    near = None if linked is None else _neighbours(linked)
    return _fact_rows(((d.path or "", d) for d in cluster), index, settings, near)


def _neighbours(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for x, y in pairs:
        out.setdefault(x, set()).add(y)
        out.setdefault(y, set()).add(x)
    return out


def _fact_rows(
    articles: Iterable[tuple[str, Document]],
    index: int,
    settings: Settings,
    near: Mapping[str, Iterable[str]] | None,
) -> list[FactRow]:
    """The fact table of one cluster: ``articles`` are ``(id, document)``, ``near`` the
    ids each article is linked to (``None``: every article to every other).

    Each fact joins the row whose facts of linked articles sit in the most similar
    sentence (above the threshold), rows in the order they were opened, or opens a
    row; an article holds one fact per row. Sentence similarities are computed per
    article against its linked articles' facts only, so nothing grows with the square
    of the cluster.
    """
    cal, mode, embedder = settings.calibration, settings.mode, settings.embedder
    cells: list[Cell] = []
    tokens: list[list[str]] = []
    vectors: dict[str, np.ndarray] = {}
    span: dict[str, range] = {}  # the cells of each article read so far
    rows: list[dict[str, int]] = []  # per row: article -> its cell, in joining order
    rows_of: dict[str, list[int]] = {}
    for doc, d in articles:
        mine = []
        for f in facts_of(d):
            if f.kind in TABLE_KINDS:
                mine.append(Cell(doc, f, sentence_at(d.paragraph(f.paragraph).canon, f.span[0])))
        del d  # nothing below needs the text: a loading generator can let it go
        if not mine:
            continue
        start = len(cells)
        cells += mine
        tokens += [content_words(c.sentence) for c in mine]
        if embedder is not None:
            vectors[doc] = embedder.encode([c.sentence for c in mine])
        others = [x for x in (span if near is None else near.get(doc, ())) if x in span]
        others.sort(key=lambda x: span[x].start)
        cols = [m for x in others for m in span[x]]
        col_of = {m: c for c, m in enumerate(cols)}
        dice, _, _ = overlap_matrices(tokens[start:], [tokens[m] for m in cols])
        sem = None
        if embedder is not None:
            sem = cosine_matrix(vectors[doc], np.vstack([vectors[x] for x in others])
                                if others else np.zeros((0, 1), dtype=np.float32))
        sim = np.asarray(combine(dice, sem, cal.semantic_weight))
        candidates = sorted({r for x in others for r in rows_of.get(x, ())})
        span[doc] = range(start, len(cells))
        for k, cell in enumerate(mine):
            best, best_sim = None, 0.0
            for r in candidates:
                members = rows[r]
                first = cells[next(iter(members.values()))]
                if first.fact.kind != cell.fact.kind or doc in members:
                    continue
                if not same_about(first.fact.about, cell.fact.about):
                    continue
                beside = [m for m in members.values() if m in col_of]
                s = float(max(sim[k, col_of[m]] for m in beside))
                agree = any(same_value(cells[m].fact, cell.fact) for m in beside)
                need = cal.weak_link_threshold[mode] if agree else cal.link_threshold[mode]
                if s >= need and s > best_sim:
                    best, best_sim = r, s
            if best is None:
                rows.append({doc: start + k})
                rows_of.setdefault(doc, []).append(len(rows) - 1)
            else:
                rows[best][doc] = start + k
                rows_of.setdefault(doc, []).append(best)
    out = []
    for members in rows:
        if len(members) < 2:
            continue
        group = tuple(cells[m] for m in members.values())
        out.append(FactRow(index, _slot_label(group), group[0].fact.kind, group))
    # divergent rows first: they are what the reader came for
    out.sort(key=lambda r: (not r.divergent, not r.qualified))
    return out


def build_report(
    docs: Sequence[Document],
    *,
    fast: bool = False,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    skipped: Sequence[tuple[str, str]] = (),
    settings: Settings | None = None,
    all_facts: bool = False,
) -> Report:
    """Compare a collection's articles and assemble the provenance report.

    ``docs`` should already have had their outlet furniture stripped
    (:func:`provcheck.collection.strip_outlet_boilerplate`). ``settings`` (default:
    from ``fast`` and ``embedder``) carries the mode, calibration and model. Only the
    candidate pairs are compared (:func:`candidate_pairs`). ``all_facts``: the report
    shows the fact slots whose values agree too.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    # the same report whatever order the files were given or found in
    docs = sorted(docs, key=lambda d: d.path or "")
    ids = [d.path or f"doc{k + 1}" for k, d in enumerate(docs)]
    pairs = candidate_pairs(docs, settings)
    comparisons: dict[tuple[str, str], Comparison] = {}
    edges = []
    linked = []
    for n, (i, j) in enumerate(pairs):
        c = compare(docs[i], docs[j], settings=settings)
        if c.relation != "unrelated":
            x, y = ids[i], ids[j]
            comparisons[(x, y)] = c
            linked.append((x, y))
            edge = _edge(x, y, c.relation, c.direction, c.score)
            if edge:
                side: Side = "a" if edge.a == x else "b"
                edges.append(dataclasses.replace(edge, divergences=Divergences.of(c, side)))
        if progress:
            progress(n + 1, len(pairs))
    by_id = dict(zip(ids, docs, strict=True))
    return _assemble(docs, ids, linked, edges, settings, by_id.__getitem__,
                     comparisons=comparisons, skipped=skipped, all_facts=all_facts)


class EdgeComparisons(Mapping[tuple[str, str], Comparison]):
    """The full comparisons of a report's derivation edges, made from the index when one
    is read and not kept: a renderer that reads them one at a time holds one at a time.

    Read while the index is open; once it is closed, the documents are read through a
    connection of this object's own to the same file.
    """

    def __init__(self, index: Index, db_ids: Mapping[str, int],
                 keys: Iterable[tuple[str, str]], settings: Settings) -> None:
        self._index = index
        self._db_ids = db_ids
        self._keys = dict.fromkeys(keys)
        self._settings = settings

    def __getitem__(self, key: tuple[str, str]) -> Comparison:
        if key not in self._keys:
            raise KeyError(key)
        a, b = (self._db_ids[x] for x in key)
        return compare(self._load(a), self._load(b), settings=self._settings)

    def _load(self, doc_id: int) -> Document:
        try:
            return self._index.load(doc_id)
        except (IndexStoreError, sqlite3.ProgrammingError):
            # the caller closed the index before rendering: open the file again, to read
            self._index = open_index(self._index.path, readonly=True)
            return self._index.load(doc_id)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def report_from_index(
    index: Index,
    *,
    fast: bool = False,
    embedder: Embedder | None = None,
    compare_edges: bool = False,
    settings: Settings | None = None,
    all_facts: bool = False,
    divergences: bool = False,
    progress: Progress | None = None,
) -> Report:
    """The report of an indexed collection from the pairs ``provcheck scan`` stored.

    The stored pairs keep the verdict only (relation, direction, score; the counts of
    divergent facts), so with ``divergences`` (as ``provcheck report --db`` asks) each
    derivation edge's pair is compared again, one pair at a time, to keep what the
    copy dropped, changed and added (:class:`Divergences`, small) and let the
    comparison go; ``progress`` is told as each is done. The pairs that are not
    derivations are not compared again. With
    ``compare_edges``, the derived pairs' full comparisons, which the HTML view shows
    side by side, are made when the renderer reads them, one at a time
    (:class:`EdgeComparisons`). The fact table is built from the stored documents,
    loaded one at a time, cluster by cluster; the report keeps their metadata only.
    ``settings`` should be those the scan recorded.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    held = sorted(index.documents(), key=lambda h: h.path)
    ids = [h.path or f"#{h.id}" for h in held]
    db_ids = {x: h.id for x, h in zip(ids, held, strict=True)}
    by_db = {h.id: x for x, h in zip(ids, held, strict=True)}
    docs = [Document(path=h.path or None, title=h.title, date=h.date, outlet=h.outlet,
                     author=None, url=None, dateline=None, paragraphs=()) for h in held]
    edges, linked = [], []
    stored: list[tuple[int, int]] = []  # each edge's pair as stored (older first)
    for a, b, relation, direction, score in index.pairs():
        x, y = by_db[a], by_db[b]
        linked.append((x, y))
        edge = _edge(x, y, relation, direction, score)
        if edge:
            edges.append(edge)
            stored.append((a, b))
    if divergences:
        for n, ((a, b), edge) in enumerate(zip(stored, edges, strict=True)):
            kept = (index.pair_result(a, b) or {}).get("divergences")
            if kept is not None and edge.a == by_db[a if kept["source"] == "a" else b]:
                # the scan kept them (source first): read, not compared again
                found = Divergences.from_dict(kept)
            else:
                # an index scanned before divergences were kept: one pair at a time, in
                # the order the scan compared it; only the small divergences are kept
                c = compare(index.load(a), index.load(b), settings=settings)
                side: Side = "a" if edge.a == by_db[a] else "b"
                found = Divergences.of(c, side)
                del c
            edges[n] = dataclasses.replace(edge, divergences=found)
            if progress:
                progress(n + 1, len(edges))
    comparisons: Mapping[tuple[str, str], Comparison] = {}
    if compare_edges:
        comparisons = EdgeComparisons(index, db_ids, ((e.a, e.b) for e in edges), settings)
    return _assemble(docs, ids, linked, edges, settings,
                     lambda x: index.load(db_ids[x]), comparisons=comparisons,
                     all_facts=all_facts)


def _edge(x: str, y: str, relation: str, direction: str, score: float) -> Edge | None:
    """The derivation edge of a compared pair, source first; None when not derived."""
    if relation not in DERIVED_RELATIONS:
        return None
    src, dst = (y, x) if direction == "b->a" else (x, y)
    return Edge(src, dst, relation, "unknown" if direction == "unknown" else "a->b", score)


def _assemble(
    docs: Sequence[Document],
    ids: Sequence[str],
    linked: Sequence[tuple[str, str]],
    edges: Sequence[Edge],
    settings: Settings,
    load: Callable[[str], Document],
    *,
    comparisons: Mapping[tuple[str, str], Comparison] | None = None,
    skipped: Sequence[tuple[str, str]] = (),
    all_facts: bool = False,
) -> Report:
    """Clusters from the linked pairs, a fact table per cluster (its documents read
    with ``load``, one at a time), each cluster's story, and the report."""
    clusters = _clusters(ids, linked, ((e.a, e.b) for e in edges), settings.calibration)
    near = _neighbours(linked)
    table: list[FactRow] = []
    for k, cluster in enumerate(clusters):
        if len(cluster) > 1:
            table += _fact_rows(((x, load(x)) for x in cluster), k, settings, near)
    order = {x: i for i, x in enumerate(ids)}
    dates = {x: d.date for x, d in zip(ids, docs, strict=True)}
    edges = sorted(edges, key=lambda e: (order[e.a], order[e.b]))
    return Report(
        documents=tuple(docs),
        clusters=tuple(clusters),
        edges=tuple(edges),
        fact_table=tuple(table),
        comparisons=comparisons if comparisons is not None else {},
        skipped=tuple(skipped),
        mode=settings.mode,
        model=settings.embedder.name if settings.embedder is not None else None,
        calibration=settings.calibration,
        stories=tuple(stories(clusters, edges, dates)),
        all_facts=all_facts,
    )


def stories(
    clusters: Sequence[tuple[str, ...]],
    edges: Sequence[Edge],
    dates: Mapping[str, str | None],
    max_chains: int = 50,
) -> list[Story]:
    """Each cluster's root source and derivation chains (:class:`Story`), at most
    ``max_chains`` per story."""
    cluster_of = {x: k for k, c in enumerate(clusters) for x in c}
    inner: dict[int, list[Edge]] = {}
    for e in edges:
        if cluster_of.get(e.a) == cluster_of.get(e.b) and e.a in cluster_of:
            inner.setdefault(cluster_of[e.a], []).append(e)
    return [_story(k, c, inner.get(k, []), dates, max_chains)
            for k, c in enumerate(clusters)]


def _story(k: int, cluster: tuple[str, ...], edges: Sequence[Edge],
           dates: Mapping[str, str | None], max_chains: int) -> Story:
    order = {x: i for i, x in enumerate(cluster)}
    children: dict[str, list[str]] = {}
    incoming: set[str] = set()
    for e in edges:
        if e.direction == "a->b":
            children.setdefault(e.a, []).append(e.b)
            incoming.add(e.b)
    in_edges = {x for e in edges for x in (e.a, e.b)}

    def rank(x: str) -> tuple[bool, bool, str, int]:
        # an article with copies, then one in a derivation, then the earliest date
        return (x not in children, x not in in_edges, dates.get(x) or "9999", order[x])

    free = [x for x in cluster if x not in incoming]
    root = min(free or cluster, key=rank)
    chains: list[tuple[str, ...]] = []
    starts = sorted((x for x in free if x in children), key=rank)

    def walk(path: tuple[str, ...]) -> None:
        if len(chains) >= max_chains:
            return
        nxt = [y for y in sorted(children.get(path[-1], ()), key=order.__getitem__)
               if y not in path]
        if not nxt:
            chains.append(path)
        for y in nxt:
            walk((*path, y))

    for x in starts:
        walk((x,))
    # a shortcut (A -> C beside A -> B -> C) names no chain of its own
    kept = [c for c in chains if not any(len(o) > len(c) and _within(c, o) for o in chains)]
    return Story(k, root, tuple(kept))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``long`` with some articles left out (in order)."""
    it = iter(long)
    return all(x in it for x in short)
