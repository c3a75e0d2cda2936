"""Facts, names and dates take their words from provcheck.lexicon: every month and
weekday there is read."""

from __future__ import annotations

import datetime as dt

import pytest

from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import extract_facts
from provcheck.language.dates import parse_date
from provcheck.language.entities import find_names, name_key
from provcheck.language.lexicon import MONTH_ABBREVIATIONS, MONTHS, TITLES, WEEKDAYS


@pytest.mark.parametrize(("number", "month"), list(enumerate(MONTHS, start=1)))
def test_every_month_is_a_date(number: int, month: str) -> None:
    text = f"It opened on 3 {month.title()} 2001."
    values = [f.value for f in extract_facts("p", text,
                                             calibration=CALIBRATION) if f.kind == "date"]
    assert values == [f"2001-{number:02d}-03"]
    assert parse_date(f"3 {month.title()} 2001") == f"2001-{number:02d}-03"


@pytest.mark.parametrize(("abbr", "number"), list(MONTH_ABBREVIATIONS.items()))
def test_every_month_abbreviation_is_a_date(abbr: str, number: int) -> None:
    text = f"It opened on {abbr.title()}. 4, 2001."
    values = [f.value for f in extract_facts("p", text,
                                             calibration=CALIBRATION) if f.kind == "date"]
    assert values == [f"2001-{number:02d}-04"]
    assert parse_date(f"{abbr.title()} 4, 2001") == f"2001-{number:02d}-04"


@pytest.mark.parametrize(("index", "day"), list(enumerate(WEEKDAYS)))
def test_every_weekday_resolves(index: int, day: str) -> None:
    ref = dt.date(2025, 9, 26)  # a Friday
    (fact,) = [f for f in extract_facts("p", f"It happened on {day.title()}.",
                                        reference_date=ref.isoformat(),
                                        calibration=CALIBRATION) if f.kind == "date"]
    back = (ref.weekday() - index) % 7
    assert fact.value == (ref - dt.timedelta(days=back)).isoformat()
    assert parse_date(f"{day[:3].title()}, 26 September 2025") == "2025-09-26"
    assert parse_date(f"{day.title()} 26 September 2025") == "2025-09-26"


def test_months_and_weekdays_are_not_names() -> None:
    names = [s for _, _, s in find_names("Police saw Smith on Monday in January with Jones.")]
    assert names == ["Smith", "Jones"]


@pytest.mark.parametrize("title", sorted(TITLES))
def test_titles_come_off_names(title: str) -> None:
    assert name_key(f"{title.title()} Smith") == "smith"
