"""Text the semantic model does not cover (issue 12, item 5).

The shipped model's vocabulary is English WordPiece: an Arabic word is not ``[UNK]``
but spelled out one letter per piece, and every Arabic text comes out nearly the same
vector. Such a comparison is decided from word overlap alone and says so; Arabic-Indic
digits read as numbers; the HTML page lets right-to-left text lay out right to left.
The Arabic below was written for these tests.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.collection.articles import load
from provcheck.collection.report import build_report
from provcheck.facts.extraction import extract_facts, fold_digits
from provcheck.render import render, render_report
from provcheck.verdict import links as links_mod
from provcheck.verdict.links import link_sentences
from provcheck.verdict.settings import Settings
from provcheck.verdict.similarity import StaticEmbedder, default_embedder, encode_counted
from tests.conftest import seed

WEATHER = """شهدت العاصمة عمّان يوم الثلاثاء أمطاراً غزيرة رافقتها رياح قوية، ما أدى إلى إغلاق عدد من الطرق الرئيسية. وقالت دائرة الأرصاد الجوية إن كمية الأمطار بلغت ٤٥ ملم خلال ست ساعات، وهي الأعلى منذ بداية الموسم.

وحذّرت الدائرة المواطنين من خطر الانزلاقات والسيول في المناطق المنخفضة، ودعت السائقين إلى تخفيف السرعة. ومن المتوقع أن تنخفض درجات الحرارة إلى ٣ درجات مئوية ليلة الأربعاء.

وأعلنت وزارة التربية تعليق الدوام في المدارس الحكومية والخاصة ليوم واحد، على أن يستأنف الطلاب دراستهم يوم الخميس.
"""  # noqa: E501

FOOTBALL = """فاز نادي الوحدات على ضيفه الفيصلي بثلاثة أهداف مقابل هدف واحد في المباراة التي جمعتهما مساء الجمعة على ملعب البتراء، أمام نحو ١٢ ألف متفرج.

وسجل المهاجم الشاب أهدافه الثلاثة في الشوط الثاني، بعد أن تقدم الضيوف بهدف مبكر من ركلة جزاء في الدقيقة العاشرة.

وبهذا الفوز يرتقي الوحدات إلى صدارة جدول الترتيب برصيد ٣٤ نقطة، بفارق نقطتين عن أقرب منافسيه، قبل خمس جولات من نهاية الدوري.
"""  # noqa: E501

BANK = """أعلن البنك المركزي رفع سعر الفائدة الرئيسي بمقدار ربع نقطة مئوية، في خطوة تهدف إلى كبح التضخم الذي تجاوز ٦٪ خلال الربع الأخير من العام.

وقال محافظ البنك في مؤتمر صحفي إن الاقتصاد لا يزال يحقق نمواً معتدلاً، لكنه أشار إلى أن أسعار الغذاء والطاقة تواصل الضغط على الأسر ذات الدخل المحدود.
"""  # noqa: E501

#: WEATHER trimmed (its last paragraph gone), one figure and one phrase changed.
WEATHER_EDITED = """شهدت العاصمة عمّان يوم الثلاثاء أمطاراً غزيرة رافقتها رياح قوية، ما أدى إلى إغلاق عدد من الطرق الرئيسية. وقالت دائرة الأرصاد الجوية إن كمية الأمطار بلغت ٥٠ ملم خلال ست ساعات، وهي الأعلى منذ عشر سنوات.

