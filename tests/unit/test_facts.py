import pytest

from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import extract_facts


def _facts(text: str):  # type: ignore[no-untyped-def]
    return [(f.kind, f.value, f.about, f.hedge) for f in extract_facts("p1", text,
                                                                       calibration=CALIBRATION)]


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
    ("text", "value", "hedge"),
    [
        ("published 24-09-2025 in Erbil", "2025-09-24", None),
        ("operations began in October 2014", "2014-10", "in"),
        ("as of mid-2025", "2025", "mid"),
        ("withdraw by the end of September 2025", "2025-09", "by the end of"),
        ("to conclude by September 2026", "2026-09", "by"),
        ("to conclude in September 2026", "2026-09", "in"),
        ("said on Wednesday", "wednesday", None),
        ("struck last week", "last week", None),
    ],
)
def test_dates(text: str, value: str, hedge: str | None) -> None:
    assert ("date", value, None, hedge) in _facts(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("said on Wednesday", "2025-09-24"),  # the article's own day is a Wednesday
        ("struck on Sunday", "2025-09-21"),
        ("yesterday", "2025-09-23"),
        ("last week", "2025-W38"),
        ("last month", "2025-08"),
        ("next year", "2026"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(text: str, value: str) -> None:
    facts = extract_facts("p1", text, reference_date="2025-09-24", calibration=CALIBRATION)
    assert [f.value for f in facts if f.kind == "date"] == [value]


def test_names_and_attributions() -> None:
    text = (
        "Qais al-Muhammadawi, deputy commander of Iraq's Joint Operations Command, told "
        "Rudaw that Daesh lost Ain al-Assad, the Associated Press has reported."
    )
    found = {(f.kind, f.value) for f in extract_facts("p1", text, calibration=CALIBRATION)}
    assert ("name", "qais al-muhammadawi") in found
    assert ("name", "joint operations command") in found
    assert ("name", "islamic state") in found  # alias of Daesh
    assert ("attribution", "rudaw") in found
    assert ("attribution", "associated press") in found


def test_sentence_initial_words_are_not_names() -> None:
    text = "However, the army said. The coalition left. In Baghdad, officials met."
    names = [f.text for f in extract_facts("p1", text, calibration=CALIBRATION) if f.kind == "name"]
    assert names == ["Baghdad"]


def test_spans_point_at_the_surface_text() -> None:
    text = "The US maintains \u201caround\u201d 2,500 troops, and 89 countries joined."
    for f in extract_facts("p1", text, calibration=CALIBRATION):
        assert f.span[1] > f.span[0]
        assert f.text.split()[0] in text.replace("\u201c", '"').replace("\u201d", '"')


def test_no_facts_in_plain_prose() -> None:
    assert _facts("The militants no longer have a place to hide.") == []


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Twenty-seven Iraqis died", ("quantity", "27", "iraqis", None)),
        ("Tate, 23, of Leeds", ("quantity", "23", "years old", None)),
        ("an 18-month sentence", ("quantity", "18", "month", None)),
        ("jailed for 30 months today", ("quantity", "30", "months", None)),
        ("the index closed at 1,520.15.", ("number", "1520.15", None, None)),
        ("a 227-188 vote", ("quantity", "227-188", "vote", None)),  # a score is one fact
        ("fought on 18th April 2009", ("date", "2009-04-18", None, "on")),
        ("due on March 14, they said", ("date", "--03-14", None, "on")),
        ("On May 8 , 2015 , Soro lost", ("date", "2015-05-08", None, "on")),
        ("in the late 1990s", ("date", "199X", None, "late")),
        ("she left in 1809", ("date", "1809", None, "in")),
        ("a 1989 documentary film", ("date", "1989", None, None)),
    ],
)
def test_more_number_and_date_forms(text: str, fact: tuple) -> None:  # type: ignore[type-arg]
    assert fact in _facts(text)


@pytest.mark.parametrize(
    "text", ["no one else came", "one day it rained", "it was first announced", "you may go"]
)
def test_idioms_are_not_facts(text: str) -> None:
    assert _facts(text) == []


def test_next_weekday_resolves_forward() -> None:
    [f] = extract_facts("p1", "see you next Tuesday", reference_date="2000-03-01",
                        calibration=CALIBRATION)
    assert f.value == "2000-03-07"
