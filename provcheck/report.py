"""A provenance report for a collection: who derived from whom, which facts disagree.

``build_report`` compares every pair of articles that could be related (a cheap
filter first: word 3-grams shared or whole-text topic similarity near the related
threshold; other pairs are unrelated without a full comparison), then:

* **clusters**: connected groups of articles joined by any relation other than
  ``unrelated``, i.e. articles on the same story;
* **edges**: the derived pairs (reprint, edited, rewrite, partial), source first when
  the direction is known;
* **fact table** per cluster: one row per fact slot (a number or date about one
  thing), one column per article. Facts of different articles share a row when they
  are of the same kind, count the same thing, and sit in similar sentences: as
  similar as a weak sentence link when their values agree, as a strong link when
  they differ (the aligner's calibrated thresholds). A row is ``divergent`` when
  its values differ and ``qualified`` when only the hedges do ("by the end of"
  a month against "by" that month).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .calibration import CALIBRATION, Calibration, Settings
from .classify import containment
from .factdiff import facts_of, hedge_class, same_about, same_value, sentence_at
from .index import Index
from .models import DERIVED_RELATIONS, SCHEMA_VERSION, Comparison, Document, Fact
from .pipeline import compare
from .similarity import (
    Embedder,
    combine,
    content_words,
    cosine_matrix,
    overlap_matrices,
)

#: Kinds that go into the fact table (names are who and where, not values).
TABLE_KINDS = ("quantity", "money", "percent", "distance", "date")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Edge:
    a: str
    """The source when the direction is known."""
    b: str
    relation: str
    direction: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "relation": self.relation,
                "direction": self.direction, "score": round(self.score, 4)}


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
    clusters: tuple[tuple[str, ...], ...]
    edges: tuple[Edge, ...]
    fact_table: tuple[FactRow, ...]
    comparisons: dict[tuple[str, str], Comparison] = field(default_factory=dict)
    """Full comparisons of the pairs compared, keyed by (a id, b id) as compared."""
    skipped: tuple[tuple[str, str], ...] = ()
    """(path, reason) of files that could not be read."""
    mode: str = "semantic"
    model: str | None = None
    """The embedding model used (None in fast mode)."""
    calibration: Calibration = CALIBRATION

    def to_dict(self) -> dict[str, Any]:
        from .version import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "mode": self.mode,
            "generator": {"name": "provcheck", "version": __version__, "model": self.model,
                          "settings": settings(self.calibration)},
            "documents": [
                {"id": d.path, "path": d.path, "title": d.title, "date": d.date,
                 "outlet": d.outlet}
                for d in self.documents
            ],
            "clusters": [list(c) for c in self.clusters],
            "edges": [e.to_dict() for e in self.edges],
            "fact_table": [r.to_dict() for r in self.fact_table],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


def settings(cal: Calibration = CALIBRATION) -> dict[str, float]:
    """The thresholds a report was made with (recorded in its JSON)."""
    return {
        "link_threshold_semantic": cal.link_threshold.semantic,
        "link_threshold_fast": cal.link_threshold.fast,
        "derived_cover": cal.derived_cover,
        "reprint_containment": cal.reprint_containment,
        "edited_containment": cal.edited_containment,
        "related_topic_semantic": cal.related_topic.semantic,
        "related_topic_fast": cal.related_topic.fast,
        "support_threshold_semantic": cal.support_threshold.semantic,
        "support_threshold_fast": cal.support_threshold.fast,
        "prefilter_containment": cal.prefilter_containment,
        "prefilter_topic_margin": cal.prefilter_topic_margin,
    }


def _candidates(docs: Sequence[Document], settings: Settings) -> list[tuple[int, int]]:
    cal = settings.calibration
    topic: np.ndarray | None = None
    if settings.embedder is not None and docs:
        vecs = settings.embedder.encode([d.body for d in docs])
        topic = cosine_matrix(vecs, vecs)
    near_topic = cal.related_topic[settings.mode] - cal.prefilter_topic_margin
    out = []
    for i, j in itertools.combinations(range(len(docs)), 2):
        shared = max(containment(docs[i], docs[j]), containment(docs[j], docs[i]))
        near = topic is not None and topic[i, j] >= near_topic
        if shared >= cal.prefilter_containment or near or topic is None:
            out.append((i, j))
    return out


def _clusters(ids: Sequence[str], pairs: Sequence[tuple[str, str]]) -> list[tuple[str, ...]]:
    parent = {x: x for x in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in pairs:
        parent[find(x)] = find(y)
    groups: dict[str, list[str]] = {}
    for x in ids:
        groups.setdefault(find(x), []).append(x)
    return [tuple(g) for g in groups.values()]


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


def fact_table(cluster: Sequence[Document], index: int, settings: Settings) -> list[FactRow]:
    """Rows of fact slots across the articles of one cluster."""
    cal, mode, embedder = settings.calibration, settings.mode, settings.embedder
    cells: list[Cell] = []
    for d in cluster:
        for f in facts_of(d):
            if f.kind in TABLE_KINDS:
                sent = sentence_at(d.paragraph(f.paragraph).canon, f.span[0])
                cells.append(Cell(d.path or "", f, sent))
    if not cells:
        return []
    tokens = [content_words(c.sentence) for c in cells]
    dice, _, _ = overlap_matrices(tokens, tokens)
    sem = None
    if embedder is not None:
        vecs = embedder.encode([c.sentence for c in cells])
        sem = cosine_matrix(vecs, vecs)
    sim = np.asarray(combine(dice, sem, cal.semantic_weight))
    rows: list[list[int]] = []
    for k, cell in enumerate(cells):
        best, best_sim = None, 0.0
        for r, members in enumerate(rows):
            first = cells[members[0]]
            if first.fact.kind != cell.fact.kind or any(cells[m].doc == cell.doc for m in members):
                continue
            if not same_about(first.fact.about, cell.fact.about):
                continue
            s = float(max(sim[m, k] for m in members))
            agree = any(same_value(cells[m].fact, cell.fact) for m in members)
            need = cal.weak_link_threshold[mode] if agree else cal.link_threshold[mode]
            if s >= need and s > best_sim:
                best, best_sim = r, s
        if best is None:
            rows.append([k])
        else:
            rows[best].append(k)
    out = []
    for members in rows:
        if len({cells[m].doc for m in members}) < 2:
            continue
        group = tuple(cells[m] for m in members)
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
) -> Report:
    """Compare a collection's articles and assemble the provenance report.

    ``docs`` should already have had their outlet furniture stripped
    (:func:`provcheck.collection.strip_outlet_boilerplate`). ``settings`` (default:
    from ``fast`` and ``embedder``) carries the mode, calibration and model.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    # the same report whatever order the files were given or found in
    docs = sorted(docs, key=lambda d: d.path or "")
    ids = [d.path or f"doc{k + 1}" for k, d in enumerate(docs)]
    pairs = _candidates(docs, settings)
    comparisons: dict[tuple[str, str], Comparison] = {}
    for n, (i, j) in enumerate(pairs):
        comparisons[(ids[i], ids[j])] = compare(docs[i], docs[j], settings=settings)
        if progress:
            progress(n + 1, len(pairs))
    edges = []
    linked = []
    for (x, y), c in comparisons.items():
        if c.relation != "unrelated":
            linked.append((x, y))
        edge = _edge(x, y, c.relation, c.direction, c.score)
        if edge:
            edges.append(edge)
    return _assemble(docs, ids, linked, edges, settings, comparisons=comparisons,
                     skipped=skipped)


