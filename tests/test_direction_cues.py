"""Direction without an agency marker: what a copy does to the sentences it takes.

Texts written for these tests; neither side carries an agency byline, a wire header, a
stated date or an outlet, so the model fitted without the wire cue decides
(``direction_plain`` in provcheck/data/decisions.json).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.verdict.classify import decisions, direction_model, source_of, source_probability
from provcheck.verdict.cues import linked_details, sentence_trims, signed_share
from provcheck.verdict.links import Sentence, SentenceLinks
from provcheck.verdict.measures import Measures

# A court report, and a copy that cuts its sentences down and drops their details
# (given names, ages, places, a count): no "today" / "yesterday", no credit, no date.
SOURCE = """\
Judge Harold Prentice jailed the 34-year-old builder from Lambeth for six years at \
Southwark Crown Court after a trial lasting nine days.

The court heard that Marcus Delaney, of Coldharbour Lane, took 48,500 pounds from 17 \
elderly customers between March and November last year.

Prosecutor Angela Whitmore said the victims, many of them widows living alone in south \
London, had been promised new roofs that were never built.

Detective Sergeant Paul Okafor of the Metropolitan Police said outside court that the \
sentence sent a clear message to rogue traders across the capital.

Delaney, who had pleaded not guilty to all charges, showed no emotion as the sentence \
was read out to a packed public gallery.
"""

COPY = """\
A builder was jailed for six years at Southwark Crown Court after a trial lasting nine \
days.

The court heard that Delaney took 48,500 pounds from elderly customers between March \
and November last year.

Prosecutor Whitmore said the victims had been promised new roofs that were never built.

A detective said outside court that the sentence sent a clear message to rogue traders \
across the capital.

Delaney showed no emotion as the sentence was read out.
"""

# Two accounts that each cut the other down as often: the first two sentences are
# fuller in one, the last two in the other.
FIRST = """\
Judge Harold Prentice jailed the 34-year-old builder from Lambeth for six years at \
Southwark Crown Court after a trial lasting nine days.

The court heard that Marcus Delaney, of Coldharbour Lane, took 48,500 pounds from 17 \
elderly customers between March and November last year.

A detective said outside court that the sentence sent a clear message to rogue traders \
across the capital.

Delaney showed no emotion as the sentence was read out.
"""

SECOND = """\
A builder was jailed for six years at Southwark Crown Court after a trial lasting nine \
days.

The court heard that Delaney took 48,500 pounds from elderly customers between March \
and November last year.

Detective Sergeant Paul Okafor of the Metropolitan Police said outside court that the \
sentence sent a clear message to rogue traders across the capital.

Delaney, who had pleaded not guilty to all charges, showed no emotion as the sentence \
was read out to a packed public gallery.
"""


def _compare(tmp_path: Path, a: str, b: str) -> provcheck.Comparison:
    pa, pb = tmp_path / "a.txt", tmp_path / "b.txt"
    pa.write_text(a, encoding="utf-8")
    pb.write_text(b, encoding="utf-8")
    return provcheck.compare(pa, pb)


def test_the_copy_that_cuts_sentences_down_is_named_the_copy(tmp_path: Path) -> None:
    result = _compare(tmp_path, SOURCE, COPY)
    ev = result.verdict.evidence
    assert result.verdict.relation in ("reprint", "edited", "rewrite")
    assert ev["dir_wire"] == ev["dir_date"] == ev["dir_day"] == 0.0
    assert ev["dir_credit"] == ev["dir_own_outlet"] == 0.0
    assert ev["dir_trim"] > 0.5 and ev["dir_kept_details"] > 0.5
    assert result.verdict.direction == "a->b"
    assert any("cuts down sentences of a" in r for r in result.verdict.reasons)
    # the same texts the other way round: the source is b
    swapped = _compare(tmp_path, COPY, SOURCE)
    assert swapped.verdict.direction == "b->a"


def test_balanced_evidence_names_no_source(tmp_path: Path) -> None:
    result = _compare(tmp_path, FIRST, SECOND)
    ev = result.verdict.evidence
    assert result.verdict.relation in ("reprint", "edited", "rewrite", "partial")
    assert abs(ev["dir_trim"]) < 0.2
    assert result.verdict.direction == "unknown"
    assert any("direction unknown" in r for r in result.verdict.reasons)


def _links(a: list[str], b: list[str]) -> SentenceLinks:
    def sents(texts: list[str]) -> tuple[Sentence, ...]:
        return tuple(Sentence(k, t, tuple(t.lower().split())) for k, t in enumerate(texts))

    return SentenceLinks(sents(a), sents(b), tuple((k, k, 0.9) for k in range(len(a))))


def test_sentence_trims_count_each_way() -> None:
    long_ = "The judge jailed the builder from Lambeth for six years after a long trial"
    short = "The judge jailed the builder for six years"
    links = _links([long_, short], [short, long_])
    assert sentence_trims(links, CALIBRATION) == (1, 1)
    assert sentence_trims(_links([long_], [short]), CALIBRATION) == (1, 0)
    # a sentence reworded, not cut: neither
    assert sentence_trims(_links([short], ["A builder got six years from the judge"]),
                          CALIBRATION) == (0, 0)


def test_linked_details_count_what_the_other_text_lacks() -> None:
    a = "Marcus Delaney took 48,500 pounds from 17 customers"
    b = "Delaney took 48,500 pounds from customers"
    assert linked_details(_links([a], [b]), a, b) == (2, 0)  # "Marcus", "17"
    assert signed_share(2, 0) == pytest.approx(2 / 3)
    assert signed_share(0, 0) == 0.0


def test_the_plain_model_reads_no_wire_cue_and_waits_for_stronger_evidence() -> None:
    dm = decisions("semantic")
    assert dm.plain is not None
    assert "dir_wire" not in dm.plain.features
    assert dm.plain_margin >= dm.direction_margin
    none = Measures.of(dict.fromkeys(Measures.__dataclass_fields__, 0.0))
    assert direction_model(none, dm) == (dm.plain, dm.plain_margin)
    wire = Measures.of(dict(none) | {"dir_wire": 1.0})
    assert direction_model(wire, dm) == (dm.direction, dm.direction_margin)


def test_the_full_model_names_a_source_only_where_the_plain_one_leans_its_way() -> None:
    dm = decisions("semantic")
    zero = dict.fromkeys(Measures.__dataclass_fields__, 0.0)
    # b wholly matched in a, a partly in b: the full model is sure a is the source
    leans_a = Measures.of(zero | {"dir_cover": 0.5, "dir_own_cont": 0.05})
    leans_b = Measures.of(zero | {"dir_cover": 0.5, "dir_own_cont": -0.05})
    for m, want in ((leans_a, "a->b"), (leans_b, "unknown")):
        full = source_probability(m, dm.direction, CALIBRATION)
        plain = source_probability(m, dm.plain, CALIBRATION)  # type: ignore[arg-type]
        assert full - 0.5 > CALIBRATION.direction_agree_margin
        assert abs(plain - 0.5) < dm.plain_margin
        assert source_of(m, dm, CALIBRATION)[1] == want
