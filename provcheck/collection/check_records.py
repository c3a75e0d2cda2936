"""The records of ``provcheck check`` (:mod:`provcheck.collection.check`): what one new
article was found to be, and the run's outcome with its exit code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import InputError
from ..models import SCHEMA_VERSION, Comparison, Fetch
from .rows import Version

#: ``pass``: independent or below the failing level; ``fail``: a copy at the failing
#: level; ``held``: the same content at the same path, indexed already; ``update``: a
#: new version of an indexed article (same path or canonical URL) that copies nothing
#: else.
Status = Literal["pass", "fail", "held", "update"]
#: What settled a finding's direction: the texts (the comparison's evidence), a date
#: the new article states before the indexed one's, or arrival order (the indexed
#: article was held first and the new one states no earlier date).
DirectionBy = Literal["texts", "stated date", "arrival order"]
#: An input that was not checked: ``(path, reason)``, the reason without the path.
Unreadable = tuple[str, str]


def utc(seconds: float) -> str:
    """Seconds since 1970 as ISO 8601 UTC."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """What a comparison found, in counts and changed facts (the check JSON's terms)."""
    return {
        "reasons": list(c.reasons),
        "facts": {
            "dropped": len(c.facts.dropped),
            "added": len(c.facts.added),
            "changed": [
                {"kind": ch.a.kind, "change": ch.change, "a": ch.a.text, "b": ch.b.text}
                for ch in c.facts.changed
            ],
        },
        "quotes": {
            s: sum(q.status == s for q in c.quotes)
            for s in ("verbatim", "altered", "paraphrased", "dropped", "added",
                      "misattributed")
        },
    }


def version_dict(v: Version | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"path": v.path, "n": v.n, "of": v.of, "hash": v.hash, "added": utc(v.added)}


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
    """One indexed document (or, with ``peer``, an earlier article of the same check)
    that the new one relates to."""

    id: int
    """The indexed document's id (0 for an article of the same check)."""
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
    peer: bool = False
    """The other article is not indexed but came earlier in the same check (the
    articles of one pull request are checked against each other too)."""
    version: Version | None = None
    """For an exact copy of an earlier version of an indexed path: that version."""
    line: int | None = None
    """The line of the new file where the first passage it shares starts (1-based),
    when known (a local file)."""
    held_before: bool = False
    """For a new version: the version held shares this with the indexed article at a
    failing level too, so it does not fail the update."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "indexed": not self.peer,
            "relation": self.relation,
            "direction": self.direction,
            "direction_by": self.direction_by,
            "score": round(self.score, 4),
            "fails": self.fails,
            "divergent": self.divergent,
            "dates": self.dates.to_dict() if self.dates else None,
            "version": version_dict(self.version),
            "line": self.line,
            "held_before": self.held_before,
        }
        if self.comparison is not None:
            out.update(comparison_dict(self.comparison))
        return out


@dataclass(frozen=True)
class Update:
    """The new article is a new version of an indexed one (the same path, or the same
    canonical URL, other content): an update, never a copy. What changed between the
    versions is told in the comparison's terms (the indexed version ``a``, the new
    one ``b``)."""

    id: int
    """The indexed document (the version held now)."""
    path: str
    previous_hash: str
    version: int
    """The number the new version gets among its path's versions."""
    comparison: Comparison

    def to_dict(self) -> dict[str, Any]:
        c = self.comparison
        return {"id": self.id, "path": self.path, "previous_hash": self.previous_hash,
                "version": self.version, "relation": c.relation, "score": round(c.score, 4),
                **comparison_dict(c)}


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
    update: Update | None = None
    """When the article is a new version of an indexed one: what changed."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "date": self.date,
            "date_source": self.date_source,
            "added": self.added_as,
            "fetched": self.fetched.to_dict() if self.fetched else None,
            "update": self.update.to_dict() if self.update else None,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class CheckRun:
    results: tuple[CheckResult, ...]
    fail_on: str
    fail_on_divergence: bool
    index_path: str
    index_size: int
    """Documents the index held when the articles were checked (before any --add)."""
    extra: dict[str, Any] = field(default_factory=dict)
    unreadable: tuple[Unreadable, ...] = ()
    """Inputs named on the command line that could not be read (not checked)."""
    skipped: tuple[Unreadable, ...] = ()
    """Inputs that are not articles (empty, under the evidence rule, data): not
    judged, never indexed, no failure."""

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
            "skipped": [{"path": p, "reason": why} for p, why in self.skipped],
        }
