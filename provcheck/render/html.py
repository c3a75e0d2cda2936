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
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import DERIVED_RELATIONS, Comparison, DiffPiece, Document
from .finding import documents_by_id, of_comparison, of_edge, page_title, report_title
from .registry import Renderer, register
from .summary import dated, of, page_details, plural

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..collection.records import Edge, FactRow, Report

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
            "a_text": of(ch.a) if ch.change == "role" else ch.a.text,
            "b_text": of(ch.b) if ch.change == "role" else ch.b.text,
            "links": [("a", ch.a.paragraph), ("b", ch.b.paragraph)],
        })
    for status, items in (("dropped", c.facts.dropped), ("added", c.facts.added)):
        for f in items:
            side = f.side or "a"
            facts.append({
                "status": status, "status_class": status, "kind": f.kind,
                "a_text": of(f) if side == "a" else "", "b_text": of(f) if side == "b" else "",
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
        "finding": of_comparison(c),
        "relation": c.relation, "direction": c.direction, "score": c.score, "mode": c.mode,
        "reasons": c.reasons, "a": c.a, "b": c.b, "source": c.source_side,
        "a_label": _label(c.a, "a"), "b_label": _label(c.b, "b"),
        "a_date": dated(c.a), "b_date": dated(c.b),
        "a_details": page_details(c.a), "b_details": page_details(c.b),
        "facts": facts, "quotes": quotes,
        "verbatim": sum(q.status == "verbatim" for q in c.quotes),
        "unsupported": c.unsupported, "rows": rows,
        "boilerplate": [("a", b) for b in c.a.boilerplate] + [("b", b) for b in c.b.boilerplate],
    }


def comparison(c: Comparison, color: bool) -> str:
    macros = _env().get_template("compare_macros.html.j2").module
    title = f"provcheck: {page_title(c)}"
    body = f"<h1>{_escape(page_title(c))}</h1>\n" + str(
        macros.comparison_view(comparison_view(c), "")  # type: ignore[attr-defined]
    )
    return _page(title, body)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


#: Graph layout, in SVG units: a node's box, the gaps between boxes and between rows,
#: the margin, the most boxes on one row, and the lines of a box's title (a layout
#: choice: a 1280-pixel page holds a row of six boxes).
_BOX_W, _BOX_H, _COL_GAP, _ROW_GAP, _PAD, _PER_ROW = 184, 66, 24, 44, 16, 6
#: A box's text: the outlet's and the title's font sizes (px), the title's lines.
_OUTLET_PX, _TITLE_PX, _TITLE_LINES = 12, 11, 3


def graph_svg(
    labels: Sequence[tuple[str, str, str]],
    edges: Sequence[tuple[int, int, str, str]],
    clusters: Sequence[Sequence[int]] | None = None,
    links: Sequence[str] | None = None,
) -> str:
    """The derivation graph as an SVG drawn here.

    ``labels`` are, per article, (outlet or file name, title, full id); ``edges``
    (source index, derived index, relation, link target); ``clusters`` the articles
    of each story (default: one story of all). Only articles in a derivation are
    drawn, each as a box with its outlet and its title wrapped inside it, story under
    story; inside a story, in layers: sources above what derives from them, each
    layer ordered to cross few edges (:mod:`provcheck.render.graph`). ``links``: each
    article's anchor, for its box.
    """
    drawn = sorted({k for a, b, _, _ in edges for k in (a, b)})
    groups = [list(c) for c in clusters] if clusters is not None else [drawn]
    pos, heads, bottom, cols_used = _layout(groups, set(drawn), edges)
    width = int(2 * _PAD + cols_used * (_BOX_W + _COL_GAP) - _COL_GAP)
    height = int(max(bottom, 2 * _PAD + _BOX_H))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="graph-title">',
        '<title id="graph-title">Derivation graph: an arrow goes from a source to the '
        'article derived from it; articles in no derivation are not drawn</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1b1b1b"/></marker></defs>',
    ]
    for g, y in heads:
        out.append(f'<text x="{_PAD}" y="{y + 12:.1f}" font-weight="bold">Story {g + 1}</text>')
    for a, b, relation, target in edges:
        if a in pos and b in pos:
            out.append(_arrow_svg(pos[a], pos[b], relation, target, labels[a][2], labels[b][2]))
    for k in drawn:
        if k in pos:
            out.append(_box_svg(pos[k], labels[k], links[k] if links else None))
    out.append("</svg>")
    return "\n".join(out)


