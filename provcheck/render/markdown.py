"""Markdown: a comparison to paste into a ticket or a correction request, and the
provenance report of a collection (divergent facts first, then the derivations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..language.identify import language_name
from ..models import Comparison, DiffPiece, Document
from .finding import of_comparison, of_edge, page_title, report_title
from .registry import Renderer, register
from .summary import (
    Item,
    dated,
    diff_markup,
    fact_items,
    of,
    page_details,
    plural,
    quote_items,
    verbatim_count,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..collection.records import Edge, FactRow, Report, Story

#: Marks a divergent cell (not colour alone: the mark reads in print and to screen readers).
DIVERGENT = "≠"


def tabulate(rows: Any, *, headers: Any, tablefmt: str, numbers: bool = True) -> str:
    """:func:`tabulate.tabulate`, imported on first use (it is slow to import, and most
    commands never print a table). ``numbers=False``: every cell printed as it is written,
    never read as a number (tabulate would print a fact's ``1.50`` as ``1.5``, ``07`` as
    ``7``)."""
    from tabulate import tabulate as _tabulate

    return str(_tabulate(rows, headers=headers, tablefmt=tablefmt,
                         disable_numparse=not numbers))


def _esc(text: str) -> str:
    for ch in "\\`*_[]<>|~":
        text = text.replace(ch, "\\" + ch)
    return text


def _diff(pieces: tuple[DiffPiece, ...]) -> str:
    out = []
    for p in pieces:
        body = _esc(p.text)
        if p.op == "=" or not body.strip():
            out.append(body)
        else:
            lead = body[: len(body) - len(body.lstrip())]
            trail = body[len(body.rstrip()) :]
            mark = "~~" if p.op == "-" else "**"
            out.append(f"{lead}{mark}{body.strip()}{mark}{trail}")
    return "".join(out)


def _meta(doc: Document) -> str:
    lang = language_name(doc.language) if doc.language else None
    return " / ".join(_esc(x) for x in (doc.path, doc.outlet, dated(doc), lang) if x) or "-"


def _details(doc: Document, side: str) -> list[str]:
    """The page's author, modification date, address and fetch (one line), if any."""
    details = page_details(doc)
    return [f"{side}: " + "; ".join(_esc(d) for d in details), ""] if details else []


def comparison(c: Comparison, color: bool) -> str:
    v = c.verdict
    out = [
        f"# {_esc(page_title(c))}",
        "",
        f"**{_esc(of_comparison(c))}**",  # the finding first, in words
        "",
        tabulate(
            [
                ["a", _meta(c.a), _esc(c.a.title or "")],
                ["b", _meta(c.b), _esc(c.b.title or "")],
            ],
            headers=["side", "source", "title"],
            tablefmt="github",
        ),
        "",
        *_details(c.a, "a"),
        *_details(c.b, "b"),
        f"**Relation:** {v.relation} · **direction:** {v.direction} · "
        f"**score:** {v.score:.2f} ({c.mode} mode)",
        "",
        *_divergences(c),
        "## Reasons",
        "",
        *[f"- {_esc(r)}" for r in v.reasons],
        "",
        "## Aligned paragraphs",
        "",
        "~~struck~~: only in a; **bold**: only in b.",
        "",
        tabulate(
            [
                ["+".join(al.a), "+".join(al.b), al.kind, f"{al.similarity:.2f}",
                 f"{al.lexical:.2f}", "-" if al.semantic is None else f"{al.semantic:.2f}"]
                for al in c.alignments
            ],
            headers=["a", "b", "kind", "similarity", "lexical", "semantic"],
            tablefmt="github",
        ),
    ]
    for al in c.alignments:
        out += ["", f"### a {'+'.join(al.a)} ↔ b {'+'.join(al.b)} ({al.kind})", "", _diff(al.diff)]
    for side, ids, doc in (("a", c.unmatched_a, c.a), ("b", c.unmatched_b, c.b)):
        if ids:
            out += ["", f"## Only in {side}", ""]
            out += [f"- **{pid}**: {_esc(doc.paragraph(pid).text)}" for pid in ids]
    return "\n".join(out) + "\n"


def _table(items: list[Item]) -> list[str]:
    rows = [[i.status, i.kind, i.where, _esc(i.text)] for i in items]
    return [tabulate(rows, headers=["status", "kind", "where", "text"], tablefmt="github",
                     numbers=False), ""]


