"""The library calls behind the routes: each runs in a worker thread, with the index a
reader or the writer hands it (:mod:`.state`), and returns records, never HTTP.

An article reaches the server as pasted text, an uploaded file, a URL (fetched with
the CLI's limits and the address guard) or the id of an indexed document (:class:`Side`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .guard import NotFoundError

if TYPE_CHECKING:
    from ..collection.check import CheckRun
    from ..collection.index import Index
    from ..collection.records import Report
    from ..collection.rows import AddResult, Held
    from ..ingest.fetch import FetchOptions
    from ..models import Comparison, Document
    from ..verdict.settings import Settings


@dataclass(frozen=True)
class Side:
    """One article as a request gives it: exactly one of ``text``, ``data``, ``url``
    and ``id``."""

    text: str | None = None
    """Pasted text or HTML."""
    data: bytes | None = None
    """An uploaded file's bytes (text or HTML, gzip or not)."""
    url: str | None = None
    """An http(s) URL to fetch."""
    id: int | None = None
    """An indexed document."""
    name: str | None = None
    """The article's path in every output (an upload's file name, or one given)."""

    def __post_init__(self) -> None:
        given = [x is not None for x in (self.text, self.data, self.url, self.id)]
        if sum(given) != 1:
            raise UsageError("give each article as exactly one of text, a file, a url or "
                             "the id of an indexed document")

    @property
    def indexed(self) -> bool:
        return self.id is not None

    def key(self) -> str:
        """What identifies this article in a result's id."""
        if self.text is not None:
            return "text:" + hashlib.sha256(self.text.encode("utf-8", "surrogatepass")
                                            ).hexdigest()
        if self.data is not None:
            return "data:" + hashlib.sha256(self.data).hexdigest()
        return f"url:{self.url}" if self.url is not None else f"id:{self.id}"


def read_side(side: Side, fetching: FetchOptions, index: Index | None = None,
              label: str | None = None) -> Document:
    """The article of ``side`` as a Document (``index`` for an indexed one)."""
    from ..ingest.normalize import normalize

    name = side.name or label
    if side.text is not None:
        return normalize(side.text, label=name)
    if side.data is not None:
        return normalize(side.data, label=name)
    if side.url is not None:
        from ..ingest.fetch import fetch_document, is_url

        if not is_url(side.url):
            raise UsageError(f"{side.url!r}: not a URL (http:// or https://)")
        return fetch_document(side.url, options=fetching)
    assert side.id is not None and index is not None
    return load(index, side.id)


def load(index: Index, doc_id: int) -> Document:
    """An indexed document (its outlet's learned furniture removed), else 404."""
    try:
        return index.load(doc_id)
    except KeyError:
        raise NotFoundError(f"#{doc_id}: no such document in the index") from None


def held(index: Index, doc_id: int) -> Held:
    try:
        return index.held(doc_id)
    except KeyError:
        raise NotFoundError(f"#{doc_id}: no such document in the index") from None


def compare_sides(a: Side, b: Side, settings: Settings, fetching: FetchOptions,
                  index: Index | None = None) -> Comparison:
    """The comparison of two articles, as ``provcheck compare`` makes it."""
    from ..pipeline import compare

    return compare(read_side(a, fetching, index, "a"), read_side(b, fetching, index, "b"),
                   settings=settings)


@dataclass(frozen=True)
class Policy:
    """When a checked article fails, as ``provcheck check``'s options say."""

    fail_on: str = "rewrite"
    fail_on_divergence: bool = False
    fail_on_reverse: bool = False

    def __post_init__(self) -> None:
        from ..models import DERIVED_RELATIONS

        if self.fail_on not in DERIVED_RELATIONS:
            raise UsageError(f"fail_on {self.fail_on!r}: one of "
                             f"{', '.join(DERIVED_RELATIONS)}")


