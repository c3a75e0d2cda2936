"""Same story as its own judgement (provcheck.story) and clusters that do not chain."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from provcheck.calibration import CALIBRATION
from provcheck.collection.clusters import clusters_of
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from provcheck.verdict.settings import Settings
from provcheck.verdict.story import SameStory, same_story

FAST = Settings.of(fast=True)


def doc(text: str, label: str = "x.txt", date: str | None = None) -> Document:
    d = normalize_text(text, label=label)
    return dataclasses.replace(d, date=date) if date else d


NOYE_ARTICLE = doc(
    "Kenneth Noye was today jailed for life at the Old Bailey for the murder of Stephen "
    "Cameron in a road rage attack.\n\n"
    "Noye, 52, stabbed Mr Cameron, 21, on a slip road of the M25 at Swanley, Kent, in May "
    "1996, the jury heard. The court was told Noye fled to Spain after the killing.\n\n"
    "Mr Cameron's girlfriend Danielle Cable, who saw the attack, told the jury she would "
    "never forget his face. Noye had claimed he acted in self-defence.\n\n"
    "Judge Mr Justice Latham told Noye: \"You have been convicted of murder.\" Noye showed "
    "no emotion as he was led from the dock.", "noye.txt")
NOYE_BRIEF = doc(
    "Kenneth Noye, 52, was jailed for life yesterday for stabbing Stephen Cameron at "
    "Swanley, Kent, in 1996.", "brief.txt")
EUROPA = doc(
    "NASA scientists say Europa, the icy moon of Jupiter, may hide a salty ocean beneath "
    "its frozen crust. Europa's surface is criss-crossed by cracks, and the Galileo probe "
    "found hints of water vapour plumes rising above Europa.\n\n"
    "If the ocean of Europa is in contact with a rocky floor, researchers say, it could "
    "hold the chemistry that life needs. The Europa Clipper mission will fly past Europa "
    "dozens of times.", "europa.txt")
TITAN = doc(
    "NASA scientists say Titan, the largest moon of Saturn, has lakes of liquid methane "
    "and a thick orange haze. The Cassini probe mapped seas on Titan near its north pole, "
    "and the Huygens lander touched down on Titan in 2005.\n\n"
    "Beneath its icy crust Titan may also hide an ocean of water, researchers say, where "
    "the chemistry of life could arise. The Dragonfly mission will fly over Titan.",
    "titan.txt")
TRIAL_A = doc(
    "Mark Dowling, 34, of Leeds, was yesterday sent for trial at Leeds Crown Court "
    "accused of robbing a post office in Headingley.", "a.txt")
TRIAL_B = doc(
    "Susan Pargeter, 47, of Bristol, was yesterday sent for trial at Bristol Crown Court "
    "accused of defrauding a charity in Clifton.", "b.txt")
ARABIC_A = doc(
    "أعلنت وزارة الصحة في بغداد عن افتتاح مستشفى جديد للأطفال في حي الكرادة، وقال "
    "المتحدث باسم الوزارة إن المستشفى يضم مئة سرير وسيبدأ استقبال المرضى خلال الشهر "
    "المقبل بعد اكتمال تجهيز الأقسام.", "ar1.txt")
ARABIC_B = doc(
    "فاز المنتخب المغربي لكرة القدم على نظيره التونسي بهدفين مقابل هدف واحد في المباراة "
    "التي أقيمت في الرباط مساء أمس، وسجل المهاجم الهدف الثاني في الدقائق الأخيرة من "
    "اللقاء أمام جمهور كبير.", "ar2.txt")


def test_a_one_sentence_brief_is_the_same_story_as_the_article() -> None:
    got = same_story(NOYE_BRIEF, NOYE_ARTICLE, FAST)
    assert isinstance(got, SameStory)
    assert got.same, got.reason
    assert "Kenneth Noye" in got.shared and "Swanley" in got.shared
    assert got.reason.startswith("same story: both name Kenneth Noye")
    assert 0.0 <= got.score <= 1.0 and got.days_apart is None
    assert same_story(NOYE_ARTICLE, NOYE_BRIEF, FAST).same


def test_two_moons_are_two_stories() -> None:
    got = same_story(EUROPA, TITAN, FAST)
    assert not got.same, got.reason
    assert got.reason.startswith("different stories")


def test_two_court_briefs_sharing_only_the_stock_phrase_are_two_stories() -> None:
    got = same_story(TRIAL_A, TRIAL_B, FAST)
    assert not got.same, got.reason
    assert "Crown Court" not in got.shared


def test_two_unrelated_arabic_texts_are_two_stories() -> None:
    assert not same_story(ARABIC_A, ARABIC_B, FAST).same
    assert same_story(ARABIC_A, ARABIC_A, FAST).same


def test_far_apart_dates_make_different_events() -> None:
    early = dataclasses.replace(NOYE_BRIEF, date="1996-05-20")
    late = dataclasses.replace(NOYE_ARTICLE, date="2000-04-14")
    got = same_story(early, late, FAST)
    assert not got.same and got.days_apart is not None and got.days_apart > 1000
    near = dataclasses.replace(NOYE_ARTICLE, date="1996-05-21")
    assert same_story(early, near, FAST).same


def test_the_judgement_is_deterministic_and_symmetric_in_its_verdict() -> None:
    pairs = [(NOYE_BRIEF, NOYE_ARTICLE), (EUROPA, TITAN), (TRIAL_A, TRIAL_B)]
    for a, b in pairs:
        one, two = same_story(a, b, FAST), same_story(a, b, FAST)
        assert one == two
        assert one.same == same_story(b, a, FAST).same
        assert one.score == same_story(b, a, FAST).score


def test_semantic_settings_judge_alike() -> None:
    pytest.importorskip("numpy")
    semantic = Settings.of()
    assert same_story(NOYE_BRIEF, NOYE_ARTICLE, semantic).same
    assert not same_story(EUROPA, TITAN, semantic).same


def _story(tag: str, n: int) -> list[str]:
    return [f"{tag}{k}" for k in range(n)]


def test_one_generic_article_does_not_chain_stories_into_one_cluster() -> None:
    stories = [_story("a", 4), _story("b", 3), _story("c", 2)]
    ids = [x for s in stories for x in s] + ["generic"]
    derived = [p for s in stories for p in itertools.pairwise(s)]
    related = [(s[0], s[-1]) for s in stories if len(s) > 2]
    # the generic article shares stock words with every article of every story
    generic = [("generic", x) for s in stories for x in s]
    clusters = clusters_of(ids, derived + related + generic, derived, CALIBRATION)
    groups = [set(c) for c in clusters]
    for s in stories:
        assert sum(1 for g in groups if g & set(s)) == 1, clusters
    assert not any(len({x[0] for x in g if x != "generic"}) > 1 for g in groups), clusters


def test_a_story_is_still_one_cluster() -> None:
    ids = _story("a", 5)
    pairs = [("a0", "a1"), ("a1", "a2"), ("a2", "a3"), ("a3", "a4"), ("a0", "a4")]
    assert clusters_of(ids, pairs, pairs, CALIBRATION) == [tuple(ids)]
    # two groups joined through two articles on each side are one story
    two = [("a0", "a1"), ("a2", "a3"), ("a0", "a2"), ("a1", "a3")]
    assert clusters_of(_story("a", 4), two, two, CALIBRATION) == [tuple(_story("a", 4))]
