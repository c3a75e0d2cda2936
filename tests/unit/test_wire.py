"""Wire copy as it arrives: page headers, desk notes, end marks, bylines, 0x19 marks.

The fixtures under ``fixtures/wire/`` are invented texts laid out as Press Association
copy is: a page header between rule lines, notes to the desks in brackets, hard-wrapped
lines with a ``<`` at each paragraph's end and a 0x19 control byte at the next one's
start, and an end-of-take mark.
"""

from __future__ import annotations

import pytest

import provcheck
from provcheck.ingest.boilerplate import (
    credit,
    desk_note,
    furniture_reason,
    wire_header,
    wire_marker,
)
from provcheck.language.dates import full_year, numeric_date
from provcheck.models import Document
from tests.conftest import FIXTURES

WIRE = FIXTURES / "wire"


def _wire(name: str) -> Document:
    return provcheck.normalize(WIRE / name)


def _reasons(doc: Document) -> list[str]:
    return [b.reason for b in doc.boilerplate]


# ------------------------------------------------------------------ whole takes


def test_first_take_header_notes_byline_and_marks() -> None:
    doc = _wire("pa_first_take.txt")
    assert doc.date == "2001-03-14"
    assert doc.title == "PANTO DAME'S WIG STOLEN BEFORE OPENING NIGHT"  # not "(with pic)"
    assert doc.author == "Jane Roe"
    assert doc.outlet == "PA News"  # not "Showbusiness Correspondent, PA News"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == ("A pantomime dame had to borrow a wig from a hairdresser across "
                        "the road after his own was stolen.")
    assert len(texts) == 5
    assert texts[-1] == "Police were told."  # "mf" is gone
    assert not any(t.startswith("(") or "Page 1" in t for t in texts)
    removed = {b.text: b.reason for b in doc.boilerplate}
    assert removed["18:42 14/03/01: Page 1 (HHH) SHOWBIZ Panto"] == (
        "wire page header (filed 2001-03-14 18:42; date moved to metadata)")
    assert removed["(with pic)"] == "editors' note to the desk"
    assert removed["mf"] == "wire end-of-take mark"
    memo = [t for t in removed if t.startswith("(Memo to CSEs")]
    assert memo == ["(Memo to CSEs: Note spelling of Pennyworth is correct and NOT "
                    "Penniworth as in early take.)"]


def test_control_marks_do_not_stop_lines_rejoining() -> None:
    # short paragraphs: most lines are not full width, yet each paragraph is one
    doc = _wire("pa_first_take.txt")
    for p in doc.paragraphs:
        assert "\x19" not in p.text and "<" not in p.text
        assert p.text[0].isupper() or p.text.startswith("``")
        assert p.text.endswith((".", "''"))


def test_later_take_reopens_without_a_headline() -> None:
    doc = _wire("pa_later_take.txt")
    assert doc.title is None
    assert doc.date == "2001-03-14"
    assert [p.text[:20] for p in doc.paragraphs] == ["Detectives later fou", "The theatre manager "]
    # a stray blank line inside a wrapped paragraph does not cut it
    assert doc.paragraphs[1].text.endswith("the dame had been delighted.")
    assert "(reopens)" in [b.text for b in doc.boilerplate]


def test_layout_without_control_marks() -> None:
    doc = _wire("pa_no_control_marks.txt")
    assert doc.date == "2001-04-02"
    assert doc.title == "PARROT OWNER CLEARED OF NOISE NUISANCE"
    assert doc.author == "PA News Reporter"
    assert doc.outlet == "PA News"  # a staff byline names its outlet
    assert [p.text for p in doc.paragraphs] == [
        "A pensioner whose parrot sang football chants at neighbours was cleared today "
        "of causing a noise nuisance.",
        "Magistrates heard the bird, called Captain, knew nine songs.",
    ]
    assert _reasons(doc)[-1] == "wire end-of-take mark"  # "ends jr": operator's initials


