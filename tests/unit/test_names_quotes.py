"""Names that are names, speakers from attribution syntax, exact copies' quotations,
and claims and quotations quoted exactly as the copy words them (issue 13, items 3-4).

Every text here is written for the test, in the shape of the cases the issue names.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.quotes import extract_quotes
from provcheck.facts.support import clause_spans
from provcheck.ingest.normalize import normalize_text
from provcheck.language.entities import find_names
from provcheck.render import render as render_comparison
from provcheck.render import render_document


def names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    return [s for _, _, s in find_names(text, known)]


# -- names


@pytest.mark.parametrize(
    "text",
    [
        "Yeah, it was a long night.",
        "I'm still shaking. We've had a great time. I'd do it again.",
        "Doctors decided to wait until the morning.",
        "Recalling the day, the driver wept.",
    ],
)
def test_sentence_initial_capitals_alone_are_no_names(text: str) -> None:
    assert names(text) == []


def test_headline_capitals_are_no_names() -> None:
    assert names("JUDGE TAKES PITY ON FATHER WHO STOLE") == []
    assert names("PRISON TEENAGER TOLD TO COPE") == []
    # the tabloid kicker: an all-capital first word before lower-case words
    assert names("ROCK wildman Tom Bright last night quit the Lanterns.") == [
        "Tom Bright", "Lanterns",
    ]
    assert names("FEARS for the band grew after guitarist Tom Bright quit.") == ["Tom Bright"]


def test_acronyms_inside_a_sentence_stay_names() -> None:
    assert names("The story ran on the BBC before the QC spoke.") == ["BBC", "QC"]


def test_a_sentence_initial_name_with_evidence_is_kept() -> None:
    # an age after it, a speech verb after it, or the same word capitalised elsewhere
    assert names("Marlow, 33, was fined.") == ["Marlow"]
    assert names("Marlow said nothing.") == ["Marlow"]
    assert names("Marlow left early. The court heard from Marlow later.") == [
        "Marlow", "Marlow",
    ]
    assert names("Marlow left early.", known=frozenset({"Marlow"})) == ["Marlow"]


def test_a_common_word_seen_in_lower_case_is_no_speaker_name() -> None:
    assert names("Residents said the road flooded. Other residents agreed.") == []


# -- speakers


def test_speaker_is_not_the_first_capitalised_word() -> None:
    doc = normalize_text(
        "Title\n\n"
        'FEARS for the band grew after guitarist Tom Bright, who acted as "peacemaker" '
        "between the brothers, quit.\n\n"
        'ROCK wildman Tom Bright said: "I need a rest."\n'
    )
    quotes = extract_quotes(doc, CALIBRATION)
    assert [q.speaker for q in quotes] == [None, "Tom Bright"]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('"We will appeal," Marlow said.', "Marlow"),
        ('"We will appeal," said Marlow.', "Marlow"),
        ('Marlow told reporters: "We will appeal."', "Marlow"),
        ('Marlow, 45, said: "We will appeal."', "Marlow"),
        ('"We will appeal," according to Ann Marlow.', "Ann Marlow"),
        ('Yeah. "We will appeal."', None),
    ],
)
def test_speakers_from_attribution_syntax(paragraph: str, speaker: str | None) -> None:
    [q] = extract_quotes(normalize_text(f"Title\n\n{paragraph}\n"), CALIBRATION)
    assert q.speaker == speaker


# -- an exact copy's quotations


PAGE = (
    "Ad campaign\n\n"
    '"Sleep. We\'re on it." That is the slogan.\n\n'
    'The site is called "We\'re On It" and sells pillows.\n\n'
    '"Sleep. We\'re on it" ran on every bus, said Ann Marlow. "I\'m on it," she added.\n\n'
    'The film "Wild Rose" was shown twice; "Wild Rose" won, Marlow said.\n'
)


def test_an_exact_copy_has_only_verbatim_quotations() -> None:
    doc = normalize_text(PAGE)
    copy = normalize_text(render_document(doc, "text"))
    c = compare(doc, copy, fast=True)
    assert c.verdict.relation == "reprint"
    assert c.quotes and {q.status for q in c.quotes} == {"verbatim"}


def test_a_quotation_said_twice_is_matched_once_per_occurrence() -> None:
    doc = normalize_text(PAGE)
    c = compare(doc, doc, fast=True)
    pairs = [(q.a.paragraph, q.a.span, q.b.paragraph, q.b.span) for q in c.quotes if q.a and q.b]
    assert all(pa == pb and sa == sb for pa, sa, pb, sb in pairs)


# -- quoted exactly, with spans


def test_quotation_text_and_parts_stand_in_the_paragraph() -> None:
    doc = normalize_text(
        "Title\n\n"
        '"The withdrawal does not mean an end," he asserted. "Our efforts, all of them, '
        'will persist."\n'
    )
    [q] = extract_quotes(doc, CALIBRATION)
    canon = doc.paragraphs[0].canon
    assert [canon[s:e] for s, e in q.parts] == [
        "The withdrawal does not mean an end,", "Our efforts, all of them, will persist.",
    ]
    assert q.text == " … ".join(canon[s:e] for s, e in q.parts)


def test_clause_spans_keep_the_punctuation() -> None:
    sentence = ("Officials acknowledged that while ISIS sleeper cells remain active, "
                "the group's capacity has been severely degraded.")
    assert [sentence[s:e] for s, e in clause_spans(sentence, CALIBRATION.min_clause_words)] == [
        "Officials acknowledged that while ISIS sleeper cells remain active",
        "the group's capacity has been severely degraded.",
    ]


SOURCE = (
    "Bridge reopens\n\n"
    "The old bridge over the river reopened on Monday after repairs that took two years.\n\n"
    "Traffic was light in the morning, the council said.\n\n"
    "The repairs cost the town more than it had planned, and the work ran late twice.\n\n"
    "Engineers replaced the deck, the railings and the lamps along the whole span.\n\n"
    "Cyclists will get a lane of their own on the bridge from next spring.\n"
)
COPY = (
    "Bridge reopens\n\n"
    "The old bridge over the river reopened on Monday after repairs that took two years.\n\n"
    "Traffic was light in the morning, the council said.\n\n"
    "Engineers replaced the deck, the railings and the lamps along the whole span.\n\n"
    "Officials acknowledged that while smugglers remain active nearby, the harbour "
    "patrols have been severely weakened by budget cuts.\n"
)


def _unsupported():  # type: ignore[no-untyped-def]
    c = compare(normalize_text(SOURCE), normalize_text(COPY), fast=True)
    assert c.verdict.derived
    return c, [u for u in c.unsupported if "smugglers" in u.sentence]


def test_an_unsupported_sentence_prints_as_itself_with_its_span() -> None:
    c, [u] = _unsupported()
    assert u.claims == (u.sentence,)
    canon = c.b.paragraph(u.paragraph).canon
    assert u.span is not None and canon[u.span[0] : u.span[1]] == u.sentence
    assert [canon[s:e] for s, e in u.claim_spans] == list(u.claims)
    for fmt in ("text", "md", "html"):
        out = render_comparison(c, fmt)
        assert "while smugglers remain active nearby, the harbour patrols" in out, fmt
        assert "active nearby; the harbour" not in out, fmt


def test_json_carries_the_spans_and_meets_the_schema() -> None:
    c, _ = _unsupported()
    data = json.loads(render_comparison(c, "json"))
    schema = json.loads(
        resources.files("provcheck").joinpath("schema/compare.schema.json").read_text()
    )
    jsonschema.validate(data, schema)
    [u] = [u for u in data["unsupported"] if "smugglers" in u["sentence"]]
    assert u["claims"] == [u["sentence"]] and len(u["claim_spans"]) == 1
    assert all("spans" in q for q in data["quotes"])


def test_no_quotations_is_said_so() -> None:
    # a page without quotations is not one whose quotations were all kept
    c, _ = _unsupported()
    assert not c.quotes
    for fmt in ("text", "md", "html"):
        out = render_comparison(c, fmt)
        assert "No quotations" in out, fmt
        assert "Every quotation was kept word for word" not in out, fmt
    same = compare(normalize_text(SOURCE), normalize_text(SOURCE), fast=True)
    assert "Every quotation was kept word for word" not in render_comparison(same, "html")


def _speakers(*paragraphs: str) -> list[str | None]:
    doc = normalize_text("A headline about a trial\n\n" + "\n\n".join(paragraphs) + "\n")
    return [q.speaker for q in extract_quotes(doc, CALIBRATION)]


def test_pronoun_means_the_last_person_reported_speaking() -> None:
    # indirect speech names the person a later "he said" refers to
    assert _speakers(
        'Mr Carman asked the witness about the payments, and the jury listened closely.',
        'Mr Grobbelaar said that was not true. "I never took a penny," he said.',
    ) == ["Mr Grobbelaar"]


def test_quotation_running_over_paragraphs_keeps_its_speaker() -> None:
    assert _speakers(
        'Mr Jones told the court: "I saw the car leave at ten o\'clock that night.',
        '"It did not stop at the junction and it did not slow down."',
    ) == ["Mr Jones", "Mr Jones"]


def test_the_name_that_is_the_subject_speaks() -> None:
    assert _speakers(
        'Recalling one Incident, Mr Crawford told the jury: "He shouted at everyone."',
    ) == ["Mr Crawford"]
    assert _speakers(
        'Hugo Keith, representing Bary, said the case was a "cocktail of surmise".',
    ) == ["Hugo Keith"]


def test_a_clause_or_an_object_is_no_speaker() -> None:
    [court] = _speakers(
        'The court was told she cradled the baby, saying: "Everything will be fine."')
    assert court is None or "was" not in court
    [lawyers] = _speakers('Lawyers acting for the Egyptians argued it was "a political case".')
    assert lawyers != "Egyptians"
