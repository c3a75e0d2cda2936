"""What issue 2 asks of the seeds, stated as assertions (the golden cases pin the rest)."""

import pytest

import provcheck
from tests.conftest import seed


@pytest.mark.parametrize("fast", [False, True])
def test_flagship_is_a_rewrite_from_001(fast: bool) -> None:
    c = provcheck.compare(seed("001"), seed("000"), fast=fast)
    assert c.relation == "rewrite"
    assert c.direction == "a->b"
    if not fast:  # the semantic mode aligns every body paragraph, merges included
        assert c.unmatched_b == ()
        assert c.unmatched_a == ()
        assert any(len(al.a) > 1 for al in c.alignments)
    shown = " ".join(p.text for p in c.a.paragraphs)
    assert "moderates all comments" not in shown and "The Latest" not in shown


def test_flagship_mirrored() -> None:
    c = provcheck.compare(seed("000"), seed("001"))
    assert (c.relation, c.direction) == ("rewrite", "b->a")


def test_same_outlet_furniture_is_not_reuse() -> None:
    c = provcheck.compare(seed("001"), seed("003"))
    assert c.relation in ("related", "unrelated")
    assert c.alignments == ()


def test_independent_coverage_is_related() -> None:
    assert provcheck.compare(seed("002"), seed("004")).relation == "related"
