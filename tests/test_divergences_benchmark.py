"""benchmarks/divergences.py: the edits are seeded, read as meant, and an unedited
article reports nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import divergences
import evaldata

pytestmark = pytest.mark.eval

if not evaldata.available():
    pytest.skip(f"{evaldata.DEV} is absent", allow_module_level=True)


@pytest.fixture(scope="module")
def articles() -> list[divergences.Article]:
    return divergences.load(12, divergences.SEED)


def test_same_seed_same_edits(articles: list[divergences.Article]) -> None:
    for art in articles:
        one, truth_one, group_one = divergences.plan(art, divergences.SEED, articles)
        two, truth_two, group_two = divergences.plan(art, divergences.SEED, articles)
        assert [p.canon for p in one.paragraphs] == [p.canon for p in two.paragraphs]
        assert (truth_one.edits, dict(truth_one.expected), group_one) == (
            truth_two.edits, dict(truth_two.expected), group_two)


def test_an_edited_copy_differs_and_an_unedited_one_does_not(
        articles: list[divergences.Article]) -> None:
    for art in articles:
        copy, truth, group = divergences.plan(art, divergences.SEED, articles)
        same = [p.canon for p in copy.paragraphs] == [p.canon for p in art.doc.paragraphs]
        assert same == (group == "unedited"), (art.name, truth.edits)


def test_the_table_lists_every_kind() -> None:
    results, seconds = divergences.run(6, divergences.SEED)
    text = divergences.report(results, seconds, 6, divergences.SEED, 0)
    for name in ("dropped", "added", "changed (value)", "changed (qualified)",
                 "changed (moved)", "quotation altered", "unedited", "reordered"):
        assert f"| {name} |" in text
