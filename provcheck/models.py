"""Frozen records that flow through the pipeline.

``Document -> Paragraph -> Alignment -> Verdict / FactDiff -> Comparison``; the
renderers read a ``Comparison`` (compare, normalize) or the report's records
(:mod:`provcheck.collection.records`).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args

_T = TypeVar("_T")

SCHEMA_VERSION = "1.5"
#: Documents up to this many words keep their word n-gram sets in ``Document.memo``; a
#: longer one is measured in integer arrays for each comparison (a tenth of the memory):
#: a memory bound, not a tuned number.
MEMO_WORDS = 50_000

Relation = Literal["reprint", "edited", "rewrite", "partial", "related", "unrelated"]
Direction = Literal["a->b", "b->a", "unknown"]
AlignmentKind = Literal["identical", "edited", "paraphrase"]
DiffOp = Literal["=", "-", "+"]
FactKind = Literal[
    "quantity", "money", "percent", "distance", "date", "number", "name", "attribution"
]
Side = Literal["a", "b"]
QuoteStatus = Literal["verbatim", "altered", "paraphrased", "dropped", "added", "misattributed"]
ChangeKind = Literal["value", "hedge", "moved", "qualified", "role"]

#: Every relation, most copied first: the one ordered list of levels (the CLI's
#: ``--fail-on`` choices, config validation and the classifier derive from it).
RELATIONS: tuple[Relation, ...] = get_args(Relation)
#: Relations that mean one side derives from the other, most copied first.
DERIVED_RELATIONS: tuple[Relation, ...] = RELATIONS[: RELATIONS.index("partial") + 1]


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph of a document."""

    id: str
    """Stable id inside its document: ``p1``, ``p2``, ..."""
    text: str
    """The original wording, for display (line breaks of hard-wrapped copy re-joined)."""
    canon: str
    """Canonical form used for matching (NFKC, quotes and dashes folded, spaces collapsed)."""
    start: int | None
    """Character offset of the paragraph in the decoded input, when it can be located."""
    end: int | None
    """End offset (exclusive) in the decoded input, when it can be located."""


@dataclass(frozen=True)
class Boilerplate:
    """A block that normalisation removed, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Fetched:
    """A fetched page: what was asked, what answered, and the body as received."""

    url: str
    """The URL asked for (credentials stripped)."""
    final_url: str
    """The URL after redirects (credentials stripped)."""
    status: int
    headers: Mapping[str, str] = field(repr=False)
    fetched_at: str
    """When the body was received, ISO 8601 UTC (``2025-01-31T12:00:00Z``)."""
    sha256: str
    """Hex SHA-256 of ``body``."""
    body: bytes = field(repr=False)
    """The body after content decoding (gzip, deflate), before charset decoding."""
    content_type: str
    """The media type without parameters (``text/html``); empty when none was sent."""
    charset: str
    """The codec the body decodes with (header, then document, then detection)."""

    def text(self) -> str:
        """The body decoded with :attr:`charset`."""
        text = self.body.decode(self.charset)
        return text[1:] if text.startswith("\ufeff") else text


@dataclass(frozen=True)
class Fetch:
    """How a document fetched from the web was obtained: enough to cite and replay it."""

    url: str
    """The URL asked for (credentials stripped)."""
    final_url: str
    """The URL that answered, after redirects."""
    status: int
    fetched_at: str
    """When the page was received, ISO 8601 UTC."""
    sha256: str
    """Hex SHA-256 of the body as received (after content decoding): the snapshot's hash."""
    snapshot: str | None = None
    """The WARC file the page was kept in, when it was kept."""

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "final_url": self.final_url, "status": self.status,
                "fetched_at": self.fetched_at, "sha256": self.sha256,
                "snapshot": self.snapshot}


