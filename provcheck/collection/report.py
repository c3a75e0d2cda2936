"""A provenance report for a collection: who derived from whom, which facts disagree.

``build_report`` compares the pairs of articles that could be related, found the way
``check`` and ``scan`` find them (:mod:`provcheck.collection.clusters`): each article's
candidates from an index of the collection (:meth:`provcheck.collection.index.Index.candidates`:
shared rare word 5-grams, and in semantic mode a whole-text topic similarity down to
``prefilter_topic_margin`` under the related threshold; in fast mode, whose topic
similarity is word overlap, the articles sharing the most rare content words). Other
pairs are unrelated without a comparison, so the work grows with the collection, not
with its square. ``report_from_index`` reads the pairs ``provcheck scan`` stored
instead. Then (the records: :mod:`provcheck.collection.records`):

* **clusters**: groups of articles on one story, from the pairs linked by any relation
  other than ``unrelated`` (:func:`provcheck.collection.clusters.clusters_of`);
* **edges**: the derived pairs (reprint, edited, rewrite, partial), source first when
  the direction is known;
* **divergences** per edge (:class:`~provcheck.collection.records.Divergences`): the
  numbers and dates the derived article dropped, changed or added, the quotations it
  did not keep word for word, and its sentences the source does not support (from the
  pair's comparison; from an index, as the scan kept them, or, from an index scanned
  before scans kept them, from the derivation edges compared again, one at a time);
* **stories**: per cluster, its root source (no incoming derivation; the earliest
  date, then the first id, on a tie; an article something derives from first) and
  the derivation chains from it (A -> B -> C);
* **fact table** per cluster (:mod:`provcheck.collection.fact_table`): one row per
  fact slot (a number or date about one thing), one column per article. Facts of
  different articles share a row when they are of the same kind, count the same
  thing, and sit in similar sentences: as similar as a weak sentence link when their
  values agree, as a strong link when they differ (the aligner's calibrated
  thresholds). Facts are only set side by side between articles joined by a relation
  (a linked pair), so that a cluster's table costs what its links cost, not the
  square of its facts; a row still spans articles that are linked through others. A
  row is ``divergent`` when its values differ and ``qualified`` when only the hedges
  do ("by the end of" a month against "by" that month).

Memory is bounded by design: no matrix over the whole collection is ever built. From
an index, the documents are loaded one at a time while a cluster's fact table is
built and released after; the report holds their metadata only, and the full
comparisons the HTML view shows (``compare_edges``) are made one at a time as the
renderer reads them.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from ..errors import IndexStoreError
from ..ingest.normalize import normalize
from ..models import DERIVED_RELATIONS, Comparison, Document, Side
from ..pipeline import compare
from ..verdict.settings import Settings
from ..verdict.similarity import Embedder
from .articles import strip_outlet_boilerplate
from .clusters import clusters_of, pairs_to_compare, stories
from .fact_table import fact_rows, neighbours
from .fact_workers import TableJob, TableRunner, tables_in_workers
from .index import Index, open_index
from .records import Divergences, Edge, FactRow, Progress, Report
from .scan import POOL_MIN_DOCUMENTS


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
    pairs worth comparing are compared (:func:`provcheck.collection.clusters.pairs_to_compare`).
    ``all_facts``: the report shows the fact slots whose values agree too.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    # the same report whatever order the files were given or found in
    docs = sorted(docs, key=lambda d: d.path or "")
    ids = [d.path or f"doc{k + 1}" for k, d in enumerate(docs)]
    pairs = pairs_to_compare(docs, settings)
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
    workers: int | None = 1,
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
    ``settings`` should be those the scan recorded. ``workers`` processes build the
    fact tables, cluster by cluster (each opens the index read only; the tables are
    those one process builds; None: one per CPU core for an index of
    :data:`~provcheck.collection.scan.POOL_MIN_DOCUMENTS` documents or more).
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
    if workers is None:
        workers = (os.cpu_count() or 1) if len(held) >= POOL_MIN_DOCUMENTS else 1
    tables = None
    if workers > 1:
        tables = partial(tables_in_workers, index.path, db_ids, settings, workers)
    return _assemble(docs, ids, linked, edges, settings,
                     lambda x: index.load(db_ids[x]), comparisons=comparisons,
                     all_facts=all_facts, tables=tables)


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
    tables: TableRunner | None = None,
) -> Report:
    """Clusters from the linked pairs, a fact table per cluster (its documents read
    with ``load``, one at a time; or by ``tables``), each cluster's story, and the
    report."""
    clusters = clusters_of(ids, linked, ((e.a, e.b) for e in edges), settings.calibration)
    near = neighbours(linked)
    order = {x: i for i, x in enumerate(ids)}
    dates = {x: d.date for x, d in zip(ids, docs, strict=True)}
    edges = sorted(edges, key=lambda e: (order[e.a], order[e.b]))
    told = stories(clusters, edges, dates)
    jobs = [TableJob(k, tuple(cluster), {x: near.get(x, set()) for x in cluster},
                     told[k].root) for k, cluster in enumerate(clusters) if len(cluster) > 1]
    if tables is None:
        found: Iterable[list[FactRow]] = (
            fact_rows(((x, load(x)) for x in job.cluster), job.index, settings, job.near,
                      root=job.root) for job in jobs)
    else:
        found = tables(jobs)
    table = [row for rows in found for row in rows]
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
        stories=tuple(told),
        all_facts=all_facts,
        ids=tuple(ids),
    )


def report(
    documents: Iterable[str | bytes | Path | Document],
    *,
    fast: bool = False,
    settings: Settings | None = None,
    all_facts: bool = False,
) -> Report:
    """The provenance report of a collection: who derived from whom, what each copy
    changed, the fact table (the public ``provcheck.report``).

    Each of ``documents`` is taken as ``compare`` takes a side: ``str`` is article
    text, ``bytes`` its encoded form, a ``pathlib.Path`` a file, a ``Document`` one
    already normalised. Documents read from memory get the ids ``doc1``, ``doc2``, ...
    in the order given, and the report's documents, edges, clusters and fact table all
    name them by the same ids.
    """
    settings = settings or Settings.of(fast=fast)
    docs = []
    for k, x in enumerate(documents, start=1):
        if not isinstance(x, Document | str | bytes | Path):
            raise TypeError(f"report() document {k} must be str (article text), bytes, a "
                            f"path (pathlib.Path) or a Document, not {type(x).__name__}")
        docs.append(x if isinstance(x, Document) else normalize(x))
    # documents without a path keep the order given: doc1, doc2, ... as the caller counts
    return build_report(strip_outlet_boilerplate(docs, settings.calibration),
                        settings=settings, all_facts=all_facts)
