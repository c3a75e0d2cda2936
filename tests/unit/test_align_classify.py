from pathlib import Path

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.verdict.align import align
from provcheck.verdict.links import link_sentences
from provcheck.verdict.settings import Settings
from tests.conftest import seed

FAST = Settings.of(fast=True)


def _align(a: provcheck.Document, b: provcheck.Document):  # type: ignore[no-untyped-def]
    return align(a, b, link_sentences(a, b, FAST), FAST)


def _doc(text: str) -> provcheck.Document:
    return provcheck.normalize(text)


def test_identical_paragraphs_align_one_to_one() -> None:
    d = _doc("First paragraph here about the budget vote.\n\nSecond one about the mayor.")
    alignments, ua, ub = _align(d, d)
    assert [(al.a, al.b, al.kind) for al in alignments] == [
        (("p1",), ("p1",), "identical"),
        (("p2",), ("p2",), "identical"),
    ]
    assert ua == ub == ()


def test_merge_and_reorder_and_insertions() -> None:
    a = _doc(
        "The council approved the new night bus routes for three districts on Tuesday.\n\n"
        "The routes will start running in March and cost two million euros a year.\n\n"
        "Residents of the eastern suburbs had campaigned for the service since 2019."
    )
    b = _doc(
        "Residents of the eastern suburbs had campaigned for the service since 2019.\n\n"
        "The council approved the new night bus routes for three districts on Tuesday, and "
        "the routes will start running in March and cost two million euros a year.\n\n"
        "A spokesman for the bus company declined to comment on staffing plans."
    )
    alignments, ua, ub = _align(a, b)
    pairs = {(al.a, al.b) for al in alignments}
    assert (("p1", "p2"), ("p2",)) in pairs  # two paragraphs merged into one
    assert (("p3",), ("p1",)) in pairs  # moved to the top
    assert ub == ("p3",)  # added by b
    assert ua == ()


def test_relation_from_the_learned_decisions() -> None:
    from provcheck.verdict.classify import derivation
    from provcheck.verdict.decide import shipped
    from provcheck.verdict.measures import Measures

    def derived(values: dict[str, float]):  # type: ignore[no-untyped-def]
        return derivation(Measures.of(dict.fromkeys(Measures.__dataclass_fields__, 0.0)
                                      | values), CALIBRATION, model)

    model = shipped()["fast"]
    base = dict(cover_s=0.0, cont_s=0.0, own_cont_s=0.0, run_s=0.0, log_longest_s=0.0,
                quoted_d=0.0, quoted_s=0.0, link_similarity=0.9, topic=0.9,
                log_words_d=5.0, log_words_s=5.5, words_d=150.0, words_s=250.0)
    copied = dict(base, cover_d=1.0, cont_d=0.97, own_cont_d=0.97, run_d=0.95,
                  log_longest_d=4.5)
    found = derived(copied)
    assert found.relation == "reprint" and found.p_derived > 0.9 and not found.too_short
    nothing = dict(base, cover_d=0.0, cont_d=0.01, own_cont_d=0.0, run_d=0.0,
                   log_longest_d=0.0, topic=0.1, link_similarity=0.0)
    found = derived(nothing)
    assert found.relation is None and found.p_derived < 0.1
    # more of the derived side's words found verbatim never lowers the probability
    ps = [derived(dict(copied, cont_d=c, own_cont_d=c)).p_derived
          for c in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert ps == sorted(ps)
    # a text too short to carry evidence is not derived, whatever the model says
    tiny = dict(copied, words_d=7.0, words_s=7.0, log_words_d=2.1, log_words_s=2.1)
    found = derived(tiny)
    assert (found.relation, found.too_short) == (None, True)


def test_a_shared_wire_instalment_is_not_evidence() -> None:
    line = "The hearing was adjourned until tomorrow."
    c = provcheck.compare(line, line, fast=True)
    assert c.relation in ("related", "unrelated")
    assert any(r.startswith("too short to tell") for r in c.reasons)


def test_direction_from_dates(tmp_path: Path) -> None:
    body = (
        "The regional parliament passed the water bill after a long night of debate.\n\n"
        "Farmers' unions said the new limits would hurt growers in the dry south.\n\n"
        "The bill caps extraction at 40 percent of the river's summer flow."
    )
    first = tmp_path / "first.txt"
    first.write_text("Water bill passes\n\n03-05-2024\n\n" + body)
    later = tmp_path / "later.txt"
    later.write_text("Parliament passes water bill\n\n09-05-2024\n\n" + body)
    c = provcheck.compare(first, later, fast=True)
    assert c.relation == "reprint"
    assert c.direction == "a->b"
    assert any("published first" in r for r in c.reasons)
    assert provcheck.compare(later, first, fast=True).direction == "b->a"


def test_flagship_direction_evidence_is_listed() -> None:
    c = provcheck.compare(seed("001"), seed("000"), fast=True)
    joined = " ".join(c.verdict.reasons)
    assert "told Rudaw" in joined
    assert "In an interview with Rudaw" in joined


def test_containment_as_integers_matches_tuples() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from provcheck.language.text import shingles, words
    from provcheck.verdict.classify import containments

    vocab = st.sampled_from("the court heard that police found two men at the scene".split())

    @settings(max_examples=60, deadline=None)
    @given(st.lists(vocab, min_size=1, max_size=40), st.lists(vocab, min_size=1, max_size=40))
    def check(x: list[str], y: list[str]) -> None:
        dx, dy = _doc(" ".join(x) + "."), _doc(" ".join(y) + ".")
        sx, sy = shingles(words(dx.body), 3), shingles(words(dy.body), 3)
        both = len(sx & sy)
        assert containments(dx, dy) == (both / len(sx), both / len(sy))

    check()
