"""The finding in words: one sentence a reader can quote, the same in every output.

``b, “Title”, is a rewrite of a, Rudaw's “Title” of 2 March 2026 (date from
JSON-LD): 6 facts dropped, 1 fact changed, 1 quotation altered.`` Every renderer (text,
Markdown, HTML, JSON, the report's derivations) takes its sentence and its page titles
from here, so the wording lives in one place. The counts are those of what the output
lists: the divergent facts, the quotations not kept word for word and the copy's
sentences that nothing in the source supports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..language.identify import language_name
from ..language.lexicon import MONTHS
from ..models import Comparison, Document, Fact, FactChange, QuoteCheck, Unsupported
from .summary import plural

if TYPE_CHECKING:
    from ..collection.check_records import Finding
    from ..collection.records import Edge, Report

#: Where a publication date was read, in words (``Document.date_source``).
_DATE_FROM = {
    "json-ld": "the page's JSON-LD",
    "meta": "a meta tag of the page",
    "microdata": "the page's microdata",
    "time": "a <time> element of the page",
    "url": "the page's address",
    "date element": "a date element of the page",
    "date line": "the date line under the headline",
    "wire header": "the wire service's header",
}

#: What the copy is of its source, per derived relation.
_VERBS = {
    "reprint": "is a reprint of",
    "edited": "is an edited copy of",
    "rewrite": "is a rewrite of",
    "partial": "copies part of",
}


def _clean(text: str) -> str:
    return " ".join(text.split())


def _date(iso: str) -> str:
    """``2026-03-02`` as ``2 March 2026`` (any other form as it stands)."""
    parts = iso[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1].capitalize()} {parts[0]}"
    return iso


def file_name(doc: Document, side: str) -> str:
    """The document's file name (its last path part), or ``text a`` with no path."""
    if not doc.path:
        return f"text {side}"
    return PurePath(doc.path).name or doc.path


def short_title(doc: Document, side: str) -> str:
    """A document for a title: ``Iraqi army says ... (Rudaw)``; its title alone without
    an outlet; its file name only when it has no title."""
    name = _clean(doc.title) if doc.title and doc.title.strip() else file_name(doc, side)
    return f"{name} ({_clean(doc.outlet)})" if doc.outlet and doc.outlet.strip() else name


def named(doc: Document, side: str, *, dated: bool = True) -> str:
    """A document in a sentence: ``a, Rudaw's “Title” of 2 March 2026 (date from
    the page's JSON-LD)``; the file name stands for a missing title."""
    title = f"“{_clean(doc.title)}”" if doc.title and doc.title.strip() else file_name(doc, side)
    name = f"{_clean(doc.outlet)}'s {title}" if doc.outlet and doc.outlet.strip() else title
    if dated and doc.date:
        name += f" of {_date(doc.date)}"
        if doc.date_source:
            name += f" (date from {_DATE_FROM.get(doc.date_source, doc.date_source)})"
    return f"{side}, {name}"


def counts(dropped: Sequence[Fact], changed: Sequence[FactChange], added: Sequence[Fact],
           quotes: Sequence[QuoteCheck], unsupported: Sequence[Unsupported]) -> str:
    """What the copy did, counted as the output lists it: ``6 facts dropped, 1 quotation
    altered``; ``nothing diverges`` when nothing is listed."""
    loose = sum(ch.change == "qualified" for ch in changed)
    parts = [f"{plural(n, 'fact')} {what}" for n, what in (
        (len(dropped), "dropped"), (len(changed) - loose, "changed"),
        (len(added), "added"), (loose, "stated less precisely")) if n]
    by_status: dict[str, int] = {}
    for q in quotes:
        if q.status != "verbatim":
            by_status[q.status] = by_status.get(q.status, 0) + 1
    parts += [f"{plural(n, 'quotation')} {status}" for status, n in by_status.items()]
    if unsupported:
        parts.append(f"{plural(len(unsupported), 'sentence')} the source does not support")
    return ", ".join(parts) if parts else "no fact, quotation or claim diverges"


def sentence(relation: str, direction: str, a: Document, b: Document, what: str,
             languages: tuple[str, str] | None = None,
             sides: tuple[str, str] = ("a", "b")) -> str:
    """The finding for ``a`` and ``b`` (``what``: the counts, read from the source, or
    from ``a`` when the direction is unknown); ``languages`` when ``b`` and ``a`` are in
    two languages (a translation); ``sides``: what ``a`` and ``b`` are called."""
    return _sentence(relation, direction, a, b, what, languages, *sides)


