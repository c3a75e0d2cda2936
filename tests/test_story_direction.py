"""Direction from the story (provcheck.collection.story_direction), on texts and rows
written for the test."""

from __future__ import annotations

import numpy as np

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.collection.candidates import gram_keys
from provcheck.collection.story_direction import COMMON, MERGER, story_directions
from provcheck.collection.union import Row

# A court take of a wire service, in six sentences.
TAKE = [
    "A retired harbour pilot who steered a grain ship onto the rocks near Kettlewick was "
    "fined four thousand pounds by magistrates in the town on Tuesday afternoon.",
    "Magistrates heard that the pilot had ignored three radio warnings from the coastguard "
    "station while the ship drifted towards the northern breakwater.",
    "The court was told that nobody was hurt but that the hull of the vessel was torn open "
    "along eleven metres and that a quantity of barley spilled into the bay.",
    "His solicitor said the pilot had served the port for thirty one years without a single "
    "complaint and had been distracted by a failing engine alarm.",
    "The chairman of the bench said the danger to the crew and to the lifeboat volunteers "
    "could hardly have been greater on a night of such heavy swell.",
    "The harbour authority has since replaced the warning lights on the breakwater and "
    "changed the rules for pilots bringing in ships after dark.",
]
# What two newspapers wrote of their own around what they took.
OWN_1 = [
    "Residents of the fishing village watched from the cliffs as the stricken vessel listed "
    "in the darkness, one of them told our reporter yesterday.",
    "Local fishermen have campaigned for better lighting on the harbour approaches for more "
    "than a decade without any response from the council.",
]
OWN_2 = [
    "The spilled barley attracted flocks of gulls that stayed over the bay for a week, a "
    "local birdwatcher recalled with some amusement.",
    "Shipping insurers are expected to press for the cost of the salvage operation, which "
    "lasted nine days and involved two tugs from the mainland.",
]
# Two takes on different matters of one day, and an article built from both.
TAKE_A = [
    "Fire crews spent the whole night tackling a blaze at a paper mill on the edge of "
    "Brindlecombe after flames were seen above the drying sheds at midnight.",
    "Around sixty firefighters and twelve engines were sent to the mill, and nearby homes "
    "were evacuated as a precaution against toxic smoke.",
    "The mill owner said production would stop for several months while the damage to the "
    "rolling machines was assessed by engineers.",
]
TAKE_B = [
    "A council inquiry into the closure of the Brindlecombe swimming baths opened on Monday "
    "with angry exchanges between campaigners and officials.",
    "Campaigners presented a petition of eight thousand names calling for the pool to be "
    "repaired rather than demolished and replaced with flats.",
    "Council officers told the inquiry that the cost of repairing the roof had risen to more "
    "than two million pounds since the last survey.",
]


def grams(*sentences: str) -> np.ndarray:
    return gram_keys(provcheck.normalize("\n\n".join(sentences)))


def row(a: int, b: int, relation: str = "edited", direction: str = "unknown",
        **result: object) -> Row:
    return Row(a, b, relation, direction, 0.9, dict(result))


def rows_of(*rs: Row) -> dict[tuple[int, int], Row]:
    return {(r.a, r.b): r for r in rs}


def test_a_take_reused_by_two_articles_is_named_their_source() -> None:
    # 1: the take; 2 and 3: newspapers that took its first sentences and wrote their own
    g = {1: grams(*TAKE), 2: grams(*TAKE[:3], *OWN_1), 3: grams(*TAKE[:2], *OWN_2)}
    found = story_directions(rows_of(row(1, 2), row(1, 3)), g, CALIBRATION)
    got = {(o.a, o.b): o for o in found}
    assert set(got) == {(1, 2), (1, 3)}
    assert all(o.direction == "a->b" and o.rule == COMMON for o in found)
    assert "#1 is the common source of #2 and #3" in got[(1, 2)].reason
    assert got[(1, 2)].row.result["reasons"][-1] == got[(1, 2)].reason


