"""A fact is bound to what it is about: ages, fines and names of two people are two
slots, and two people exchanging their values or places is a ``role`` change.

Text written for these tests.
"""

from __future__ import annotations

from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.diff import diff_group, facts_of
from provcheck.facts.extraction import extract_facts
from provcheck.ingest.normalize import normalize_text
from provcheck.models import FactDiff


def _diff(a: str, b: str):  # type: ignore[no-untyped-def]
    da, db = normalize_text("Title\n\n" + a + "\n"), normalize_text("Title\n\n" + b + "\n")
    return diff_group(facts_of(da, None, CALIBRATION), facts_of(db, None, CALIBRATION),
                      src_doc=da, dst_doc=db, cal=CALIBRATION)


def _compare(a: str, b: str) -> FactDiff:
    return compare("Title\n\n" + a + "\n", "Title\n\n" + b + "\n", fast=True).facts


def _subjects(text: str) -> dict[str, str | None]:
    return {f.text: f.subject for f in extract_facts("p1", text, calibration=CALIBRATION)
            if f.kind not in ("name", "attribution")}


def test_ages_in_apposition_belong_to_their_names() -> None:
    assert _subjects("Anna Bell, 25, and Carol Dent, 27, admitted theft.") == {
        "25": "Anna Bell", "27": "Carol Dent"}
    assert _subjects("Anna Bell, 25 and Carol Dent, 27, admitted theft.") == {
        "25": "Anna Bell", "27": "Carol Dent"}


def test_fines_belong_to_the_name_of_their_clause() -> None:
    subjects = _subjects("Anna Bell was fined £750 and Carol Dent £1,000 at Leeds.")
    assert subjects == {"£750": "Anna Bell", "£1,000": "Carol Dent"}


def test_respectively_binds_in_order() -> None:
    subjects = _subjects("Anna Bell and Carol Dent were fined £750 and £1,000 respectively.")
    assert subjects == {"£750": "Anna Bell", "£1,000": "Carol Dent"}


def test_a_pronoun_takes_the_last_name_before_it() -> None:
    subjects = _subjects("The court heard Carol Dent admit theft. She was ordered to pay £300.")
    assert subjects == {"£300": "Carol Dent"}


def test_two_ages_stated_in_the_other_order_are_kept() -> None:
    assert _diff("Anna Bell, 25, and Carol Dent, 27, admitted theft at Leeds.",
                 "Carol Dent, 27, and Anna Bell, 25, admitted theft at Leeds.") == ([], [], [])


def test_one_age_changed_is_paired_with_its_own_person() -> None:
    _, _, changed = _diff("Anna Bell, 25, and Carol Dent, 27, admitted theft at Leeds.",
                          "Anna Bell, 26, and Carol Dent, 27, admitted theft at Leeds.")
    assert [(c.change, c.a.text, c.b.text, c.b.subject) for c in changed] == [
        ("value", "25", "26", "Anna Bell")]


def test_fines_in_the_other_order_are_no_divergence() -> None:
    d = _compare("Anna Bell was fined £750 and Carol Dent £1,000 at Leeds Crown Court.",
                 "Carol Dent was fined £1,000 and Anna Bell £750 at Leeds Crown Court.")
    assert d.count == 0


def test_fines_swapped_between_two_people_are_a_role_change() -> None:
    d = _compare("Anna Bell was fined £750 and Carol Dent £1,000 at Leeds Crown Court.",
                 "Anna Bell was fined £1,000 and Carol Dent £750 at Leeds Crown Court.")
    assert {(c.change, c.a.text, c.a.subject, c.b.subject) for c in d.changed} == {
        ("role", "£750", "Anna Bell", "Carol Dent"),
        ("role", "£1,000", "Carol Dent", "Anna Bell")}
    assert d.dropped == d.added == ()


def test_names_that_swap_roles_are_a_role_change() -> None:
    d = _compare("In the final at Wimbledon, Tom Hart beat Sam Cole in four sets on Sunday.",
                 "In the final at Wimbledon, Sam Cole beat Tom Hart in four sets on Sunday.")
    assert {c.change for c in d.changed} == {"role"}
    assert {c.a.value for c in d.changed} == {"tom hart", "sam cole"}


def test_an_age_of_someone_the_copy_never_names_is_dropped() -> None:
    c = compare("Title\n\nAnna Bell, 25, and Carol Dent, 27, admitted theft at Leeds Crown "
                "Court.\n", "Title\n\nAnna Bell, 25, admitted theft at Leeds Crown Court. Her "
                "driver, Tom Hart, 27, was cleared.\n", fast=True)
    # whichever side the verdict names the source, the two 27s are two people's ages:
    # one dropped, one added, never one changed or moved
    d = c.facts
    ages = {(f.side, f.text, f.subject) for f in (*d.dropped, *d.added)
            if f.kind == "quantity"}
    assert ages == {("a", "27", "Carol Dent"), ("b", "27", "Tom Hart")}
    assert not d.changed
    # the JSON says whose each age is
    listed = d.to_dict()["dropped"] + d.to_dict()["added"]
    assert {f["subject"] for f in listed if f["kind"] == "quantity"} == {"Carol Dent",
                                                                        "Tom Hart"}


def test_names_reordered_inside_a_list_are_no_role_change() -> None:
    d = _compare("In the final at Wimbledon, Tom Hart and Sam Cole played for four hours.",
                 "In the final at Wimbledon, Sam Cole and Tom Hart played for four hours.")
    assert d.count == 0


def test_two_dates_of_one_man_that_trade_places_still_moved() -> None:
    _, _, changed = _diff("Mr Dodd joined the hotel in 1984 and was sacked in 1986 by the board.",
                          "Mr Dodd joined the hotel in 1986 and was sacked in 1984 by the board.")
    assert {c.a.value for c in changed if c.change == "moved"} == {"1984", "1986"}
