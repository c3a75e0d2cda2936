"""Values read right: fractions and mixed numbers, money with a scale however it is
written, full dates with the year after the day, years that are part of a name.

Text written for these tests.
"""

from __future__ import annotations

import pytest

from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import extract_facts
from provcheck.language.text import canonical
from provcheck.models import Fact


def _facts(text: str) -> list[Fact]:
    return extract_facts("p1", canonical(text), calibration=CALIBRATION)


def _values(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in _facts(text) if f.kind != "name"]


@pytest.mark.parametrize(
    ("text", "kind", "value", "about"),
    [
        ("The jockey lost 3½ stone before the race.", "quantity", "3.5", "stone"),
        ("The jockey lost 3 1/2 stone before the race.", "quantity", "3.5", "stone"),
        ("He served three and a half years in Durham.", "quantity", "3.5", "years"),
        ("He served two-and-a-half years in Durham.", "quantity", "2.5", "years"),
        ("He got 5 1/2 years for the robbery.", "quantity", "5.5", "years"),
        ("A seven-and-a-half-ton lorry overturned.", "quantity", "7.5", "ton"),
        ("She weighed eleven and three quarters stone.", "quantity", "11.75", "stone"),
        ("He walked 2½ miles home.", "distance", "2.5 miles", None),
    ],
)
def test_a_fraction_and_its_whole_number_are_one_value(
        text: str, kind: str, value: str, about: str | None) -> None:
    found = [f for f in _facts(text) if f.kind != "name"]
    assert [(f.kind, f.value, f.about) for f in found] == [(kind, value, about)]


def test_three_and_a_half_stone_is_never_31_or_2_stone() -> None:
    found = _facts("Doctors said the boy, who weighed 3½ stone, was starving.")
    assert "31" not in {f.value for f in found}
    assert not any(f.text.startswith("2 stone") or f.value == "2" for f in found)


def test_a_fraction_alone() -> None:
    assert _values("Add ½ a cup of sugar.") == [("number", "0.5")]
    assert _values("Add 1/2 a cup of sugar.") == [("number", "0.5")]


def test_slashes_that_are_not_fractions() -> None:
    assert _values("The meeting of 1/2/2020 was cancelled.") == [("date", "2020-02-01")]
    assert ("number", "0.5") not in _values("It is open 24/7 and 9/11 changed it.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a $70 million nationwide program", "70000000 $"),
        ("a $70-million program", "70000000 $"),
        ("a $70m program", "70000000 $"),
        ("the project cost £1.2bn in all", "1200000000 £"),
        ("the project cost £1.2 billion in all", "1200000000 £"),
        ("costing £3.5million in lost production", "3500000 £"),
        ("a £5k bonus", "5000 £"),
    ],
)
def test_money_with_its_scale_is_one_value(text: str, value: str) -> None:
    assert _values(text) == [("money", value)]


def test_a_scale_letter_counts_only_for_money() -> None:
    assert ("quantity", "5") in _values("The wall was 5 m long.")
    assert _values("He was fined $3 months ago.") == [("money", "3 $")]


def test_money_written_with_or_without_a_hyphen_is_no_change() -> None:
    a = "Title\n\nThe state launched a $70 million nationwide program to train nurses.\n"
    b = "Title\n\nThe state launched a $70-million program to train nurses.\n"
    c = compare(a, b, fast=True)
    assert [ch for ch in c.facts.changed if ch.a.kind == "money"] == []
    assert [f for f in (*c.facts.dropped, *c.facts.added) if f.kind == "money"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They were to be killed on April 27 1999, their anniversary.", "1999-04-27"),
        ("They were to be killed on April 27, 1999, their anniversary.", "1999-04-27"),
        ("They were to be killed on 27 April 1999, their anniversary.", "1999-04-27"),
    ],
)
def test_a_full_date_keeps_its_year(text: str, value: str) -> None:
    assert _values(text) == [("date", value)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He was charged under the 1968 Medicines Act last month.", "medicines act"),
        ("He was charged under the Medicines Act 1968 last month.", "medicines act"),
        ("Fans recalled the 2014 World Cup in Brazil.", "world cup"),
        ("It breached Britain's 1998 Human Rights Act.", "human rights act"),
        ("They met at the 2012 London Olympics.", "london olympics"),
    ],
)
def test_a_year_in_a_statute_or_event_name_is_not_a_date(text: str, name: str) -> None:
    found = _facts(text)
    assert not [f for f in found if f.kind == "date" and f.value[:1].isdigit()]
    years = [f for f in found if f.kind == "number"]
    assert [(f.value, f.about) for f in years] == [(years[0].value, name)]
    assert years[0].value in text


def test_a_year_beside_a_name_that_is_no_statute_or_event_stays_a_date() -> None:
    assert ("date", "1997") in _values("Labour won the 1997 Labour landslide.")
    assert ("date", "1997") in _values("In 1997 Labour won the election.")


def test_a_named_year_changed_is_a_value_change() -> None:
    a = "Title\n\nHe scored twice in the 2014 World Cup and retired a year later.\n"
    b = "Title\n\nHe scored twice in the 2018 World Cup and retired a year later.\n"
    c = compare(a, b, fast=True)
    assert [(ch.change, ch.a.value, ch.b.value) for ch in c.facts.changed] == [
        ("value", "2014", "2018")]


def test_a_named_year_in_either_order_is_kept() -> None:
    a = "Title\n\nThe firm was prosecuted under the 1968 Medicines Act for the sales.\n"
    b = "Title\n\nThe firm was prosecuted under the Medicines Act 1968 for the sales.\n"
    assert compare(a, b, fast=True).facts.count == 0
