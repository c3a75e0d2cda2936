"""The fact extractors one by one, and the order in which they claim text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import (
    _EXTRACTORS,
    _ages,
    _attributions,
    _bare_numbers,
    _Candidate,
    _compounds,
    _dates,
    _distances,
    _money,
    _names,
    _percents,
    _quantities,
    _relative_dates,
    _Text,
    extract_facts,
)
from provcheck.language.text import canonical

Extractor = Callable[[_Text], Iterator[_Candidate]]


def _found(extractor: Extractor, text: str, ref: str | None = None) -> list[_Candidate]:
    return list(extractor(_Text(canonical(text), dt.date.fromisoformat(ref) if ref else None)))


@pytest.mark.parametrize(
    ("extractor", "text", "expected"),
    [
        (_attributions, "officials told Rudaw on Monday",
         ("attribution", "rudaw", None, None)),
        (_attributions, "BAGHDAD (AP) - The vote", ("attribution", "associated press", None, None)),
        (_dates, "withdraw by the end of September 2025",
         ("date", "2025-09", None, "by the end of")),
        (_relative_dates, "struck last week", ("date", "last week", None, None)),
        (_ages, "Tate, 23, of Leeds", ("quantity", "23", "years old", None)),
        (_ages, "a 30-year-old man", ("quantity", "30", "years old", None)),
        (_money, "it cost $2.5 billion", ("money", "2500000000 $", None, None)),
        (_money, "around 300 dinars", ("money", "300 dinars", None, "around")),
        (_percents, "turnout rose to 61 percent", ("percent", "61", None, None)),
        (_distances, "a village 45 kilometers away", ("distance", "45 kilometers", None, None)),
        (_quantities, "around 2,500 troops", ("quantity", "2500", "troops", "around")),
        (_compounds, "an 18-month sentence", ("quantity", "18", "month", None)),
        (_bare_numbers, "the index closed at 12,345.67", ("number", "12345.67", None, None)),
        (_names, "Qais al-Muhammadawi said", ("name", "qais al-muhammadawi", None, None)),
    ],
)
def test_each_extractor(extractor: Extractor, text: str, expected: tuple[object, ...]) -> None:
    assert expected in [(c.kind, c.value, c.about, c.hedge) for c in _found(extractor, text)]


def test_relative_date_resolved_against_reference() -> None:
    (c,) = _found(_relative_dates, "said on Wednesday", ref="2025-09-26")
    assert c.value == "2025-09-24"


def test_extractors_skip_paragraphs_without_their_anchors() -> None:
    text = "Nothing here counts or dates anything."
    for extractor in _EXTRACTORS:
        if extractor is not _names:
            assert _found(extractor, text) == []


def test_earlier_extractor_claims_the_text() -> None:
    # "3" and "2001" belong to the date, not to bare numbers; the age to _ages
    facts = extract_facts("p", "On 3 March 2001 Tate, 23, of Leeds was fined.",
                          calibration=CALIBRATION)
    kinds = [(f.kind, f.text) for f in facts]
    assert ("date", "On 3 March 2001") in kinds
    assert ("quantity", "23") in kinds
    assert not any(k == "number" for k, _ in kinds)
    assert [f.span for f in facts] == sorted(f.span for f in facts)


def test_context_has_two_slots_per_context_word() -> None:
    for f in extract_facts("p", "Around 2,500 US troops stayed in Iraq by 2026.",
                           calibration=CALIBRATION):
        assert len(f.context) == 2 * CALIBRATION.context_words


def test_look_alike_weekday_resolves_to_itself() -> None:
    # a dotless i matches the case-insensitive weekday pattern but names no weekday
    from provcheck.facts.extraction import extract_facts

    text = "The council met yesterday on Frıday to vote."  # raised ValueError before
    facts = extract_facts("p1", text, reference_date="2024-03-12", calibration=CALIBRATION)
    values = {f.text: f.value for f in facts if f.kind == "date"}
    assert values == {"yesterday": "2024-03-11", "on Frıday": "frıday"}, values
