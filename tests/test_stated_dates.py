"""Direction from evidence that holds (issue 22, item 4).

A publication date counts only where the page or the copy states it (JSON-LD, a meta
tag, ``<time>``, the address, a date line, a wire header): a date found only in the body
text is never one. Every output says where each date came from (``date_source``). And
``check`` names a new file the source of an indexed article only when a date it states
puts it first: otherwise the indexed article, held first, is the source.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import provcheck
from provcheck.collection.check import Dates, check, stated_first
from provcheck.collection.index import open_index
from provcheck.ingest.normalize import normalize_text
from provcheck.ingest.pagemeta import DATE_SOURCES, page_meta, stated_day, url_day
from provcheck.render import render
from tests.conftest import seed
from tests.indexutil import cli

# ---------------------------------------------------------------- pages written for the test


def _plain_page(title: str, paragraphs: list[str]) -> str:
    """A page with no metadata: the title in <title> and <h1>, a <p> per paragraph."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html><head><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def _seed_page(prefix: str, tmp_path: Path) -> Path:
    """Seed ``prefix`` as a plain HTML page: its first line the title, every other line
    that is not blank a paragraph (the date line and outlet line of 001 included)."""
    lines = [ln.strip() for ln in seed(prefix).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    path = tmp_path / f"{prefix}.html"
    path.write_text(_plain_page(lines[0], lines[1:]), encoding="utf-8")
    return path


def _seed_page_of_paragraphs(prefix: str, tmp_path: Path) -> Path:
    """Seed ``prefix`` as a plain HTML page of its normalised paragraphs only (no date
    line at all)."""
    doc = provcheck.normalize(seed(prefix))
    path = tmp_path / f"{prefix}-paragraphs.html"
    path.write_text(_plain_page(doc.title or "", [p.text for p in doc.paragraphs]),
                    encoding="utf-8")
    return path


BODY = [
    "The city council voted on Tuesday to extend the night bus service to three more "
    "districts, after a year of complaints from shift workers and students.",
    "The service began in 2014 as a trial on two routes and was made permanent on "
    "12 March 2019, when the council found the money in its transport budget.",
    "Officials said the new routes would start running in the spring and cost about "
    "two million a year, paid for by a small rise in the parking charges.",
]


# ---------------------------------------------------------------- 1. plain HTML of the flagship


@pytest.mark.parametrize("make", [_seed_page, _seed_page_of_paragraphs])
def test_plain_html_flagship_pair_names_the_original_as_source(
        make: Callable[[str, Path], Path], tmp_path: Path) -> None:
    a, b = make("001", tmp_path), make("000", tmp_path)
    c = provcheck.compare(a, b)
    # the rewrite's "in 2014" is no publication date: b has none
    assert c.b.date is None and c.b.date_source is None
    assert c.direction == "a->b", c.reasons
    assert not any("b was published first" in r for r in c.reasons)
    # the same texts as .txt: the same direction
    assert provcheck.compare(seed("001"), seed("000")).direction == "a->b"


def test_plain_html_flagship_page_keeps_its_date_line(tmp_path: Path) -> None:
    doc = provcheck.normalize(_seed_page("001", tmp_path))
    assert (doc.date, doc.date_source) == ("2025-09-24", "date line")


# ---------------------------------------------------------------- 2. body text is no date


def test_a_date_only_in_the_body_text_is_no_publication_date() -> None:
    page = _plain_page("Night buses reach three more districts", BODY)
    doc = normalize_text(page)
    assert doc.date is None and doc.date_source is None
    text = normalize_text("Night buses reach three more districts\n\n" + "\n\n".join(BODY))
    assert text.date is None and text.date_source is None


@pytest.mark.parametrize(("head", "body_top", "want"), [
    ('<script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "2021-06-02T08:00:00+02:00"}</script>', "", ("2021-06-02", "json-ld")),
    ('<meta property="article:published_time" content="2021-06-03T08:00:00Z">', "",
     ("2021-06-03", "meta")),
    ('<meta name="sailthru.date" content="2021-06-04 10:00:00">', "", ("2021-06-04", "meta")),
    ("", '<time itemprop="datePublished" datetime="2021-06-05T09:00">5 June</time>',
     ("2021-06-05", "time")),
    ("", '<span itemprop="datePublished">Fri 6:45 PM, Jun 11, 2021</span>',
     ("2021-06-11", "microdata")),
    ('<link rel="canonical" href="https://news.example/2021/06/06/night-buses">', "",
     ("2021-06-06", "url")),
    ("", '<div class="article-date">7 June 2021</div>', ("2021-06-07", "date element")),
])
def test_a_stated_date_is_read_with_its_source(head: str, body_top: str,
                                                 want: tuple[str, str]) -> None:
    page = (f"<html><head><title>Night buses</title>{head}</head><body><article>"
            f"<h1>Night buses</h1>{body_top}"
            + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>")
    doc = normalize_text(page)
    assert (doc.date, doc.date_source) == want
    assert doc.date_source in DATE_SOURCES


def test_a_sidebar_date_is_not_the_articles() -> None:
    page = ("<html><head><title>Night buses</title></head><body><aside class='related'>"
            "<span class='date'>1 January 2014</span></aside><article><h1>Night buses</h1>"
            + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>")
    assert page_meta(page).published is None


def test_text_date_line_and_wire_header_sources() -> None:
    doc = normalize_text("Night buses\n\n24-09-2025\n\n" + "\n\n".join(BODY))
    assert (doc.date, doc.date_source) == ("2025-09-24", "date line")
    wire = normalize_text("16:17 01/03/00: Page 1 (HHH) COURTS Buses\n\n" + "\n\n".join(BODY))
    assert (wire.date, wire.date_source) == ("2000-03-01", "wire header")


def test_stated_values_and_addresses() -> None:
    assert stated_day("November 19, 2019, 07:47 PM EST") == "2019-11-19"
    assert stated_day("Tue Nov 19 2019 05:44:06 GMT+0000") == "2019-11-19"
    assert stated_day("2019/11/19") == "2019-11-19"
    assert stated_day("19.11.2019") == "2019-11-19"
    assert stated_day("in 2014") is None
    assert url_day("https://x.example/2019/11/18/story") == "2019-11-18"
    assert url_day("https://x.example/news/20191118-story") == "2019-11-18"
    assert url_day("https://x.example/2019/11/story") is None  # a month is no day
    assert url_day("https://x.example/story?id=2019-11-18") is None


# ---------------------------------------------------------------- 3. every output says where


def test_date_source_in_every_compare_output() -> None:
    c = provcheck.compare(seed("001"), seed("000"), fast=True)
    data = json.loads(render(c, "json"))
    assert (data["a"]["date"], data["a"]["date_source"]) == ("2025-09-24", "date line")
    assert data["b"]["date"] is None and data["b"]["date_source"] is None
    schema = json.loads(resources.files("provcheck").joinpath(
        "schema/compare.schema.json").read_text())
    jsonschema.validate(data, schema)
    for fmt in ("text", "md", "html"):
        assert "2025-09-24 (date line)" in render(c, fmt), fmt


def test_normalize_json_carries_the_date_source() -> None:
    r = cli("normalize", str(seed("001")), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["date_source"] == "date line"


def test_schemas_list_every_date_source() -> None:
    for name in ("compare", "report"):
        text = resources.files("provcheck").joinpath(f"schema/{name}.schema.json").read_text()
        found = json.loads(text)
        props = (found["$defs"]["document"]["properties"] if name == "compare"
                 else found["properties"]["documents"]["items"]["properties"])
        assert props["date_source"]["enum"] == [*DATE_SOURCES, None]
        assert found["properties"]["schema_version"]["const"] == provcheck.SCHEMA_VERSION


# ---------------------------------------------------------------- 4. check and arrival order


def _copy_without_dates(tmp_path: Path) -> Path:
    """Seed 001 word for word, its date line left out."""
    lines = seed("001").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "copy-of-001.txt"
    path.write_text("\n".join(ln for ln in lines if ln.strip() != "24-09-2025") + "\n",
                    encoding="utf-8")
    assert provcheck.normalize(path).date is None
    return path


def test_copies_of_the_indexed_original_fail(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    assert cli("index", "add", str(seed("001")), "--db", str(db)).exit_code == 0
    copy = _copy_without_dates(tmp_path)
    r = cli("check", str(seed("000")), str(copy), "--db", str(db), "-f", "json")
    assert r.exit_code == 1, r.output
    results = json.loads(r.stdout)["results"]
    assert [x["status"] for x in results] == ["fail", "fail"]
    for result in results:
        assert result["date"] is None and result["date_source"] is None
        for f in result["findings"]:
            assert f["direction"] != "b->a", f  # never "the new file is the source"
            if f["indexed"]:  # (the second is also checked against the first: no date)
                assert f["dates"]["indexed"] == "2025-09-24" and f["dates"]["added"]
    text = cli("check", str(seed("000")), str(copy), "--db", str(db)).stdout
    assert "source by its stated date" not in text
    assert "dates: new none stated, indexed 2025-09-24" in text


def test_a_new_file_is_the_source_only_with_an_earlier_stated_date(tmp_path: Path) -> None:
    # the index holds the rewrite (no date); the texts read the original as its source
    db = tmp_path / "index.db"
    assert cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    # the original with its date line: stated before the rewrite was indexed, so the
    # source (reported, passes)
    dated = cli("check", str(seed("001")), "--db", str(db), "-f", "json")
    assert dated.exit_code == 0, dated.output
    (f,) = json.loads(dated.stdout)["results"][0]["findings"]
    assert (f["direction"], f["direction_by"], f["fails"]) == ("b->a", "stated date", False)
    assert json.loads(dated.stdout)["results"][0]["date_source"] == "date line"
    # the same words with no date: the texts alone favour it as the source, but the
    # indexed article was held first; it fails as a copy
    bare = cli("check", str(_copy_without_dates(tmp_path)), "--db", str(db), "-f", "json")
    assert bare.exit_code == 1, bare.output
    (f,) = json.loads(bare.stdout)["results"][0]["findings"]
    assert (f["direction"], f["direction_by"], f["fails"]) == ("a->b", "arrival order", True)
    assert any(r.startswith("arrival order: a was held first") for r in f["reasons"])


HELD = "Night buses\n\n" + "\n\n".join(BODY) + "\n"


@pytest.mark.parametrize(("new", "direction", "fails"), [
    (HELD, "a->b", True),  # the same text, no date: a copy of what was held first
    ("Night buses\n\n12 March 2020\n\n" + "\n\n".join(BODY) + "\n", "b->a", False),
])
def test_an_exact_copy_is_told_by_arrival_order(tmp_path: Path, new: str, direction: str,
                                                fails: bool) -> None:
    with open_index(tmp_path / "d.db") as index:
        index.add(normalize_text(HELD, label="held.txt"), None)
        run = check(index, [normalize_text(new, label="new.txt")], fast=True)
    (finding,) = run.results[0].findings
    assert (finding.relation, finding.direction, finding.fails) == ("reprint", direction, fails)


def test_stated_first_needs_a_stated_earlier_date() -> None:
    added = "2026-01-10T12:00:00Z"
    assert not stated_first(Dates(None, None, None, None, added))
    assert not stated_first(Dates("2026-01-10", "meta", None, None, added))  # same day
    assert stated_first(Dates("2026-01-09", "meta", None, None, added))
    assert not stated_first(Dates("2025-05-02", "json-ld", "2025-05-02", None, added))
    assert stated_first(Dates("2025-05-01", "json-ld", "2025-05-02", None, added))
    assert not stated_first(Dates("2025-05-01", "json-ld", None, None, None))  # no bound
