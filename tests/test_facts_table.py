"""The report's fact table tells the truth at a glance: the story's root source is the
first column, a cell is marked where it differs from the root source, each person's age
and fine is a row of its own, named by the person, and the table never disagrees with
what each derivation's own list of changes says.

Text written for these tests.
"""

from __future__ import annotations

import pytest

import provcheck
from provcheck.collection.records import FactRow, Report
from provcheck.render.markdown import DIVERGENT
from provcheck.render.registry import render_report

WIRE = """PHARMACISTS FINED OVER MEDICINE ERROR

By Ruth Adams, Wire News

Two pharmacists were fined today after admitting a mistake with a medicine that made a \
baby ill at a clinic in Runcorn.

Anna Bell, 27, was fined £1,000 and trainee Carol Dent, 25, was fined £750 at Chester \
Crown Court after they pleaded guilty.

The court heard that the mixture was 20 times too strong and that the baby spent 12 \
days in hospital.

Judge Peter Hale said the error should never have happened and that the clinic had \
changed its procedures since.
"""
_PLAIN = WIRE.replace("By Ruth Adams, Wire News\n\n", "")
#: the fines swapped between the two people
SWAPPED = _PLAIN.replace("Anna Bell, 27, was fined £1,000 and trainee Carol Dent, 25, was "
                         "fined £750", "Anna Bell, 27, was fined £750 and trainee Carol "
                         "Dent, 25, was fined £1,000")
#: one age and the days in hospital changed
CHANGED = _PLAIN.replace("Carol Dent, 25,", "Carol Dent, 26,").replace("12 days", "14 days")


@pytest.fixture(scope="module")
def story() -> Report:
    return provcheck.report([WIRE, SWAPPED, CHANGED], fast=True, all_facts=True)


def _row(r: Report, slot: str) -> FactRow:
    return next(row for row in r.fact_table if row.slot == slot)


def test_each_persons_age_and_fine_is_a_row_named_by_the_person(story: Report) -> None:
    slots = {row.slot for row in story.fact_table}
    assert {"age of Anna Bell", "age of Carol Dent", "Anna Bell: fined",
            "Carol Dent: fined"} <= slots
    assert {c.fact.text for c in _row(story, "age of Anna Bell").cells} == {"27"}


def test_cells_differ_from_the_root_source(story: Report) -> None:
    root = story.stories[0].root
    assert root == "doc1"
    for row in story.fact_table:
        assert row.cells[0].doc == root
        for cell, differs in zip(row.cells, row.differing, strict=True):
            assert differs == (cell.fact.value != row.cells[0].fact.value)
    fine = _row(story, "Anna Bell: fined")
    assert [(c.doc, c.fact.text, d) for c, d in zip(fine.cells, fine.differing,
                                                    strict=True)] == [
        ("doc1", "£1,000", False), ("doc2", "£750", True), ("doc3", "£1,000", False)]


def test_the_table_and_each_derivations_changes_agree(story: Report) -> None:
    root = story.stories[0].root
    checked = 0
    for e in story.edges:
        if root not in (e.a, e.b):
            continue
        other = e.b if e.a == root else e.a
        changed = e.divergences.changed
        for row in story.fact_table:
            cells = {c.doc: (c, d) for c, d in zip(row.cells, row.differing, strict=True)}
            if other not in cells:
                continue
            base, (cell, differs) = cells[root][0], cells[other]
            facts = {(f.paragraph, f.span) for f in (base.fact, cell.fact)}
            listed = any(c.change in ("value", "role", "moved")
                         and {(c.a.paragraph, c.a.span), (c.b.paragraph, c.b.span)} & facts
                         for c in changed)
            assert differs == listed, (row.slot, other)
            checked += 1
    assert checked >= 8


def test_markdown_puts_the_root_first_and_marks_what_differs(story: Report) -> None:
    text = render_report(story, "md")
    header = next(line for line in text.splitlines() if line.startswith("|") and "slot" in line)
    assert header.split("|")[4].strip() == "D1"  # the first article column: the root
    fine = next(line for line in text.splitlines() if "Anna Bell: fined" in line)
    assert f"£750 {DIVERGENT}" in fine and f"£1,000 {DIVERGENT}" not in fine
    assert "root source is the first column" in text


def test_a_dropped_age_says_whose_it_was() -> None:
    from provcheck.render.registry import render

    c = provcheck.compare(
        "Title\n\nAnna Bell, 25, and Carol Dent, 27, admitted theft at Leeds Crown Court.\n",
        "Title\n\nAnna Bell, 25, admitted theft at Leeds Crown Court. Her driver, Tom Hart, "
        "27, was cleared.\n", fast=True)
    text = render(c, "text")
    assert "27 (of Carol Dent)" in text and "27 (of Tom Hart)" in text
    assert "27 (of Carol Dent)" in render(c, "md")
