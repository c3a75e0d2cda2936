"""Terminal view: verdict, reasons, aligned pairs with a coloured word diff."""

from __future__ import annotations

import textwrap

from ..language.identify import language_name
from ..models import Comparison, DiffPiece, Document
from .finding import of_comparison
from .registry import Renderer, register
from .summary import Item, dated, fact_items, page_details, quote_items, verbatim_count

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _diff(pieces: tuple[DiffPiece, ...], color: bool) -> str:
    out = []
    for p in pieces:
        if p.op == "=":
            out.append(p.text)
        elif color:
            out.append(f"{_RED if p.op == '-' else _GREEN}{p.text}{_RESET}")
        else:  # the markers git --word-diff=plain uses, readable without colour
            out.append(f"[-{p.text}-]" if p.op == "-" else f"{{+{p.text}+}}")
    return "".join(out)


def _label(doc: Document, side: str) -> str:
    bits = [doc.path or f"({side})"]
    if doc.outlet:
        bits.append(doc.outlet)
    if doc.date:
        bits.append(dated(doc))  # where the page states it, in brackets
    if doc.language:
        bits.append(language_name(doc.language))
    return " | ".join(bits)


def comparison(c: Comparison, color: bool) -> str:
    b, r = (_BOLD, _RESET) if color else ("", "")
    v = c.verdict
    lines = [
        # the finding first, in words; the technical verdict and the reasons follow
        f"{b}{of_comparison(c)}{r}",
        "",
        f"a: {_label(c.a, 'a')}",
        f"   {c.a.title or ''}".rstrip(),
        *(f"   {d}" for d in page_details(c.a)),
        f"b: {_label(c.b, 'b')}",
        f"   {c.b.title or ''}".rstrip(),
        *(f"   {d}" for d in page_details(c.b)),
        "",
        f"{b}relation: {v.relation}   direction: {v.direction}   score: {v.score:.2f}{r}"
        f"   ({c.mode} mode)",
    ]
    lines += _divergences(c, b, r)
    lines.append(f"{b}Why{r}")
    lines += [f"  - {reason}" for reason in v.reasons]
    lines.append("")
    legend = "red struck: only in a, green underlined: only in b" if color else (
        "[-only in a-] {+only in b+}"
    )
    lines.append(f"{b}Aligned paragraphs{r} ({legend})")
    for al in c.alignments:
        sem = "" if al.semantic is None else f", semantic {al.semantic:.2f}"
        lines.append("")
        lines.append(
            f"{b}a {'+'.join(al.a)}  <->  b {'+'.join(al.b)}{r}   "
            f"{al.kind}, similarity {al.similarity:.2f} (lexical {al.lexical:.2f}{sem})"
        )
        lines.append(_diff(al.diff, color))
    for side, ids, doc in (("a", c.unmatched_a, c.a), ("b", c.unmatched_b, c.b)):
        if ids:
            lines.append("")
            lines.append(f"{b}Only in {side}{r}")
            for pid in ids:
                text = textwrap.shorten(doc.paragraph(pid).text, 160, placeholder=" ...")
                lines.append(f"  {pid}: {text}")
    return "\n".join(lines) + "\n"


def _items(items: list[Item]) -> list[str]:
    width = max((len(i.status) for i in items), default=0)
    # each item whole, however long: a quotation altered at its end, or a claim, is
    # what the item is about (the terminal wraps the line; nothing is cut)
    return [f"  {i.status:<{width}}  {i.kind:<9} {i.where:<12} {i.text}" for i in items]


def _divergences(c: Comparison, b: str, r: str) -> list[str]:
    if c.facts.count == 0 and not c.quotes and not c.unsupported:
        return [""]
    src = c.source_side
    out = ["", f"{b}Divergent facts{r} (source: {src})"]
    out += _items(fact_items(c, names=False)) or ["  none in numbers and dates"]
    quotes = quote_items(c)
    if c.quotes:
        out += ["", f"{b}Quotations{r}: {verbatim_count(c)} verbatim, {len(quotes)} not"]
    else:
        out += ["", f"{b}Quotations{r}", "  No quotations."]
    out += _items(quotes)
    if c.unsupported:
        out += ["", f"{b}Unsupported in the copy{r}"]
        for u in c.unsupported:
            claims = " … ".join(u.claims)
            out.append(f"  {u.side} {u.paragraph}: {claims}")
    names = fact_items(c, names=True)
    if names:
        out += ["", f"{b}Names and attributions{r}"]
        out += _items(names)
    out.append("")
    return out


def document(d: Document) -> str:
    return "\n\n".join(p.text for p in d.paragraphs) + "\n"


register(Renderer("text", comparison, document))
