"""The fact table of a story: one row per fact slot, one column per article.

A slot is one thing stated of one subject: two facts share a row only when they are of
one kind, count the same thing, are stated of the same named subject (or one names
none) and sit in similar sentences. The story's root source is each row's first cell,
and a cell *differs* when its value is not the root source's (where the root states
nothing of the slot, the first article of the row in story order stands in for it).
Counts and sums are named in words by their subject: "age of Lisa Taylor Lloyd",
"Khattab: fined"; a date or a slot with no named subject by the words its sentences
share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..facts.diff import facts_of, same_about, same_value
from ..facts.moves import sentence_at
from ..facts.roles import same_subject
from ..models import Document, Fact
from ..verdict.settings import Settings
from ..verdict.similarity import combine, content_words, cosine_matrix, overlap_matrices
from .records import Cell, FactRow

#: Kinds that go into the fact table (names are who and where, not values).
TABLE_KINDS = ("quantity", "money", "percent", "distance", "date")


def _slot_label(cells: Sequence[Cell]) -> str:
    f = cells[0].fact
    subject = next((c.fact.subject for c in cells if c.fact.subject), None)
    if subject is not None and f.kind in ("quantity", "money"):
        return _subject_label(f, subject)
    if f.about:
        return f.about
    counts: Counter[str] = Counter()
    for c in cells:
        own = set(re.findall(r"\w+", c.fact.text.lower()))
        counts.update({w for w in content_words(c.sentence) if w not in own and not w.isdigit()})
    # words the sentences share, in the order the first sentence has them
    order = [w for w in dict.fromkeys(content_words(cells[0].sentence)) if counts[w] > 1]
    return " ".join(order[:5]) or " ".join(w for w, _ in counts.most_common(3))


def _subject_label(f: Fact, subject: str) -> str:
    """A slot named by its subject: "age of X", "troops of X", "X: fined"."""
    if f.about == "years old":
        return f"age of {subject}"
    if f.about and f.kind == "quantity":
        return f"{f.about} of {subject}"
    n = len(f.context) // 2
    anchor = next((w for w in (f.context[0], f.context[n] if n else "")
                   if w and not w.isdigit()), "")
    return f"{subject}: {anchor or f.kind}"


def _rooted(group: tuple[Cell, ...], root: str | None) -> tuple[Cell, ...]:
    """The row's cells with the root source's first (where it has one)."""
    first = next((k for k, c in enumerate(group) if c.doc == root), 0)
    return (group[first], *group[:first], *group[first + 1 :])


def fact_table(
    cluster: Iterable[Document],
    index: int,
    settings: Settings,
    *,
    linked: Iterable[tuple[str, str]] | None = None,
    root: str | None = None,
) -> list[FactRow]:
    """Rows of fact slots across the articles of one cluster.

    With ``linked`` (pairs of document paths), facts are set side by side only between
    linked articles; without, between every two. The documents are read once, in
    order, one at a time (a generator that loads them keeps one in memory). ``root``:
    the story's root source (its path), each row's first cell.
    """
    near = None if linked is None else neighbours(linked)
    return fact_rows(((d.path or "", d) for d in cluster), index, settings, near, root=root)


def neighbours(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each article's linked articles, from the linked ``pairs``."""
    out: dict[str, set[str]] = {}
    for x, y in pairs:
        out.setdefault(x, set()).add(y)
        out.setdefault(y, set()).add(x)
    return out


def fact_rows(
    articles: Iterable[tuple[str, Document]],
    index: int,
    settings: Settings,
    near: Mapping[str, Iterable[str]] | None,
    *,
    root: str | None = None,
) -> list[FactRow]:
    """The fact table of one cluster: ``articles`` are ``(id, document)``, ``near`` the
    ids each article is linked to (``None``: every article to every other), ``root``
    the story's root source (each row's first cell, what the others differ from).

    Each fact joins the row whose facts of linked articles sit in the most similar
    sentence (above the threshold), rows in the order they were opened, or opens a
    row; an article holds one fact per row. Sentence similarities are computed per
    article against its linked articles' facts only, so nothing grows with the square
    of the cluster.
    """
    cal, mode, embedder = settings.calibration, settings.mode, settings.embedder
    cells: list[Cell] = []
    tokens: list[list[str]] = []
    vectors: dict[str, np.ndarray] = {}
    span: dict[str, range] = {}  # the cells of each article read so far
    rows: list[dict[str, int]] = []  # per row: article -> its cell, in joining order
    rows_of: dict[str, list[int]] = {}
    for doc, d in articles:
        mine = []
        for f in facts_of(d, None, cal):
            if f.kind in TABLE_KINDS:
                mine.append(Cell(doc, f, sentence_at(d.paragraph(f.paragraph).canon, f.span[0])))
        del d  # nothing below needs the text: a loading generator can let it go
        if not mine:
            continue
        start = len(cells)
        cells += mine
        tokens += [content_words(c.sentence) for c in mine]
        if embedder is not None:
            vectors[doc] = embedder.encode([c.sentence for c in mine])
        others = [x for x in (span if near is None else near.get(doc, ())) if x in span]
        others.sort(key=lambda x: span[x].start)
        cols = [m for x in others for m in span[x]]
        col_of = {m: c for c, m in enumerate(cols)}
        dice, _, _ = overlap_matrices(tokens[start:], [tokens[m] for m in cols])
        sem = None
        if embedder is not None:
            sem = cosine_matrix(vectors[doc], np.vstack([vectors[x] for x in others])
                                if others else np.zeros((0, 1), dtype=np.float32))
        sim = np.asarray(combine(dice, sem, cal.semantic_weight))
        candidates = sorted({r for x in others for r in rows_of.get(x, ())})
        span[doc] = range(start, len(cells))
        for k, cell in enumerate(mine):
            best, best_sim = None, 0.0
            for r in candidates:
                members = rows[r]
                first = cells[next(iter(members.values()))]
                if first.fact.kind != cell.fact.kind or doc in members:
                    continue
                if not same_about(first.fact.about, cell.fact.about, cal) or any(
                        not same_subject(cells[m].fact, cell.fact, cal)
                        for m in members.values()):
                    continue
                beside = [m for m in members.values() if m in col_of]
                s = float(max(sim[k, col_of[m]] for m in beside))
                agree = any(same_value(cells[m].fact, cell.fact, cal) for m in beside)
                need = cal.weak_link_threshold[mode] if agree else cal.link_threshold[mode]
                if s >= need and s > best_sim:
                    best, best_sim = r, s
            if best is None:
                rows.append({doc: start + k})
                rows_of.setdefault(doc, []).append(len(rows) - 1)
            else:
                rows[best][doc] = start + k
                rows_of.setdefault(doc, []).append(best)
    out = []
    for members in rows:
        if len(members) < 2:
            continue
        group = _rooted(tuple(cells[m] for m in members.values()), root)
        differing = tuple(not same_value(group[0].fact, c.fact, cal) for c in group)
        out.append(FactRow(index, _slot_label(group), group[0].fact.kind, group, differing))
    # divergent rows first: they are what the reader came for
    out.sort(key=lambda r: (not r.divergent, not r.qualified))
    return out
