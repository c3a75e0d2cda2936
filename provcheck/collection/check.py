"""``provcheck check``: is a new article an independent source, or a copy of one held?

For each new document: its content hash against the index (the same content is a
reprint), the index's learned outlet furniture removed, candidates from the lexical
shingles and the document vectors, then the full comparison (alignment, verdict,
facts) with each candidate, the indexed document as ``a`` and the new one as ``b``.

A document **fails** when it derives from an indexed one (direction ``a->b`` or
unknown) at the ``fail_on`` level or a stronger one (reprint > edited > rewrite >
partial), or, with ``fail_on_divergence``, when a comparison on the same story
(related or derived) finds a fact that changed value. An indexed document that
derives from the new one (``b->a``) is reported and does not fail the new one, unless
``fail_on_reverse``; a derivation of unknown direction counts as a copy.

Arrival order is evidence (:func:`arrival_order`): the indexed article was held
first, so the new one is named the source of an indexed article only when a date it
**states** (``Document.date_source``: JSON-LD, a meta tag, a date line...; never a
date guessed from body text) is earlier than the indexed article's publication date,
or, where that is not known, than the day it was added to the index. Otherwise a
comparison that read the new article as the source is turned round: the indexed
article is the source (its facts, quotations and support read again from its side),
with a reason saying why, and the new article fails as a copy. An exact copy (the
same content hash) is told the same way.

Every readable input is checked, whatever the others hold: :func:`read_new` reads
each argument on its own and hands back the unreadable ones with their reasons, and
:attr:`CheckRun.exit_code` ranks the outcome of the run (an unusable index, exit 4,
is raised before anything is checked)::

    3  an input named on the command line could not be read (the others were checked)
    1  an article fails (see above)
    0  every article passed
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputError
from ..models import DERIVED_RELATIONS, SCHEMA_VERSION, Comparison, Document, Fetch
from ..verdict.settings import Settings
from .articles import Articles
from .documents import content_hash
from .index import Index

if TYPE_CHECKING:
    from ..ingest.fetch import FetchOptions
    from ..verdict.similarity import Embedder
    from .records import Progress

Status = Literal["pass", "fail", "held"]
#: What settled a finding's direction: the texts (the comparison's evidence), a date
#: the new article states before the indexed one's, or arrival order (the indexed
#: article was held first and the new one states no earlier date).
DirectionBy = Literal["texts", "stated date", "arrival order"]


@dataclass(frozen=True)
class Dates:
    """The dates a finding's direction was weighed with."""

    new: str | None
    """The new article's publication date, when it states one."""
    new_source: str | None
    """Where the new article states it (``Document.date_source``)."""
    indexed: str | None
    """The indexed article's publication date, when known."""
    indexed_source: str | None
    """Where it was stated (``None`` when not recorded: an index written before 1.3)."""
    added: str | None
    """When the indexed article was added to the index, ISO 8601 UTC."""

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "new_source": self.new_source, "indexed": self.indexed,
                "indexed_source": self.indexed_source, "added": self.added}


@dataclass(frozen=True)
class Finding:
    """One indexed document that the new one relates to."""

    id: int
    path: str
    comparison: Comparison | None
    """``None`` for an exact copy (same content hash): no comparison needed."""
    relation: str
    direction: str
    score: float
    fails: bool
    divergent: bool
    dates: Dates | None = None
    """The dates the direction was weighed with (``None``: not weighed)."""
    direction_by: DirectionBy = "texts"

    def to_dict(self) -> dict[str, Any]:
        c = self.comparison
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "relation": self.relation,
            "direction": self.direction,
            "direction_by": self.direction_by,
            "score": round(self.score, 4),
            "fails": self.fails,
            "divergent": self.divergent,
            "dates": self.dates.to_dict() if self.dates else None,
        }
        if c is not None:
            out["reasons"] = list(c.reasons)
            out["facts"] = {
                "dropped": len(c.facts.dropped),
                "added": len(c.facts.added),
                "changed": [
                    {"kind": ch.a.kind, "change": ch.change, "a": ch.a.text, "b": ch.b.text}
                    for ch in c.facts.changed
                ],
            }
            out["quotes"] = {
                s: sum(q.status == s for q in c.quotes)
                for s in ("verbatim", "altered", "paraphrased", "dropped", "added",
                          "misattributed")
            }
        return out


