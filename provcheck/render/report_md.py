"""Markdown view of a provenance report: divergent facts first, then the derivations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabulate import tabulate

from .markdown import _esc

if TYPE_CHECKING:
    from ..report import FactRow, Report

#: Marks a divergent cell (not colour alone: the mark reads in print and to screen readers).
DIVERGENT = "≠"


def _rows(rows: list[FactRow], labels: dict[str, str], ids: list[str]) -> str:
    table = []
    for r in rows:
        cells = {c.doc: c for c in r.cells}
        line = [("**divergent**" if r.divergent else ("qualified" if r.qualified else "agree")),
                _esc(r.slot), r.kind]
        for doc in ids:
            c = cells.get(doc)
            if c is None:
                line.append("")
                continue
            mark = f" {DIVERGENT}" if r.divergent and r.differs(c) else ""
            line.append(f"{_esc(c.fact.text)}{mark}")
        table.append(line)
    return str(tabulate(table, headers=["", "slot", "kind", *[labels[i] for i in ids]],
                        tablefmt="github"))


def report(r: Report) -> str:
    labels = {d.path or "": f"D{k + 1}" for k, d in enumerate(r.documents)}
    out = [
        "# provcheck provenance report",
        "",
        f"{len(r.documents)} articles, {len(r.clusters)} clusters, "
        f"{len(r.edges)} derivations ({r.mode} mode).",
        "",
    ]
    divergent = [row for row in r.fact_table if row.divergent]
    out += ["## Divergent facts", ""]
    if divergent:
        for k, cluster in enumerate(r.clusters):
            rows = [row for row in divergent if row.cluster == k]
            if rows:
                ids = [i for i in cluster if any(c.doc == i for row in rows for c in row.cells)]
                out += [_rows(rows, labels, ids), ""]
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
    for k, cluster in enumerate(r.clusters):
        derived = {x for e in r.edges for x in (e.a, e.b) if x in cluster}
        members = ", ".join(
            f"{labels[i]}{'' if i in derived or len(cluster) == 1 else ' (related coverage)'}"
            for i in cluster
        )
        out.append(f"{k + 1}. {members}")
    out.append("")
    for k, cluster in enumerate(r.clusters):
        rows = [row for row in r.fact_table if row.cluster == k and not row.divergent]
        if rows:
            ids = [i for i in cluster if any(c.doc == i for row in rows for c in row.cells)]
            out += [f"## Facts that agree (cluster {k + 1})", "", _rows(rows, labels, ids), ""]
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