def test_note_sharing_the_headline_line() -> None:
    doc = _wire("pa_corrected.txt")
    assert doc.title == "TRAWLER SKIPPER FINED OVER HARBOUR CRASH"
    assert doc.date == "2000-03-01"
    assert doc.outlet == "PA News"
    assert doc.dateline == "Plymouth"  # "By John Doe, PA News, in Plymouth"
    assert len(doc.paragraphs) == 2
    notes = [b.text for b in doc.boilerplate if b.reason == "editors' note to the desk"]
    assert notes == ["(corrected repetition, amending age of skipper in second par)"]


def test_advisory_only_keeps_its_note_as_text() -> None:
    doc = _wire("pa_advisory.txt")
    assert doc.date == "2001-04-02"
    assert len(doc.paragraphs) == 1
    assert doc.paragraphs[0].text.startswith("(ATTENTION NEWS EDITORS AND CSEs")
    assert "editors' note to the desk" not in _reasons(doc)


@pytest.mark.parametrize("name", sorted(p.name for p in WIRE.glob("pa_*.txt")))
def test_offsets_point_into_the_wire_input(name: str) -> None:
    text = (WIRE / name).read_bytes().decode("latin-1")
    doc = provcheck.normalize(WIRE / name)
    assert doc.date is not None
    for p in doc.paragraphs:
        assert p.start is not None and p.end is not None
        assert text[p.start : p.end].split() == p.text.split()


def test_empty_marked_lines_separate_paragraphs() -> None:
    # a press release relayed on the wire: "\x19   <" lines between the paragraphs
    text = (
        "RIVER FESTIVAL ANNOUNCES FIREWORKS FINALE<\n"
        "\x19   <\n"
        "\x19   The river festival will end with a fireworks display on the last\n"
        "night, the organisers said in a statement issued this morning.<\n"
        "\x19   <\n"
        "\x19   Tickets for the riverside seats go on sale next week at the town hall\n"
        "and the tourist office.<\n"
        "\x19   <\n"
        "\x19   ends mr\n"
    )
    doc = provcheck.normalize(text)
    assert doc.title == "RIVER FESTIVAL ANNOUNCES FIREWORKS FINALE"
    assert [p.text[:18] for p in doc.paragraphs] == ["The river festival", "Tickets for the ri"]
    assert doc.paragraphs[0].text.endswith("issued this morning.")


def test_a_quoted_sentence_is_no_headline() -> None:
    text = (
        "16:17 01/03/00: Page 2 (HHH) COURTS Bakery\n"
        "The baker said: ``I was badly advised.''<\n"
        "\x19He was ordered to pay costs of 500 pounds to the council.<\n"
        "\x19end<\n"
    )
    doc = provcheck.normalize(text)
    assert doc.title is None
    assert doc.paragraphs[0].text == "The baker said: ``I was badly advised.''"


# ------------------------------------------------------------------ negatives


def test_news_lines_that_look_like_marks_stay() -> None:
    lines = [
        "Town pier reopens after storm repairs",
        "More than 200 people queued to walk the pier when it reopened on Saturday.",
        "The end came quickly for the old cafe, which was washed away.",
        "More",  # a lone word is a mark, not news: removed
        "Ends meet for the fishermen only in summer, one of them said.",
        "(The figures exclude the harbour wall, which the council owns.)",
        "By day the pier is busy with anglers; by night it is closed.",
        "10:30 01/03/00 was the time and date stamped on the last ticket sold.",
        "The council said the repairs had cost 1.2 million pounds.",
    ]
    doc = provcheck.normalize("\n\n".join(lines) + "\n")
    kept = [p.text for p in doc.paragraphs]
    assert doc.title == "Town pier reopens after storm repairs"
    assert kept == [ln for ln in lines[1:] if ln != "More"]
    assert doc.date is None and doc.author is None


