"""The learned decisions: what ships, how it reads, and the evidence it refuses."""

from hypothesis import given, settings
from hypothesis import strategies as st

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.verdict.classify import named_source, source_probability
from provcheck.verdict.decide import parse, shipped

DIRECTION_MEASURES = ("dir_date", "dir_wire", "dir_day", "dir_own_outlet", "dir_credit",
                      "dir_details", "dir_cover", "dir_kept", "dir_run", "dir_own_cont",
                      "dir_length")


def test_both_modes_ship_with_their_figures() -> None:
    model = shipped()
    for mode in ("semantic", "fast"):
        d = model[mode]
        assert d.derived.features and d.direction.features
        assert 0.0 < d.direction_margin < 0.5
        held = model.provenance["figures"][mode]["held_out"]
        assert held["meter"]["articles"] > 400  # fitted on METER's labelled half
        assert 0.0 <= held["meter"]["macro_f1"] <= 1.0
    assert len(model.fingerprint) == 16


def test_the_same_text_gives_the_same_fingerprint() -> None:
    from importlib import resources

    text = resources.files("provcheck").joinpath("data/decisions.json").read_text("utf-8")
    assert parse(text).fingerprint == shipped().fingerprint


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=len(DIRECTION_MEASURES),
                max_size=len(DIRECTION_MEASURES)))
def test_a_pair_seen_the_other_way_gets_the_other_probability(values: list[float]) -> None:
    from provcheck.verdict.measures import Measures

    zero = dict.fromkeys(Measures.__dataclass_fields__, 0.0)
    given_ = dict(zip(DIRECTION_MEASURES, values, strict=True))
    m = Measures.of(zero | given_)
    flipped = Measures.of(zero | {k: -v for k, v in given_.items()})
    for mode in ("semantic", "fast"):
        direction = shipped()[mode].direction
        p = source_probability(m, direction, CALIBRATION)
        q = source_probability(flipped, direction, CALIBRATION)
        assert abs(p + q - 1.0) < 1e-9


def test_an_even_chance_names_no_source() -> None:
    assert named_source(0.5, 0.0) == "unknown"
    assert named_source(0.55, 0.1) == "unknown"
    assert named_source(0.61, 0.1) == "a->b"
    assert named_source(0.39, 0.1) == "b->a"


_HEARING = ('"I never meant to hurt anyone and I am deeply sorry for what happened that '
            'night outside the club in the high street," the defendant told the court.')


def test_shared_quotations_are_not_evidence_of_copying() -> None:
    # two reporters at one hearing: their own sentences differ, the quotation is the same
    a = provcheck.normalize(
        "A bouncer who punched a student outside a Leeds nightclub was jailed for two years "
        "at the city's crown court on Monday after a three-day trial.\n\n" + _HEARING + "\n\n"
        "Judge Mary Harlow said the attack had left the victim with lasting injuries and "
        "that a custodial sentence was the only option open to her.")
    b = provcheck.normalize(
        "Nightclub doorman Gary Pike, 34, will spend the next two years behind bars for the "
        "assault, which witnesses described as unprovoked and brutal.\n\n" + _HEARING + "\n\n"
        "Outside, the student's mother said her family could now try to move on, though "
        "her son still suffers headaches and cannot finish his degree.")
    for fast in (True, False):
        c = provcheck.compare(a, b, fast=fast, facts=False)
        assert c.relation in ("related", "unrelated"), (fast, c.relation, c.reasons)
        ev = c.verdict.evidence
        # the quotation is found verbatim, but outside it little is shared
        assert ev["own_cont_d"] < 0.2 < ev["cont_d"]


def test_the_same_report_without_its_quotations_is_still_a_copy() -> None:
    own = ("A bouncer who punched a student outside a Leeds nightclub was jailed for two "
           "years at the city's crown court on Monday after a three-day trial.\n\n"
           "Judge Mary Harlow said the attack had left the victim with lasting injuries and "
           "that a custodial sentence was the only option open to her.")
    c = provcheck.compare(own + "\n\n" + _HEARING, own, fast=True, facts=False)
    assert c.verdict.derived


def test_court_briefs_of_different_cases_are_neither_copies_nor_one_story() -> None:
    a = ("A man was yesterday sent for trial at Snaresbrook Crown Court accused of stealing "
         "three cars from a garage in Ilford last March. John Smith, 42, of Romford, was "
         "remanded in custody by magistrates.")
    b = ("A woman was yesterday sent for trial at Snaresbrook Crown Court accused of "
         "defrauding her employer, a Barking charity, of 30,000 pounds. Mary Jones, 51, of "
         "Dagenham, was granted bail.")
    for fast in (True, False):
        c = provcheck.compare(a, b, fast=fast, facts=False)
        assert c.relation == "unrelated", (fast, c.reasons)
        assert c.score < 0.5
