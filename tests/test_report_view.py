"""A report a reader can take in: each story's independent origins and their echoes, and
which origin states which value of a divergent fact (texts and records written here)."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources

import jsonschema
import pytest

import provcheck
from provcheck.collection.clusters import origins, stories
from provcheck.collection.records import Cell, Edge, FactRow, Origin, Report
from provcheck.models import Fact
from provcheck.render.registry import render_report

CLUSTER = ("a", "b", "c", "d", "e")


def _rank(x: str) -> tuple[int]:
    return (CLUSTER.index(x),)


def _edge(a: str, b: str, direction: str = "a->b", relation: str = "reprint") -> Edge:
    return Edge(a, b, relation, direction, 0.9)


def test_two_independent_origins_each_with_its_echoes() -> None:
    # a -> b -> c and d -> e: two origins; c echoes a through b
    found = origins(CLUSTER, [_edge("a", "b"), _edge("b", "c", relation="rewrite"),
                              _edge("d", "e")], "a", _rank)
    assert found == (Origin("a", ("b", "c")), Origin("d", ("e",)))


def test_an_article_in_no_derivation_is_an_origin_without_echoes() -> None:
    found = origins(("a", "b", "c"), [_edge("a", "b")], "a", _rank)
    assert found == (Origin("a", ("b",)), Origin("c", ()))


def test_a_pair_of_unknown_direction_counts_one_origin_not_two() -> None:
    found = origins(("a", "b"), [_edge("a", "b", direction="unknown")], "a", _rank)
    assert found == (Origin("a", ("b",)),)


def test_a_related_link_is_no_derivation() -> None:
    found = origins(("a", "b"), [_edge("a", "b", relation="related")], "a", _rank)
    assert [o.doc for o in found] == ["a", "b"]


def test_a_cycle_still_names_one_origin_for_its_articles() -> None:
    found = origins(("a", "b"), [_edge("a", "b"), _edge("b", "a")], "a", _rank)
    assert found == (Origin("a", ("b",)),)


def _fact(text: str, value: str) -> Fact:
    return Fact("quantity", text, value, "troops", None, "p1", (0, len(text)), "a")


def _row(values: dict[str, tuple[str, str]]) -> FactRow:
    cells = tuple(Cell(doc, _fact(text, value), "") for doc, (text, value) in values.items())
    first = cells[0].fact.value
    return FactRow(0, "troops", "quantity", cells, tuple(c.fact.value != first for c in cells))


def test_a_fact_on_which_the_origins_disagree_names_each_origins_value() -> None:
    [story] = stories([("a", "b", "d", "e")], [_edge("a", "b"), _edge("d", "e")], {})
    row = _row({"a": ("2,500 troops", "2500"), "b": ("2,500 troops", "2500"),
                "d": ("3,000 troops", "3000"), "e": ("3,000 troops", "3000")})
    assert row.divergent
    assert [o.doc for o in story.origins] == ["a", "d"]
    assert story.origin_values(row) == (("2,500 troops", ("a",)), ("3,000 troops", ("d",)))


def test_origins_that_agree_are_named_together_and_a_silent_one_is_left_out() -> None:
    [story] = stories([("a", "b", "c")], [], {})
    row = _row({"a": ("2,500 troops", "2500"), "c": ("2,500", "2500")})
    assert story.origin_values(row) == (("2,500 troops", ("a", "c")),)


def test_the_same_value_with_another_hedge_is_told_apart() -> None:
    [story] = stories([("a", "b")], [], {})
    hedged = dataclasses.replace(_fact("about 2,500 troops", "2500"), hedge="about")
    row = FactRow(0, "troops", "quantity", (Cell("a", _fact("2,500 troops", "2500"), ""),
                                           Cell("b", hedged, "")), (False, False))
    assert story.origin_values(row) == (("2,500 troops", ("a",)),
                                        ("about 2,500 troops", ("b",)))


# Two accounts of one court case and a copy of each (written for this test).
FIRST = """Two pharmacists were fined today after a medicine error at a clinic in Runcorn.

Anna Bell was fined £1,000 at Chester Crown Court after she pleaded guilty, and the \
baby spent 12 days in hospital.

The judge said the error should never have happened and the clinic has changed its ways.
"""
SECOND = """A Runcorn clinic's medicine blunder left a baby in hospital, Chester Crown \
Court heard.

Pharmacist Anna Bell must pay £1,200 after she admitted the charge; the infant was kept \
in hospital for 15 days.

The clinic has since changed how it prepares medicines, the court was told.
"""


@pytest.fixture(scope="module")
def two_origins(tmp_path_factory: pytest.TempPathFactory) -> Report:
    texts = [FIRST, FIRST.replace("today", "on Monday"), SECOND, SECOND + "\nMore later.\n"]
    folder = tmp_path_factory.mktemp("origins")
    paths = [folder / f"d{k}.txt" for k in range(len(texts))]
    for p, text in zip(paths, texts, strict=True):
        p.write_text(text, encoding="utf-8")
    r = provcheck.report(paths, fast=True)
    ids = [r.id_of(k) or "" for k in range(len(r.documents))]
    # the records the renderers read: doc1 -> doc2 and doc3 -> doc4, one story
    edges = (_edge(ids[0], ids[1], relation="edited"), _edge(ids[2], ids[3]))
    cluster = tuple(ids)
    fine = _row({ids[0]: ("£1,000", "1000"), ids[1]: ("£1,000", "1000"),
                 ids[2]: ("£1,200", "1200"), ids[3]: ("£1,200", "1200")})
    return dataclasses.replace(r, clusters=(cluster,), edges=edges, fact_table=(fine,),
                               stories=tuple(stories([cluster], edges, {})))


def test_markdown_names_the_origins_their_echoes_and_who_states_what(
        two_origins: Report) -> None:
    md = render_report(two_origins, "md")
    assert "**Independent origins (2):** D1 (echoes: D2); D3 (echoes: D4)" in md
    assert "D1: £1,000 · D3: £1,200" in md
    # who derived from whom and what each copy changed come before the fact table
    assert md.index("## Derivations") < md.index("## Divergent facts")


def test_json_carries_origins_and_validates(two_origins: Report) -> None:
    doc = json.loads(render_report(two_origins, "json"))
    schema = json.loads(resources.files("provcheck").joinpath(
        "schema/report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    d1, d2, d3, d4 = (d["id"] for d in doc["documents"])
    assert doc["stories"][0]["origins"] == [
        {"id": d1, "echoes": [d2]}, {"id": d3, "echoes": [d4]}]
    assert doc["fact_table"][0]["origins"] == [
        {"value": "£1,000", "origins": [d1]}, {"value": "£1,200", "origins": [d3]}]


def test_html_shows_origins_and_puts_the_graph_first(two_origins: Report) -> None:
    page = render_report(two_origins, "html")
    assert "Independent origins (2)" in page
    # per story: who derived from whom, what each copy changed, then its facts
    story = page[page.index('<section id="story1"'):page.index('id="derivations"')]
    assert story.index('id="graph1"') < story.index('id="changes1"') < story.index('id="facts1"')
    assert story.index("<svg") < story.index('id="edge1"') < story.index("fact-table")
    facts = story.split('id="facts1"')[1]
    # each origin's value, named by the origin's number
    assert re.search(r'>D1</a>: <span dir="auto">£1,000</span> · <a [^>]*>D3</a>: '
                     r'<span dir="auto">£1,200</span>', facts)