def report_from_index(
    index: Index,
    *,
    fast: bool = False,
    embedder: Embedder | None = None,
    compare_edges: bool = False,
    settings: Settings | None = None,
) -> Report:
    """The report of an indexed collection from the pairs ``provcheck scan`` stored.

    Nothing is compared again, except, with ``compare_edges``, the derived pairs, whose
    full comparisons the HTML view shows side by side; the fact table is built from
    the stored documents. ``settings`` should be those the scan recorded.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    held = sorted(index.documents(), key=lambda h: h.path)
    docs = [index.load(h.id) for h in held]
    ids = [d.path or f"#{h.id}" for d, h in zip(docs, held, strict=True)]
    by_db = {h.id: i for i, h in enumerate(held)}
    edges, linked = [], []
    for a, b, relation, direction, score in index.pairs():
        x, y = ids[by_db[a]], ids[by_db[b]]
        linked.append((x, y))
        edge = _edge(x, y, relation, direction, score)
        if edge:
            edges.append(edge)
    comparisons: dict[tuple[str, str], Comparison] = {}
    if compare_edges:
        by_id = dict(zip(ids, docs, strict=True))
        for e in edges:
            comparisons[(e.a, e.b)] = compare(by_id[e.a], by_id[e.b], settings=settings)
    return _assemble(docs, ids, linked, edges, settings, comparisons=comparisons)


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
    *,
    comparisons: dict[tuple[str, str], Comparison] | None = None,
    skipped: Sequence[tuple[str, str]] = (),
) -> Report:
    """Clusters from the linked pairs, a fact table per cluster, and the report."""
    clusters = _clusters(ids, linked)
    by_id = dict(zip(ids, docs, strict=True))
    table: list[FactRow] = []
    for k, cluster in enumerate(clusters):
        if len(cluster) > 1:
            table += fact_table([by_id[x] for x in cluster], k, settings)
    order = {x: i for i, x in enumerate(ids)}
    return Report(
        documents=tuple(docs),
        clusters=tuple(clusters),
        edges=tuple(sorted(edges, key=lambda e: (order[e.a], order[e.b]))),
        fact_table=tuple(table),
        comparisons=comparisons or {},
        skipped=tuple(skipped),
        mode=settings.mode,
        model=settings.embedder.name if settings.embedder is not None else None,
        calibration=settings.calibration,
    )