def _layout(
    groups: Sequence[Sequence[int]],
    drawn: set[int],
    edges: Sequence[tuple[int, int, str, str]],
) -> tuple[dict[int, tuple[float, float]], list[tuple[int, float]], float, int]:
    """Where each drawn article's box goes, story under story: the boxes' top left
    corners, each story's heading (story number, y), the bottom of the last story and
    the most boxes a row takes."""
    pos: dict[int, tuple[float, float]] = {}
    heads: list[tuple[int, float]] = []
    y0 = float(_PAD)
    cols_used = 1
    for g, members in enumerate(groups):
        inside = [k for k in members if k in drawn]
        if not inside:
            continue
        rows = _columns(inside, edges)
        heads.append((g, y0))
        y0 += 22
        widest = max(len(r) for r in rows)
        for row in rows:
            # centre a shorter row under the widest one of its story
            x0 = _PAD + (widest - len(row)) * (_BOX_W + _COL_GAP) / 2
            for i, k in enumerate(row):
                pos[k] = (x0 + i * (_BOX_W + _COL_GAP), y0)
            y0 += _BOX_H + _ROW_GAP
        y0 += 16 - _ROW_GAP / 2  # the last row's gap, less: the next story's heading
        cols_used = max(cols_used, widest)
    return pos, heads, y0, cols_used


def _columns(inside: Sequence[int], edges: Sequence[tuple[int, int, str, str]]
             ) -> tuple[tuple[int, ...], ...]:
    """The articles of one story by row, top down: layered, sources above what derives
    from them, each layer ordered to cross few edges and wrapped at ``_PER_ROW``."""
    from .graph import place

    return place(inside, [(a, b) for a, b, _, _ in edges], _PER_ROW).rows


def _arrow_svg(start: tuple[float, float], end: tuple[float, float], relation: str,
               target: str, source_id: str, derived_id: str) -> str:
    """The arrow from a source's box (top left corner ``start``) to a derived article's
    (``end``), linked to ``target``."""
    (x1, y1), (x2, y2) = start, end
    if y2 > y1:
        # down: from the source's bottom edge to the copy's top edge
        sx, sy, ex, ey = x1 + _BOX_W / 2, y1 + _BOX_H, x2 + _BOX_W / 2, y2
        mid = (ey - sy) / 2
        path = (f"M{sx:.1f},{sy:.1f} C{sx:.1f},{sy + mid:.1f} {ex:.1f},{ey - mid:.1f} "
                f"{ex:.1f},{ey:.1f}")
    else:
        # the same row or back up (a cycle): round the boxes' right edges
        sx, sy, ex, ey = x1 + _BOX_W, y1 + _BOX_H / 2, x2 + _BOX_W, y2 + _BOX_H / 2
        if abs(y2 - y1) < 1:
            # beside each other: over the gap between the boxes, from the nearer sides
            left = x2 < x1
            sx, ex = (x1, x2 + _BOX_W) if left else (x1 + _BOX_W, x2)
            sy, ey = y1 + _BOX_H / 3, y2 + _BOX_H / 3
        path = (f"M{sx:.1f},{sy:.1f} C{sx + 30:.1f},{sy - 20:.1f} {ex + 30:.1f},{ey - 20:.1f} "
                f"{ex:.1f},{ey:.1f}")
    # verbatim and lightly edited copies solid, looser derivation dashed
    dash = "" if relation in DERIVED_RELATIONS[:2] else ' stroke-dasharray="6 4"'
    return (
        f'<a href="#{_escape(target)}"><path d="{path}" fill="none" stroke="#1b1b1b" '
        f'stroke-width="2"{dash} marker-end="url(#arrow)">'
        f"<title>{_escape(relation)}: {_escape(source_id)} → "
        f"{_escape(derived_id)}</title></path></a>"
    )


