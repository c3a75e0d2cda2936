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


# Issue 3: what the rewrite changed.


@pytest.fixture(scope="module")
def flagship() -> provcheck.Comparison:
    return provcheck.compare(seed("001"), seed("000"))


def test_flagship_dropped_facts(flagship: provcheck.Comparison) -> None:
    dropped = {(f.kind, f.value, f.about) for f in flagship.facts.dropped}
    assert ("quantity", "2500", "troops") in dropped
    assert ("quantity", "89", "countries") in dropped


def test_flagship_quotations(flagship: provcheck.Comparison) -> None:
    altered = [q for q in flagship.quotes if q.status == "altered"]
    assert [q.a.text.split(" that ")[0] for q in altered if q.a] == [
        "five joint operations centers"
    ]
    verbatim = [q.b.text for q in flagship.quotes if q.status == "verbatim" and q.b]
    assert any(t.startswith("Daesh [ISIS] is no longer a big threat") for t in verbatim)
    assert any(t.startswith("We have two joint brigades") for t in verbatim)
    # split by "he asserted" in 000, still one quotation, kept word for word
    assert any(t.startswith("The withdrawal of the American") and t.endswith("will persist.")
               for t in verbatim)


def test_flagship_sleeper_cells_sentence_is_unsupported(
    flagship: provcheck.Comparison,
) -> None:
    assert any("sleeper cells" in u.sentence and u.side == "b" for u in flagship.unsupported)


def test_flagship_no_fact_from_site_furniture(flagship: provcheck.Comparison) -> None:
    facts = [*flagship.facts.dropped, *flagship.facts.added]
    facts += [x for c in flagship.facts.changed for x in (c.a, c.b)]
    assert not any(f.value.startswith("2025-12") for f in facts)
    assert not any("comment" in f.text.lower() for f in facts)
