"""The frozen records of a provenance report: what scan tasks keep and the renderers read."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..calibration import CALIBRATION, Calibration
from ..facts.diff import hedge_class
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
from ..verdict.orient import Orientation

#: Fact kinds an edge's divergences leave out: names and attributions are many and
#: mostly the same names spelled or placed otherwise (``compare`` lists them).
NAME_KINDS = ("name", "attribution")

#: Told ``(done, total)`` as work advances (the progress bars of the CLI).
Progress = Callable[[int, int], None]


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
        edge = Orientation(a_side)
        facts = edge.edge_facts(c.facts)

        def keep(f: Fact) -> bool:
            return f.kind not in NAME_KINDS

        return cls(
            dropped=tuple(f for f in facts.dropped if keep(f)),
            changed=tuple(ch for ch in facts.changed if keep(ch.a)),
            added=tuple(f for f in facts.added if keep(f)),
            quotes=tuple(q for q in edge.edge_quotes(c.quotes) if q.status != "verbatim"),
            unsupported=edge.edge_unsupported(c.unsupported),
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
class Origin:
    """An independent origin of a story: an article that derives from no other article
    of the collection, and its echoes."""

    doc: str
    echoes: tuple[str, ...] = ()
    """The articles derived from it, directly or through others (story order)."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.doc, "echoes": list(self.echoes)}


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
    origins: tuple[Origin, ...] = ()
    """The story's independent origins (the root first): what a media monitor counts,
    rather than the syndicated echoes of each."""

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster, "root": self.root,
                "chains": [list(c) for c in self.chains],
                "origins": [o.to_dict() for o in self.origins]}

    def origin_values(self, row: FactRow) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Which of the story's origins state which value of fact ``row``: (the value as
        the first of them states it, those origins), in the row's order; origins that do
        not state the fact are left out. The same value with another hedge ("about 2,500"
        / "2,500") is told apart, as the row tells it."""
        mine = {o.doc for o in self.origins}
        by_value: dict[tuple[str, str | None], tuple[str, list[str]]] = {}
        for c in row.cells:
            if c.doc in mine:
                key = (c.fact.value, hedge_class(c.fact.hedge))
                by_value.setdefault(key, (c.fact.text, []))[1].append(c.doc)
        return tuple((text, tuple(docs)) for text, docs in by_value.values())


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
    differing: tuple[bool, ...]
    """For each cell, whether it holds another value than the row's first cell (read
    with the run's calibration when the row was built)."""

    @property
    def divergent(self) -> bool:
        return any(self.differing[1:])

    def differs(self, cell: Cell) -> bool:
        """Whether ``cell`` (one of the row's) holds another value than the first cell."""
        return next(d for c, d in zip(self.cells, self.differing, strict=True) if c is cell)

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
    ids: tuple[str, ...] = ()
    """Each document's id, as clusters, edges and the fact table name it (its path, or
    ``docN`` for one read from memory); empty: each document's path."""

    def __repr__(self) -> str:
        derived = sum(1 for e in self.edges if e.relation in DERIVED_RELATIONS)
        return (f"<Report: {len(self.documents)} documents, {len(self.clusters)} stories, "
                f"{derived} derivations, {len(self.fact_table)} fact rows>")

    def _repr_html_(self) -> str:
        """A notebook's view: who derived from whom (the full page is ``provcheck report
        --format html``)."""
        rows = "".join(
            f"<tr><td>{html.escape(e.a)}</td><td>{html.escape(e.relation)}</td>"
            f"<td>{html.escape(e.direction)}</td><td>{html.escape(e.b)}</td>"
            f"<td>{e.score:.2f}</td></tr>"
            for e in self.edges if e.relation in DERIVED_RELATIONS)
        names = "".join(f"<li>{html.escape(self.id_of(k) or '')}: "
                        f"{html.escape(d.title or d.path or '')}</li>"
                        for k, d in enumerate(self.documents))
        return (f"<div><p>{len(self.documents)} documents, {len(self.clusters)} stories"
                f"</p><ul>{names}</ul><table><tr><th>a</th><th>relation</th>"
                f"<th>direction</th><th>b</th><th>score</th></tr>{rows}</table></div>")

    def id_of(self, k: int) -> str | None:
        """The id of the ``k``-th document."""
        return self.ids[k] if self.ids else self.documents[k].path

    def origins_of(self, row: FactRow) -> list[dict[str, Any]]:
        """Which independent origins of ``row``'s story state which of its values (JSON)."""
        if row.cluster >= len(self.stories):
            return []
        return [{"value": text, "origins": list(docs)}
                for text, docs in self.stories[row.cluster].origin_values(row)]

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
                          "settings": report_thresholds(self.calibration)},
            "documents": [
                {"id": self.id_of(k), "path": d.path, "title": d.title, "date": d.date,
                 "date_source": d.date_source,
                 "modified": d.modified, "outlet": d.outlet, "author": d.author,
                 "url": d.url, "fetched": d.fetched.to_dict() if d.fetched else None}
                for k, d in enumerate(self.documents)
            ],
            "clusters": [list(c) for c in self.clusters],
            "stories": [s.to_dict() for s in self.stories],
            "edges": [e.to_dict() for e in self.edges],
            "all_facts": self.all_facts,
            "fact_table": [{**r.to_dict(), "origins": self.origins_of(r)}
                           for r in self.shown_facts],
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


def report_thresholds(cal: Calibration) -> dict[str, float]:
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
