"""Sentence links: the candidate-first path finds what scoring every pair finds."""

from __future__ import annotations

import pytest

import provcheck
from provcheck.verdict import links as links_mod
from provcheck.verdict.links import link_sentences
from provcheck.verdict.settings import Settings
from tests.conftest import SEEDS, seed


def _pairs() -> list[tuple[provcheck.Document, provcheck.Document]]:
    docs = {p.name[:3]: provcheck.normalize(p) for p in sorted(SEEDS.glob("*.txt"))}
    return [(docs["001"], docs["000"]), (docs["000"], docs["001"]),
            *[(docs["001"], d) for k, d in docs.items() if k not in ("000", "001")]]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "semantic"])
def test_candidate_path_finds_the_same_links(monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    settings = Settings.of(fast=fast)
    for a, b in _pairs():
        dense = link_sentences(a, b, settings)
        with monkeypatch.context() as m:
            m.setattr(links_mod, "DENSE_PAIRS", 0)
            sparse = link_sentences(a, b, settings)
        for got, want in ((sparse.links, dense.links), (sparse.weak, dense.weak)):
            # the same pairs; scores equal up to the float16 vectors a long input keeps
            assert [(i, j) for i, j, _ in got] == [(i, j) for i, j, _ in want]
            assert all(abs(x[2] - y[2]) < 1e-3 for x, y in zip(got, want, strict=True))


def test_identical_sentences_link_even_when_their_words_are_common(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every word of the repeated sentence is in every sentence: too common to find
    # candidates by, but the identical sentence is still a candidate
    filler = [f"The hearing was adjourned until tomorrow after witness {k} spoke." for k in
              range(30)]
    a = provcheck.normalize("\n\n".join(["The hearing was adjourned until tomorrow.", *filler]))
    b = provcheck.normalize(
        "\n\n".join([*filler[:10], "The hearing was adjourned until tomorrow."])
    )
    monkeypatch.setattr(links_mod, "DENSE_PAIRS", 0)
    monkeypatch.setattr(links_mod, "CANDIDATE_HITS", 10)
    got = link_sentences(a, b, Settings.of(fast=True))
    assert (0, 10) in {(i, j) for i, j, _ in got.links}


def test_flipped_links_mirror() -> None:
    a, b = provcheck.normalize(seed("001")), provcheck.normalize(seed("000"))
    got = link_sentences(a, b, Settings.of(fast=True))
    back = got.flipped().flipped()
    assert back.links == got.links and back.weak == got.weak
    assert {(j, i) for i, j, _ in got.links} == {(i, j) for i, j, _ in got.flipped().links}
