"""provcheck.facts.support: clauses, their support by source sentences, unsupported sentences.

``find_unsupported`` is reached only through ``provcheck.compare`` (its signature is
internal and changing).
"""

from __future__ import annotations

import numpy as np
import pytest

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.facts.support import clause_support, clauses
from provcheck.verdict.similarity import default_embedder


def test_clauses_cut_at_punctuation_and_contrast_words() -> None:
    sentence = ("The bridge opened on Monday; traffic resumed at noon, but the toll booths "
                "stayed closed although drivers complained.")
    assert clauses(sentence, CALIBRATION.min_clause_words) == [
        "The bridge opened on Monday",
        "traffic resumed at noon",
        "but the toll booths stayed closed",
        "although drivers complained.",
    ]
    assert clauses("Officials acknowledged that while ISIS sleeper cells remain active, "
                   "the group's capacity has been severely degraded.",
                   CALIBRATION.min_clause_words) == [
        "Officials acknowledged that while ISIS sleeper cells remain active",
        "the group's capacity has been severely degraded.",
    ]


def test_short_fragments_join_a_neighbour() -> None:
    # "he said" carries no claim of its own: it stays with the clause before it
    assert clauses("The army moved, he said.",
                   CALIBRATION.min_clause_words) == ["The army moved, he said."]
    assert clauses("Troops left the base quickly, officials said, however the coalition "
                   "stays in Erbil.", CALIBRATION.min_clause_words) == [
        "Troops left the base quickly",
        "officials said, however the coalition stays in Erbil.",
    ]
    assert clauses("Yes.", CALIBRATION.min_clause_words) == ["Yes."]
    assert clauses("", CALIBRATION.min_clause_words) == []


def test_clauses_keep_every_word() -> None:
    sentence = ("Prices rose, wages fell; however, unions, employers and ministers met while "
                "talks went on: a deal came.")

    def bare(text: str) -> list[str]:  # the words, without the punctuation cut at
        return text.replace(",", "").replace(";", "").replace(":", "").split()

    assert len(clauses(sentence, CALIBRATION.min_clause_words)) > 1
    assert bare(" ".join(clauses(sentence, CALIBRATION.min_clause_words))) == bare(sentence)


SOURCE = [
    "The new bridge over the river opened to traffic on Monday after six years of work.",
    "The mayor cut the ribbon in front of several hundred residents.",
]


def test_clause_support_lexical() -> None:
    claims = [
        "the bridge opened to traffic on Monday",  # every content word in source 1
        "aliens landed in the central square yesterday",  # none
        "the mayor opened the bridge",  # split across the two sentences
    ]
    support = clause_support(claims, SOURCE, None)
    assert support.shape == (3,)
    assert support[0] == pytest.approx(1.0)
    assert support[1] == pytest.approx(0.0)
    assert 0.0 < support[2] < 1.0  # the best single sentence holds only some of it


def test_clause_support_with_nothing_to_compare() -> None:
    assert clause_support([], SOURCE, None).shape == (0,)
    assert clause_support(["the bridge opened"], [], None).tolist() == [0.0]


def test_clause_support_semantic_ranks_and_bounds() -> None:
    embedder = default_embedder()
    claims = ["the bridge opened to traffic on Monday",
              "aliens landed in the central square yesterday"]
    support = clause_support(claims, SOURCE, embedder)
    assert np.all((support >= 0.0) & (support <= 1.0))
    assert support[0] > 0.8 > 0.3 > support[1]
    # precomputed source vectors give the same answer
    again = clause_support(claims, SOURCE, embedder, embedder.encode(SOURCE))
    assert np.allclose(support, again)


PARAGRAPHS = [
    "The new bridge over the river opened to traffic on Monday after six years of work, the "
    "city council said.",
    "The mayor cut the ribbon in front of a crowd of several hundred residents and promised "
    "lower tolls next year.",
    "Engineers said the steel span, 420 metres long, was designed to withstand floods far "
    "higher than last spring's.",
    "Local shop owners hope the crossing will bring back customers who had driven to the mall "
    "across the valley.",
]
ADDED = ("Meanwhile a volcano erupted in Iceland and airlines cancelled hundreds of flights "
         "across northern Europe.")


def article(date: str, paragraphs: list[str]) -> str:
    return "Bridge opens\n\n" + date + "\n\n" + "\n\n".join(paragraphs) + "\n"


ORIGINAL = article("11-03-2024", PARAGRAPHS)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "semantic"])
def test_a_copy_that_adds_a_claim_lists_it(fast: bool) -> None:
    copy = article("12-03-2024", [*PARAGRAPHS[:2], ADDED, *PARAGRAPHS[2:]])
    result = provcheck.compare(ORIGINAL, copy, fast=fast)
    assert result.direction == "a->b"
    [unsupported] = result.unsupported
    assert (unsupported.side, unsupported.sentence) == ("b", ADDED)
    assert unsupported.claims == (ADDED,)
    # the swapped call reads the same copy, now on side a
    swapped = provcheck.compare(copy, ORIGINAL, fast=fast)
    assert [(u.side, u.sentence) for u in swapped.unsupported] == [("a", ADDED)]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "semantic"])
def test_a_faithful_copy_lists_nothing(fast: bool) -> None:
    assert provcheck.compare(ORIGINAL, ORIGINAL, fast=fast).unsupported == ()
    trimmed = article("12-03-2024", PARAGRAPHS[:3])
    result = provcheck.compare(ORIGINAL, trimmed, fast=fast)
    assert result.relation == "reprint"
    assert result.unsupported == ()


def test_a_faithful_rewrite_lists_nothing() -> None:
    reworded = article("12-03-2024", [
        "After six years of work, the new bridge over the river opened to traffic on Monday, "
        "the city council said.",
        *PARAGRAPHS[1:],
    ])
    result = provcheck.compare(ORIGINAL, reworded, fast=True)
    assert result.relation in {"reprint", "edited"}
    assert result.unsupported == ()


def test_candidate_support_agrees_with_scoring_every_pair(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from provcheck.facts import support
    from tests.conftest import seed

    a, b = provcheck.normalize(seed("001")), provcheck.normalize(seed("000"))
    for fast in (True, False):
        every = provcheck.compare(a, b, fast=fast).unsupported
        with monkeypatch.context() as m:
            m.setattr(support, "DENSE_PAIRS", 0)
            found = provcheck.compare(a, b, fast=fast).unsupported
        assert every and [u.sentence for u in found] == [u.sentence for u in every]
        assert [u.claims for u in found] == [u.claims for u in every]
