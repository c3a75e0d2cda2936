"""The collection's view (provcheck.collection.union): an article built from several
sources is judged against their union, and two copies of one source are not linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.collection.index import open_index
from provcheck.collection.records import Divergences
from provcheck.collection.report import report_from_index
from provcheck.collection.rows import Row
from provcheck.collection.scan import scan
from provcheck.collection.union import (
    UnionJob,
    collection_pass,
    take_divergences,
    union_document,
    union_rows,
)
from provcheck.ingest.normalize import normalize
from provcheck.models import Fact, Quote, QuoteCheck
from provcheck.verdict.measures import is_wire
from provcheck.verdict.settings import Settings

#: a wire page header, as agency copy carries it (a filing time, a date, a page)
_HEADER = ("  " + "-" * 72 + "\n           {time} 14/03/01: Page {page} (HHH) COURTS Bridge\n  "
           + "-" * 72 + "\n")
_BODIES = (
    "CROWN COURT: BRIDGE FRAUD. A former harbour engineer stole almost 400,000 pounds "
    "from the Westmere Bridge trust over six years, Norwich Crown Court heard today. "
    "Alan Pettigrew, 52, of Cromer Road, Sheringham, diverted maintenance payments into "
    "an account he had opened in his late mother's name. The trust first noticed the "
    "missing money when an auditor found invoices for repainting work that was never "
    "carried out. Prosecutor Helen Marsh told the jury the scheme was simple but "
    "carefully hidden behind routine paperwork. Pettigrew denies eleven counts of theft "
    "and false accounting. The trial is expected to last two weeks.",
    "CROWN COURT: BRIDGE FRAUD (2). Miss Marsh said the defendant bought a holiday "
    "cottage in Norfolk and a cabin cruiser with the stolen money while telling "
    "colleagues he had inherited a small fortune. Bank records showed forty-one transfers "
    "from the trust's maintenance fund, each kept below the level that needed a second "
    "signature. The trust's chairman, Geoffrey Lowe, will give evidence tomorrow about "
    "how the accounts were checked each spring. Detectives seized ledgers and a laptop "
    "from the defendant's garage in March last year.",
    "CROWN COURT: BRIDGE FRAUD (3). Under questioning Pettigrew told police that he had "
    "always meant to pay the money back once the cottage was sold. He said the pressure "
    "of caring for his mother had clouded his judgement, the jury heard. A forensic "
    "accountant, Dr Ruth Okafor, traced every payment to the mother's account and found "
    "none was ever returned. The bridge trust has since replaced its whole finance "
    "committee and now asks two trustees to approve every payment. The case continues.",
)
TAKES = tuple(_HEADER.format(time=f"1{k}:15", page=k) + body
              for k, body in enumerate(_BODIES, start=1))
ARTICLE = (
    "Engineer 'raided bridge fund for cottage and boat'\n\n"
    "A trusted engineer looted a charity that looks after one of Norfolk's best-known "
    "crossings and spent the proceeds on the good life, a jury was told yesterday. "
    "Alan Pettigrew, 52, of Cromer Road, Sheringham, diverted maintenance payments into "
    "an account he had opened in his late mother's name. Colleagues at the trust were "
    "said to have admired his dedication, and several wept as the charges were read. "
    "Bank records showed forty-one transfers from the trust's maintenance fund, each "
    "kept below the level that needed a second signature. The money paid for a seaside "
    "bolt-hole and a motor launch moored at Wroxham, prosecutors claim. Pettigrew, a "
    "grandfather of three, sat with his head bowed in the dock for most of the morning. "
    "He said the pressure of caring for his mother had clouded his judgement, the jury "
    "heard. Friends outside the building described him as a quiet churchgoer who had "
    "never been in trouble. The hearing goes on."
)
SOURCE = _BODIES[0]
#: next morning's papers: the wire's "today" is their "yesterday"
_TOLD = SOURCE.split(". ", 1)[1].replace("heard today", "heard yesterday")
COPY1 = ("Engineer on trial over bridge trust money\n\n" + _TOLD
         + " Neighbours in Sheringham said they were stunned by the news this week.")
COPY2 = ("Bridge trust theft case opens in Norwich\n\n" + _TOLD
         + " The Westmere Bridge carries more than eight thousand vehicles a day.")


def _scanned(tmp_path: Path, texts: dict[str, str]) -> Path:
    """An index of ``texts`` (file name -> text), added in name order, scanned."""
    db = tmp_path / "union.db"
    settings = Settings.of(fast=False)
    with open_index(db) as index:
        for name, text in sorted(texts.items()):
            f = tmp_path / name
            f.write_text(text, encoding="utf-8")
            index.add(normalize(f), settings.embedder)
    scan(db, settings=settings)
    return db


def _rows(db: Path) -> dict[tuple[str, str], tuple[str, str, dict]]:
    with open_index(db, create=False) as index:
        name = {h.id: Path(h.path).name for h in index.documents()}
        return {(name[a], name[b]): (rel, d, index.pair_result(a, b) or {})
                for a, b, rel, d, _ in index.pairs()}


def test_an_article_built_from_three_takes_is_derived_from_their_union(tmp_path: Path
                                                                         ) -> None:
    texts = {f"take{k}.txt": t for k, t in enumerate(TAKES, start=1)}
    texts["zarticle.txt"] = ARTICLE
    rows = _rows(_scanned(tmp_path, texts))
    with open_index(tmp_path / "union.db", create=False) as index:
        ids = {Path(h.path).name: h.id for h in index.documents()}
    takes = sorted(ids[f"take{k}.txt"] for k in (1, 2, 3))
    for k in (1, 2, 3):
        relation, direction, result = rows[(f"take{k}.txt", "zarticle.txt")]
        assert relation in ("reprint", "edited", "rewrite", "partial")
        assert direction != "b->a"  # the article is never named the take's source
        assert result["union"]["takes"] == takes  # each take named
        assert result["union"]["copy"] == ids["zarticle.txt"]
        assert result["union"]["relation"] in ("reprint", "edited", "rewrite", "partial")
        assert any("union of 3 texts" in r for r in result["reasons"])
    # the pass starts again from each pair's own judgement: run again, nothing moves
    with open_index(tmp_path / "union.db", create=False) as index:
        collection_pass(index, Settings.of(fast=False))
    assert _rows(tmp_path / "union.db") == rows


def test_two_copies_of_one_source_are_not_derived_from_each_other(tmp_path: Path) -> None:
    rows = _rows(_scanned(tmp_path, {"a_source.txt": SOURCE, "b_copy.txt": COPY1,
                                     "c_copy.txt": COPY2}))
    assert rows[("a_source.txt", "b_copy.txt")][0] == "reprint"
    assert rows[("a_source.txt", "c_copy.txt")][0] == "reprint"
    relation, _, result = rows[("b_copy.txt", "c_copy.txt")]
    assert relation == "related"
    assert "copies of one source" in result["reasons"][0]
    # what compare says of the pair alone is kept beside it
    assert result["pairwise"]["relation"] == "reprint"


def test_a_take_of_a_union_keeps_what_the_article_did_to_it_not_to_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {f"take{k}.txt": t for k, t in enumerate(TAKES, start=1)}
    texts["zarticle.txt"] = ARTICLE
    db = _scanned(tmp_path, texts)
    rows = _rows(db)
    with open_index(db, create=False) as index:
        docs = {Path(h.path).name: index.load(h.id) for h in index.documents()}
    made = [(k, r) for k, r in rows.items() if "pairwise" in r[2] and "union" in r[2]]
    assert made, "no take's row was made by the union"
    for (take, article), (_, _, result) in made:
        kept = Divergences.from_dict(result["divergences"])
        assert result["divergences"]["source"] == "a"  # the take (the older text)
        # a quotation or fact of the take is placed in the take's own paragraphs
        ids = {p.id for p in docs[take].paragraphs}
        assert all(f.paragraph in ids for f in kept.dropped)
        assert all(q.a.paragraph in ids for q in kept.quotes if q.a is not None)
        # what the article took from another take is not listed as added to this one
        others = " ".join(docs[t].body for t in docs if t not in (take, article))
        assert not [f.text for f in kept.added if f.text in others]
    # the report reads them: the union's pairs are not compared again
    def no_compare(*_: object, **__: object) -> None:
        raise AssertionError("the report compared a pair again")

    monkeypatch.setattr("provcheck.collection.report.compare", no_compare)
    with open_index(db, create=False) as index:
        report = report_from_index(index, divergences=True)
    assert {(Path(e.a).name, Path(e.b).name) for e in report.edges} >= {k for k, _ in made}


def test_take_divergences_splits_the_unions_by_take() -> None:
    def fact(value: str, paragraph: str, side: str) -> Fact:
        return Fact("quantity", value, value, None, None, paragraph, (0, len(value)), side)

    against_union = Divergences(
        dropped=(fact("11 counts", "p1", "a"), fact("41 transfers", "p2", "a")),
        added=(fact("3 grandchildren", "p1", "b"),),
        quotes=(QuoteCheck("paraphrased", Quote("meant to pay", "Pettigrew", "p3", (0, 12)),
                           None),),
    )
    origin = {"p1": (7, "p1"), "p2": (9, "p1"), "p3": (9, "p2")}
    first = take_divergences(against_union, origin, 7)
    second = take_divergences(against_union, origin, 9)
    assert [f.text for f in first.dropped] == ["11 counts"]
    assert [(f.text, f.paragraph) for f in second.dropped] == [("41 transfers", "p1")]
    assert first.quotes == () and [q.a.paragraph for q in second.quotes if q.a] == ["p2"]
    # what no take holds is added to each
    assert first.added == second.added == against_union.added


def test_a_union_holding_agency_copy_names_only_its_wire_texts_the_source(
        tmp_path: Path) -> None:
    # the second take without its wire header: a newspaper's text among the takes
    texts = {"take1.txt": TAKES[0], "take2.txt": _BODIES[1], "zarticle.txt": ARTICLE}
    settings = Settings.of(fast=False)
    with open_index(tmp_path / "mixed.db") as index:
        ids = {}
        for name, text in texts.items():
            f = tmp_path / name
            f.write_text(text, encoding="utf-8")
            ids[name] = index.add(normalize(f), settings.embedder).id
        takes = (ids["take1.txt"], ids["take2.txt"])
        x = ids["zarticle.txt"]
        docs = [index.load(t) for t in takes]
        assert [is_wire(d) for d in docs] == [True, False]
        assert is_wire(union_document(docs))  # it holds agency copy
        job = UnionJob(x, takes, tuple(Row(min(t, x), max(t, x), "related", "unknown", 0.5, {})
                                       for t in takes))
        found = {(r.a, r.b): r for r in union_rows(index, job, settings)}
    wire_row = found[(min(takes[0], x), max(takes[0], x))]
    other_row = found[(min(takes[1], x), max(takes[1], x))]
    assert wire_row.relation == other_row.relation == "partial"
    assert wire_row.copy_is(x)  # the wire take is named the source
    assert other_row.direction == "unknown"  # the other text is not, for that
    assert "agency copy only" in other_row.result["reasons"][0]


def test_the_fact_tables_built_in_worker_processes_are_those_of_one(tmp_path: Path) -> None:
    texts = {f"take{k}.txt": t for k, t in enumerate(TAKES, start=1)}
    texts |= {"zarticle.txt": ARTICLE, "copy1.txt": COPY1, "copy2.txt": COPY2}
    db = _scanned(tmp_path, texts)
    with open_index(db, readonly=True) as index:
        one = report_from_index(index, divergences=True, workers=1)
        two = report_from_index(index, divergences=True, workers=2)
    assert one.fact_table, "no fact table to compare"
    assert two.to_dict() == one.to_dict()
