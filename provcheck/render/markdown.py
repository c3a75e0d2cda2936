"""Markdown: a report to paste into a ticket or a correction request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabulate import tabulate

from ..models import Comparison, DiffPiece, Document
from . import Renderer, register
from .summary import Item, fact_items, quote_items, verbatim_count

if TYPE_CHECKING:
    from ..report import Report


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


def _report(r: Report) -> str:
    from .report_md import report

    return report(r)


register(Renderer("md", comparison, document, _report))
