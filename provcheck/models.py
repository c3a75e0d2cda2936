"""Frozen records that flow through the pipeline.

``Document -> Paragraph -> Alignment -> Verdict -> Comparison``; renderers read a
``Comparison`` and nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

Relation = Literal["reprint", "edited", "rewrite", "partial", "related", "unrelated"]
Direction = Literal["a->b", "b->a", "unknown"]
AlignmentKind = Literal["identical", "edited", "paraphrase"]
DiffOp = Literal["=", "-", "+"]

#: Relations that mean one side derives from the other, most copied first.
DERIVED_RELATIONS: tuple[Relation, ...] = ("reprint", "edited", "rewrite", "partial")


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

    @functools.cached_property
    def body(self) -> str:
        """The canonical body text: paragraphs' canonical forms joined by spaces."""
        return " ".join(p.canon for p in self.paragraphs)

    def paragraph(self, pid: str) -> Paragraph:
        """Return the paragraph with id ``pid``."""
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(pid)

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
            "outlet": self.outlet,
            "paragraphs": paras,
        }
        if offsets:
            out.update(
                {
                    "author": self.author,
                    "url": self.url,
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
class Comparison:
    """The full result of comparing two documents."""

    a: Document
    b: Document
    alignments: tuple[Alignment, ...]
    unmatched_a: tuple[str, ...]
    unmatched_b: tuple[str, ...]
    verdict: Verdict
    mode: Literal["semantic", "fast"] = "semantic"

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
        }
