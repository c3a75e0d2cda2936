"""A calibration handed to ``compare()`` reaches every stage, the facts included.

No stage reads the shipped table behind the caller's back: change one tuned number of a
stage and that stage's answer changes, on the flagship pair in fast mode.
"""

from __future__ import annotations

import dataclasses

import pytest

import provcheck
from provcheck.calibration import CALIBRATION, Calibration, PerMode
from provcheck.models import Comparison
from provcheck.verdict.settings import Settings
from tests.conftest import seed


def _run(cal: Calibration) -> Comparison:
    return provcheck.compare(seed("001"), seed("000"), settings=Settings("fast", cal, None))


@pytest.fixture(scope="module")
def shipped() -> Comparison:
    return _run(CALIBRATION)


def test_facts_context_follows_the_calibration(shipped: Comparison) -> None:
    narrow = _run(dataclasses.replace(CALIBRATION, context_words=1))
    facts = [*narrow.facts.dropped, *narrow.facts.added]
    assert facts and all(len(f.context) == 2 for f in facts)
    wide = [*shipped.facts.dropped, *shipped.facts.added]
    assert all(len(f.context) == 2 * CALIBRATION.context_words for f in wide)


def test_name_matching_follows_the_calibration(shipped: Comparison) -> None:
    # every two names alike: the names the shipped table calls dropped are now matched
    loose = _run(dataclasses.replace(CALIBRATION, fuzzy_same_name=0.0))
    names = {"name", "attribution"}

    def count(c: Comparison) -> int:
        return sum(f.kind in names for f in (*c.facts.dropped, *c.facts.added))

    assert count(shipped) > 0 and count(loose) == 0


def test_moves_follow_the_calibration(shipped: Comparison) -> None:
    # any sentence counts as kept: kept pairs whose order flips are now moves
    moved = _run(dataclasses.replace(CALIBRATION, moved_overlap=0.0))

    def moves(c: Comparison) -> int:
        return sum(x.change in ("moved", "role") for x in c.facts.changed)

    assert moves(moved) > moves(shipped)


def test_relation_follows_the_calibration(shipped: Comparison) -> None:
    assert shipped.verdict.derived
    never = _run(dataclasses.replace(CALIBRATION, derived_probability=1.01))
    assert not never.verdict.derived


def test_links_follow_the_calibration(shipped: Comparison) -> None:
    none = _run(dataclasses.replace(CALIBRATION, link_threshold=PerMode(1.01, 1.01)))
    assert len(none.alignments) < len(shipped.alignments)


def test_support_follows_the_calibration(shipped: Comparison) -> None:
    everything = _run(dataclasses.replace(CALIBRATION, support_threshold=PerMode(1.01, 1.01)))
    assert len(everything.unsupported) > len(shipped.unsupported)