@dataclass(frozen=True)
class Document:
    """An article after normalisation."""

    path: str | None
    """Where it was read from (``-`` for stdin, ``None`` for in-memory content)."""
    title: str | None
    date: str | None
    """Publication date as ISO ``YYYY-MM-DD`` when found."""
    outlet: str | None
    author: str | None
    url: str | None
    dateline: str | None
    paragraphs: tuple[Paragraph, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    source_format: Literal["text", "html"] = "text"
    encoding: str = "utf-8"
    modified: str | None = None
    """Last modification date as ISO ``YYYY-MM-DD``, when the page states one."""
    fetched: Fetch | None = None
    """How the page was fetched, for a document read from a URL."""
    date_source: str | None = None
    """Where the publication date is stated (``None`` when there is no date, or it was
    given without one): ``json-ld``, ``meta``, ``microdata``, ``time``, ``url``,
    ``date element`` (a page's date stamp), ``date line`` (a line of the copy that is
    only a date), ``wire header`` (:data:`provcheck.ingest.pagemeta.DATE_SOURCES`). A date
    found only in the body text is never a publication date."""
    language: str | None = None
    """The language the body is written in (:func:`provcheck.language.identify.identify`:
    ``en``, ``ar``, ``ckb``, ``kmr``, ``tr``, ``fa`` or ``und``); ``None`` for a document
    built without normalisation."""

    def __repr__(self) -> str:
        n = len(self.paragraphs)
        return (f"<Document {_label(self)!r}, {n} paragraph{'' if n == 1 else 's'}, "
                f"{self.language or 'language unknown'}>")

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """Per-document scratch for what the stages derive from the document alone
        (sentences, sentence vectors, n-gram sets, quotations): computed once per
        Document object, however many comparisons it takes part in. Not a field: it is
        neither compared nor serialised. Read it through :meth:`remember`."""
        return {}

    def remember(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """What ``make()`` derives from this document alone, made once per Document
        object and ``key`` (the key names the stage and whatever else the value depends
        on: a model, a calibration, an n)."""
        if key not in self.memo:
            self.memo[key] = make()
        found: _T = self.memo[key]
        return found

    @functools.cached_property
    def body(self) -> str:
        """The canonical body text: paragraphs' canonical forms joined by spaces."""
        return " ".join(p.canon for p in self.paragraphs)

    @functools.cached_property
    def _by_id(self) -> dict[str, Paragraph]:
        return {p.id: p for p in self.paragraphs}

    def paragraph(self, pid: str) -> Paragraph:
        """Return the paragraph with id ``pid`` (``KeyError`` when there is none)."""
        return self._by_id[pid]

    @functools.cached_property
    def _order(self) -> dict[str, int]:
        return {p.id: k for k, p in enumerate(self.paragraphs)}

    def position(self, pid: str) -> int:
        """Where paragraph ``pid`` stands in the document (0 for the first)."""
        return self._order[pid]

    def to_dict(self, *, offsets: bool = False) -> dict[str, Any]:
        """The JSON form used inside a comparison (``offsets`` adds spans and metadata)."""
        paras: list[dict[str, Any]] = []
        for p in self.paragraphs:
            item: dict[str, Any] = {"id": p.id, "text": p.text}
            if offsets:
                item["start"] = p.start
                item["end"] = p.end
            paras.append(item)
        out: dict[str, Any] = {
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "date_source": self.date_source,
            "modified": self.modified,
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "fetched": self.fetched.to_dict() if self.fetched else None,
            "language": self.language,
            "paragraphs": paras,
        }
        if offsets:
            out.update(
                {
                    "dateline": self.dateline,
                    "format": self.source_format,
                    "encoding": self.encoding,
                    "boilerplate": [
                        {"text": b.text, "reason": b.reason} for b in self.boilerplate
                    ],
                }
            )
        return out


@dataclass(frozen=True)
class DiffPiece:
    """One run of a word-level diff: kept (``=``), only in a (``-``), only in b (``+``)."""

    op: DiffOp
    text: str


@dataclass(frozen=True)
class Alignment:
    """A group of paragraphs of a matched with a group of paragraphs of b."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    kind: AlignmentKind
    similarity: float
    """Combined similarity in [0, 1]."""
    lexical: float
    """Word-overlap evidence in [0, 1]."""
    semantic: float | None
    """Embedding cosine in [0, 1]; ``None`` in lexical-only (``fast``) mode."""
    diff: tuple[DiffPiece, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": list(self.a),
            "b": list(self.b),
            "kind": self.kind,
            "similarity": round(self.similarity, 4),
            "evidence": {
                "lexical": round(self.lexical, 4),
                "semantic": None if self.semantic is None else round(self.semantic, 4),
            },
            "diff": [[d.op, d.text] for d in self.diff],
        }


@dataclass(frozen=True)
class Fact:
    """One checkable statement found in a paragraph."""

    kind: FactKind
    text: str
    """The surface text, as found in the paragraph's canonical form."""
    value: str
    """Normalised value: a number (``2500``), an ISO date (``2025-09``), a name's group key."""
    about: str | None
    """What a number counts (``troops``), or the outlet an attribution credits."""
    hedge: str | None
    """``around``, ``at least``, ... for numbers; ``by``, ``in``, ``the end of`` for dates."""
    paragraph: str
    span: tuple[int, int]
    """Character span in the paragraph's canonical text."""
    side: Side | None = None
    """Which document of a comparison the fact comes from (set when diffing)."""
    context: tuple[str, ...] = ()
    """Content words next to the fact in its sentence: what binds it to a subject."""
    subject: str | None = None
    """The named person or thing the fact is stated of, as written ("Lisa Taylor Lloyd"
    for "Lisa Taylor Lloyd, 27," and "Taylor Lloyd was fined £1,000"): from its clause,
    a "respectively" list, or the last named subject before a pronoun."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "about": self.about,
            "hedge": self.hedge,
            "paragraph": self.paragraph,
            "side": self.side,
            "span": list(self.span),
            "subject": self.subject,
        }


@dataclass(frozen=True)
class FactChange:
    """A fact whose subject is on both sides with a different value, hedge or binding."""

    a: Fact
    b: Fact
    change: ChangeKind
    """``value`` (2,500 -> 2,000), ``hedge`` (around 2,500 -> 2,500; "in" a month ->
    "by" that month), ``moved`` (the same number or name now tied to another subject),
    ``qualified`` (stated less precisely) or ``role`` (two named subjects swapped their
    roles: "A beat B" / "B beat A", two people's fines exchanged)."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.a.kind, "change": self.change, "a": self.a.to_dict(),
                "b": self.b.to_dict()}


@dataclass(frozen=True)
class FactDiff:
    """Facts that diverge between two documents, rolled up from aligned paragraph pairs."""

    dropped: tuple[Fact, ...] = ()
    """In the source, absent from the copy."""
    added: tuple[Fact, ...] = ()
    """In the copy, absent from the source."""
    changed: tuple[FactChange, ...] = ()

    @property
    def count(self) -> int:
        """How many divergences: ``len(diff)`` says the same."""
        return len(self.dropped) + len(self.added) + len(self.changed)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Fact | FactChange]:
        """Every divergence: the dropped facts, the added ones, then the changes."""
        yield from self.dropped
        yield from self.added
        yield from self.changed

    def __repr__(self) -> str:
        return (f"FactDiff(dropped={len(self.dropped)}, added={len(self.added)}, "
                f"changed={len(self.changed)})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "dropped": [f.to_dict() for f in self.dropped],
            "added": [f.to_dict() for f in self.added],
            "changed": [c.to_dict() for c in self.changed],
        }


@dataclass(frozen=True)
class Quote:
    """A quotation in one document, joined across "he said" interruptions."""

    text: str
    speaker: str | None
    """Who is quoted, as named (pronouns resolved to the last named speaker)."""
    paragraph: str
    span: tuple[int, int]
    """Span in the paragraph's **canonical** text (``Paragraph.canon``, not the original
    ``Paragraph.text``), from the first to the last quote mark."""
    parts: tuple[tuple[int, int], ...] = ()
    """Span of each quoted run in the paragraph's canonical text, marks left out:
    ``text == " … ".join(canon[s:e] for s, e in parts)``. Several runs where the
    quotation was joined across an attribution (``"...," he said. "..."``)."""


@dataclass(frozen=True)
class QuoteCheck:
    """How a quotation fared between source and copy."""

    status: QuoteStatus
    a: Quote | None
    b: Quote | None
    diff: tuple[DiffPiece, ...] = ()
    """Word diff of the wording (``altered`` and ``misattributed`` quotations)."""

    @property
    def text(self) -> str:
        q = self.a or self.b
        assert q is not None
        return q.text

    @property
    def speaker(self) -> str | None:
        if self.a and self.a.speaker:
            return self.a.speaker
        return self.b.speaker if self.b else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "status": self.status,
            "speaker": self.speaker,
            "a": self.a.text if self.a else None,
            "b": self.b.text if self.b else None,
            "speakers": {
                "a": self.a.speaker if self.a else None,
                "b": self.b.speaker if self.b else None,
            },
            "paragraphs": {
                "a": self.a.paragraph if self.a else None,
                "b": self.b.paragraph if self.b else None,
            },
            "diff": [[d.op, d.text] for d in self.diff],
            "spans": {
                "a": [list(p) for p in self.a.parts] if self.a else None,
                "b": [list(p) for p in self.b.parts] if self.b else None,
            },
        }


