"""Candidates by shared text (provcheck.collection.candidates): partners share enough
rare 3-grams, stock phrases do not make partners, the budget holds, memory is bounded."""

from __future__ import annotations

import dataclasses

from provcheck.calibration import CALIBRATION
from provcheck.collection.candidates import TextGrams, text_partners
from provcheck.ingest.normalize import normalize

TAKE = ("Alan Pettigrew, 52, of Cromer Road, Sheringham, diverted maintenance payments "
        "into an account he had opened in his late mother's name. Bank records showed "
        "forty-one transfers from the trust's maintenance fund, each kept below the level "
        "that needed a second signature. The trial is expected to last two weeks.")
USES = ("A trusted engineer looted a charity that looks after a famous crossing, a jury "
        "was told. Bank records showed forty-one transfers from the trust's maintenance "
        "fund, each kept below the level that needed a second signature. Friends called "
        "him a quiet churchgoer who had never been in trouble before this week.")
OTHER = ("The county council approved a new cycle path along the river on Tuesday, "
         "after residents complained about lorries using the lane beside the primary "
         "school. Work is expected to start in the spring and last four months.")


def _grams(*texts: str) -> TextGrams:
    return TextGrams.of((k, normalize(t)) for k, t in enumerate(texts, start=1))


def test_a_shared_sentence_makes_partners_and_an_unrelated_text_does_not() -> None:
    found = text_partners(_grams(TAKE, USES, OTHER), CALIBRATION)
    assert found[1] == [2]
    assert found[2] == [1]
    assert 3 not in found


def test_a_phrase_in_too_many_texts_is_no_evidence() -> None:
    cal = dataclasses.replace(CALIBRATION, max_df=2)
    # three texts hold the one sentence they share: a stock phrase at max_df 2
    shared = (" Bank records showed forty-one transfers from the trust's maintenance fund, "
              "each kept below the level that needed a second signature.")
    assert text_partners(_grams(TAKE, USES, OTHER + shared), cal) == {}


def test_each_text_keeps_its_budget_of_partners_sharing_the_most() -> None:
    cal = dataclasses.replace(CALIBRATION, text_partners=1)
    close = TAKE.replace("two weeks", "three weeks")  # shares almost everything
    found = text_partners(_grams(TAKE, USES, close), cal)
    assert found[1] == [3]


def test_past_the_memory_bound_one_gram_in_k_is_kept() -> None:
    grams = _grams(TAKE, TAKE.replace("two weeks", "three weeks"), OTHER)
    found = text_partners(grams, CALIBRATION, max_rows=40)
    assert found.get(1) == [2]  # a near copy is still found on the sample
    assert 3 not in found
