"""Divergences a fact-checker can trust: the fact diff reconciled over whole documents.

Texts written for the tests, in the shape of the METER and flagship cases.
"""

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.models import Comparison

SOURCE = """Noye jailed for life

Kenneth Noye, 52, was jailed for life at the Old Bailey today for the murder of
Stephen Cameron in a road rage attack on the M25 in 1996.

The jury took five hours to reach its verdict after a trial lasting three weeks. The
judge said Noye had shown no remorse for the stabbing of the 21-year-old.

Mr Cameron's fiancee, Danielle Cable, 20, watched from the public gallery as the
verdict was read. Noye was ordered to pay £32,500 in costs.

His co-defendant Tony Flint, 43, was given 17 years for his part in a drug deal, and a
third man received ten years."""

COPY = """Road rage killer gets life

The road rage killer Noye was jailed for life at the Old Bailey yesterday for the
murder of Stephen Cameron on the M25 in 1996.

Noye, 52, showed no remorse for the stabbing of the 21-year-old, the judge said. The
jury took five hours to reach its verdict after a trial lasting three weeks.

Danielle Cable, 20, Mr Cameron's fiancee, watched as the verdict was read. Kenneth Noye
was ordered to pay £33,000 in costs.

His co-defendant Tony Flint, 43, was given 15 years for his part in a drug deal, and a
third man received ten years."""


def _compare() -> Comparison:
    c = provcheck.compare(SOURCE, COPY, fast=True)
    assert c.verdict.derived and c.source_side == "a"
    return c


def test_a_name_the_copy_states_elsewhere_is_not_dropped() -> None:
    c = _compare()
    dropped = {f.text for f in c.facts.dropped}
    assert not any("Noye" in t for t in dropped), dropped
    assert not any("Cable" in t or "Cameron" in t for t in dropped), dropped


def test_no_fact_is_both_dropped_and_added() -> None:
    c = _compare()
    dropped = {(f.kind, f.value) for f in c.facts.dropped}
    added = {(f.kind, f.value) for f in c.facts.added}
    assert not dropped & added


def test_today_against_yesterday_is_no_divergence() -> None:
    c = _compare()
    listed = [f.text for f in (*c.facts.dropped, *c.facts.added)]
    listed += [x.a.text for x in c.facts.changed] + [x.b.text for x in c.facts.changed]
    assert "today" not in listed and "yesterday" not in listed


def test_changed_sentence_and_costs_are_flagged() -> None:
    c = _compare()
    changes = {(x.a.text, x.b.text) for x in c.facts.changed}
    assert ("17 years", "15 years") in changes, changes
    assert ("£32,500", "£33,000") in changes, changes
    # "ten years" (another man's sentence) is kept, not paired with "15 years"
    assert not any("ten years" in a or "ten years" in b for a, b in changes)


def _one_change(a: str, b: str) -> Comparison:
    body = ("The bridge was closed for repairs after inspectors found cracks in two of "
            "its main supports, the council said.")
    c = provcheck.compare(f"Title\n\n{body} It opened {a}.",
                          f"Title\n\n{body} It opened {b}.", fast=True)
    assert c.verdict.derived
    return c


def test_a_less_precise_date_is_qualified_not_divergent() -> None:
    for precise, vague in (("in April 1997", "in 1997"), ("on June 12, 1998", "on June 12")):
        c = _one_change(precise, vague)
        assert not c.facts.dropped and not c.facts.added, (precise, c.facts)
        assert [x.change for x in c.facts.changed] == ["qualified"], (precise, c.facts)


def test_a_score_is_one_fact_and_its_change_one_change() -> None:
    c = _one_change("after a 2-0 vote", "after a 2-1 vote")
    assert [(x.a.text, x.b.text) for x in c.facts.changed] == [("2-0 vote", "2-1 vote")]
    assert not c.facts.dropped and not c.facts.added


def test_a_number_fused_with_its_unit_or_code_is_a_fact() -> None:
    from provcheck.facts.extraction import extract_facts

    got = {(f.kind, f.value, f.about) for f in
           extract_facts("p1", "Sales reached 2M units on 40GB drives as JP:8306 fell.",
                         calibration=CALIBRATION)}
    assert {("quantity", "2", "m"), ("quantity", "40", "gb"), ("number", "jp:8306", None)} <= got


def test_changes_read_from_source_to_copy_whichever_comes_first() -> None:
    from provcheck.render.summary import fact_items

    forward = provcheck.compare(SOURCE, COPY, fast=True)
    backward = provcheck.compare(COPY, SOURCE, fast=True)
    assert backward.source_side == "b"
    ahead = {i.text for i in fact_items(forward, names=False) if i.status.startswith("changed")}
    back = {i.text for i in fact_items(backward, names=False) if i.status.startswith("changed")}
    assert "17 years -> 15 years" in ahead and ahead == back
