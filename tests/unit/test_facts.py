import pytest

from provcheck.facts import extract_facts


def _facts(text: str):  # type: ignore[no-untyped-def]
    return [(f.kind, f.value, f.about, f.hedge) for f in extract_facts("p1", text)]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("As of mid-2025, the US maintains around 2,500 troops in Iraq.",
         ("quantity", "2500", "troops", "around")),
        ("a coalition of over 89 countries and organisations",
         ("quantity", "89", "countries", "over")),
        ("at least 15 suspected ISIS members were killed",
         ("quantity", "15", "suspected isis members", "at least")),
        ("At least seven US troops were injured", ("quantity", "7", "us troops", "at least")),
        ("a village 45 kilometers from Kirkuk", ("distance", "45 kilometers", None, None)),
        ("it cost $2.5 billion in 1998", ("money", "2500000000 $", None, None)),
        ("turnout rose to 61 percent", ("percent", "61", None, None)),
        ("the 19th best movie", ("quantity", "19", "best movie", None)),
    ],
)
def test_quantities(text: str, fact: tuple) -> None:  # type: ignore[type-arg]
    assert fact in _facts(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("published 24-09-2025 in Erbil", "2025-09-24"),
        ("operations began in October 2014", "in 2014-10"),
        ("as of mid-2025", "mid 2025"),
        ("withdraw by the end of September 2025", "by the end of 2025-09"),
        ("to conclude by September 2026", "by 2026-09"),
        ("to conclude in September 2026", "in 2026-09"),
        ("said on Wednesday", "wednesday"),
        ("struck last week", "last week"),
    ],
)
def test_dates(text: str, value: str) -> None:
    assert ("date", value, None, None) in _facts(text)


def test_spans_point_at_the_surface_text() -> None:
    text = "The US maintains \u201caround\u201d 2,500 troops, and 89 countries joined."
    for f in extract_facts("p1", text):
        assert f.span[1] > f.span[0]
        assert f.text.split()[0] in text.replace("\u201c", '"').replace("\u201d", '"')


def test_no_facts_in_plain_prose() -> None:
    assert _facts("The militants no longer have a place to hide.") == []
