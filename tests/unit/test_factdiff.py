from provcheck import compare
from provcheck.calibration import CALIBRATION
from provcheck.facts.diff import diff_group, facts_of
from provcheck.ingest.normalize import normalize_text


def _diff(a: str, b: str):  # type: ignore[no-untyped-def]
    da, db = normalize_text("Title\n\n" + a + "\n"), normalize_text("Title\n\n" + b + "\n")
    cal = CALIBRATION
    return diff_group(facts_of(da, None, cal), facts_of(db, None, cal), src_doc=da, dst_doc=db,
                      cal=cal)


def test_value_and_hedge_changes() -> None:
    dropped, added, changed = _diff(
        "The shipment weighed 1,200 pounds and the US keeps around 2,500 troops there. "
        "The mission ends in September 2026.",
        "The shipment weighed 1,100 pounds and the US keeps 2,500 troops there. "
        "The mission ends by September 2026.",
    )
    kinds = sorted((c.a.kind, c.change, c.a.text, c.b.text) for c in changed)
    assert kinds == [
        ("date", "hedge", "in September 2026", "by September 2026"),
        ("money", "value", "1,200 pounds", "1,100 pounds"),
        ("quantity", "hedge", "around 2,500 troops", "2,500 troops"),
    ]
    assert not dropped and not added


def test_numbers_moved_to_another_subject() -> None:
    _, _, changed = _diff(
        "It was named the 19th best movie at the 7th festival.",
        "It was named the 7th best film at the 19th festival.",
    )
    assert {c.change for c in changed} == {"moved"}
    assert {c.a.value for c in changed} == {"19", "7"}


def test_names_moved_between_roles() -> None:
    _, _, changed = _diff(
        "Dotty was born in Gloucester in 1923 and died in Boston in 2014.",
        "Dotty was born in 1923 in Boston and died in Gloucester in 2014.",
    )
    assert any(c.change == "role" and c.a.kind == "name" for c in changed)


def test_reordered_but_same_meaning_is_not_moved() -> None:
    dropped, added, changed = _diff(
        "He recorded with the band of Billy Eckstine and in 1946 he played with Lionel Hampton.",
        "He recorded with Billy Eckstine's band and in 1946, he played with Lionel Hampton.",
    )
    assert (dropped, added, changed) == ([], [], [])


def test_dropped_and_added_facts_and_aliases() -> None:
    dropped, added, _ = _diff(
        "ISIS fighters killed 15 people near Ain al-Asad on Sunday.",
        "Daesh fighters killed people near Ain al-Assad on Sunday, and 89 countries condemned it.",
    )
    assert [f.text for f in dropped] == ["15 people"]
    assert [f.text for f in added] == ["89 countries"]


def test_compare_marks_sides_per_direction() -> None:
    a = "Title\n\nThe army said 300 soldiers arrived in Mosul on 2 May 2021 to secure the city.\n"
    c = compare(a, a)
    assert c.facts.count == 0
    assert c.unsupported == ()