def test_bracketed_opening_line_outside_wire_copy_stays() -> None:
    # only wire copy (it has a page header) drops any bracketed line before the headline
    text = "(An occasional column)\nThe pier at dusk\nThe lights come on at six.\n"
    doc = provcheck.normalize(text)
    assert doc.title == "(An occasional column)"


def test_bracketed_body_paragraph_in_wire_copy_stays() -> None:
    text = (
        "16:17 01/03/00: Page 1 (HHH) COURTS Pier\n"
        "PIER OWNER FINED<\n"
        "\x19A pier owner was fined today for letting the railings rust.<\n"
        "\x19(He had owned the pier for 11 years.)<\n"
        "\x19end<\n"
    )
    doc = provcheck.normalize(text)
    assert [p.text for p in doc.paragraphs][-1] == "(He had owned the pier for 11 years.)"


# ------------------------------------------------------------------ the rules


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("16:17 01/03/00", "2000-03-01", "16:17"),
        ("16:17 01/03/00: Page 1 (HHH) COURTS Chemists", "2000-03-01", "16:17"),
        ("12:58 27/09/99: Page 1 (HHH) COURTS Pinochet 2nd Lead", "1999-09-27", "12:58"),
        ("16:10 27/09/99: Page 1 (HHH) LEGAL Pinochet Charges-", "1999-09-27", "16:10"),
        ("13:33 16/07/99: Page 1 (HHH) COURTS Care Q&A", "1999-07-16", "13:33"),
        ("13:17 21/02/00: Page 0 (HHH) COURTS Aeroplane Advisory", "2000-02-21", "13:17"),
        ("09:15 02/04/01 COURTS Parrot", "2001-04-02", "09:15"),
        ("9.05 02/04/01 (HHH)", "2001-04-02", "09:05"),
        ("10:32 24/09/2025 Page 3 of 5", "2025-09-24", "10:32"),
    ],
)
def test_wire_header(text: str, date: str, time: str) -> None:
    head = wire_header(text)
    assert head is not None and (head.date, head.time) == (date, time)


@pytest.mark.parametrize(
    "text",
    [
        "10:30 01/03/00 The court heard that the fire started in the kitchen",
        "16:17 31/02/00: Page 1 (HHH) COURTS Fire",  # no such day
        "26:17 01/03/00: Page 1 (HHH) COURTS Fire",  # no such hour
        "16:17 01/03/00: Page 2 (HHH) COURTS Fire The fire started in the kitchen.",
        "16:17 on 01/03/00",
        "At 16:17 01/03/00 the alarm sounded",
        "01/03/00",
        "16:17",
    ],
)
def test_not_a_wire_header(text: str) -> None:
    assert wire_header(text) is None


def test_page_header_is_still_furniture() -> None:
    assert furniture_reason("16:17 01/03/00: Page 1 (HHH) COURTS Fire") == "wire page header"


def test_two_digit_years() -> None:
    assert [full_year(y) for y in ("00", "68", "69", "99", "2001")] == [2000, 2068, 1969, 1999,
                                                                       2001]
    assert numeric_date("01", "03", "00") == "2000-03-01"  # day first
    assert numeric_date("03", "25", "01") == "2001-03-25"  # only month first makes sense
    assert numeric_date("31", "02", "00") is None


@pytest.mark.parametrize("text", ["end", "ends", "Ends", "END", "mf", "mfl", "more", "MORE"])
def test_wire_marker(text: str) -> None:
    assert wire_marker(text)


def test_operator_initials_only_on_the_last_line() -> None:
    assert wire_marker("ends mr", last=True)
    assert not wire_marker("ends mr")


@pytest.mark.parametrize(
    "text",
    ["The end", "More rain", "Ends meet", "end of story", "ending", "mfg", "Mf Global"],
)
def test_not_a_wire_marker(text: str) -> None:
    assert not wire_marker(text, last=True)