def test_an_article_built_from_two_unrelated_takes_is_named_their_copy() -> None:
    # 3 holds most of 1 and most of 2, which share nothing and are not derived
    g = {1: grams(*TAKE_A), 2: grams(*TAKE_B), 3: grams(*TAKE_A[:2], *TAKE_B[1:], *OWN_2)}
    rs = rows_of(row(1, 3, "partial"), row(2, 3, "partial"), row(1, 2, "related"))
    found = story_directions(rs, g, CALIBRATION)
    assert {(o.a, o.b, o.direction, o.rule) for o in found} == {
        (1, 3, "a->b", MERGER), (2, 3, "a->b", MERGER)}
    assert "#3 is built from #1 and #2" in found[0].reason


def test_takes_judged_derived_from_each_other_are_no_merger() -> None:
    # the same texts, but compare judged the two takes derived (a later pass made the
    # pair related: the pairwise judgement is what counts)
    g = {1: grams(*TAKE_A), 2: grams(*TAKE_B), 3: grams(*TAKE_A[:2], *TAKE_B[1:], *OWN_2)}
    demoted = row(1, 2, "related", pairwise={"relation": "rewrite", "direction": "unknown",
                                             "score": 0.8, "result": {}})
    rs = rows_of(row(1, 3, "partial"), row(2, 3, "partial"), demoted)
    assert story_directions(rs, g, CALIBRATION) == []


def test_the_pairwise_rows_given_decide_what_is_derived() -> None:
    # inside the collection pass: the pass's rows, and compare's rows beside them
    g = {1: grams(*TAKE_A), 2: grams(*TAKE_B), 3: grams(*TAKE_A[:2], *TAKE_B[1:], *OWN_2)}
    rs = rows_of(row(1, 3, "partial"), row(2, 3, "partial"), row(1, 2, "related"))
    judged = {**rs, (1, 2): row(1, 2, "rewrite")}
    assert story_directions(rs, g, CALIBRATION, pairwise=judged) == []
    assert len(story_directions(rs, g, CALIBRATION, pairwise=rs)) == 2


def test_texts_sharing_one_passage_alike_stay_unknown() -> None:
    # four texts that each hold the same two sentences and their own: each one could
    # be the others' common source, so no pair is oriented
    own = [OWN_1[0], OWN_1[1], OWN_2[0], OWN_2[1]]
    g = {i + 1: grams(*TAKE[:2], own[i]) for i in range(4)}
    rs = rows_of(*(row(a, b) for a in range(1, 5) for b in range(a + 1, 5)))
    assert story_directions(rs, g, CALIBRATION) == []


def test_two_texts_alone_stay_unknown() -> None:
    g = {1: grams(*TAKE), 2: grams(*TAKE[:3], *OWN_1)}
    assert story_directions(rows_of(row(1, 2)), g, CALIBRATION) == []


def test_a_named_direction_is_never_changed() -> None:
    # the pairwise cue named 2 the source of 1: the story would say otherwise, and
    # leaves it; the other pair, unknown, is set
    g = {1: grams(*TAKE), 2: grams(*TAKE[:3], *OWN_1), 3: grams(*TAKE[:2], *OWN_2)}
    rs = rows_of(row(1, 2, direction="b->a"), row(1, 3))
    found = story_directions(rs, g, CALIBRATION)
    assert [(o.a, o.b, o.direction) for o in found] == [(1, 3, "a->b")]


def test_pairs_not_derived_are_left_alone() -> None:
    g = {1: grams(*TAKE), 2: grams(*TAKE[:3], *OWN_1), 3: grams(*TAKE[:2], *OWN_2)}
    rs = rows_of(row(1, 2), row(1, 3), row(2, 3, "related"))
    found = story_directions(rs, g, CALIBRATION, rules=(MERGER,))
    assert found == []  # the merger rule alone finds nothing here; related stays as it is
    assert all((o.a, o.b) != (2, 3) for o in story_directions(rs, g, CALIBRATION))
