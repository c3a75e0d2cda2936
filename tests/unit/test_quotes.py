from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.quotes import check_quotes, extract_quotes
from provcheck.ingest.normalize import normalize_text
from provcheck.verdict.align import align
from provcheck.verdict.links import link_sentences
from provcheck.verdict.orient import Orientation
from provcheck.verdict.settings import Settings

SOURCE = (
    "Title\n\n"
    '"We have two joint brigades. Together, we exert full efforts," Qais al-Muhammadawi '
    "told the paper.\n\n"
    'He noted that "the withdrawal does not mean we will end our coordination. Our joint '
    'efforts will persist."\n\n'
    'The mayor, Ann Lee, said: "Five centers that are located in Kirkuk are open."\n\n'
    '"The coming of the forces was to fight," the official said.\n'
)


def test_quote_split_by_he_said_is_one_quotation() -> None:
    doc = normalize_text(
        "Title\n\n"
        '"The withdrawal does not mean an end," he asserted. "Our efforts will persist."\n'
    )
    [q] = extract_quotes(doc, CALIBRATION)
    assert q.text.startswith("The withdrawal") and q.text.endswith("will persist.")


def test_speakers_named_and_resolved() -> None:
    quotes = extract_quotes(normalize_text(SOURCE), CALIBRATION)
    assert [q.speaker for q in quotes] == [
        "Qais al-Muhammadawi",
        "Qais al-Muhammadawi",  # "He noted" resolves to the last named speaker
        "Ann Lee",
        "the official",
    ]


def test_fidelity_statuses() -> None:
    copy = (
        "Title\n\n"
        '"We have two joint brigades. Together, we exert full efforts," Muhammadawi said.\n\n'
        '"The withdrawal does not mean we will end our coordination," he asserted. "Our joint '
        'efforts will persist."\n\n'
        'Bob Smith said the centers, "five centers located in Kirkuk", were open.\n\n'
        'The official said the forces came to fight.\n\n'
        '"We will win," a spokesman said.\n'
    )
    a, b = normalize_text(SOURCE), normalize_text(copy)
    c = compare(a, b)
    statuses = {(q.status, (q.a or q.b).paragraph if q.a else q.b.paragraph) for q in c.quotes}
    by_status = {q.status for q in c.quotes}
    assert "verbatim" in by_status
    misattributed = [q for q in c.quotes if q.status == "misattributed"]
    assert [q.b.speaker for q in misattributed if q.b] == ["Bob Smith"]
    assert any(d.op == "-" and "that are" in d.text for d in misattributed[0].diff)
    assert [q.b.text for q in c.quotes if q.status == "added" and q.b] == ["We will win,"]
    assert ("paraphrased", "p4") in statuses


def test_altered_and_dropped() -> None:
    source = normalize_text(
        "Title\n\n"
        'The mayor said: "Five centers that are located in Kirkuk are open."\n\n'
        '"Nobody will leave the city," the mayor added.\n'
    )
    copy = normalize_text("Title\n\nThe mayor said: \"Five centers located in Kirkuk are open.\"\n")
    settings = Settings.of(fast=True)
    links = link_sentences(source, copy, settings)
    alignments, ua, ub = align(source, copy, links, settings)
    view = Orientation("a").view(source, copy, alignments, ua, ub, links, derived=True,
                                 whole=True)
    checks = check_quotes(view, CALIBRATION)
    assert [q.status for q in checks] == ["altered", "dropped"]
    assert [(d.op, d.text.strip()) for d in checks[0].diff if d.op != "="] == [("-", "that are")]