def check_doc(index: Index, doc: Document, settings: Settings, policy: Policy) -> CheckRun:
    """``provcheck check`` of one new article against the index (not changed): the
    library's own run, so that the server answers as the command does."""
    from ..collection.check import check

    return check(index, [doc], settings=settings, fail_on=policy.fail_on,
                 fail_on_divergence=policy.fail_on_divergence,
                 fail_on_reverse=policy.fail_on_reverse)


def add_doc(index: Index, doc: Document, settings: Settings) -> AddResult:
    """``provcheck index add`` of one article (a no-op when its content is held)."""
    if not doc.path:
        from ..collection.documents import content_hash

        doc = dataclasses.replace(doc, path=f"pasted-{content_hash(doc)[:12]}")
    return index.add(doc, settings.embedder)


def remove_doc(index: Index, doc_id: int) -> Held:
    """Remove one indexed document (404 when not held); returns what it was."""
    gone = held(index, doc_id)
    index.remove_all([doc_id])
    return gone


def held_dict(h: Held) -> dict[str, Any]:
    return {"id": h.id, "path": h.path, "hash": h.hash, "title": h.title, "date": h.date,
            "outlet": h.outlet}


def listing(index: Index, offset: int, limit: int) -> dict[str, Any]:
    """A page of the indexed documents, in the order they were added."""
    if offset < 0 or not 1 <= limit <= 1000:
        raise UsageError("offset from 0, limit from 1 to 1000")
    docs = index.documents()
    return {"total": len(docs), "offset": offset, "limit": limit,
            "documents": [held_dict(h) for h in docs[offset:offset + limit]]}


def document_pairs(index: Index, doc_id: int) -> dict[str, Any]:
    """An indexed document and every comparison the index stored for it (``scan``'s
    pairs), each with the other document."""
    h = held(index, doc_id)
    pairs = []
    for a, b, relation, direction, score in index.pairs():
        if doc_id not in (a, b):
            continue
        other = b if a == doc_id else a
        o = held(index, other)
        result = index.pair_result(a, b) or {}
        pairs.append({"a": a, "b": b, "other": held_dict(o), "relation": relation,
                      "direction": direction, "score": round(score, 4),
                      "reasons": result.get("reasons", [])})
    return {"document": held_dict(h), "pairs": pairs}


def index_report(index: Index, fmt: str, *, all_facts: bool, story: int | None,
                 fast: bool) -> str:
    """``provcheck report --db`` of the index (the pairs ``scan`` stored), rendered in
    ``fmt``: the whole index, or only story ``story`` (its cluster's number)."""
    from ..collection.report import report_from_index
    from ..collection.scan import recorded_settings
    from ..render import render_report

    settings = recorded_settings(index, fast=fast)
    result = report_from_index(index, settings=settings, compare_edges=fmt == "html",
                               all_facts=all_facts, divergences=True)
    if story is not None:
        result = one_story(result, story)
    return render_report(result, fmt)


def one_story(r: Report, k: int) -> Report:
    """The report of story ``k`` alone (its cluster renumbered 0), else 404."""
    if not 0 <= k < len(r.clusters):
        raise NotFoundError(f"story {k}: the report has {len(r.clusters)} stories "
                            f"(0 to {len(r.clusters) - 1})")
    keep = set(r.clusters[k])
    order = [i for i in range(len(r.documents)) if r.id_of(i) in keep]
    ids = tuple(str(r.id_of(i)) for i in order)
    return dataclasses.replace(
        r,
        documents=tuple(r.documents[i] for i in order),
        ids=ids,
        clusters=(r.clusters[k],),
        edges=tuple(e for e in r.edges if e.a in keep),
        fact_table=tuple(dataclasses.replace(row, cluster=0)
                         for row in r.fact_table if row.cluster == k),
        stories=tuple(dataclasses.replace(s, cluster=0)
                      for s in r.stories if s.cluster == k),
    )  # the comparisons stay: the renderer reads only this story's edges
