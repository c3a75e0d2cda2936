"""Same-language rewrites in Turkish and Kurmanji (Latin letters the English model
splits into known pieces but does not read): the multilingual model judges them.
Texts from ``fixtures/languages`` (written for provcheck, unchecked by native
speakers)."""

from __future__ import annotations

import json

import pytest

import provcheck
from tests.conftest import ROOT

STORIES = {s["id"]: s for s in json.loads(
    (ROOT / "fixtures" / "languages" / "stories.json").read_text(encoding="utf-8"))}
REWRITES = {(r["id"], r["lang"]): r["text"] for r in json.loads(
    (ROOT / "fixtures" / "languages" / "rewrites_latin.json").read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lang", ["tr", "kmr"])
def test_a_rewrite_in_turkish_or_kurmanji_is_found(lang: str) -> None:
    c = provcheck.compare(STORIES["s04"][lang], REWRITES[("s04", lang)])
    assert c.relation == "rewrite"
    assert c.translation is None
    assert c.reasons[0].startswith("a rewrite in")


@pytest.mark.parametrize("lang", ["tr", "kmr"])
def test_two_unrelated_stories_in_turkish_or_kurmanji_are_not_derived(lang: str) -> None:
    # both on the Region's money: the English model called such pairs rewrites
    c = provcheck.compare(STORIES["s03"][lang], STORIES["s04"][lang])
    assert not c.verdict.derived
    assert c.alignments == ()
    assert "links no paragraph" in c.reasons[0]
