"""``provcheck check``: is a new article an independent source, or a copy of one held?

For each new document: its content hash against the index (the same content is a
reprint), the index's learned outlet furniture removed, candidates from the lexical
shingles, the document vectors and the shared word 3-grams (the scan's rule:
:func:`_candidates`), then the full comparison (alignment, verdict, facts) with each
candidate, the indexed document as ``a`` and the new one as ``b``.

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

A new version of an indexed article (the same path, or the same canonical URL, with
other content) is an **update** of it, never a copy: what changed between the
versions is told (:class:`Update`), and the new version is compared with the rest of
the index. An exact copy of an earlier version of an indexed path names that version.

The articles of one run are checked **as a whole**: each against the index as it was
when the run began and against the articles before it in the run, so the result is
the same with or without ``--add`` (which indexes the passing ones once all are
checked, under the index's writer lock). What is not an article (empty, under the
verdict's evidence rule, data) is skipped and never indexed.

Every readable input is checked, whatever the others hold: :func:`read_new` reads
each argument on its own and hands back the unreadable ones with their reasons, and
:attr:`CheckRun.exit_code` ranks the outcome of the run (an unusable index, exit 4,
is raised before anything is checked)::

    3  an input named on the command line could not be read (the others were checked)
    1  an article fails (see above)
    0  every article passed
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..calibration import Calibration
from ..errors import EmptyInputError, InputError
from ..models import DERIVED_RELATIONS, Comparison, Document
from ..verdict.settings import Settings
from .articles import Articles, not_an_article, raw_text
from .check_records import (
    CheckResult,
    CheckRun,
    Dates,
    DirectionBy,
    Finding,
    Status,
    Unreadable,
    Update,
    utc,
)
from .documents import content_hash, kept_shingles, outlet_counts, paragraph_key
from .index import Index
from .rows import Held, Version
from .store import store_error

if TYPE_CHECKING:
    import numpy as np

    from ..ingest.fetch import FetchOptions
    from ..verdict.similarity import Embedder
    from .records import Progress

__all__ = ["CheckResult", "CheckRun", "Dates", "DirectionBy", "Finding", "Status",
           "Unreadable", "Update", "arrival_order", "check", "check_document",
           "level_fails", "read_new", "stated_first"]

def read_new(
    paths: Sequence[str],
    *,
    urls: Sequence[str] = (),
    fetching: FetchOptions | None = None,
    on_skip: Callable[[str, InputError], None] | None = None,
    progress: Progress | None = None,
    empty: list[Unreadable] | None = None,
) -> tuple[list[Document], list[Unreadable]]:
    """The new articles: every readable one, and the unreadable ones named on the
    command line with their reasons (files found in folders are skipped as for every
    command: :class:`provcheck.collection.Articles`). A file named or found twice is
    read once. URLs, named or in ``urls`` (a list file's), are fetched first, a few at
    a time (``progress`` counts them); every one that cannot be fetched is unreadable,
    named by its URL without credentials. With ``empty``, a file that holds no article
    text (an empty file, a ``.gitkeep``, HTML with no article) goes there, not among
    the unreadable: it is no article, and no failure."""
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
        except EmptyInputError as exc:
            (empty if empty is not None else unreadable).append((arg, exc.reason(arg)))
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
    return utc(float(row[0]))


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


@dataclass(frozen=True)
class Policy:
    """When a finding fails the new article (``check``'s options)."""

    fail_on: str = "rewrite"
    fail_on_divergence: bool = False
    fail_on_reverse: bool = False


@dataclass(frozen=True)
class Peer:
    """An earlier article of the same check, as the later ones are compared with it."""

    doc: Document
    """With the index's outlet furniture removed."""
    hash: str
    shingles: frozenset[int]
    vector: np.ndarray | None


def _judged(c: Comparison, dates: Dates, settings: Settings, policy: Policy,
            held: tuple[int, str], *, peer: bool, line: int | None) -> Finding:
    """A finding from a comparison of a held (or earlier) article ``a`` with the new
    one ``b``: arrival order weighed, then the policy."""
    c, by = arrival_order(c, dates, settings)
    copies = c.direction in ("a->b", "unknown") or policy.fail_on_reverse
    fails = copies and level_fails(c.relation, policy.fail_on)
    divergent = any(ch.change in ("value", "role") for ch in c.facts.changed)
    return Finding(held[0], held[1], c, c.relation, c.direction, c.score,
                   fails or (policy.fail_on_divergence and divergent), divergent, dates, by,
                   peer=peer, line=line)


def _exact(held: tuple[int, str], dates: Dates, policy: Policy, *, peer: bool = False,
           version: Version | None = None) -> Finding:
    """A finding for the same text (same content hash) held at another path."""
    first = stated_first(dates)
    copies = not first or policy.fail_on_reverse
    return Finding(held[0], held[1], None, "reprint", "b->a" if first else "a->b", 1.0,
                   copies and level_fails("reprint", policy.fail_on), False, dates,
                   "stated date" if first else "arrival order", peer=peer, version=version,
                   line=1)


def _line(c: Comparison, text: str | None) -> int | None:
    """The line of the new file (``b``, decoded as ``text``) where the first passage
    aligned with the other article starts."""
    if text is None:
        return None
    aligned = {pid for al in c.alignments for pid in al.b}
    starts = [p.start for p in c.b.paragraphs if p.id in aligned and p.start is not None]
    return text.count("\n", 0, min(starts)) + 1 if starts else None


def _copy_of_version(index: Index, doc: Document, h: str, path: str, policy: Policy,
                     source: str | None) -> Finding | None:
    """An exact copy of an earlier version of an indexed path (its text replaced since):
    told with the version it was taken from."""
    v = index.version_of(h)
    if v is None or v.path == path:
        return None
    current = next(iter(index.by_path(v.path)), None)
    if current is None:
        return None
    dates = Dates(doc.date, source, None, None, utc(v.added))
    return _exact((current.id, current.path), dates, policy, version=v)


def _update(index: Index, older: Held, doc: Document, settings: Settings) -> Update:
    """What changed between the version held and the new one (compared as ``a``, ``b``)."""
    from ..pipeline import compare

    held = index.version_of(older.hash)
    return Update(older.id, older.path, older.hash, (held.of if held else 1) + 1,
                  compare(index.load(older.id), doc, settings=settings))


def _peer_findings(doc: Document, me: Peer, peers: Sequence[Peer], settings: Settings,
                   policy: Policy, text: str | None, source: str | None) -> list[Finding]:
    """``doc`` compared with the earlier articles of the same check that it may share
    text with (the index's candidate rule: ``min_shared`` kept shingles, or a document
    cosine of ``semantic_min``); the earlier one is the source unless a date ``doc``
    states puts it first."""
    from ..pipeline import compare

    cal = settings.calibration
    need = cal.min_shared if len(me.shingles) >= 8 else 1
    out = []
    for p in peers:
        path = p.doc.path or "-"
        dates = Dates(doc.date, source, p.doc.date,
                      p.doc.date_source if p.doc.date else None, None)
        if p.hash == me.hash:
            out.append(_exact((0, path), dates, policy, peer=True))
            continue
        near = len(me.shingles & p.shingles) >= need
        if not near and me.vector is not None and p.vector is not None:
            near = float(me.vector @ p.vector) >= cal.semantic_min
        if not near:
            continue
        c = compare(p.doc, doc, settings=settings, facts="related")
        if c.relation != "unrelated":
            out.append(_judged(_earlier_first(c, settings), dates, settings, policy,
                               (0, path), peer=True, line=_line(c, text)))
    return out


def _earlier_first(c: Comparison, settings: Settings) -> Comparison:
    """A derivation between two articles of one check whose texts leave the direction
    unknown: the one listed first (``a``) is taken as the source, as an indexed
    article is (arrival order), with a reason saying so."""
    if c.direction != "unknown" or c.relation not in DERIVED_RELATIONS:
        return c
    reason = ("arrival order: a comes before b in this check and the texts do not tell "
              "which is the source: a is taken as the source")
    verdict = dataclasses.replace(c.verdict, direction="a->b",
                                  reasons=(*c.verdict.reasons, reason))
    c = dataclasses.replace(c, verdict=verdict)
    return c if c.source_side == "a" else _read_from_a(c, settings)


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
    peers: Sequence[Peer] = (),
    text: str | None = None,
) -> CheckResult:
    """Check one new document against the index (the index is not changed) and, with
    ``peers``, against the articles before it in the same check (:func:`check`).

    ``settings`` (default: from ``fast`` and ``embedder``) carries the mode, the
    calibration and the model of the comparisons. A derivation whose direction is
    unknown counts as a copy of the indexed article; one in the other direction (the
    indexed article derives from the new one) fails only with ``fail_on_reverse``, and
    is read so only when a date the new article states puts it first
    (:func:`arrival_order`). A new version of an indexed article (same path or
    canonical URL, other content) is an update of it, with what changed
    (:class:`Update`), and is compared with the rest of the index. ``text``: the new
    file as decoded, for the line each finding starts at.
    """
    settings = settings or Settings.of(fast=fast, embedder=None if fast else embedder)
    policy = Policy(fail_on, fail_on_divergence, fail_on_reverse)
    path = doc.path or "-"
    source = doc.date_source if doc.date else None
    h = content_hash(doc)
    held = index.by_hash(h)
    if held is not None:
        if held.path == path:
            return CheckResult(path, "held", added_as=held.id, date=doc.date,
                               date_source=source)
        dates = Dates(doc.date, source, held.date, None, _added(index, held.id))
        finding = _exact((held.id, held.path), dates, policy)
        return CheckResult(path, "fail" if finding.fails else "pass", (finding,),
                           date=doc.date, date_source=source)
    old_copy = _copy_of_version(index, doc, h, path, policy, source)
    older = index.previous_version(doc)
    doc, joined = (index.strip_furniture(doc), frozenset()) if older else _as_held(index, doc)
    update = _update(index, older, doc, settings) if older is not None else None
    findings = [old_copy] if old_copy is not None else []
    # the version held now: told as the update, or as the version the copy was taken from
    skip = [f.id for f in (older, old_copy) if f is not None]
    for cand_id, other in _candidates(index, doc, settings, skip, joined):
        from ..pipeline import compare  # on first use: an article with no candidate is quick

        # an unrelated candidate is dropped: its facts are never read
        c = compare(other, doc, settings=settings, facts="related")
        if c.relation == "unrelated":
            continue
        dates = Dates(doc.date, source, other.date,
                      other.date_source if other.date else None, _added(index, cand_id))
        findings.append(_judged(c, dates, settings, policy,
                                (cand_id, index.held(cand_id).path), peer=False,
                                line=_line(c, text)))
    if peers:
        me = peer_of(index, doc, settings, stripped=True)
        findings += _peer_findings(doc, me, peers, settings, policy, text, source)
    if older is not None:
        findings = _held_before(index, older, findings, settings, policy)
    findings.sort(key=lambda f: (not f.fails, -f.score))
    failed = any(f.fails for f in findings)
    status: Status = "fail" if failed else "update" if update is not None else "pass"
    return CheckResult(path, status, tuple(findings), date=doc.date, date_source=source,
                       update=update)


def _furniture(doc: Document, keys: Container[int], cal: Calibration) -> Document:
    """``doc`` without the paragraphs whose keys are ``keys`` (the one furniture rule)."""
    from ..ingest.boilerplate import remove_outlet_furniture

    return remove_outlet_furniture(doc, lambda p: paragraph_key(p) in keys,
                                   f"recurs in indexed articles of {doc.outlet}",
                                   cal.max_furniture_share)


def _as_held(index: Index, doc: Document) -> tuple[Document, frozenset[int]]:
    """``doc`` without its outlet's furniture as the index would learn it once it holds
    ``doc`` (what ``scan`` and ``report`` count: a paragraph that ``outlet_repeats``
    articles of one outlet hold, this one among them), and the paragraphs that become
    furniture only with ``doc``: they are removed from the indexed articles of its
    outlet it is compared with (after what the index learned, each within the
    ``max_furniture_share`` guard), as a scan of both would read them."""
    if not doc.outlet:
        return doc, frozenset()
    keys = sorted({paragraph_key(p) for p in doc.paragraphs})
    try:
        counts = outlet_counts(index.db, doc.outlet.lower(), keys)
    except sqlite3.DatabaseError as exc:
        raise store_error(index.path, exc) from None
    repeats = index.calibration.outlet_repeats
    learned = {k for k, n in counts.items() if n + 1 >= repeats}
    joined = frozenset(k for k, n in counts.items() if n + 1 == repeats)
    return _furniture(doc, learned, index.calibration), joined


def _candidates(index: Index, doc: Document, settings: Settings, skip: list[int],
                joined: frozenset[int] = frozenset()) -> Iterator[tuple[int, Document]]:
    """The indexed documents ``doc`` is compared with in full, loaded: the index's
    candidates (shared sampled 5-gram shingles, document vectors), those sharing word
    3-grams by the scan's rule (:func:`provcheck.collection.shared_text.shared_text_in_index`)
    and, in other languages, those the multilingual model finds close. A document
    found only by shared 3-grams whose reuse either way is under ``min_own_reuse``
    cannot be derived (the scan's pre-filter,
    :func:`provcheck.collection.scan_task.prefilter`): it is compared only when it is
    on the same story (:func:`provcheck.verdict.story.judge`), which the scan stores
    as related, so that ``check`` tells of the pair what the scan does."""
    from .candidates import translated_in_index
    from .shared_text import shared_text_in_index

    cal = settings.calibration
    outlet = (doc.outlet or "").lower()

    def load(cand_id: int) -> Document:
        other = index.load(cand_id)
        same = joined and outlet and (other.outlet or "").lower() == outlet
        return _furniture(other, joined, index.calibration) if same else other

    cands = [c.id for c in index.candidates(doc, settings.embedder, exclude=skip,
                                            calibration=cal)]
    for cand_id in cands:
        yield cand_id, load(cand_id)
    shared = shared_text_in_index(index, doc, cal, exclude=[*skip, *cands])
    for cand_id in shared:
        from ..verdict.story import judge
        from .scan_task import prefilter  # with the pipeline, on first use

        other = load(cand_id)
        if not prefilter(other, doc, cal) or judge(other, doc, cal).same:
            yield cand_id, other
    # a translation shares no word: indexed articles in other languages, by the model
    for cand_id in translated_in_index(index, doc, settings, exclude=[*skip, *cands, *shared]):
        yield cand_id, load(cand_id)


def _held_before(index: Index, older: Held, findings: list[Finding], settings: Settings,
                 policy: Policy) -> list[Finding]:
    """The findings of a new version, those the version held shares too at a failing
    level (or more) no longer failing: what the archive held before is not the update's
    doing (a wire story's instalments copy each other). Only failing findings against
    indexed articles are compared again, the held version with the indexed one."""
    from ..pipeline import compare

    held = index.load(older.id)
    out = []
    for found in findings:
        f = found
        if f.fails and not f.peer and f.comparison is not None:
            before = compare(index.load(f.id), held, settings=settings)
            copied = before.direction in ("a->b", "unknown") or policy.fail_on_reverse
            if copied and level_fails(before.relation, policy.fail_on):
                f = dataclasses.replace(f, fails=False, held_before=True)
        out.append(f)
    return out


def peer_of(index: Index, doc: Document, settings: Settings, *,
            stripped: bool = False) -> Peer:
    """``doc`` as a later article of the same check is compared with it."""
    import numpy as np

    if not stripped:
        doc = index.strip_furniture(doc)
    vec = None
    if settings.embedder is not None:
        v = settings.embedder.encode([doc.body])[0].astype(np.float32)
        norm = float(np.linalg.norm(v))
        vec = v / norm if norm else v
    return Peer(doc, content_hash(doc), frozenset(kept_shingles(doc, index.calibration)), vec)


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
    skipped: Sequence[Unreadable] = (),
) -> CheckRun:
    """Check new documents, against the index and against each other; with ``add``,
    index those that passed (and the new versions) once all are checked.

    The result is the same with or without ``add``: every article is checked against
    the index as it was when the run began and against the articles before it in
    ``docs`` (the second of two near-copies is named as copying the first). With
    ``add`` the run holds the index's writer lock from the first check to the last
    write, so that two runs cannot both miss each other's articles. What is not an
    article (:func:`provcheck.collection.articles.not_an_article`) is skipped, listed
    in ``skipped`` with ``skipped`` given (empty files: :func:`read_new`), never
    indexed. ``settings`` (default: from ``fast`` and ``embedder``) are those of the
    comparisons; ``embedder`` (default: the settings') computes the vectors of the
    documents added. ``unreadable`` (from :func:`read_new`) is carried into the run.
    """
    settings = settings or Settings.of(fast=fast, embedder=None if fast else embedder)
    vectors = embedder if embedder is not None else settings.embedder
    out_skipped = list(skipped)
    with index.writer_lock() if add else contextlib.nullcontext():
        size = index.count()
        kept: list[Document] = []
        results: list[CheckResult] = []
        peers: list[Peer] = []
        for k, doc in enumerate(docs):
            text = raw_text(doc)
            why = not_an_article(doc, settings.calibration, text)
            if why is not None:
                out_skipped.append((doc.path or "-", why))
            else:
                r = check_document(index, doc, settings=settings, peers=peers, text=text,
                                   fail_on=fail_on, fail_on_divergence=fail_on_divergence,
                                   fail_on_reverse=fail_on_reverse)
                kept.append(doc)
                results.append(r)
                if k < len(docs) - 1:  # the last one is no later article's peer
                    peers.append(peer_of(index, doc, settings))
            if progress:
                progress(k + 1, len(docs))
        if add:
            results = _add_passed(index, kept, results, vectors)
    results = [dataclasses.replace(r, fetched=d.fetched) if d.fetched is not None else r
               for d, r in zip(kept, results, strict=True)]
    return CheckRun(tuple(results), fail_on, fail_on_divergence, str(index.path), size,
                    unreadable=tuple(unreadable), skipped=tuple(out_skipped))


def _add_passed(index: Index, docs: list[Document], results: list[CheckResult],
                vectors: Embedder | None) -> list[CheckResult]:
    """Index the articles that passed and the new versions, after every check."""
    wanted = [k for k, r in enumerate(results) if r.status in ("pass", "update")]
    added = index.add_all([docs[k] for k in wanted], vectors)
    out = list(results)
    for k, a in zip(wanted, added, strict=True):
        out[k] = dataclasses.replace(out[k], added_as=a.id)
    return out