def _box_svg(corner: tuple[float, float], label: tuple[str, str, str], link: str | None) -> str:
    """An article's box (top left ``corner``): its outlet and its title, wrapped onto
    lines that fit inside the box (:func:`provcheck.render.graph.wrap`), linked to its
    anchor ``link`` (None: not linked)."""
    from .graph import text_width, wrap

    x, y = corner
    outlet, title, full = label
    href = f' href="#{_escape(link)}"' if link is not None else ""
    room = _BOX_W - 12  # 6 px inside each side
    # the outlet in bold: a tenth wider than the same text plain
    head = wrap(outlet, room, 1, lambda t: 1.1 * text_width(t, _OUTLET_PX))
    lines = wrap(title, room, _TITLE_LINES, lambda t: text_width(t, _TITLE_PX))
    text = "".join(
        f'<tspan x="{x + 6:.1f}" dy="{13 if k else 0}">{_escape(t)}</tspan>'
        for k, t in enumerate(lines))
    return (
        f'<a{href}><g><rect x="{x:.1f}" y="{y:.1f}" width="{_BOX_W}" height="{_BOX_H}" '
        f'rx="4" fill="#fff" stroke="#1b1b1b" stroke-width="1.5"/>'
        f'<text x="{x + 6:.1f}" y="{y + 15:.1f}" font-weight="bold">'
        f"{_escape(head[0] if head else '')}</text>"
        f'<text x="{x + 6:.1f}" y="{y + 30:.1f}" font-size="11">{text}</text>'
        f"<title>{_escape(full)}{': ' + _escape(title) if title else ''}</title></g></a>"
    )


def report(r: Report) -> str:
    from ..collection.records import short_label

    env = _env()
    macros = env.get_template("compare_macros.html.j2").module
    ids = [d.path or f"doc{k + 1}" for k, d in enumerate(r.documents)]
    index = {x: k for k, x in enumerate(ids)}
    docs = dict(zip(ids, r.documents, strict=True))
    edge_rows = []
    graph_edges = []
    shown = []
    for k, e in enumerate(r.edges):
        target = f"cmp{k + 1}-"
        key = (e.a, e.b) if (e.a, e.b) in r.comparisons else (e.b, e.a)
        if key in r.comparisons:
            shown.append((target, e, key))
        edge_rows.append((e, target if key in r.comparisons else None, f"edge{k + 1}"))
        graph_edges.append((index[e.a], index[e.b], e.relation,
                            f"{target}texts" if key in r.comparisons else f"edge{k + 1}"))

    def sections() -> Iterator[tuple[str, Edge, str]]:
        # one comparison at a time: made (from an index), rendered, let go
        for target, e, key in shown:
            view = comparison_view(r.comparisons[key])
            yield target, e, str(macros.comparison_view(view, target))  # type: ignore[attr-defined]

    labels = [(d.outlet or Path(x).name, " ".join((d.title or "").split()), x)
              for x, d in zip(ids, r.documents, strict=True)]
    derived = {x for e in r.edges for x in (e.a, e.b)}
    links = [f"art{k + 1}" for k in range(len(ids))]
    facts = _fact_tables(r)
    stories: list[dict[str, Any]] = []
    told: set[int] = set()
    for k, s in enumerate(r.stories):
        if len(r.clusters[k]) < 2:
            continue
        # per story: who derived from whom, what each copy changed, then its facts
        here = set(r.clusters[k])
        inner = [row for row in edge_rows if row[0].a in here and row[0].b in here]
        told |= {id(row) for row in inner}
        alone = [[index[x] for x in c] if j == k else [] for j, c in enumerate(r.clusters)]
        stories.append({
            "number": k + 1, "story": s, "label": short_label(docs[s.root]),
            "related": [x for x in r.clusters[k] if x not in derived],
            "edges": inner, "facts": [t for t in facts if t["cluster"] == k + 1],
            "graph": _markup(graph_svg(labels, [g for g, e in zip(graph_edges, r.edges,
                                                                  strict=True)
                                                if e.a in here and e.b in here],
                                       alone, links)) if inner else None,
        })
    body = env.get_template("report_body.html.j2").generate(
        r=r, ids=ids, plural=plural, details=page_details, dated=dated, of=of,
        numbers={x: k + 1 for k, x in enumerate(ids)},
        hidden=len(r.fact_table) - len(r.shown_facts),
        stories=stories, lone=sum(len(c) == 1 for c in r.clusters),
        short={x: short_label(d) for x, d in docs.items()},
        edge_rows=edge_rows, sections=sections(), any_sections=bool(shown),
        other_edges=[row for row in edge_rows if id(row) not in told],
        any_facts=bool(facts),
        findings=_edge_findings(r, {x: k + 1 for k, x in enumerate(ids)}),
    )
    return _page(f"provcheck: {report_title(r)}", body)


