"""What diverges, in reading order: shared by the text and Markdown views.

Numbers and dates come first, then quotations that were not kept word for word,
then unsupported sentences, then names; each item says which side and paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Comparison, DiffPiece, Document, Fact, FactChange


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``1 fact``, ``2 facts`` (``many``: the plural when it is not ``noun`` + s)."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def dated(doc: Document) -> str:
    """The publication date with where the page states it: ``2025-09-24 (json-ld)``;
    the date alone when its source is not known, ``""`` when there is no date."""
    if not doc.date:
        return ""
    return f"{doc.date} ({doc.date_source})" if doc.date_source else doc.date


def page_details(doc: Document) -> list[str]:
    """What the page states and how it was fetched, beyond outlet, date and title: its
    author, modification date, address, and for a fetched page when, from where and the
    snapshot to cite (one short line each; none for a plain file)."""
    out = []
    if doc.author:
        out.append(f"author: {doc.author}")
    if doc.modified and doc.modified != doc.date:
        out.append(f"modified: {doc.modified}")
    if doc.url and doc.url != doc.path:
        out.append(f"url: {doc.url}")
    f = doc.fetched
    if f is not None:
        via = f" from {f.final_url}" if f.final_url != f.url else ""
        out.append(f"fetched: {f.fetched_at}{via} (HTTP {f.status}), sha256 {f.sha256[:16]}")
        if f.snapshot:
            out.append(f"snapshot: {f.snapshot}")
    return out


def diff_markup(pieces: tuple[DiffPiece, ...]) -> str:
    """A word diff with the markers of ``git --word-diff=plain``: [-a only-] {+b only+}."""
    return "".join(
        p.text if p.op == "=" else (f"[-{p.text}-]" if p.op == "-" else f"{{+{p.text}+}}")
        for p in pieces
    )


@dataclass(frozen=True)
class Item:
    status: str
    kind: str
    where: str
    text: str


def _where(f: Fact) -> str:
    return f"{f.side or '?'} {f.paragraph}"


def _change(c: FactChange, source: str) -> Item:
    """A change read from the source to the copy, whichever side each is."""
    first, then = (c.a, c.b) if source == "a" else (c.b, c.a)
    copy = "b" if source == "a" else "a"
    return Item(
        f"changed ({c.change})",
        c.a.kind,
        f"{source} {first.paragraph} -> {copy} {then.paragraph}",
        f"{of(first)} -> {of(then)}" if c.change == "role" else f"{first.text} -> {then.text}",
    )


def of(f: Fact) -> str:
    """A fact with the subject it is stated of: ``£1,000 (of Taylor Lloyd)``."""
    return f"{f.text} (of {f.subject})" if f.subject else f.text


def fact_items(c: Comparison, *, names: bool) -> list[Item]:
    """Divergent facts: numbers and dates (``names=False``) or names and attributions."""

    def wanted(kind: str) -> bool:
        return (kind in ("name", "attribution")) == names

    items = [_change(ch, c.source_side) for ch in c.facts.changed if wanted(ch.a.kind)]
    # a number or date says whom it was stated of: why it is dropped or added even
    # where the other text gives the same value to someone else
    items += [Item("dropped", f.kind, _where(f), of(f)) for f in c.facts.dropped
              if wanted(f.kind)]
    items += [Item("added", f.kind, _where(f), of(f)) for f in c.facts.added if wanted(f.kind)]
    return items


def quote_items(c: Comparison) -> list[Item]:
    """Quotations that were not kept word for word (verbatim ones are counted only)."""
    out = []
    for q in c.quotes:
        if q.status == "verbatim":
            continue
        where = " / ".join(f"{s} {q_.paragraph}" for s, q_ in (("a", q.a), ("b", q.b)) if q_)
        who = f" ({q.speaker})" if q.speaker else ""
        if q.status in ("altered", "misattributed") and q.b and q.a:
            both = f" (a: {q.a.speaker}; b: {q.b.speaker})"
            speakers = both if q.status == "misattributed" else who
            out.append(Item(q.status, "quote", where, f"\"{diff_markup(q.diff)}\"{speakers}"))
        else:
            out.append(Item(q.status, "quote", where, f"\"{q.text}\"{who}"))
    return out


def verbatim_count(c: Comparison) -> int:
    return sum(q.status == "verbatim" for q in c.quotes)
