"""Which side is the source: decided once, handed down as a source/copy view.

The pipeline settles the source from the verdict (``a`` unless the direction is
``b->a``) and builds one :class:`Oriented` view. The fact diff, the quotation check and
the unsupported-claim finder read only that view (``source``, ``copy``, groups of
source paragraph ids with copy paragraph ids, links with the source's sentences
first) and answer in source/copy terms. :class:`Orientation` turns their answers back
into the comparison's a/b terms, once, and (for the report) into a derivation edge's
terms, where ``a`` is the source; facts are re-sided here and nowhere else. Nothing
below the pipeline asks which side is the source.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import (
    Alignment,
    Document,
    Fact,
    FactChange,
    FactDiff,
    QuoteCheck,
    Side,
    Unsupported,
    Verdict,
)
from .links import SentenceLinks

Group = tuple[tuple[str, ...], tuple[str, ...]]


def with_side(f: Fact, side: Side) -> Fact:
    """``f`` marked with its side (``dataclasses.replace``, without its cost per field)."""
    out = copy.copy(f)
    object.__setattr__(out, "side", side)
    return out


def source_side(verdict: Verdict) -> Side:
    """The side treated as the source: ``b`` when the direction is ``b->a``, else ``a``."""
    return "b" if verdict.direction == "b->a" else "a"


def other(side: Side) -> Side:
    return "b" if side == "a" else "a"


@dataclass(frozen=True)
class Oriented:
    """A comparison seen from its source."""

    source: Document
    copy: Document
    groups: tuple[Group, ...]
    """Each alignment as (source paragraph ids, copy paragraph ids)."""
    unmatched_source: tuple[str, ...]
    unmatched_copy: tuple[str, ...]
    links: SentenceLinks
    """Sentence links with the source's sentences as ``a`` and the copy's as ``b``."""
    derived: bool
    """Whether the verdict says the copy derives from the source."""
    whole: bool = False
    """Whether it derives as a whole (reprint, edited, rewrite), not only in part: then
    its unmatched paragraphs are additions and the source's are omissions; in a
    ``partial`` reuse they are the copy's own writing and the source's other news,
    and the fact stages read only the aligned part."""

    @functools.cached_property
    def aligned_source(self) -> frozenset[str]:
        """Ids of the source paragraphs in some alignment."""
        return frozenset(pid for src, _ in self.groups for pid in src)

    @functools.cached_property
    def aligned_copy(self) -> frozenset[str]:
        """Ids of the copy paragraphs in some alignment."""
        return frozenset(pid for _, cpy in self.groups for pid in cpy)


@dataclass(frozen=True)
class Orientation:
    """Where the source sits in the comparison, and how to turn results back."""

    source: Side

    @property
    def copy(self) -> Side:
        return other(self.source)

    def view(
        self,
        a: Document,
        b: Document,
        alignments: Sequence[Alignment],
        unmatched_a: tuple[str, ...],
        unmatched_b: tuple[str, ...],
        links: SentenceLinks,
        *,
        derived: bool,
        whole: bool = False,
    ) -> Oriented:
        """The source/copy view of an a/b comparison."""
        if self.source == "a":
            return Oriented(a, b, tuple((al.a, al.b) for al in alignments), unmatched_a,
                            unmatched_b, links, derived, whole)
        return Oriented(b, a, tuple((al.b, al.a) for al in alignments), unmatched_b,
                        unmatched_a, links.flipped(), derived, whole)

    # ------------------------------------------------------------ back to a/b

    def facts(self, diff: FactDiff, a: Document, b: Document) -> FactDiff:
        """A source/copy fact diff in a/b terms: sides set, changes with a first."""

        def mark(facts: Sequence[Fact], side: Side) -> tuple[Fact, ...]:
            return tuple(with_side(f, side) for f in facts)

        changed = [
            FactChange(with_side(c.a, self.source), with_side(c.b, self.copy), c.change)
            for c in diff.changed
        ]
        if self.source == "b":
            order = {p.id: i for i, p in enumerate(a.paragraphs)}
            changed = sorted(
                (FactChange(c.b, c.a, c.change) for c in changed),
                key=lambda c: (order[c.a.paragraph], c.a.span),
            )
        return FactDiff(
            dropped=mark(diff.dropped, self.source),
            added=mark(diff.added, self.copy),
            changed=tuple(changed),
        )

    def quotes(self, checks: Sequence[QuoteCheck]) -> tuple[QuoteCheck, ...]:
        """Source/copy quotation checks in a/b terms."""
        if self.source == "a":
            return tuple(checks)
        return tuple(dataclasses.replace(q, a=q.b, b=q.a) for q in checks)

    def unsupported(self, found: Sequence[Unsupported]) -> tuple[Unsupported, ...]:
        """Unsupported sentences of the copy, marked with the copy's side."""
        return tuple(dataclasses.replace(u, side=self.copy) for u in found)

    # ------------------------------------------------------------ a/b to an edge's terms

    def edge_facts(self, diff: FactDiff) -> FactDiff:
        """An a/b fact diff (as :meth:`facts` made it) in a derivation edge's terms:
        the source's facts marked ``a``, the copy's ``b``, changes source first."""
        changed = [
            FactChange(with_side(src, "a"), with_side(cpy, "b"), c.change)
            for c in diff.changed
            for src, cpy in [(c.a, c.b) if self.source == "a" else (c.b, c.a)]
        ]
        return FactDiff(
            dropped=tuple(with_side(f, "a") for f in diff.dropped),
            added=tuple(with_side(f, "b") for f in diff.added),
            changed=tuple(changed),
        )

    def edge_quotes(self, checks: Sequence[QuoteCheck]) -> tuple[QuoteCheck, ...]:
        """a/b quotation checks with the source's quotation first."""
        return self.quotes(checks)

    def edge_unsupported(self, found: Sequence[Unsupported]) -> tuple[Unsupported, ...]:
        """The copy's unsupported sentences, marked ``b`` (the edge's derived side)."""
        return tuple(dataclasses.replace(u, side="b") for u in found if u.side == self.copy)