@pytest.mark.parametrize(
    "text",
    [
        "(Memo to CSEs: Please see separate advisory)",
        "(MEM TO CSEs: Note amended surname of victim)",
        "(ADVISORY: note sexual nature of contents)",
        "(Advisory to CSEs and newsdesks: Please note language in this page.)",
        "(corrected repetition, correcting name of chemical in third par)",
        "(Corrected repetition. Amends name of defendant in first para.)",
        "(corrects catchline)",
        "(reopens)",
        "(Reopens)",
        "(with pic)",
        "(With pics)",
        "(with pix)",
        "(with artist's impression and background pix)",
        "(Pic later)",
        "(Supersedes COURTS Fire)",
        "(see SPORT Race)",
        "(Incorporating SHOWBIZ Panto)",
        "(repeat for those needing)",
        "(Strictly for news editors: the defendant's name may not be published.)",
    ],
)
def test_desk_note(text: str) -> None:
    assert desk_note(text) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "(The figures exclude Scotland.)",
        "(He had owned the pier for 11 years.)",
        "(see below)",
        "(Reporting by Jane Roe)",
        "With pictures of the crash on its front page, the paper sold out.",
        "Memo to staff: the canteen closes at two.",
    ],
)
def test_not_a_desk_note(text: str) -> None:
    assert desk_note(text) == 0


def test_desk_note_before_the_headline() -> None:
    # in wire copy, whatever a bracketed line before the headline says, it is a note
    order = "(The magistrates have made an order under the Contempt of Court Act.)"
    assert desk_note(order) == 0
    assert desk_note(order, opening=True) == 0
    assert desk_note(order, opening=True, wire=True) == len(order)
    assert desk_note("Embargoed to 0001 Tuesday", opening=True) == len(
        "Embargoed to 0001 Tuesday")
    assert desk_note("Embargoed to 0001 Tuesday") == 0
    line = "(corrected repetition, amending age) FIRE AT MILL"
    assert line[: desk_note(line, opening=True)] == "(corrected repetition, amending age)"


@pytest.mark.parametrize(
    ("text", "author", "outlet", "place"),
    [
        ("By Emma Roe, PA News", "Emma Roe", "PA News", None),
        ("By Emma Roe, Showbusiness Correspondent, PA News", "Emma Roe", "PA News", None),
        ("By Emma Roe, Home Affairs Correspondent, PA News.", "Emma Roe", "PA News", None),
        ("By Emma Roe, Chief Reporter, PA News", "Emma Roe", "PA News", None),
        ("By Emma Roe, PA News, in Zeist, Netherlands", "Emma Roe", "PA News",
         "Zeist, Netherlands"),
        ("By Emma Roe, European Editor, PA News in Brussels and John Doe", "Emma Roe",
         "PA News", "Brussels"),
        ("By Emma Roe and John Doe, PA News", "Emma Roe and John Doe", "PA News", None),
        ("By PA News Reporters", "PA News Reporters", "PA News", None),
        ("By A Reporter", "A Reporter", None, None),
        ("By Jane Roe, Staff Writer", "Jane Roe", None, None),
        ("By Jane Roe, AP", "Jane Roe", "AP", None),
        ("By Jane Roe | The Daily Example", "Jane Roe", "The Daily Example", None),
    ],
)
def test_credit(text: str, author: str, outlet: str | None, place: str | None) -> None:
    found = credit(text)
    assert found is not None
    assert (found.author, found.outlet, found.place) == (author, outlet, place)


@pytest.mark.parametrize(
    "text", ["By day the pier is busy with anglers.", "By then, it was too late.", "Byline"]
)
def test_not_a_credit(text: str) -> None:
    assert credit(text) is None


def test_fixture_files_are_latin1_wire_copy() -> None:
    # the fixtures carry what the tests are about: 0x19 marks and "<" ends
    data = (WIRE / "pa_first_take.txt").read_bytes()
    assert b"\n\x19" in data and b"<\n" in data
