"""The source is settled once: swapping the inputs mirrors every source/copy result."""

from __future__ import annotations

import provcheck
from provcheck.verdict.orient import Orientation, other
from tests.conftest import seed


def _facts(c: provcheck.Comparison) -> tuple[list[tuple[str, str, str | None]], ...]:
    def key(facts: tuple[provcheck.models.Fact, ...]) -> list[tuple[str, str, str | None]]:
        return [(f.kind, f.text, f.side) for f in facts]

    return key(c.facts.dropped), key(c.facts.added)


def test_swapped_inputs_give_mirrored_results() -> None:
    a = provcheck.normalize(seed("001"))
    b = provcheck.normalize(seed("000"))
    ab = provcheck.compare(a, b, fast=True)
    ba = provcheck.compare(b, a, fast=True)
    assert ab.direction == "a->b" and ba.direction == "b->a"
    assert ab.source_side == "a" and ba.source_side == "b"
    # the same facts, each marked with the side its document sits on
    flip = {"a": "b", "b": "a"}
    dropped_ab, added_ab = _facts(ab)
    dropped_ba, added_ba = _facts(ba)
    assert dropped_ab and [(k, t, flip[s]) for k, t, s in dropped_ab] == dropped_ba
    assert [(k, t, flip[s]) for k, t, s in added_ab] == added_ba
    # a change is reported a-side first in both
    assert [(c.a.text, c.b.text) for c in ab.facts.changed] == [
        (c.b.text, c.a.text) for c in ba.facts.changed
    ]
    assert all(c.a.side == "a" and c.b.side == "b" for c in ba.facts.changed)
    # quotations: the same statuses, a and b swapped
    assert [(q.status, q.a, q.b) for q in ab.quotes] == [(q.status, q.b, q.a) for q in ba.quotes]
    # unsupported sentences are the copy's, whichever side it sits on
    assert ab.unsupported and {u.side for u in ab.unsupported} == {"b"}
    assert [u.sentence for u in ab.unsupported] == [u.sentence for u in ba.unsupported]
    assert {u.side for u in ba.unsupported} == {"a"}


def test_orientation_sides() -> None:
    assert Orientation("a").copy == "b" and Orientation("b").copy == "a"
    assert other("a") == "b" and other("b") == "a"


def test_partial_reuse_reads_only_the_derived_part() -> None:
    # one paragraph of the source inside a page of unrelated local news: the page's own
    # numbers, dates and names are its own writing, not facts added to the source
    src = provcheck.normalize(seed("001"))
    own = [
        "The city council approved a budget of 45 million euros for 2027 on Tuesday.",
        "Mayor Anna Kowalski said 300 new teachers would be hired across 14 schools.",
        "The opposition leader Piotr Nowak predicted a deficit of 8 percent.",
        "Residents of the northern district had waited 15 years for the tram line.",
        "The tram line will run 22 kilometres and carry 40,000 passengers a day.",
        "Construction is expected to begin in March 2026 and finish in 2029.",
        "A public consultation drew 2,300 comments, most of them in favour.",
        "Critics noted that a similar project in 2015 had run 40 percent over budget.",
    ]
    # one paragraph of the source's own reporting (a shared quotation alone would be no
    # evidence of copying)
    copied = [src.paragraphs[2].text]
    page = "Local news roundup\n\n" + "\n\n".join([*own[:4], *copied, *own[4:]])
    c = provcheck.compare(src, page, fast=True)
    assert c.relation == "partial" and c.direction == "a->b"
    assert not c.facts.added and not c.unsupported
    assert c.quotes == ()
    # the same page as a whole rewrite would list them: the restriction is the relation's
    kept = "\n\n".join(p.text for p in src.paragraphs[3:5])
    whole = provcheck.compare(src, f"Title\n\n{kept}\n\n{own[0]}", fast=True)
    assert whole.relation in ("reprint", "edited", "rewrite") and whole.facts.added