def _edge_findings(r: Report, numbers: dict[str, int]) -> dict[str, str]:
    """The finding of each derivation in words, by the edge's anchor (``edge1``...), its
    articles called by their numbers (D1, D2) as the page shows them."""
    docs = documents_by_id(r)
    return {f"edge{k + 1}": of_edge(e, docs, (f"D{numbers[e.a]}", f"D{numbers[e.b]}"))
            for k, e in enumerate(r.edges)}


def _fact_tables(r: Report) -> list[dict[str, Any]]:
    """One table per story of the rows the report shows (:attr:`Report.shown_facts`):
    a column per article holding a value (the story's root source first), or, past
    :func:`provcheck.render.markdown.wide` articles, each row's values listed in one
    column; then, apart (``qualified``: true), one per story of the qualified rows."""
    from .markdown import split_qualified

    by_cluster: dict[int, list[FactRow]] = {}
    for row in r.shown_facts:
        by_cluster.setdefault(row.cluster, []).append(row)
    tables = []
    for k in range(len(r.clusters)):
        main, qualified = split_qualified(by_cluster.get(k, []))
        tables += [_fact_table(r, k, rows, flag) for rows, flag in
                   ((main, False), (qualified, True)) if rows]
    return sorted(tables, key=lambda t: t["qualified"])


def _fact_table(r: Report, k: int, rows: list[FactRow], qualified: bool) -> dict[str, Any]:
    from .markdown import columns, wide

    story = r.stories[k] if k < len(r.stories) else None
    root = story.root if story else None
    many = story is not None and len(story.origins) > 1
    cols = columns(r.clusters[k], rows, root)
    listed = wide(cols)
    items = []
    for row in rows:
        cells = {c.doc: c for c in row.cells}
        marks = {c.doc: row.divergent and row.differs(c) for c in row.cells}
        order = [c.doc for c in row.cells] if listed else cols
        items.append({
            "row": row,
            "status": "divergent" if row.divergent else
                      ("qualified" if row.qualified else "agree"),
            "cells": [(x, cells[x].fact.text if x in cells else "", marks.get(x, False))
                      for x in order],
            # which independent origin states which value (a story of several origins)
            "origins": story.origin_values(row) if story is not None and many else (),
        })
    return {"cluster": k + 1, "columns": cols, "listed": listed, "rows": items,
            "qualified": qualified, "origins": many}


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # built here with every input escaped


register(Renderer("html", comparison, None, report))
