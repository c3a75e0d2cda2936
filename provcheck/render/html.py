"""HTML: one self-contained page (styles and script inline, no network), for people.

Rendered with Jinja2, autoescaping on: every piece of article text is escaped. A
Content-Security-Policy meta tag forbids every remote load and allows only the page's
own inline style and script, by their SHA-256 hashes, so that even a missed escape
could not run a script. The page works without JavaScript (the "what changed" /
"what was kept" toggle is two radio buttons and CSS); the script only adds keys.
Colours never carry meaning alone: deletions are struck and bracketed, insertions
underlined and bracketed, divergent cells marked with "≠".
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import DERIVED_RELATIONS, Comparison, DiffPiece, Document
from .registry import Renderer, register
from .summary import plural

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..report import Edge, FactRow, Report

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _page(title: str, body: str | Iterable[str]) -> str:
    """The page around ``body`` (HTML, or its pieces in order: a report's are made one
    at a time, so the page is joined once and no copy of the body is kept beside it)."""
    from markupsafe import Markup

    from ..version import __version__

    css = (TEMPLATES / "base.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "enhance.js").read_text(encoding="utf-8")
    head, tail = _env().get_template("page.html.j2").render(
        title=title,
        body=Markup(_BODY),  # the body goes here, after rendering
        css=Markup(css),  # a file of the package
        script=Markup(script),  # a file of the package
        style_hash=_csp_hash(css),
        script_hash=_csp_hash(script),
        version=__version__,
    ).split(_BODY)
    pieces = (body,) if isinstance(body, str) else body
    return "".join(itertools.chain((head,), pieces, (tail,)))


#: Where the page template puts the body (a string no escaped text can hold).
_BODY = "\x00provcheck-body\x00"


def _label(doc: Document, side: str) -> str:
    return doc.path or f"({side})"


def _parts(pieces: tuple[DiffPiece, ...]) -> list[tuple[str, str]]:
    return [(p.op, p.text) for p in pieces]


def comparison_view(c: Comparison) -> dict[str, Any]:
    """What the templates read of a comparison."""
    facts = []
    for ch in c.facts.changed:
        facts.append({
            "status": f"changed ({ch.change})", "status_class": "altered", "kind": ch.a.kind,
            "a_text": ch.a.text, "b_text": ch.b.text,
            "links": [("a", ch.a.paragraph), ("b", ch.b.paragraph)],
        })
    for status, items in (("dropped", c.facts.dropped), ("added", c.facts.added)):
        for f in items:
            side = f.side or "a"
            facts.append({
                "status": status, "status_class": status, "kind": f.kind,
                "a_text": f.text if side == "a" else "", "b_text": f.text if side == "b" else "",
                "links": [(side, f.paragraph)],
            })
    # numbers and dates before names
    facts.sort(key=lambda f: f["kind"] in ("name", "attribution"))
    quotes = []
    for q in c.quotes:
        if q.status == "verbatim":
            continue
        links = [(s, x.paragraph) for s, x in (("a", q.a), ("b", q.b)) if x is not None]
        quotes.append({
            "status": q.status, "text": q.text, "speaker": q.speaker, "links": links,
            "diff": _parts(q.diff) if q.diff else None,
            "diff_b": [(op, t) for op, t in _parts(q.diff) if op == "+"] if q.diff else None,
        })
    rows: list[dict[str, Any]] = []
    for al in c.alignments:
        rows.append({
            "a_ids": al.a, "b_ids": al.b, "kind": al.kind, "similarity": al.similarity,
            "a_parts": _parts(al.diff), "b_parts": _parts(al.diff),
        })
    for pid in c.unmatched_a:
        rows.append({"a_ids": (pid,), "b_ids": (), "kind": None, "similarity": 0.0,
                     "a_parts": [("-", c.a.paragraph(pid).text)], "b_parts": None})
    for pid in c.unmatched_b:
        rows.append({"a_ids": (), "b_ids": (pid,), "kind": None, "similarity": 0.0,
                     "a_parts": None, "b_parts": [("+", c.b.paragraph(pid).text)]})
    return {
        "relation": c.relation, "direction": c.direction, "score": c.score, "mode": c.mode,
        "reasons": c.reasons, "a": c.a, "b": c.b, "source": c.source_side,
        "a_label": _label(c.a, "a"), "b_label": _label(c.b, "b"),
        "facts": facts, "quotes": quotes,
        "verbatim": sum(q.status == "verbatim" for q in c.quotes),
        "unsupported": c.unsupported, "rows": rows,
        "boilerplate": [("a", b) for b in c.a.boilerplate] + [("b", b) for b in c.b.boilerplate],
    }


def comparison(c: Comparison, color: bool) -> str:
    macros = _env().get_template("compare_macros.html.j2").module
    title = f"provcheck: {_label(c.a, 'a')} and {_label(c.b, 'b')}"
    body = f"<h1>{_escape(title)}</h1>\n" + str(
        macros.comparison_view(comparison_view(c), "")  # type: ignore[attr-defined]
    )
    return _page(title, body)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def graph_svg(ids: list[str], edges: list[tuple[int, int, str, str]], size: int = 520) -> str:
    """The derivation graph as an SVG drawn here: articles on a circle, edges as arrows.

    ``edges`` are (source index, derived index, relation, link target).
    """
    n = max(1, len(ids))
    r = size / 2 - 70
    pos = [(size / 2 + r * math.cos(2 * math.pi * k / n - math.pi / 2),
            size / 2 + r * math.sin(2 * math.pi * k / n - math.pi / 2)) for k in range(n)]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-labelledby="graph-title">',
        '<title id="graph-title">Derivation graph: an arrow goes from a source to the '
        'article derived from it</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1b1b1b"/></marker></defs>',
    ]
    for a, b, relation, target in edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1.0
        sx, sy, ex, ey = x1 + dx / d * 16, y1 + dy / d * 16, x2 - dx / d * 18, y2 - dy / d * 18
        # verbatim and lightly edited copies solid, looser derivation dashed
        dash = "" if relation in DERIVED_RELATIONS[:2] else ' stroke-dasharray="6 4"'
        out.append(
            f'<a href="#{_escape(target)}"><line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" '
            f'y2="{ey:.1f}" stroke="#1b1b1b" stroke-width="2"{dash} marker-end="url(#arrow)">'
            f"<title>{_escape(relation)}</title></line>"
            f'<text x="{(sx + ex) / 2:.1f}" y="{(sy + ey) / 2 - 4:.1f}">'
            f"{_escape(relation)}</text></a>"
        )
    for k, (x, y) in enumerate(pos[: len(ids)]):
        out.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="14" fill="#fff" stroke="#1b1b1b" '
            f'stroke-width="2"/><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
            f"D{k + 1}</text><title>{_escape(ids[k])}</title></g>"
        )
    out.append("</svg>")
    return "\n".join(out)


def report(r: Report) -> str:
    env = _env()
    macros = env.get_template("compare_macros.html.j2").module
    ids = [d.path or f"doc{k + 1}" for k, d in enumerate(r.documents)]
    index = {x: k for k, x in enumerate(ids)}
    edge_rows = []
    graph_edges = []
    shown = []
    for k, e in enumerate(r.edges):
        target = f"cmp{k + 1}-"
        key = (e.a, e.b) if (e.a, e.b) in r.comparisons else (e.b, e.a)
        if key in r.comparisons:
            shown.append((target, e, key))
        edge_rows.append((e, target if key in r.comparisons else None))
        graph_edges.append((index[e.a], index[e.b], e.relation, f"{target}texts"))

    def sections() -> Iterator[tuple[str, Edge, str]]:
        # one comparison at a time: made (from an index), rendered, let go
        for target, e, key in shown:
            view = comparison_view(r.comparisons[key])
            yield target, e, str(macros.comparison_view(view, target))  # type: ignore[attr-defined]

    body = env.get_template("report_body.html.j2").generate(
        r=r, ids=ids, plural=plural, numbers={x: k + 1 for k, x in enumerate(ids)},
        divergent=_fact_tables(r, divergent=True), agree=_fact_tables(r, divergent=False),
        edge_rows=edge_rows, sections=sections(), any_sections=bool(shown),
        graph=_markup(graph_svg(ids, graph_edges)),
    )
    return _page("provcheck provenance report", body)


def _fact_tables(r: Report, *, divergent: bool) -> list[dict[str, Any]]:
    """One table per cluster of its divergent (or agreeing) rows: a column per article
    holding a value, or, past :func:`provcheck.render.markdown.wide` articles, each
    row's values listed in one column."""
    from .markdown import wide

    by_cluster: dict[int, list[FactRow]] = {}
    for row in r.fact_table:
        if row.divergent == divergent:
            by_cluster.setdefault(row.cluster, []).append(row)
    tables = []
    for k, cluster in enumerate(r.clusters):
        rows = by_cluster.get(k)
        if not rows:
            continue
        held = {c.doc for row in rows for c in row.cells}
        cols = [x for x in cluster if x in held]
        listed = wide(cols)
        items = []
        for row in rows:
            cells = {c.doc: c for c in row.cells}
            marks = {c.doc: row.divergent and row.differs(c) for c in row.cells}
            order = [c.doc for c in row.cells] if listed else cols
            items.append({
                "row": row,
                "cells": [(x, cells[x].fact.text if x in cells else "", marks.get(x, False))
                          for x in order],
            })
        tables.append({"cluster": k + 1, "columns": cols, "listed": listed, "rows": items})
    return tables


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # built here with every input escaped


register(Renderer("html", comparison, None, report))
