from provcheck.worddiff import kept_ratio, word_diff


def _side(pieces, keep):  # type: ignore[no-untyped-def]
    return "".join(p.text for p in pieces if p.op in keep)


def test_diff_rebuilds_both_sides() -> None:
    a = "The coalition will leave Baghdad by the end of September."
    b = "The coalition will depart from Baghdad by September."
    pieces = word_diff(a, b)
    assert _side(pieces, "=-") == a
    assert _side(pieces, "=+") == b
    assert any(p.op == "-" and "leave" in p.text for p in pieces)
    assert any(p.op == "+" and "depart" in p.text for p in pieces)


def test_diff_ignores_quote_style() -> None:
    pieces = word_diff("the country\u2019s stability", "the country's stability")
    assert [p.op for p in pieces] == ["="]


def test_kept_ratio() -> None:
    assert kept_ratio(word_diff("a b c d", "a b c d")) == 1.0
    assert kept_ratio(word_diff("a b c d", "w x y z")) == 0.0