def _divergences(c: Comparison) -> list[str]:
    if c.facts.count == 0 and not c.quotes and not c.unsupported:
        return []
    out = [f"## Divergent facts (source: {c.source_side})", ""]
    facts = fact_items(c, names=False)
    out += _table(facts) if facts else ["None in numbers and dates.", ""]
    quotes = quote_items(c)
    if c.quotes:
        out += [f"## Quotations: {verbatim_count(c)} verbatim, {len(quotes)} not", ""]
    else:
        out += ["## Quotations", "", "No quotations.", ""]
    out += _table(quotes) if quotes else []
    if c.unsupported:
        out += ["## Unsupported in the copy", ""]
        out += [f"- **{u.side} {u.paragraph}**: " + " … ".join(_esc(x) for x in u.claims)
                for u in c.unsupported]
        out.append("")
    names = fact_items(c, names=True)
    if names:
        out += ["## Names and attributions", "", *_table(names)]
    return out


def document(d: Document) -> str:
    head = [f"# {_esc(d.title)}"] if d.title else []
    return "\n\n".join(head + [_esc(p.text) for p in d.paragraphs]) + "\n"




# ------------------------------------------------------------------ report


def _rows(rows: list[FactRow], labels: dict[str, str], ids: list[str],
          story: Story | None = None) -> str:
    """One cluster's rows: a column per article, or, past :func:`wide` articles, the
    values of each row listed in one column (each with its article's label); then, for
    a story of several independent origins, which origin states which value."""
    if wide(ids):
        return _listed(rows, labels, story)
    table = []
    for r in rows:
        cells = {c.doc: c for c in r.cells}
        line = [_status(r), _esc(r.slot), r.kind]
        for doc in ids:
            c = cells.get(doc)
            if c is None:
                line.append("")
                continue
            mark = f" {DIVERGENT}" if r.divergent and r.differs(c) else ""
            line.append(f"{_esc(c.fact.text)}{mark}")
        table.append(line + _origin_cell(r, labels, story))
    more = ["origins"] if _many(story) else []
    return tabulate(table, headers=["", "slot", "kind", *[labels[i] for i in ids], *more],
                    tablefmt="github", numbers=False)


def _many(story: Story | None) -> bool:
    return story is not None and len(story.origins) > 1


def _origin_cell(r: FactRow, labels: dict[str, str], story: Story | None) -> list[str]:
    """The row's values as the story's independent origins state them (``D1: 2,500 ·
    D4: 3,000``), for a story of several origins (none: no cell)."""
    if story is None or not _many(story):
        return []
    return [origin_text(story.origin_values(r), labels)]


def origin_text(values: tuple[tuple[str, tuple[str, ...]], ...],
                labels: Mapping[str, str]) -> str:
    """Which origins state which value, in one line (``D1, D3: 2,500 · D4: 3,000``)."""
    return " · ".join(f"{', '.join(labels[x] for x in docs)}: {_esc(text)}"
                      for text, docs in values)


def _status(r: FactRow) -> str:
    return "**divergent**" if r.divergent else ("qualified" if r.qualified else "agree")


def _listed(rows: list[FactRow], labels: dict[str, str], story: Story | None) -> str:
    table = []
    for r in rows:
        values = "; ".join(
            f"{labels[c.doc]}: {_esc(c.fact.text)}"
            f"{f' {DIVERGENT}' if r.divergent and r.differs(c) else ''}"
            for c in r.cells
        )
        table.append([_status(r), _esc(r.slot), r.kind, values,
                      *_origin_cell(r, labels, story)])
    more = ["origins"] if _many(story) else []
    return tabulate(table, headers=["", "slot", "kind", "values", *more], tablefmt="github",
                    numbers=False)


def wide(ids: list[str], columns: int = 12) -> bool:
    """Whether a cluster's fact table spans too many articles for a column each
    (a layout limit: such a table would be mostly empty cells)."""
    return len(ids) > columns


def columns(cluster: tuple[str, ...], rows: list[FactRow], root: str | None) -> list[str]:
    """The articles of ``cluster`` holding a value in ``rows``: the story's root source
    first (what a cell marked as differing differs from), then in cluster order."""
    held = {c.doc for row in rows for c in row.cells}
    return sorted((i for i in cluster if i in held), key=lambda i: i != root)


