"""A role swap is a divergence the CI gate can fail on; the index keeps a document's
language. Text written for these tests."""

from __future__ import annotations

from pathlib import Path

from provcheck import normalize
from provcheck.collection.check import check_document
from provcheck.collection.documents import doc_from_json, doc_to_json
from provcheck.collection.index import open_index

SOURCE = (
    "Court fines two chemists\n\n"
    "Two chemists who sold slimming pills without a licence were fined at Leeds Crown "
    "Court yesterday after a trading standards inquiry lasting two years.\n\n"
    "Tom Hart was fined £750 and Sam Cole was fined £1,000 for selling the pills from "
    "their shop in the city centre, the court heard during the short hearing.\n\n"
    "Trading standards officers said the pills had been bought from a supplier abroad "
    "and had never been tested for safety before they were sold to customers.\n"
)


def test_the_index_keeps_the_language() -> None:
    doc = normalize(SOURCE)
    assert doc.language == "en"
    assert doc_from_json(doc_to_json(doc)).language == "en"


def test_a_role_swap_fails_the_gate_with_fail_on_divergence(tmp_path: Path) -> None:
    held, new = tmp_path / "held.txt", tmp_path / "new.txt"
    held.write_text(SOURCE, encoding="utf-8")
    new.write_text(SOURCE.replace("Tom Hart was fined £750 and Sam Cole was fined £1,000",
                                  "Sam Cole was fined £750 and Tom Hart was fined £1,000"),
                   encoding="utf-8")
    with open_index(tmp_path / "i.db") as index:
        index.add(normalize(held), None)
        result = check_document(index, normalize(new), fast=True, fail_on="reprint",
                                fail_on_divergence=True)
    (finding,) = result.findings
    assert finding.comparison is not None
    assert "role" in {ch.change for ch in finding.comparison.facts.changed}
    assert finding.divergent and finding.fails
