"""Reordering is not a change: sentences and paragraphs that only changed place move
no fact; a fact moves only when its sentence binds it to another role.

Text written for these tests.
"""

from __future__ import annotations

from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.diff import diff_group, facts_of
from provcheck.ingest.normalize import normalize_text
from provcheck.models import FactDiff

PARAS = [
    "Rahul Sharma was born in Delhi in 1950 and moved to Mumbai in 1972. He made four "
    "tackles in the final against Pakistan. The crowd of 40,000 cheered him in Karachi.",
    "The board of the Indian federation met in Kolkata on Monday to name a new coach for "
    "the national side before the tour of England in June.",
    "Sharma said the team needed three new players and a fitness coach from Australia.",
    "Tickets for the first match at Lord's sold out within 20 minutes, organisers said.",
]


def _compare(a: list[str], b: list[str]) -> FactDiff:
    return compare("Title\n\n" + "\n\n".join(a) + "\n", "Title\n\n" + "\n\n".join(b) + "\n",
                   fast=True).facts


def _diff(a: str, b: str):  # type: ignore[no-untyped-def]
    da, db = normalize_text("Title\n\n" + a + "\n"), normalize_text("Title\n\n" + b + "\n")
    return diff_group(facts_of(da, None, CALIBRATION), facts_of(db, None, CALIBRATION),
                      src_doc=da, dst_doc=db, cal=CALIBRATION)


def test_sentences_that_changed_place_move_no_fact() -> None:
    first = PARAS[0].split(". ")
    swapped = ". ".join([first[1].rstrip("."), first[0], first[2]])
    assert _compare(PARAS, [swapped, *PARAS[1:]]).count == 0


def test_paragraphs_that_changed_place_move_no_fact() -> None:
    assert _compare(PARAS, [PARAS[0], PARAS[2], PARAS[1], PARAS[3]]).count == 0


def test_two_facts_trading_places_across_a_third_do_not_move_it() -> None:
    _, _, changed = _diff(
        "He met Anna Bell, 25, her sister Carol, 23, and their cousin Dora, 31, in July.",
        "He met Anna Bell, 31, her sister Carol, 23, and their cousin Dora, 25, in July.",
    )
    # the two ages exchanged their people: a role change of both, Carol's 23 kept
    assert {c.a.value for c in changed if c.change == "role"} == {"25", "31"}
    assert all(c.a.value != "23" for c in changed)


def test_a_role_swap_inside_a_sentence_is_a_role_change() -> None:
    _, _, changed = _diff(
        "Dotty was born in Gloucester in 1923 and died in Boston in 2014.",
        "Dotty was born in Boston in 1923 and died in Gloucester in 2014.",
    )
    swapped = {c.a.value for c in changed if c.change == "role" and c.a.kind == "name"}
    assert swapped == {"gloucester", "boston"}


def test_a_sentence_cut_before_a_repeated_value_shifts_no_pairing() -> None:
    a = ("The recipe needs about 150 g of beets, 2 spoons of oil and 3 eggs; the sauce "
         "needs 150 g of cream.")
    b = ("The recipe needs about 153 g of beets, 2 spoons of oil and 3 eggs; the sauce "
         "needs 150 g of cream.")
    dropped, added, changed = _diff(a, b)
    assert [(c.change, c.a.value, c.b.value) for c in changed] == [("value", "150", "153")]
    assert (dropped, added) == ([], [])


def test_a_number_cut_and_another_put_in_are_a_drop_and_an_addition() -> None:
    a = [*PARAS[:3], "Police said three people were hurt when the stand collapsed."]
    b = [*PARAS[:3], "The stadium was rebuilt three years ago at a cost of millions."]
    facts = _compare(a, b)
    assert [c for c in facts.changed if c.change == "moved"] == []
    assert "three people" in [f.text for f in facts.dropped]


def test_a_date_stated_less_precisely_only_in_another_statement_is_dropped() -> None:
    a = [PARAS[0], "Its military operations in the region began in October 2014 with "
                   "airstrikes and later grew to include training.", *PARAS[1:]]
    b = [PARAS[0].replace("in 1972", "in 2014"), *PARAS[1:]]
    facts = _compare(a, b)
    assert "in October 2014" in [f.text for f in facts.dropped]
    assert [c for c in facts.changed if c.change == "qualified"] == []