def split_qualified(rows: list[FactRow]) -> tuple[list[FactRow], list[FactRow]]:
    """``(rows, qualified)``: the rows whose values differ (or agree, with
    ``--all-facts``), and apart from them those whose values agree but whose hedges
    differ (stated less or more surely: no divergence)."""
    qualified = [r for r in rows if r.qualified and not r.divergent]
    return [r for r in rows if not (r.qualified and not r.divergent)], qualified


def _arrow(e: Edge) -> str:
    return "→" if e.direction == "a->b" else "–"


def _where(*pids: str | None) -> str:
    return " → ".join(p or "-" for p in pids)


def _edge_divergences(e: Edge) -> list[str]:
    """What the derived article did to its source, one bullet per kind of change."""
    d = e.divergences
    if not d.count:
        return ["Kept its source's numbers, dates and quotations; no claim of its own "
                "found.", ""]
    out = []
    if d.dropped:
        out.append("- **Facts dropped:** " + "; ".join(
            f"{_esc(of(f))} ({f.paragraph})" for f in d.dropped))
    if d.changed:
        out.append("- **Facts changed:** " + "; ".join(
            f"{_esc(of(ch.a) if ch.change == 'role' else ch.a.text)} → "
            f"{_esc(of(ch.b) if ch.change == 'role' else ch.b.text)} ({ch.change}; "
            f"{_where(ch.a.paragraph, ch.b.paragraph)})" for ch in d.changed))
    if d.added:
        out.append("- **Facts added:** " + "; ".join(
            f"{_esc(of(f))} ({f.paragraph})" for f in d.added))
    for q in d.quotes:
        who = f"{q.speaker}; " if q.speaker else ""
        text = diff_markup(q.diff) if q.diff else q.text
        where = _where(q.a.paragraph if q.a else None, q.b.paragraph if q.b else None)
        out.append(f"- **Quotation {q.status}** ({_esc(who)}{where}): \"{_esc(text)}\"")
    if d.unsupported:
        out.append("- **Claims the copy added** (no sentence of the source supports them):")
        out += [f"  - {u.paragraph}: {' … '.join(_esc(c) for c in u.claims)}"
                for u in d.unsupported]
    return [*out, ""]


def _story_lines(r: Report, k: int, labels: dict[str, str],
                 docs: dict[str, Document]) -> list[str]:
    from ..collection.records import short_label

    cluster = r.clusters[k]
    story = r.stories[k] if k < len(r.stories) else None
    if story is None:
        return []
    derived = {x for e in r.edges for x in (e.a, e.b)}
    root = docs[story.root]
    out = [f"### Story {k + 1}: {_esc(short_label(root))}", "",
           f"- **Root source:** {labels[story.root]} {_meta(root)}"]
    if story.chains:
        out.append("- **Chains:** " + "; ".join(
            " → ".join(labels[x] for x in chain) for chain in story.chains))
    if len(cluster) > 1:
        out.append(f"- **Independent origins ({len(story.origins)}):** " + "; ".join(
            labels[o.doc] + (f" (echoes: {', '.join(labels[x] for x in o.echoes)})"
                             if o.echoes else "") for o in story.origins))
    related = [x for x in cluster if x not in derived]
    if len(cluster) > 1 and related:
        out.append("- **Related coverage** (same story, nothing derived): "
                   + ", ".join(labels[x] for x in related))
    return [*out, ""]


def _story_facts(r: Report, k: int, labels: dict[str, str]) -> list[str]:
    """Story ``k``'s fact tables: the rows that diverge (or agree, with
    ``--all-facts``), then the qualified rows apart."""
    story = r.stories[k] if k < len(r.stories) else None
    root = story.root if story else None
    main, qualified = split_qualified([row for row in r.shown_facts if row.cluster == k])
    out = ["#### Divergent facts", ""]
    if main:
        out += [_rows(main, labels, columns(r.clusters[k], main, root), story), "",
                f"The story's root source is the first column; {DIVERGENT} marks a value "
                "that differs from it.", ""]
    else:
        out += ["No fact slot holds different values across sources.", ""]
    if qualified:
        out += ["#### Qualified facts", "",
                "The same value stated with another hedge (\"about 2,500\" / \"2,500\"): "
                "not a divergence.", "",
                _rows(qualified, labels, columns(r.clusters[k], qualified, root), story), ""]
    return out