@dataclass(frozen=True)
class Unsupported:
    """A sentence of the copy that no sentence of the source supports."""

    side: Side
    paragraph: str
    sentence: str
    claims: tuple[str, ...]
    """The unsupported claims, each exactly as the sentence words it (punctuation
    kept): neighbouring unsupported clauses form one claim, and a sentence whose every
    clause is unsupported is one claim, the sentence itself. Print several with
    ``" … "`` between them, never joined into one string of their own."""
    support: float
    """Best similarity of those clauses to any source sentence, in [0, 1]."""
    span: tuple[int, int] | None = None
    """Span of the sentence in its paragraph's **canonical** text (``Paragraph.canon``;
    not the original ``Paragraph.text``, whose offsets differ where quotes, dashes or
    spaces were folded); ``None`` where the sentence could not be located."""
    claim_spans: tuple[tuple[int, int], ...] = ()
    """Span of each claim in the paragraph's canonical text, as ``span``: ``claims[i] ==
    paragraph.canon[start:end]``. Empty where the sentence could not be located."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "claims": list(self.claims),
            "support": round(self.support, 4),
            "span": list(self.span) if self.span else None,
            "claim_spans": [list(s) for s in self.claim_spans],
        }


@dataclass(frozen=True)
class Verdict:
    """What the comparison concludes."""

    relation: Relation
    direction: Direction
    score: float
    """Strength of derivation in [0, 1]: 1 for a verbatim copy, near 0 for unrelated texts."""
    reasons: tuple[str, ...]
    evidence: dict[str, float] = field(default_factory=dict)
    """The measured features the verdict was decided from."""

    @property
    def derived(self) -> bool:
        return self.relation in DERIVED_RELATIONS


@dataclass(frozen=True)
class Translation:
    """Reuse across two languages: paragraphs of one linked to their translation in the
    other by the multilingual model (:mod:`provcheck.verdict.crosslingual`)."""

    languages: tuple[str, str]
    """The language of a and of b."""
    linked: int
    """Paragraph pairs linked across the languages."""
    paragraphs: tuple[int, int]
    """Paragraphs of a and of b."""
    model: str
    """The multilingual model that linked them."""

    def to_dict(self) -> dict[str, Any]:
        return {"languages": {"a": self.languages[0], "b": self.languages[1]},
                "paragraphs": {"linked": self.linked, "a": self.paragraphs[0],
                               "b": self.paragraphs[1]},
                "model": self.model}


@dataclass(frozen=True)
class Comparison:
    """The full result of comparing two documents."""

    a: Document
    b: Document
    alignments: tuple[Alignment, ...]
    unmatched_a: tuple[str, ...]
    unmatched_b: tuple[str, ...]
    verdict: Verdict
    mode: Literal["semantic", "fast"] = "semantic"
    facts: FactDiff = field(default_factory=FactDiff)
    quotes: tuple[QuoteCheck, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()
    source_side: Side = "a"
    """The side the facts, quotations and support were read as the source (decided
    once by the pipeline: ``b`` when the direction is ``b->a``, else ``a``)."""
    translation: Translation | None = None
    """Set when the verdict was found across two languages (a translation)."""

    @property
    def relation(self) -> Relation:
        return self.verdict.relation

    @property
    def direction(self) -> Direction:
        return self.verdict.direction

    @property
    def score(self) -> float:
        return self.verdict.score

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.verdict.reasons

    def __repr__(self) -> str:
        return (f"<Comparison {_label(self.a)!r} / {_label(self.b)!r}: {self.relation}, "
                f"{self.direction}, score {self.score:.2f}, {self.facts.count} divergent "
                f"facts, {len(self.quotes)} quotations>")

    def _repr_html_(self) -> str:
        """A notebook's view: the finding, its reasons and the divergent facts (the full
        page is ``provcheck compare --format html``)."""
        listed = [*(("dropped", f.text) for f in self.facts.dropped),
                  *(("added", f.text) for f in self.facts.added),
                  *((f"changed ({c.change})", f"{c.a.text} -> {c.b.text}")
                    for c in self.facts.changed)]
        rows = "".join(f"<tr><td>{_esc(status)}</td><td>{_esc(text)}</td></tr>"
                       for status, text in listed)
        facts = (f"<table><tr><th>divergence</th><th>fact</th></tr>{rows}</table>" if rows
                 else "<p>No divergent facts.</p>")
        reasons = "".join(f"<li>{_esc(r)}</li>" for r in self.reasons)
        return (f"<div><p><b>{_esc(_label(self.b))}</b> / <b>{_esc(_label(self.a))}</b>: "
                f"{_esc(self.relation)}, direction {_esc(self.direction)}, score "
                f"{self.score:.2f}</p><ul>{reasons}</ul>{facts}</div>")

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``provcheck compare --format json``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "mode": self.mode,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "relation": self.verdict.relation,
            "direction": self.verdict.direction,
            "score": round(self.verdict.score, 4),
            "reasons": list(self.verdict.reasons),
            "evidence": {k: round(v, 4) for k, v in sorted(self.verdict.evidence.items())},
            "alignments": [al.to_dict() for al in self.alignments],
            "unmatched": {"a": list(self.unmatched_a), "b": list(self.unmatched_b)},
            "source": self.source_side,
            "facts": self.facts.to_dict(),
            "quotes": [q.to_dict() for q in self.quotes],
            "unsupported": [u.to_dict() for u in self.unsupported],
            "translation": self.translation.to_dict() if self.translation else None,
        }


def _label(doc: Document) -> str:
    return doc.title or doc.path or "(text)"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)

