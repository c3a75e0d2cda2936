"""The finding in words (provcheck/render/finding.py): one sentence, the same in every
output, its counts those the output lists. Texts and records written for these tests."""

from __future__ import annotations

import html
import json
import re

from provcheck.models import (
    Comparison,
    Document,
    Fact,
    FactChange,
    FactDiff,
    Paragraph,
    Quote,
    QuoteCheck,
    Translation,
    Unsupported,
    Verdict,
)
from provcheck.render import render, render_report
from provcheck.render.finding import of_comparison, page_title


def _doc(path: str, title: str | None, outlet: str | None = None, date: str | None = None,
         source: str | None = None) -> Document:
    text = "The harbour of Westmoor reopened on Monday after the storm."
    return Document(path, title, date, outlet, None, None, None,
                    (Paragraph("p1", text, text, 0, len(text)),), date_source=source)


def _fact(text: str, side: str, kind: str = "quantity") -> Fact:
    return Fact(kind, text, text, None, None, "p1", (0, len(text)), side)  # type: ignore[arg-type]


_FACTS = FactDiff(
    dropped=(_fact("40 boats", "a"), _fact("Harbour Master Ines Kale", "a", "name")),
    added=(_fact("12 cranes", "b"),),
    changed=(FactChange(_fact("300 workers", "a"), _fact("about 300 workers", "b"), "hedge"),
             FactChange(_fact("in May 2024", "a"), _fact("in 2024", "b"), "qualified")),
)
_QUOTES = (
    QuoteCheck("verbatim", Quote("We are open.", "Kale", "p1", (0, 12)),
               Quote("We are open.", "Kale", "p1", (0, 12))),
    QuoteCheck("altered", Quote("The storm cost us a week.", "Kale", "p1", (0, 25)),
               Quote("The storm cost a week.", "Kale", "p1", (0, 22))),
    QuoteCheck("dropped", Quote("Thank the crews.", "Kale", "p1", (0, 16)), None),
)
_UNSUPPORTED = (Unsupported("b", "p1", "Fishermen were jubilant.",
                            ("Fishermen were jubilant.",), 0.1),)


def _comparison(relation: str, direction: str, *, a: Document | None = None,
                b: Document | None = None, translation: Translation | None = None,
                diverges: bool = True) -> Comparison:
    a = a or _doc("west/harbour.txt", "Westmoor harbour reopens", "Coast Gazette",
                  "2026-03-02", "json-ld")
    b = b or _doc("copy/harbour.txt", "Harbour back in business")
    verdict = Verdict(relation, direction, 0.9, ("reason one", "reason two"))  # type: ignore[arg-type]
    return Comparison(a, b, (), (), (), verdict, "fast",
                      _FACTS if diverges else FactDiff(), _QUOTES if diverges else (),
                      _UNSUPPORTED if diverges else (),
                      "b" if direction == "b->a" else "a", translation)


def test_a_rewrite_names_the_copy_then_its_source_by_outlet_title_and_date() -> None:
    said = of_comparison(_comparison("rewrite", "a->b"))
    assert said == (
        "b, “Harbour back in business”, is a rewrite of a, Coast Gazette's “Westmoor "
        "harbour reopens” of 2 March 2026 (date from the page's JSON-LD): 2 facts dropped, "
        "1 fact changed, 1 fact added, 1 fact stated less precisely, 1 quotation altered, "
        "1 quotation dropped, 1 sentence the source does not support.")


def test_the_other_direction_names_b_as_the_source() -> None:
    said = of_comparison(_comparison("edited", "b->a"))
    assert said.startswith("a, Coast Gazette's “Westmoor harbour reopens” of 2 March 2026 "
                           "(date from the page's JSON-LD), is an edited copy of b, "
                           "“Harbour back in business”: ")


def test_counts_are_those_the_outputs_list() -> None:
    c = _comparison("rewrite", "a->b")
    said = of_comparison(c)
    rows = [line.split() for line in render(c, "text").splitlines() if line.startswith("  ")]
    status = [r[0] + (" " + r[1] if r[0] == "changed" else "") for r in rows
              if "quote" not in r[:3]]
    assert f"{status.count('dropped')} facts dropped" in said  # the name too, as listed
    quotes = [r[0] for r in rows if r[1] == "quote"]
    assert f"{quotes.count('dropped')} quotation dropped" in said
    assert f"{status.count('added')} fact added" in said
    assert f"{status.count('changed (hedge)')} fact changed" in said
    assert f"{status.count('changed (qualified)')} fact stated less precisely" in said
    assert f"{quotes.count('altered')} quotation altered" in said
    assert f"{sum(r[0] == 'b' and r[1] == 'p1:' for r in rows)} sentence the source does " \
           "not support" in said
    assert "verbatim" not in said  # kept quotations are no divergence


def test_unknown_direction_says_so_plainly() -> None:
    said = of_comparison(_comparison("rewrite", "unknown"))
    assert ": one is a rewrite of the other; which came first is not known" in said
    assert "read with a as the source: 2 facts dropped" in said


