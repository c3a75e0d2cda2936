from provcheck.language.text import canonical, sentences, shingles, words


def test_canonical_folds_quotes_dashes_and_spaces() -> None:
    assert canonical("\u201cHi\u201d \u2013 it\u2019s\u00a0here") == "\"Hi\" - it's here"


def test_canonical_folds_wire_tex_quotes() -> None:
    assert canonical("he said ``no'' twice") == 'he said "no" twice'


def test_canonical_is_idempotent_on_a_sample() -> None:
    s = "  A\u2014B  \u2018c\u2019\ufb01 "
    assert canonical(canonical(s)) == canonical(s)


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = 'Gen. Kurilla met Mr. Sudani. "We agree," he said. Talks go on in the U.S. today.'
    assert sentences(text) == [
        "Gen. Kurilla met Mr. Sudani.",
        '"We agree," he said.',
        "Talks go on in the U.S. today.",
    ]


def test_words_and_shingles() -> None:
    toks = words("The U.S. sent 2,500 troops.")
    assert toks == ["the", "u.s", "sent", "2", "500", "troops"]
    assert ("u.s", "sent", "2") in shingles(toks, 3)
    assert shingles(["a"], 3) == {("a",)}
