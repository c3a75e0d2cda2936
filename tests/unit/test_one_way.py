"""A direction and a derivation that rest on each other: where no stated cue names the
source and the pair is derived only when read with the named copy as the copy, the
direction is left unknown (:func:`provcheck.verdict.classify.one_way`)."""

from __future__ import annotations

from provcheck.calibration import CALIBRATION
from provcheck.ingest.normalize import normalize
from provcheck.verdict.align import align
from provcheck.verdict.classify import decisions, features, measure, one_way, stated_partial
from provcheck.verdict.links import link_sentences
from provcheck.verdict.measures import Measures
from provcheck.verdict.settings import Settings

BRIEF = ("The council in Westmere voted on Tuesday to close the old swimming baths on Mill "
         "Lane after engineers found cracks in the roof beams. Repairs would have cost 2.4 "
         "million pounds, the council said. The baths will shut at the end of March.")
STORY = ("Heartbreak as town's Victorian baths to close\n\n"
         "Campaigners who fought for two years to save the building said they were "
         "heartbroken. Margaret Ellison, who learned to swim there in 1958, said the town was "
         "losing part of its history. The building opened in 1894 and was paid for by a local "
         "brewer, Thomas Haddow.\n\n" + BRIEF + "\n\n"
         "A new leisure centre with a 25-metre pool is planned for the former bus depot, but "
         "it will not open before 2027. Swimming clubs will move their training to "
         "Eastcombe, eleven miles away. The council leader, Brian Foyle, said there had been "
         "no other choice once the engineers reported. A petition to keep the baths open "
         "gathered more than six thousand names last summer.")


def _measures() -> Measures:
    settings = Settings.of(fast=False)
    a, b = normalize("Baths to close\n\n" + BRIEF), normalize(STORY)
    links = link_sentences(a, b, settings)
    alignments, _, _ = align(a, b, links, settings)
    return measure(a, b, features(a, b, links, settings), alignments, links, CALIBRATION)


def test_a_direction_that_only_its_own_reading_makes_derived_is_left_unknown() -> None:
    m = _measures()
    model = decisions("semantic")
    assert not m.copy_is_b  # the brief (a) is the side read as the copy
    # the story reused next to none of its own words from the brief: read as the copy,
    # it is not derived
    lone = Measures.of(dict(m) | {"own_cont_s": CALIBRATION.min_own_reuse / 2})
    why = one_way(lone, "b->a", model, CALIBRATION)
    assert "derived only when a is read as the copy" in why
    # a stated cue (a publication date on the page) names the source: kept
    dated = Measures.of(dict(lone) | {"dir_date": -1.0})
    assert one_way(dated, "b->a", model, CALIBRATION) == ""
    # unknown stays unknown, with nothing to add
    assert one_way(lone, "unknown", model, CALIBRATION) == ""


def test_a_pair_derived_either_way_keeps_its_direction() -> None:
    m = _measures()
    # the story holds a fifth of its words from the brief: partly derived read either way
    both = Measures.of(dict(m) | {"own_cont_s": 0.2})
    assert one_way(both, "b->a", decisions("semantic"), CALIBRATION) == ""


def test_a_stated_source_mostly_inside_a_long_copy_makes_it_partly_derived() -> None:
    m = _measures()
    model = decisions("semantic")
    # the brief (a) is agency copy, named the source; the story holds it whole but
    # reuses too few of its own words from it to be derived read from its side
    wire = Measures.of(dict(m) | {"dir_wire": 1.0, "own_cont_s": CALIBRATION.min_own_reuse / 2})
    found = stated_partial(wire, model, CALIBRATION)
    assert found is not None
    derivation, share, _ = found
    assert derivation.relation == "partial" and share >= CALIBRATION.stated_source_reuse
    # nothing stated: the texts alone do not make it derived
    plain = Measures.of(dict(wire) | {"dir_wire": 0.0})
    assert stated_partial(plain, model, CALIBRATION) is None
    # the source mostly not in the story: not derived
    little = Measures.of(dict(wire) | {"own_cont_d": CALIBRATION.stated_source_reuse / 2})
    assert stated_partial(little, model, CALIBRATION) is None