def test_related_and_unrelated_pairs_say_neither_copies() -> None:
    related = of_comparison(_comparison("related", "unknown", diverges=False))
    assert related == ("a, Coast Gazette's “Westmoor harbour reopens” of 2 March 2026 (date "
                       "from the page's JSON-LD), and b, “Harbour back in business”, report "
                       "the same story; neither copies the other.")
    unrelated = of_comparison(_comparison("unrelated", "unknown", diverges=False))
    assert unrelated.endswith("are unrelated: neither copies the other.")


def test_a_translation_names_its_languages() -> None:
    t = Translation(("en", "ar"), 3, (3, 3), "model")
    said = of_comparison(_comparison("rewrite", "a->b", translation=t, diverges=False))
    assert said.startswith("b, “Harbour back in business”, is a translation into Arabic of a,")
    said = of_comparison(_comparison("rewrite", "unknown", translation=t, diverges=False))
    assert "one is a translation of the other (English and Arabic); which came first is " \
           "not known" in said


def test_nothing_diverging_is_said_so() -> None:
    said = of_comparison(_comparison("reprint", "a->b", diverges=False))
    assert said.endswith(": no fact, quotation or claim diverges.")


def test_titles_come_from_the_articles_and_a_file_name_only_without_one() -> None:
    c = _comparison("rewrite", "a->b", b=_doc("copy/untitled.txt", None))
    assert page_title(c) == "Westmoor harbour reopens (Coast Gazette) and untitled.txt"
    page = render(c, "html")
    assert "<title>provcheck: Westmoor harbour reopens (Coast Gazette) and untitled.txt" \
           "</title>" in page
    assert render(c, "md").startswith("# Westmoor harbour reopens (Coast Gazette) and "
                                      "untitled.txt\n")


def test_every_output_leads_with_the_same_finding() -> None:
    c = _comparison("rewrite", "a->b")
    said = of_comparison(c)
    assert render(c, "text").startswith(said + "\n")
    assert json.loads(render(c, "json"))["finding"] == said
    assert "**b, “Harbour back in business”, is a rewrite of a" in render(c, "md")
    page = render(c, "html")
    assert page.index('class="finding"') < page.index("<details><summary><strong>rewrite")


def test_the_finding_is_escaped_in_html() -> None:
    hostile = _doc("x.html", "<script>alert(1)</script> & co", "<b>Outlet</b>")
    page = render(_comparison("rewrite", "a->b", a=hostile), "html")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in page


def test_a_report_edge_says_its_finding_with_its_divergences_counted() -> None:
    from provcheck.collection.records import Divergences, Edge, Report
    from provcheck.render.finding import documents_by_id, of_edge

    a = _doc("west/harbour.txt", "Westmoor harbour reopens", "Coast Gazette", "2026-03-02",
             "json-ld")
    b = _doc("copy/harbour.txt", "Harbour back in business")
    div = Divergences(dropped=(_fact("40 boats", "a"),), changed=_FACTS.changed[:1],
                      quotes=_QUOTES[1:2], unsupported=_UNSUPPORTED)
    edge = Edge(a.path or "", b.path or "", "rewrite", "a->b", 0.8, div)
    report = Report((a, b), ((a.path or "", b.path or ""),), (edge,), ())
    said = of_edge(edge, documents_by_id(report))
    assert said == ("b, “Harbour back in business”, is a rewrite of a, Coast Gazette's "
                    "“Westmoor harbour reopens” of 2 March 2026 (date from the page's "
                    "JSON-LD): 1 fact dropped, 1 fact changed, 1 quotation altered, "
                    "1 sentence the source does not support.")
    assert json.loads(render_report(report, "json"))["edges"][0]["finding"] == said
    # the html report leads each derivation with it too, its articles numbered D1, D2
    page = render_report(report, "html")
    in_html = of_edge(edge, documents_by_id(report), ("D1", "D2"))
    shown = re.findall(r'<p class="finding" dir="auto">([^<]*)</p>', page)
    assert [html.unescape(x) for x in shown] == [in_html]
    unknown = Edge(a.path or "", b.path or "", "reprint", "unknown", 0.9)
    assert "one is a reprint of the other; which came first is not known (read with a " \
           "as the source: no fact, quotation or claim diverges)" in of_edge(
               unknown, documents_by_id(report))


def test_a_report_is_titled_by_its_first_story_source() -> None:
    from provcheck.collection.records import Edge, Report, Story
    from provcheck.render.finding import report_title

    a = _doc("west/harbour.txt", "Westmoor harbour reopens", "Coast Gazette")
    b = _doc("copy/harbour.txt", "Harbour back in business")
    c = _doc("other/untitled.txt", None)
    edge = Edge("west/harbour.txt", "copy/harbour.txt", "rewrite", "a->b", 0.8)
    report = Report((b, a, c), (("copy/harbour.txt", "west/harbour.txt"),
                                ("other/untitled.txt",)), (edge,), (),
                    stories=(Story(0, "west/harbour.txt"), Story(1, "other/untitled.txt")))
    title = report_title(report)
    assert title == "Provenance report: Westmoor harbour reopens (Coast Gazette) and 2 other " \
                    "articles"
    assert render_report(report, "md").startswith(f"# {title}\n")
    assert f"<title>provcheck: {title}</title>" in render_report(report, "html")
    lone = Report((c,), (("other/untitled.txt",),), (), ())
    assert report_title(lone) == "Provenance report: untitled.txt"