def _sentence(relation: str, direction: str, a: Document, b: Document, what: str,
              languages: tuple[str, str] | None, sa: str, sb: str) -> str:
    if relation == "related":
        return (f"{named(a, sa)}, and {named(b, sb)}, report the same story; neither "
                "copies the other.")
    if relation not in _VERBS:
        return (f"{named(a, sa)}, and {named(b, sb)}, are unrelated: neither copies the "
                "other.")
    verb = _VERBS[relation]
    if direction == "unknown":
        one = f"{verb} the other"
        if languages is not None:
            la, lb = (language_name(x) for x in languages)
            one = ("is a translation of the other" if relation == "rewrite"
                   else "translates part of the other") + f" ({la} and {lb})"
        return (f"{named(a, sa)}, and {named(b, sb)}: one {one}; which came first is "
                f"not known (read with {sa} as the source: {what}).")
    source, copy = (a, b) if direction == "a->b" else (b, a)
    s_side, c_side = (sa, sb) if direction == "a->b" else (sb, sa)
    if languages is not None:
        into = language_name(languages[1] if direction == "a->b" else languages[0])
        verb = (f"is a translation into {into} of" if relation == "rewrite"
                else f"translates into {into} part of")
    return f"{named(copy, c_side)}, {verb} {named(source, s_side)}: {what}."


def _counted(c: Comparison) -> str:
    return counts(c.facts.dropped, c.facts.changed, c.facts.added, c.quotes, c.unsupported)


def _languages(c: Comparison) -> tuple[str, str] | None:
    """The two languages of a translation (None: one language)."""
    langs = c.translation.languages if c.translation is not None else None
    return None if langs is None or langs[0] == langs[1] else langs


def of_comparison(c: Comparison) -> str:
    """The finding of a comparison, its counts those its outputs list."""
    return sentence(c.relation, c.direction, c.a, c.b, _counted(c), _languages(c))


def of_check(f: Finding, new: str) -> str:
    """A finding of ``provcheck check`` in words: which article copies which, each named
    by its path, then by outlet, title and stated date, and what the copy dropped,
    changed or added (``new``: the checked article's path; the comparison's ``a`` is
    the indexed article, or the earlier one of the same check)."""
    c = f.comparison
    if c is None:  # the same content: no comparison was needed
        source, copy = (f.path, new) if f.direction != "b->a" else (new, f.path)
        return f"{copy} is a reprint of {source}: the same text, word for word."
    return sentence(f.relation, f.direction, c.a, c.b, _counted(c), _languages(c),
                    sides=(f.path, new))


def page_title(c: Comparison) -> str:
    """A comparison page's title, from the articles' outlets and titles."""
    return f"{short_title(c.a, 'a')} and {short_title(c.b, 'b')}"


def of_edge(e: Edge, docs: Mapping[str, Document],
            sides: tuple[str, str] = ("a", "b")) -> str:
    """The finding of a report's derivation (``a`` its source when the direction is
    known), its counts those the report lists under it; ``docs``: the documents by id;
    ``sides``: what the edge's ``a`` and ``b`` are called (the report's labels)."""
    d = e.divergences
    what = counts(d.dropped, d.changed, d.added, d.quotes, d.unsupported)
    a = docs.get(e.a) or Document(e.a, None, None, None, None, None, None, ())
    b = docs.get(e.b) or Document(e.b, None, None, None, None, None, None, ())
    return sentence(e.relation, e.direction, a, b, what, sides=sides)


def documents_by_id(r: Report) -> dict[str, Document]:
    """A report's documents by the ids its edges name."""
    return {r.id_of(k) or f"doc{k + 1}": d for k, d in enumerate(r.documents)}


def report_title(r: Report) -> str:
    """A report's title, from its articles: the first story's root source (the first
    article without a story of several) by title and outlet, and how many more."""
    docs = documents_by_id(r)
    first = next((s.root for k, s in enumerate(r.stories)
                  if k < len(r.clusters) and len(r.clusters[k]) > 1 and s.root in docs), None)
    ids = list(docs)
    lead = first if first is not None else (ids[0] if ids else None)
    if lead is None:
        return "Provenance report: no article"
    more = len(ids) - 1
    tail = f" and {plural(more, 'other article')}" if more else ""
    return f"Provenance report: {short_title(docs[lead], lead)}{tail}"
