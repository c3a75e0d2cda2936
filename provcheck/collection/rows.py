"""The records an index hands out: documents as held, search candidates, the result of
adding one, a pair a scan found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PairRow:
    """One pair a scan found, as :meth:`Index.save_scan` stores it."""

    a: int
    """The older document (lower id)."""
    b: int
    relation: str
    direction: str
    score: float
    result: dict[str, Any]
    """The reasons and fact counts (and a derivation's divergences), as JSON values."""


@dataclass(frozen=True)
class Held:
    """A document as the index holds it."""

    id: int
    path: str
    hash: str
    title: str | None
    date: str | None
    outlet: str | None


@dataclass(frozen=True)
class Candidate:
    id: int
    lexical: int
    """Kept shingles shared with the query (0 when found by its vector only)."""
    semantic: float | None


@dataclass(frozen=True)
class AddResult:
    id: int
    added: bool
    """False when a document with the same content hash was already held."""
    path: str