def _derivations(edges: list[Edge], labels: dict[str, str], docs: dict[str, Document],
                 level: str) -> list[str]:
    """The derivations' table, then what each derived article changed (each under a
    heading of ``level``)."""
    from ..collection.records import short_label

    out = [tabulate(
        [[f"{labels[e.a]} {_esc(e.a)}", f"{labels[e.b]} {_esc(e.b)}", e.relation,
          e.direction, f"{e.score:.2f}"] for e in edges],
        headers=["source", "derived", "relation", "direction", "score"],
        tablefmt="github",
    ), ""]
    out += ["Direction a->b: the derived article copies or rewrites the source; unknown: "
            "the evidence does not say which came first.", ""]
    for e in edges:
        out += [f"{level} {labels[e.a]} {_arrow(e)} {labels[e.b]}: {e.relation} "
                f"({e.direction}, {e.score:.2f})", "",
                f"**{_esc(of_edge(e, docs, (labels[e.a], labels[e.b])))}**", "",  # the finding
                f"{labels[e.a]} {_esc(short_label(docs[e.a]))} {_arrow(e)} "
                f"{labels[e.b]} {_esc(short_label(docs[e.b]))}", ""]
        out += _edge_divergences(e)
    return out


def report(r: Report) -> str:
    # by id, as clusters, edges and the fact table name them (docN for a text in memory)
    labels = {r.id_of(k) or "": f"D{k + 1}" for k in range(len(r.documents))}
    docs = {r.id_of(k) or "": d for k, d in enumerate(r.documents)}
    out = [
        f"# {_esc(report_title(r))}",  # from its articles' titles and outlets
        "",
        f"{plural(len(r.documents), 'article')}, {plural(len(r.clusters), 'story', 'stories')}, "
        f"{plural(len(r.edges), 'derivation')} ({r.mode} mode).",
        "",
    ]
    # stories with a derivation or more than one article; single unrelated articles
    # are counted, listed under Articles. Each story as a reader follows it: who
    # derived from whom, what each copy changed, then the facts that diverge
    told = [k for k, c in enumerate(r.clusters) if len(c) > 1]
    out += ["## Stories", ""]
    inside: set[int] = set()
    for k in told:
        out += _story_lines(r, k, labels, docs)
        here = set(r.clusters[k])
        inner = [e for e in r.edges if e.a in here and e.b in here]
        inside |= {id(e) for e in inner}
        if inner:
            out += ["#### Derivations", "", *_derivations(inner, labels, docs, "#####")]
        out += _story_facts(r, k, labels)
    if not told:
        out += ["No two articles are on the same story.", ""]
    lone = len(r.clusters) - len(told)
    if told and lone:
        out += [f"{plural(lone, 'article')} on a story of its own.", ""]
    hidden = len(r.fact_table) - len(r.shown_facts)
    if hidden:
        out += [f"{plural(hidden, 'fact slot')} whose values agree not shown "
                "(`--all-facts` shows them).", ""]
    other = [e for e in r.edges if id(e) not in inside]
    if other:
        out += ["## Derivations across stories", "",
                *_derivations(other, labels, docs, "###")]
    if not r.edges:
        out += ["No article derives from another.", ""]
    out += ["## Articles", ""]
    out += [tabulate(
        [[f"D{k + 1}", _esc(r.id_of(k) or ""), _esc(d.outlet or ""), _esc(dated(d)),
          _esc(d.title or "")] for k, d in enumerate(r.documents)],
        headers=["", "id", "outlet", "date", "title"],
        tablefmt="github",
    ), ""]
    detailed = [(k, page_details(d)) for k, d in enumerate(r.documents)]
    if any(details for _, details in detailed):
        out += [f"- D{k + 1}: " + "; ".join(_esc(x) for x in details)
                for k, details in detailed if details]
        out.append("")
    if r.skipped:
        out += ["## Skipped files", ""]
        out += [f"- {_esc(p)}: {_esc(reason)}" for p, reason in r.skipped]
        out.append("")
    return "\n".join(out)


register(Renderer("md", comparison, document, report))
