"""Markdown: a comparison to paste into a ticket or a correction request, and the
provenance report of a collection (divergent facts first, then the derivations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models import Comparison, DiffPiece, Document
from .registry import Renderer, register
from .summary import Item, fact_items, plural, quote_items, verbatim_count

if TYPE_CHECKING:
    from ..report import FactRow, Report

#: Marks a divergent cell (not colour alone: the mark reads in print and to screen readers).
DIVERGENT = "≠"


def tabulate(rows: Any, *, headers: Any, tablefmt: str) -> str:
    """:func:`tabulate.tabulate`, imported on first use (it is slow to import, and most
    commands never print a table)."""
    from tabulate import tabulate as _tabulate

    return str(_tabulate(rows, headers=headers, tablefmt=tablefmt))


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
    return " / ".join(_esc(x) for x in (doc.path, doc.outlet, doc.date) if x) or "-"


def comparison(c: Comparison, color: bool) -> str:
    v = c.verdict
    out = [
        "# provcheck comparison",
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
    return [tabulate(rows, headers=["status", "kind", "where", "text"], tablefmt="github"), ""]


def _divergences(c: Comparison) -> list[str]:
    if c.facts.count == 0 and not c.quotes and not c.unsupported:
        return []
    out = [f"## Divergent facts (source: {c.source_side})", ""]
    facts = fact_items(c, names=False)
    out += _table(facts) if facts else ["None in numbers and dates.", ""]
    quotes = quote_items(c)
    out += [f"## Quotations: {verbatim_count(c)} verbatim, {len(quotes)} not", ""]
    out += _table(quotes) if quotes else []
    if c.unsupported:
        out += ["## Unsupported in the copy", ""]
        out += [f"- **{u.side} {u.paragraph}**: " + "; ".join(_esc(x) for x in u.claims)
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


def _rows(rows: list[FactRow], labels: dict[str, str], ids: list[str]) -> str:
    """One cluster's rows: a column per article, or, past :func:`wide` articles, the
    values of each row listed in one column (each with its article's label)."""
    if wide(ids):
        return _listed(rows, labels)
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
        table.append(line)
    return tabulate(table, headers=["", "slot", "kind", *[labels[i] for i in ids]],
                    tablefmt="github")


def _status(r: FactRow) -> str:
    return "**divergent**" if r.divergent else ("qualified" if r.qualified else "agree")


def _listed(rows: list[FactRow], labels: dict[str, str]) -> str:
    table = []
    for r in rows:
        values = "; ".join(
            f"{labels[c.doc]}: {_esc(c.fact.text)}"
            f"{f' {DIVERGENT}' if r.divergent and r.differs(c) else ''}"
            for c in r.cells
        )
        table.append([_status(r), _esc(r.slot), r.kind, values])
    return tabulate(table, headers=["", "slot", "kind", "values"], tablefmt="github")


def wide(ids: list[str], columns: int = 12) -> bool:
    """Whether a cluster's fact table spans too many articles for a column each
    (a layout limit: such a table would be mostly empty cells)."""
    return len(ids) > columns


def _columns(cluster: tuple[str, ...], rows: list[FactRow]) -> list[str]:
    """The articles of ``cluster`` holding a value in ``rows``, in cluster order."""
    held = {c.doc for row in rows for c in row.cells}
    return [i for i in cluster if i in held]


def report(r: Report) -> str:
    labels = {d.path or "": f"D{k + 1}" for k, d in enumerate(r.documents)}
    out = [
        "# provcheck provenance report",
        "",
        f"{plural(len(r.documents), 'article')}, {plural(len(r.clusters), 'cluster')}, "
        f"{plural(len(r.edges), 'derivation')} ({r.mode} mode).",
        "",
    ]
    divergent: dict[int, list[FactRow]] = {}
    agree: dict[int, list[FactRow]] = {}
    for row in r.fact_table:
        (divergent if row.divergent else agree).setdefault(row.cluster, []).append(row)
    out += ["## Divergent facts", ""]
    if divergent:
        for k, cluster in enumerate(r.clusters):
            rows = divergent.get(k)
            if rows:
                out += [_rows(rows, labels, _columns(cluster, rows)), ""]
        out += [f"{DIVERGENT} marks a value that differs from the row's first source.", ""]
    else:
        out += ["No fact slot holds different values across sources.", ""]
    out += ["## Derivations", ""]
    if r.edges:
        out += [tabulate(
            [[f"{labels[e.a]} {_esc(e.a)}", f"{labels[e.b]} {_esc(e.b)}", e.relation,
              e.direction, f"{e.score:.2f}"] for e in r.edges],
            headers=["source", "derived", "relation", "direction", "score"],
            tablefmt="github",
        ), ""]
        out += ["Direction a->b: the derived article copies or rewrites the source; unknown: "
                "the evidence does not say which came first.", ""]
    else:
        out += ["No article derives from another.", ""]
    out += ["## Clusters (same story)", ""]
    derived = {x for e in r.edges for x in (e.a, e.b)}
    for k, cluster in enumerate(r.clusters):
        members = ", ".join(
            f"{labels[i]}{'' if i in derived or len(cluster) == 1 else ' (related coverage)'}"
            for i in cluster
        )
        out.append(f"{k + 1}. {members}")
    out.append("")
    for k, cluster in enumerate(r.clusters):
        rows = agree.get(k)
        if rows:
            out += [f"## Facts that agree (cluster {k + 1})", "",
                    _rows(rows, labels, _columns(cluster, rows)), ""]
    out += ["## Articles", ""]
    out += [tabulate(
        [[labels[d.path or ""], _esc(d.path or ""), _esc(d.outlet or ""), d.date or "",
          _esc(d.title or "")] for d in r.documents],
        headers=["", "id", "outlet", "date", "title"],
        tablefmt="github",
    ), ""]
    if r.skipped:
        out += ["## Skipped files", ""]
        out += [f"- {_esc(p)}: {_esc(reason)}" for p, reason in r.skipped]
        out.append("")
    return "\n".join(out)


register(Renderer("md", comparison, document, report))
