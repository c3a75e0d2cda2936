"""Quotations whole: a cut inside a quotation is an alteration the reader sees, and
single quotation marks are read where they cannot be apostrophes.

Text written for these tests.
"""

from __future__ import annotations

import pytest

from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.quotes import extract_quotes
from provcheck.ingest.normalize import normalize_text
from provcheck.language.text import quote_spans
from provcheck.models import QuoteCheck

LEAD = (
    "The regional commander spoke to reporters in the capital on Tuesday about the "
    "security plan for the northern provinces and the border crossings.\n\n"
)
TAIL = (
    "\n\nThe ministry did not comment on the plan, which is due to be debated by the "
    "national assembly next month after a review by the defence committee.\n"
)


def _checks(source: str, copy: str) -> tuple[QuoteCheck, ...]:
    a = "Title\n\n" + LEAD + source + TAIL
    b = "Title\n\n" + LEAD + copy + TAIL
    return compare(a, b, fast=True).quotes


def _diff(q: QuoteCheck) -> str:
    return "".join(p.text if p.op == "=" else f"[{p.op}{p.text}{p.op}]" for p in q.diff)


def test_a_sentence_cut_from_the_end_of_a_quotation_is_an_alteration() -> None:
    [q] = _checks(
        'He said they keep "five joint operations centers that are located in three '
        'provinces. They are set up to jointly combat security threats."',
        'He said they keep "five joint operations centers located in three provinces."',
    )
    assert q.status == "altered"
    diff = _diff(q)
    assert "[-that are -]" in diff
    assert "[- They are set up to jointly combat security threats.-]" in diff


def test_a_verbatim_quotation_cut_short_is_altered_not_verbatim() -> None:
    [q] = _checks(
        'Smith said: "We will rebuild the bridge this year. The money is already there. '
        'Nobody will be left behind."',
        'Smith said: "We will rebuild the bridge this year. The money is already there."',
    )
    assert q.status == "altered"
    assert _diff(q).endswith("[- Nobody will be left behind.-]")


def test_a_sentence_cut_from_the_middle_shows_where_it_was() -> None:
    [q] = _checks(
        'Smith said: "We will rebuild the bridge this year. The money is already there. '
        'Nobody will be left behind."',
        'Smith said: "We will rebuild the bridge this year. Nobody will be left behind."',
    )
    assert q.status == "altered"
    assert "[-The money is already there. -]" in _diff(q)


def test_a_quotation_split_in_two_by_the_copy_is_no_cut() -> None:
    checks = _checks(
        'Smith said: "We will rebuild the bridge this year. The money is already there."',
        'Smith said: "We will rebuild the bridge this year."\n\n'
        'He added: "The money is already there."',
    )
    assert [q.status for q in checks] == ["verbatim", "verbatim"]


def test_a_phrase_quoted_from_a_longer_quotation_stays_verbatim() -> None:
    [q] = _checks(
        'Smith said: "We will rebuild the bridge this year. The money is already there."',
        'Smith promised to rebuild the bridge "this year" with money he said was ready.',
    )
    assert q.status == "verbatim"


def test_words_put_into_a_quotation_are_an_alteration() -> None:
    [q] = _checks(
        'Smith said: "We will rebuild the bridge this year."',
        'Smith said: "We will rebuild the bridge this year. The army will guard it."',
    )
    assert q.status == "altered"
    assert "[+ The army will guard it.+]" in _diff(q)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("'I looked at it in disbelief,' he said. 'It was awful.'",
         ["'I looked at it in disbelief,'", "'It was awful.'"]),
        ("The players' union said 'we will strike' today.", ["'we will strike'"]),
        ("He called him 'a goalkeeper who keeps moving the goalposts' in court.",
         ["'a goalkeeper who keeps moving the goalposts'"]),
        ("'We love the players' spirit,' he said.", ["'We love the players' spirit,'"]),
        ("She said it was 'brilliant'.", ["'brilliant'"]),
        ("He said: 'It goes on into the next paragraph.", ["'It goes on into the next paragraph."]),
    ],
)
def test_single_quotation_marks_are_read(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e in quote_spans(text, single=True)] == quoted


@pytest.mark.parametrize(
    "text",
    [
        "Iraq's army doesn't know, and the '90s were hard.",
        "Rock 'n' roll never dies, and 'tis the season.",
        "The girls' mother and the boys' father met the players' coach.",
        "It's the council's decision, they'd say.",
    ],
)
def test_apostrophes_open_no_quotation(text: str) -> None:
    assert quote_spans(text, single=True) == []


def test_a_quotation_inside_another_is_part_of_it() -> None:
    double_outside = "\"He told me 'never again' and left,\" she said."
    single_outside = "'He said \"no\" to me,' she said."
    assert [double_outside[s:e] for s, e in quote_spans(double_outside, single=True)] == [
        "\"He told me 'never again' and left,\""]
    assert [single_outside[s:e] for s, e in quote_spans(single_outside, single=True)] == [
        "'He said \"no\" to me,'"]


def test_the_verdict_measures_read_double_marks_only() -> None:
    text = "'I looked at it in disbelief,' he said. \"It was awful.\""
    assert [text[s:e] for s, e in quote_spans(text)] == ['"It was awful."']


def test_a_british_quotation_has_its_speaker() -> None:
    doc = normalize_text(
        "Title\n\n'I looked at it in disbelief,' said Keith Burstein. "
        "'It was the worst day of my career.'\n")
    quotes = extract_quotes(doc, CALIBRATION)
    assert [q.text for q in quotes] == [
        "I looked at it in disbelief, … It was the worst day of my career."]
    assert quotes[0].speaker == "Keith Burstein"
