"""The report carries the divergences (issue 13, item 5): what each derived article
dropped, changed and added, the story's root source and chains, the fact table of
differing slots only, and a graph labelled with outlets and titles."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from provcheck.cli.app import app
from provcheck.collection.report import build_report
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from provcheck.render import render_report
from tests.conftest import ROOT

runner = CliRunner()
SEEDS = str(ROOT / "seeds")


def _schema() -> dict[str, Any]:
    text = resources.files("provcheck").joinpath("schema/report.schema.json").read_text()
    return dict(json.loads(text))


def _run(*args: str) -> str:
    r = runner.invoke(app, ["report", *args, "--no-progress"])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    """The seeds report in each format, semantic mode (the sleeper-cells claim is
    unsupported by a meaning, not by its words)."""
    return {fmt: _run(SEEDS, "-f", fmt) for fmt in ("md", "json", "html")}


def _seed(name: str) -> str:
    return next(str(p) for p in sorted((ROOT / "seeds").iterdir()) if p.name.startswith(name))


def _plain(text: str) -> str:
    """Markdown or HTML as a reader sees it: escapes and tags dropped."""
    return re.sub(r"<[^>]+>", "", text).replace("\\", "").replace("&#39;", "'")


def test_json_edge_names_what_000_dropped_altered_and_added(seeds: dict[str, str]) -> None:
    doc = json.loads(seeds["json"])
    jsonschema.validate(doc, _schema())
    [edge] = doc["edges"]
    assert (edge["a"], edge["b"]) == (_seed("001"), _seed("000"))
    d = edge["divergences"]
    dropped = {f["text"] for f in d["facts"]["dropped"]}
    assert {"around 2,500 troops", "over 89 countries"} <= dropped
    assert all(f["side"] == "a" for f in d["facts"]["dropped"])
    [quote] = [q for q in d["quotes"] if "five joint operations centers" in q["text"]]
    assert quote["status"] == "altered"
    assert ["-", "that are "] in quote["diff"]
    assert any("sleeper cells" in c for u in d["unsupported"] for c in u["claims"])
    assert all(u["side"] == "b" for u in d["unsupported"])
    # names are left out: the numbers and dates are what a reader checks
    assert not [f for f in d["facts"]["dropped"] if f["kind"] in ("name", "attribution")]


def test_markdown_names_them_under_the_derivation(seeds: dict[str, str]) -> None:
    md = seeds["md"]
    # who derived from whom and what each copy changed, then the fact table
    assert md.index("## Derivations") < md.index("## Divergent facts") < md.index("## Articles")
    section = _plain(md[md.index("## Derivations"):md.index("## Divergent facts")])
    head = section.index("D2 → D1: rewrite")
    below = section[head:]
    assert "around 2,500 troops" in below and "over 89 countries" in below
    assert "five joint operations centers [-that are -]located" in below
    assert "sleeper cells" in below
    assert "No fact slot holds different values" not in md or "qualified" in md


def test_html_names_them_under_the_derivation(seeds: dict[str, str]) -> None:
    html = seeds["html"]
    block = html[html.index('<section id="edge1"'):]
    block = block[:block.index("</section>")]
    assert "around 2,500 troops" in block and "over 89 countries" in block
    assert "five joint operations centers <del>that are </del>located" in block
    assert "sleeper cells" in block
    # the graph: outlets and titles, not D1..Dn
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert ">Rudaw</text>" in svg and "Iraqi army says cooperation" in svg
    assert ">D1<" not in svg and ">D2<" not in svg


def test_root_source_and_chain_of_the_seeds(seeds: dict[str, str]) -> None:
    doc = json.loads(seeds["json"])
    [story] = doc["stories"]
    assert story["root"] == _seed("001")
    assert story["chains"] == [[_seed("001"), _seed("000")]]
    assert "**Root source:** D2" in seeds["md"] and "**Chains:** D2 → D1" in seeds["md"]


def test_all_facts_shows_the_slots_that_agree() -> None:
    default = json.loads(_run(SEEDS, "--fast", "-f", "json"))
    every = json.loads(_run(SEEDS, "--fast", "-f", "json", "--all-facts"))
    for doc in (default, every):
        jsonschema.validate(doc, _schema())
    assert default["all_facts"] is False and every["all_facts"] is True
    assert default["fact_table"]
    assert all(r["divergent"] or r["qualified"] for r in default["fact_table"])
    agree = [r for r in every["fact_table"] if not r["divergent"] and not r["qualified"]]
    assert agree and len(every["fact_table"]) == len(default["fact_table"]) + len(agree)
    slot = agree[0]["slot"]
    md, md_all = _run(SEEDS, "--fast"), _run(SEEDS, "--fast", "--all-facts")
    assert "| agree " in md_all and "| agree " not in md
    assert "--all-facts" in md and slot in _plain(md_all)
    assert f"{len(agree)} fact slots whose values agree not shown" in _plain(md)


ORIGINAL = "\n\n".join([
    "The city council voted on Tuesday to build a new bridge across the Elm river at a "
    "cost of 45 million dollars.",
    "Mayor Jane Holloway said the bridge would open by March 2027 and carry about 30,000 "
    "vehicles a day.",
    '"This bridge will join two halves of our city that have been apart for too long," '
    "Holloway told reporters after the vote.",
    "The council approved the plan by seven votes to two, after a debate that lasted more"
    " than four hours.",
    "Opponents said the money would be better spent on repairing the 12 existing bridges,"
    " several of which are more than 80 years old.",
    "Construction is due to begin in the autumn, the council said, with the first "
    "contracts awarded in June.",
])


def _chain() -> list[Document]:
    """A -> B -> C: B edits A's cost and adds a paragraph, C edits B's traffic figure and
    the mayor's words and adds one more."""
    b = (ORIGINAL.replace("45 million dollars", "48 million dollars")
         + "\n\nLocal businesses welcomed the decision, saying the bridge would bring more "
         "shoppers to the old town.")
    c = (b.replace("about 30,000 vehicles", "around 25,000 vehicles")
         .replace("apart for too long", "apart for far too long")
         + "\n\nA public consultation on the design will open next month.")
    out = []
    for k, (name, text, outlet) in enumerate((("a", ORIGINAL, "Wire"), ("b", b, "Daily"),
                                              ("c", c, "Weekly"))):
        d = normalize_text(f"Bridge vote {k}\n\n{text}\n", label=f"{name}.txt")
        out.append(dataclasses.replace(d, date=f"2026-01-0{k + 1}", outlet=outlet))
    return out