وحذّرت الدائرة المواطنين من خطر الانزلاقات والسيول في المناطق المنخفضة، ودعت السائقين إلى تخفيف السرعة. ومن المتوقع أن تنخفض درجات الحرارة إلى ٣ درجات مئوية ليلة الأربعاء.
"""  # noqa: E501

ENGLISH = ("Heavy rain and strong winds hit the capital on Tuesday, closing several main "
           "roads. The weather office said 45 millimetres fell in six hours, the most "
           "since the season began.")


def _embedder() -> StaticEmbedder:
    model = default_embedder()
    assert isinstance(model, StaticEmbedder)
    return model


# -- what the tokenizer does, and what "known" means --------------------------------


def test_the_tokenizer_spells_unknown_scripts_letter_by_letter() -> None:
    tok = _embedder().tokenizer
    arabic = tok.encode("المدينة", add_special_tokens=False).tokens
    assert arabic == ["ا", "##ل", "##م", "##د", "##ي", "##ن", "##ة"]  # no [UNK] at all
    assert "[UNK]" not in tok.encode("город", add_special_tokens=False).tokens
    assert tok.encode("storm", add_special_tokens=False).tokens == ["storm"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (ENGLISH, 0.95, 1.0),
        ("Der Sturm brachte am Dienstag starken Regen in die Stadt.", 0.95, 1.0),
        (WEATHER, 0.0, 0.05),
        (FOOTBALL, 0.0, 0.05),
        ("Шторм принёс сильный дождь в город во вторник.", 0.0, 0.3),
        ("הסערה הביאה גשם כבד לעיר ביום שלישי.", 0.0, 0.1),
        ("风暴周二给城市带来了大雨。", 0.0, 0.3),
    ],
    ids=["english", "german", "arabic-weather", "arabic-football", "russian", "hebrew",
         "chinese"],
)
def test_coverage_is_the_share_of_words_the_model_knows(text: str, low: float,
                                                        high: float) -> None:
    assert low <= _embedder().coverage([text]) <= high


def test_numbers_and_punctuation_are_not_words() -> None:
    model = _embedder()
    _, counts = model.encode_counted(["2,500 — 45%!", "", "storm 2025"])
    assert counts.tolist() == [[0, 0], [0, 0], [1, 1]]
    assert model.coverage(["", "..."]) == 1.0  # no word: nothing the model gets wrong


def test_counting_changes_no_vector() -> None:
    model = _embedder()
    texts = [ENGLISH, WEATHER, "", "x"]
    vectors, counts = model.encode_counted(texts)
    assert np.array_equal(vectors, model.encode(texts))
    assert counts.shape == (4, 2)


def test_the_threshold_sits_between_english_and_arabic() -> None:
    assert _embedder().coverage([WEATHER, FOOTBALL, BANK]) < CALIBRATION.min_model_coverage
    assert _embedder().coverage([ENGLISH]) > CALIBRATION.min_model_coverage
    assert "English dev" in CALIBRATION.provenance()["min_model_coverage"]


# -- comparisons of Arabic text --------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [(WEATHER, FOOTBALL), (FOOTBALL, BANK), (WEATHER, BANK)],
                         ids=["weather-football", "football-bank", "weather-bank"])
def test_unrelated_arabic_texts_are_not_the_same_story(a: str, b: str) -> None:
    result = provcheck.compare(a, b)
    assert result.relation == "unrelated"
    assert any(r.startswith("different stories") for r in result.reasons)
    # the model would have said 0.99: it was set aside, and the reasons say so
    first = result.reasons[0]
    assert first.startswith("the semantic model covers only ")
    assert first.endswith(": decided from word overlap alone")
    assert "of a's words" in first and "of b's words" in first
    assert result.mode == "semantic"  # the mode asked for; the reasons say what happened
    ev = result.verdict.evidence
    assert ev["model_coverage_a"] < 0.05 and ev["model_coverage_b"] < 0.05


def test_fallback_decides_as_fast_mode_does() -> None:
    for a, b in ((WEATHER, FOOTBALL), (WEATHER, WEATHER_EDITED), (WEATHER, WEATHER)):
        semantic, fast = provcheck.compare(a, b), provcheck.compare(a, b, fast=True)
        assert semantic.relation == fast.relation
        assert semantic.score == fast.score
        assert semantic.verdict.evidence["topic"] == fast.verdict.evidence["topic"]
        assert semantic.reasons[1:] == fast.reasons
        assert [(x.a, x.b, x.kind, x.similarity, x.lexical, x.semantic)
                for x in semantic.alignments] == [
            (x.a, x.b, x.kind, x.similarity, x.lexical, x.semantic) for x in fast.alignments]


def test_the_same_arabic_text_twice_is_a_reprint() -> None:
    result = provcheck.compare(WEATHER, WEATHER)
    assert result.relation == "reprint"
    assert result.score == 1.0
    assert [x.kind for x in result.alignments] == ["identical"] * 3
    assert all(x.semantic is None and x.lexical == 1.0 for x in result.alignments)


def test_an_edited_arabic_copy_is_derived_and_its_changed_figure_found() -> None:
    result = provcheck.compare(WEATHER, WEATHER_EDITED)
    assert result.relation in ("reprint", "edited")
    assert result.direction == "a->b"  # b is trimmed from a
    assert all(x.semantic is None for x in result.alignments)
    [change] = result.facts.changed
    assert (change.a.text, change.a.value) == ("٤٥", "45")
    assert (change.b.text, change.b.value) == ("٥٠", "50")


def test_only_the_uncovered_side_is_named() -> None:
    # ENGLISH translates WEATHER's first paragraph (found since issue 26): compare it
    # with the unrelated FOOTBALL, which the multilingual model does not link
    result = provcheck.compare(ENGLISH, FOOTBALL)
    first = result.reasons[0]
    assert "of b's words" in first and "of a's words" not in first
    assert result.relation == "unrelated"


def test_an_arabic_comparison_validates_against_the_schema() -> None:
    schema = json.loads(resources.files("provcheck").joinpath(
        "schema/compare.schema.json").read_text())
    for a, b in ((WEATHER, FOOTBALL), (WEATHER, WEATHER_EDITED)):
        doc = provcheck.compare(a, b).to_dict()
        jsonschema.validate(doc, schema)
        assert all(al["evidence"]["semantic"] is None for al in doc["alignments"])


def test_links_record_the_coverage_and_flip_it() -> None:
    a, b = provcheck.normalize(ENGLISH), provcheck.normalize(WEATHER)
    links = link_sentences(a, b, Settings.of())
    assert links.lexical_fallback and links.coverage is not None
    assert links.coverage[0] > 0.9 and links.coverage[1] < 0.05
    assert links.vectors_a is None and links.vectors_b is None
    flipped = links.flipped()
    assert flipped.coverage == (links.coverage[1], links.coverage[0])
    assert flipped.lexical_fallback
    assert link_sentences(a, b, Settings.of(fast=True)).coverage is None


def test_the_long_input_path_measures_coverage_too(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = provcheck.normalize(WEATHER), provcheck.normalize(WEATHER_EDITED)
    dense = link_sentences(a, b, Settings.of())
    monkeypatch.setattr(links_mod, "DENSE_PAIRS", 0)
    sparse = link_sentences(a, b, Settings.of())
    assert sparse.lexical_fallback and sparse.coverage == dense.coverage
    assert [(i, j) for i, j, _ in sparse.links] == [(i, j) for i, j, _ in dense.links]


class _PlainEmbedder:
    """An embedder that cannot tell what it knows: its coverage is taken as whole."""

    name = "plain"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _embedder().encode(texts)


def test_an_embedder_that_cannot_tell_is_trusted() -> None:
    model = _PlainEmbedder()
    assert encode_counted(model, ["x"])[1] is None
    settings = Settings("semantic", CALIBRATION, model)
    links = link_sentences(provcheck.normalize(WEATHER), provcheck.normalize(BANK), settings)
    assert links.coverage is None and not links.lexical_fallback


# -- English keeps its semantic verdict ------------------------------------------------


def test_english_pairs_keep_the_semantic_model() -> None:
    flagship = provcheck.compare(seed("001"), seed("000"))
    assert flagship.relation == "rewrite"
    assert all(x.semantic is not None for x in flagship.alignments)
    assert not any("semantic model covers" in r for r in flagship.reasons)
    assert not any(k.startswith("model_coverage") for k in flagship.verdict.evidence)
    related = provcheck.compare(seed("002"), seed("004"))
    assert related.relation == "related"
    assert related.verdict.evidence["topic"] >= CALIBRATION.related_topic.semantic
    links = link_sentences(provcheck.normalize(seed("001")), provcheck.normalize(seed("000")),
                           Settings.of())
    assert links.coverage is not None and min(links.coverage) > 0.95
    assert not links.lexical_fallback


def test_a_stricter_coverage_level_sets_english_aside_too() -> None:
    cal = dataclasses.replace(CALIBRATION, min_model_coverage=1.01)
    result = provcheck.compare(seed("001"), seed("000"),
                               settings=Settings("semantic", cal, default_embedder()))
    assert result.reasons[0].startswith("the semantic model covers only 100% of a's words")
    assert all(x.semantic is None for x in result.alignments)


# -- Arabic-Indic digits ---------------------------------------------------------------


def test_fold_digits_is_one_character_for_one() -> None:
    text = "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٢٬٥٠٠ ٣٫٥ ٦٪"
    folded = fold_digits(text)
    assert folded == "0123456789 0123456789 2,500 3.5 6%"
    assert len(folded) == len(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("بلغت كمية الأمطار ٤٥ ملم خلال ٦ ساعات", [("number", "٤٥", "45"), ("number", "٦", "6")]),
        ("تجاوز التضخم ٦٪ في عام ٢٠٢٤", [("percent", "٦٪", "6"), ("date", "٢٠٢٤", "2024")]),
        ("حضر المباراة ۱۲۳۴ متفرج", [("number", "۱۲۳۴", "1234")]),
        ("وصل عدد الجنود إلى ٢٬٥٠٠ جندي بمعدل ٣٫٥ يومياً",
         [("number", "٢٬٥٠٠", "2500"), ("number", "٣٫٥", "3.5")]),
        ("صدر القرار في ٢٤/٠٩/٢٠٢٥", [("date", "٢٤/٠٩/٢٠٢٥", "2025-09-24")]),
    ],
    ids=["arabic-indic", "percent-and-year", "persian", "separators", "date"],
)
def test_arabic_indic_digits_read_as_numbers(text: str,
                                             want: list[tuple[str, str, str]]) -> None:
    facts = extract_facts("p1", text, calibration=CALIBRATION)
    assert [(f.kind, f.text, f.value) for f in facts] == want
    for f in facts:  # the surface is the paragraph's own text at the fact's span
        assert text[f.span[0] : f.span[1]] == f.text


def test_the_same_number_in_either_script_is_one_value() -> None:
    [ascii_] = extract_facts("p1", "بلغت كمية الأمطار 45 ملم", calibration=CALIBRATION)
    [arabic] = extract_facts("p1", "بلغت كمية الأمطار ٤٥ ملم", calibration=CALIBRATION)
    assert ascii_.value == arabic.value == "45"
    assert ascii_.context == arabic.context


# -- right-to-left text in the HTML page ---------------------------------------------


def test_html_text_containers_set_their_own_direction() -> None:
    page = render(provcheck.compare(WEATHER, WEATHER_EDITED), "html")
    paragraphs = re.findall(r'<p class="para"[^>]*>', page)
    assert paragraphs and all('dir="auto"' in p for p in paragraphs)
    assert len(paragraphs) == 2 * 2 + 1  # two aligned groups both sides, one dropped
    # divergent facts: the cells holding article text
    assert '<td dir="auto">٤٥</td><td dir="auto">٥٠</td>' in page
    # table cells align to their own start (left in English, right in Arabic)
    assert "text-align: start" in page and "text-align: left" not in page


def test_html_english_page_marks_its_paragraphs_too() -> None:
    page = render(provcheck.compare(seed("001"), seed("000")), "html")
    assert page.count('<p class="para" dir="auto">') == len(
        re.findall(r'<p class="para"', page))


def test_report_html_sets_direction_on_article_text(tmp_path: Path) -> None:
    paths = []
    for name, text in (("weather.txt", WEATHER), ("edited.txt", WEATHER_EDITED)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    page = render_report(build_report(load(paths)), "html")
    paragraphs = re.findall(r'<p class="para"[^>]*>', page)
    assert paragraphs and all('dir="auto"' in p for p in paragraphs)
    assert re.search(r'<p class="para" dir="auto"><span class="unchanged">شهدت العاصمة', page)