@dataclass(frozen=True)
class CheckResult:
    path: str
    status: Status
    findings: tuple[Finding, ...] = ()
    added_as: int | None = None
    fetched: Fetch | None = None
    """How the new article was fetched, when it was read from a URL."""
    date: str | None = None
    """The new article's publication date, when it states one."""
    date_source: str | None = None
    """Where it states it (``Document.date_source``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "date": self.date,
            "date_source": self.date_source,
            "added": self.added_as,
            "fetched": self.fetched.to_dict() if self.fetched else None,
            "findings": [f.to_dict() for f in self.findings],
        }


#: An input that could not be read: ``(path, reason)``, the reason without the path.
Unreadable = tuple[str, str]


@dataclass(frozen=True)
class CheckRun:
    results: tuple[CheckResult, ...]
    fail_on: str
    fail_on_divergence: bool
    index_path: str
    index_size: int
    extra: dict[str, Any] = field(default_factory=dict)
    unreadable: tuple[Unreadable, ...] = ()
    """Inputs named on the command line that could not be read (not checked)."""

    @property
    def failed(self) -> bool:
        return any(r.status == "fail" for r in self.results)

    @property
    def exit_code(self) -> int:
        """3 when an input could not be read, else 1 when an article failed, else 0."""
        if self.unreadable:
            return InputError.exit_code
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "index": self.index_path,
            "indexed_documents": self.index_size,
            "fail_on": self.fail_on,
            "fail_on_divergence": self.fail_on_divergence,
            "failed": self.failed,
            "results": [r.to_dict() for r in self.results],
            "unreadable": [{"path": p, "reason": why} for p, why in self.unreadable],
        }


def read_new(
    paths: Sequence[str],
    *,
    urls: Sequence[str] = (),
    fetching: FetchOptions | None = None,
    on_skip: Callable[[str, InputError], None] | None = None,
    progress: Progress | None = None,
) -> tuple[list[Document], list[Unreadable]]:
    """The new articles: every readable one, and the unreadable ones named on the
    command line with their reasons (files found in folders are skipped as for every
    command: :class:`provcheck.collection.Articles`). A file named or found twice is
    read once. URLs, named or in ``urls`` (a list file's), are fetched first, a few at
    a time (``progress`` counts them); every one that cannot be fetched is unreadable,
    named by its URL without credentials."""
    from ..ingest.fetch import fetch_documents, is_url, redact

    docs: list[Document] = []
    unreadable: list[Unreadable] = []
    seen: set[str] = set()
    wanted = list(dict.fromkeys([*(a for a in paths if is_url(a)), *urls]))
    pages = fetch_documents(wanted, options=fetching, progress=progress) if wanted else []
    fetched = dict(zip(wanted, pages, strict=True))
    for arg in [*paths, *(u for u in dict.fromkeys(urls) if u not in paths)]:
        if arg == "":
            unreadable.append(("", 'an empty path (""), not a file'))
            continue
        try:
            got = fetched.get(arg)
            if isinstance(got, InputError):
                shown = redact(arg)
                unreadable.append((shown, got.reason(shown)))
                continue
            found = [got] if got is not None else Articles([arg], on_skip=on_skip).documents()
            for doc in found:
                path = doc.path or ""
                key = path if is_url(path) else os.path.realpath(path)
                if key not in seen:
                    seen.add(key)
                    docs.append(doc)
        except InputError as exc:
            unreadable.append((arg, exc.reason(arg)))
    return docs, unreadable


def level_fails(relation: str, fail_on: str) -> bool:
    """Whether ``relation`` is at ``fail_on`` or a stronger (more copied) level, in the
    order of :data:`provcheck.models.DERIVED_RELATIONS`."""
    if relation not in DERIVED_RELATIONS:
        return False
    levels: tuple[str, ...] = DERIVED_RELATIONS
    return levels.index(relation) <= levels.index(fail_on)


def _added(index: Index, doc_id: int) -> str | None:
    """When the index added document ``doc_id`` (its ``added`` column), ISO 8601 UTC;
    ``None`` when not recorded."""
    try:
        row = index.db.execute("SELECT added FROM documents WHERE id=?", (doc_id,)).fetchone()
    except sqlite3.Error:
        return None
    if not row or not isinstance(row[0], int | float):
        return None
    stamp = dt.datetime.fromtimestamp(float(row[0]), tz=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def stated_first(dates: Dates) -> bool:
    """Whether the new article's stated publication date puts it before the indexed
    one: before its publication date, or, where that is not known, before the day it
    was added to the index (the index held it by then)."""
    if not dates.new:
        return False
    bound = dates.indexed or (dates.added[:10] if dates.added else None)
    return bound is not None and dates.new[:10] < bound[:10]


def arrival_order(c: Comparison, dates: Dates, settings: Settings) -> tuple[Comparison,
                                                                            DirectionBy]:
    """``c`` (the indexed article ``a``, the new one ``b``) with arrival order weighed.

    Where the comparison reads the new article as the source (``b->a``) and no date
    it states puts it first (:func:`stated_first`), the indexed article is the source:
    the direction is ``a->b``, a reason says why, and the facts, quotations and
    unsupported claims are read again from ``a``'s side. Otherwise ``c`` is kept.
    """
    if c.direction != "b->a":
        return c, "texts"
    if stated_first(dates):
        return c, "stated date"

    def dated(date: str | None, source: str | None) -> str:
        return f"{date} ({source})" if source else str(date)

    held = (f"published {dated(dates.indexed, dates.indexed_source)}" if dates.indexed
            else f"added to the index {dates.added or 'before it'}")
    new = (f"b states {dated(dates.new, dates.new_source)}, no earlier date" if dates.new
           else "b states no publication date")
    reason = (f"arrival order: a was held first ({held}) and {new}: a is taken as the "
              f"source, though the texts alone favoured b (probability a is the source "
              f"{c.verdict.evidence.get('p_a_source', 0.5):.2f})")
    verdict = dataclasses.replace(c.verdict, direction="a->b",
                                  reasons=(*c.verdict.reasons, reason))
    return _read_from_a(dataclasses.replace(c, verdict=verdict), settings), "arrival order"


def _read_from_a(c: Comparison, settings: Settings) -> Comparison:
    """``c`` with its facts, quotations and unsupported claims read from ``a`` as the
    source (the pipeline read them from the side its verdict named)."""
    from ..facts.diff import diff_facts
    from ..facts.quotes import check_quotes
    from ..facts.support import find_unsupported
    from ..verdict.links import link_sentences
    from ..verdict.orient import Orientation

    side = Orientation("a")
    links = link_sentences(c.a, c.b, settings)
    derived = c.verdict.derived
    view = side.view(c.a, c.b, c.alignments, c.unmatched_a, c.unmatched_b, links,
                     derived=derived, whole=derived and c.relation != "partial")
    return dataclasses.replace(
        c, source_side="a",
        facts=side.facts(diff_facts(view, settings.calibration), c.a, c.b),
        quotes=side.quotes(check_quotes(view, settings.calibration)),
        unsupported=side.unsupported(find_unsupported(view, settings)))


def check_document(
    index: Index,
    doc: Document,
    *,
    fail_on: str = "rewrite",
    fail_on_divergence: bool = False,
    fast: bool = False,
    embedder: Embedder | None = None,
    settings: Settings | None = None,
    fail_on_reverse: bool = False,
) -> CheckResult:
    """Check one new document against the index (the index is not changed).

    ``settings`` (default: from ``fast`` and ``embedder``) carries the mode, the
    calibration and the model of the comparisons. A derivation whose direction is
    unknown counts as a copy of the indexed article; one in the other direction (the
    indexed article derives from the new one) fails only with ``fail_on_reverse``, and
    is read so only when a date the new article states puts it first
    (:func:`arrival_order`).
    """
    settings = settings or Settings.of(fast=fast, embedder=None if fast else embedder)
    path = doc.path or "-"
    source = doc.date_source if doc.date else None
    held = index.by_hash(content_hash(doc))
    if held is not None:
        if held.path == path:
            return CheckResult(path, "held", added_as=held.id, date=doc.date,
                               date_source=source)
        dates = Dates(doc.date, source, held.date, None, _added(index, held.id))
        first = stated_first(dates)
        direction = "b->a" if first else "a->b"
        copies = not first or fail_on_reverse
        finding = Finding(held.id, held.path, None, "reprint", direction, 1.0,
                          copies and level_fails("reprint", fail_on), False, dates,
                          "stated date" if first else "arrival order")
        return CheckResult(path, "fail" if finding.fails else "pass", (finding,),
                           date=doc.date, date_source=source)
    doc = index.strip_furniture(doc)
    findings = []
    for cand in index.candidates(doc, settings.embedder, calibration=settings.calibration):
        from ..pipeline import compare  # on first use: an article with no candidate is quick

        other = index.load(cand.id)
        c = compare(other, doc, settings=settings)
        if c.relation == "unrelated":
            continue
        dates = Dates(doc.date, source, other.date,
                      other.date_source if other.date else None, _added(index, cand.id))
        c, by = arrival_order(c, dates, settings)
        copies = c.direction in ("a->b", "unknown") or fail_on_reverse
        fails = copies and level_fails(c.relation, fail_on)
        divergent = any(ch.change == "value" for ch in c.facts.changed)
        findings.append(
            Finding(cand.id, index.held(cand.id).path, c, c.relation, c.direction, c.score,
                    fails or (fail_on_divergence and divergent), divergent, dates, by)
        )
    findings.sort(key=lambda f: (not f.fails, -f.score))
    return CheckResult(path, "fail" if any(f.fails for f in findings) else "pass",
                       tuple(findings), date=doc.date, date_source=source)


def check(
    index: Index,
    docs: Sequence[Document],
    *,
    fail_on: str = "rewrite",
    fail_on_divergence: bool = False,
    fast: bool = False,
    embedder: Embedder | None = None,
    add: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    unreadable: Sequence[Unreadable] = (),
    fail_on_reverse: bool = False,
) -> CheckRun:
    """Check new documents; with ``add``, index those that passed.

    ``settings`` (default: from ``fast`` and ``embedder``) are those of the
    comparisons; ``embedder`` (default: the settings') computes the vectors of the
    documents added, whatever the mode. ``unreadable`` (from :func:`read_new`) is
    carried into the run, for its output and exit code.
    """
    settings = settings or Settings.of(fast=fast, embedder=None if fast else embedder)
    vectors = embedder if embedder is not None else settings.embedder
    results = []
    for k, doc in enumerate(docs):
        r = check_document(index, doc, fail_on=fail_on, fail_on_divergence=fail_on_divergence,
                           settings=settings, fail_on_reverse=fail_on_reverse)
        if add and r.status == "pass":
            r = dataclasses.replace(r, added_as=index.add(doc, vectors).id)
        if doc.fetched is not None:
            r = dataclasses.replace(r, fetched=doc.fetched)
        results.append(r)
        if progress:
            progress(k + 1, len(docs))
    return CheckRun(tuple(results), fail_on, fail_on_divergence, str(index.path), index.count(),
                    unreadable=tuple(unreadable))