def test_root_source_and_chain_of_three() -> None:
    r = build_report(_chain(), fast=True)
    assert {(e.a, e.b) for e in r.edges if e.direction == "a->b"} >= {("a.txt", "b.txt"),
                                                                       ("b.txt", "c.txt")}
    [story] = r.stories
    assert story.root == "a.txt"
    assert ("a.txt", "b.txt", "c.txt") in story.chains
    # the shortcut a -> c is no chain of its own
    assert ("a.txt", "c.txt") not in story.chains
    [bc] = [e for e in r.edges if (e.a, e.b) == ("b.txt", "c.txt")]
    [change] = bc.divergences.changed
    assert "30,000" in change.a.text and "25,000" in change.b.text
    md = render_report(r, "md")
    assert "**Root source:** D1" in md and "**Chains:** D1 → D2 → D3" in md
    html = render_report(r, "html")
    assert ">Wire</text>" in html and ">Daily</text>" in html and ">Weekly</text>" in html
    doc = r.to_dict()
    jsonschema.validate(doc, _schema())
    assert ["a.txt", "b.txt", "c.txt"] in doc["stories"][0]["chains"]


def test_root_prefers_an_article_with_copies_then_the_earliest_date() -> None:
    from provcheck.collection.clusters import stories
    from provcheck.collection.records import Edge

    cluster = ("x", "y", "z")
    dates = {"x": "2026-02-01", "y": "2026-01-01", "z": None}
    # y is earliest but nothing derives from it; x has a copy
    [s] = stories([cluster], [Edge("x", "z", "rewrite", "a->b", 0.9)], dates)
    assert s.root == "x" and s.chains == (("x", "z"),)
    # no derivation: the earliest date
    [s] = stories([cluster], [], dates)
    assert s.root == "y" and s.chains == ()
    # an unknown direction is no incoming edge: the earlier of the two
    [s] = stories([cluster], [Edge("x", "z", "reprint", "unknown", 0.9)], dates)
    assert s.root == "x" and s.chains == ()


def test_graph_stays_legible_with_many_articles(tmp_path: Path) -> None:
    from provcheck.render.html import graph_svg

    labels = [(f"Outlet {k}", f"A rather long headline about event number {k} today",
               f"doc{k}.txt") for k in range(100)]
    edges = [(k - k % 5, k, "rewrite", f"t{k}") for k in range(100) if k % 5]
    clusters = [list(range(k, k + 5)) for k in range(0, 100, 5)]
    svg = graph_svg(labels, edges, clusters, [f"art{k + 1}" for k in range(100)])
    assert svg.count("<rect") == 100 and svg.count("marker-end") == 80
    assert "A rather long headline about</tspan>" in svg  # the title wrapped in its box
    assert "Story 20" in svg
    assert not re.search(r">D\d+<", svg)
