"""Hypothesis properties of the pipeline (bounded so the default run stays quick)."""

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import provcheck
from provcheck.render import render_document

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_sentence = st.lists(_word, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)
_article = st.lists(_paragraph, min_size=1, max_size=6).map("\n\n".join)

_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(_article)
# found by hypothesis: two sentences with the same word set; the tie must go to the
# identical sentence
@example("B aa aa aa aa aa aa aa. A a a.\n\nA a a a a a a a a a a.")
def test_compare_with_itself_is_a_reprint(text: str) -> None:
    for fast in (True, False):
        c = provcheck.compare(text, text, fast=fast)
        assert c.unmatched_a == c.unmatched_b == ()
        if _too_short(c):
            continue
        assert c.relation == "reprint"
        assert c.score == 1.0


def _too_short(c: provcheck.Comparison) -> bool:
    """A text under the minimum of evidence is no copy even of itself, and says why."""
    from provcheck.calibration import CALIBRATION
    from provcheck.language.text import words

    if len(words(c.a.body)) >= CALIBRATION.min_evidence_words:
        return False
    assert c.relation in ("related", "unrelated")
    assert any(r.startswith("too short to tell") for r in c.reasons)
    return True


@_settings
@given(_article)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = provcheck.normalize(text)
    again = provcheck.normalize(render_document(once, "text"))
    assert [p.text for p in again.paragraphs] == [p.text for p in once.paragraphs]


@_settings
@given(_article, _article)
def test_swapping_mirrors_the_result(x: str, y: str) -> None:
    ab = provcheck.compare(x, y, fast=True)
    ba = provcheck.compare(y, x, fast=True)
    assert ab.relation == ba.relation
    assert ab.score == ba.score
    flip = {"a->b": "b->a", "b->a": "a->b", "unknown": "unknown"}
    assert ba.direction == flip[ab.direction]
    assert sorted((al.b, al.a) for al in ab.alignments) == sorted(
        (al.a, al.b) for al in ba.alignments
    )


@_settings
@given(st.text(min_size=1, max_size=400))
def test_any_text_normalises_or_raises_input_error(text: str) -> None:
    try:
        doc = provcheck.normalize(text)
    except provcheck.InputError:
        return
    except provcheck.UsageError:
        # the one other refusal: a one-line str naming an existing path ("/", "README.md")
        line = text.strip()
        assert "\n" not in line and Path(line).exists(), text
        return
    for p in doc.paragraphs:
        if p.start is not None and p.end is not None:
            assert 0 <= p.start <= p.end <= len(text)


_fact_text = st.lists(
    st.one_of(
        _word,
        st.integers(0, 5000).map(str),
        st.sampled_from(["Baghdad", "ISIS", "Ain al-Asad", "around", "by", "the end of",
                         "September", "2025", "troops", "percent", "$", ",", ".", "\"",
                         "said", "he", "Wednesday", "last week", "twenty-seven", "aged"]),
    ),
    min_size=1,
    max_size=40,
).map(" ".join)


@_settings
@given(_fact_text)
def test_facts_spans_point_into_the_text(text: str) -> None:
    from provcheck.calibration import CALIBRATION
    from provcheck.facts.extraction import extract_facts
    from provcheck.language.text import canonical

    canon = canonical(text)
    for f in extract_facts("p1", text, reference_date="2025-09-24", calibration=CALIBRATION):
        assert canon[f.span[0] : f.span[1]] == f.text


@_settings
@given(_fact_text)
def test_a_text_diffed_with_itself_has_no_divergent_fact(text: str) -> None:
    c = provcheck.compare("Title\n\n" + text + " and more words here.\n", "Title\n\n" + text
                          + " and more words here.\n", fast=True)
    assert c.facts.count == 0
    assert all(q.status == "verbatim" for q in c.quotes)


@_settings
@given(st.binary(max_size=600) | _fact_text.map(str.encode))
def test_any_bytes_normalise_or_fail_cleanly_and_validate(data: bytes) -> None:
    """Bounded fuzzing in the default run (benchmarks/fuzz_atheris.py runs 100,000+)."""
    import json
    from importlib import resources

    import jsonschema

    from provcheck.errors import InputError

    try:
        doc = provcheck.normalize(data, label="fuzz")
    except InputError:
        return
    c = provcheck.compare(doc, doc, fast=True)
    assert c.facts.count == 0
    assert _too_short(c) or c.relation == "reprint"
    schema = json.loads(resources.files("provcheck").joinpath("schema/compare.schema.json")
                        .read_text())
    jsonschema.validate(c.to_dict(), schema)
