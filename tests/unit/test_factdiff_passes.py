"""The matching passes of factdiff.diff_group, one by one."""

from __future__ import annotations

from provcheck.calibration import CALIBRATION
from provcheck.facts.diff import (
    _match_names,
    _pair_names,
    _same_lead_number,
    _Unmatched,
    diff_group,
    facts_of,
)
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Fact, FactChange


def _fact(kind: str, value: str, about: str | None = None, hedge: str | None = None,
          span: tuple[int, int] = (0, 1)) -> Fact:
    return Fact(kind, value, value, about, hedge, "p1", span)  # type: ignore[arg-type]


def _diff(a: str, b: str) -> tuple[list[Fact], list[Fact], list[FactChange]]:
    da, db = normalize_text("Title\n\n" + a + "\n"), normalize_text("Title\n\n" + b + "\n")
    cal = CALIBRATION
    return diff_group(facts_of(da, None, cal), facts_of(db, None, cal), src_doc=da, dst_doc=db,
                      cal=cal)


def test_take_pairs_in_source_order_and_empties_the_pool() -> None:
    s1, s2 = _fact("number", "5", span=(0, 1)), _fact("number", "7", span=(2, 3))
    d1, d2 = _fact("number", "7", span=(0, 1)), _fact("number", "5", span=(2, 3))
    pool = _Unmatched([s1, s2], [d1, d2], CALIBRATION)
    assert pool.take(pool.kept) == [(s1, d2), (s2, d1)]
    assert pool.left == [] and pool.right == []


def test_take_keeps_to_one_kind_unless_told() -> None:
    s = _fact("date", "1989")
    d = _fact("number", "1989")
    pool = _Unmatched([s], [d], CALIBRATION)
    assert pool.take(_same_lead_number) == []
    assert pool.take(_same_lead_number, same_kind=False) == [(s, d)]


def test_names_leave_the_number_pool() -> None:
    name, number = _fact("name", "rudaw"), _fact("number", "3")
    pool = _Unmatched([name, number], [], CALIBRATION)
    assert pool.left == [number]


def test_pair_names_prefers_the_same_key_and_pairs_each_mention_once() -> None:
    src = [_fact("name", "muhammadawi"), _fact("name", "qais al-muhammadawi")]
    dst = [_fact("name", "qais al-muhammadawi")]
    assert _pair_names(src, dst, CALIBRATION) == [(src[0], dst[0])]


def test_match_names_drops_only_names_not_written_elsewhere() -> None:
    src = [_fact("name", "Kirkuk"), _fact("name", "Total")]
    kept, dropped, added = _match_names(src, [], "in kirkuk", "in total", CALIBRATION)
    assert kept == [] and dropped == [src[0]] and added == []


def test_swapped_subjects_are_moved() -> None:
    _, _, changed = _diff(
        "The ministry counted 40 tanks and 12 planes.",
        "The ministry counted 12 tanks and 40 planes.",
    )
    assert {(c.change, c.a.value) for c in changed} == {("moved", "40"), ("moved", "12")}


def test_same_number_as_another_kind_is_neither_dropped_nor_added() -> None:
    dropped, added, changed = _diff(
        "The film was released in 1989.",
        "It is a 1989 film.",
    )
    assert not [f for f in (*dropped, *added) if "1989" in f.text]
    assert not changed
