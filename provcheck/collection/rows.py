"""The records an index hands out: documents as held, search candidates, the result of
adding one, a pair a scan found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..models import DERIVED_RELATIONS


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
class Row:
    """A stored pair as ``compare`` judged it (the pairwise view)."""

    a: int
    b: int
    relation: str
    direction: str
    score: float
    result: Mapping[str, Any]

    @property
    def derived(self) -> bool:
        return self.relation in DERIVED_RELATIONS

    def copy_is(self, doc_id: int) -> bool:
        """Whether the direction names ``doc_id`` the copy."""
        return (doc_id == self.b and self.direction == "a->b") or (
            doc_id == self.a and self.direction == "b->a")

    def other(self, doc_id: int) -> int:
        return self.b if doc_id == self.a else self.a

    def stored(self) -> PairRow:
        return PairRow(self.a, self.b, self.relation, self.direction, self.score,
                       dict(self.result))


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
    """The indexed path (when not added: the one that holds the same content)."""
    given: str = ""
    """The document's own path, as given."""
    replaced: int | None = None
    """The id of the earlier version this one replaced (same path or canonical URL)."""


@dataclass(frozen=True)
class Version:
    """One version of an indexed path, as the ``versions`` table lists it."""

    path: str
    n: int
    """Its number among the path's versions (1 for the first)."""
    of: int
    """How many versions the path has."""
    added: float
    """When it was added (seconds since 1970, UTC)."""
    hash: str
    """Its content hash."""
