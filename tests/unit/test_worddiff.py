from provcheck.verdict.worddiff import kept_ratio, word_diff


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


def test_same_pieces_as_the_pure_python_port() -> None:
    """The C++ diff-match-patch gives the pure-Python port's diff, cleanup included."""
    import pytest

    dmp_module = pytest.importorskip("diff_match_patch")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import provcheck.verdict.worddiff as wd

    def python_port(a: str, b: str) -> list[tuple[str, int]]:
        table: dict[str, str] = {}
        ca, cb = wd._encode(wd._TOKEN.findall(a), table), wd._encode(wd._TOKEN.findall(b), table)
        dmp = dmp_module.diff_match_patch()
        dmp.Diff_Timeout = 0
        diffs = dmp.diff_main(ca, cb, False)
        dmp.diff_cleanupSemantic(diffs)
        return [({0: "=", -1: "-", 1: "+"}[op], len(s)) for op, s in diffs]

    def cpp(a: str, b: str) -> list[tuple[str, int]]:
        table: dict[str, str] = {}
        ca, cb = wd._encode(wd._TOKEN.findall(a), table), wd._encode(wd._TOKEN.findall(b), table)
        return list(wd.fast_diff_match_patch.diff(ca, cb, timelimit=0, checklines=False,
                                                  cleanup="Semantic", counts_only=True))

    vocab = st.sampled_from(["the", "army", "said", "on", "Tuesday", "2,500", "troops", ",",
                             ".", "ISIS", "coalition", "will", "leave", "by", "September"])
    text = st.lists(vocab, max_size=40).map(" ".join)

    @settings(max_examples=300, deadline=None)
    @given(text, text)
    def same(a: str, b: str) -> None:
        assert cpp(a, b) == python_port(a, b)

    same()
