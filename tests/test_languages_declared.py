"""A page's declared language (``<html lang>``, ``og:locale``, ``content-language``)
names a text the rules cannot tell (none of their evidence, or two scripts mixed);
a text they can read keeps their answer. Texts written for these tests."""

from __future__ import annotations

import pytest

import provcheck
from provcheck.ingest.pagemeta import page_meta
from provcheck.language.identify import declared_code, identify, identify_page

MIXED = ('The minister said: "We will open the bridge next week, and the road will '
         'follow soon after that." وقال الوزير ذلك في أربيل.')


@pytest.mark.parametrize(("head", "tag"), [
    ('<html lang="ar" dir="rtl"><head>', "ar"),
    ("<html><head><meta property='og:locale' content='tr_TR'>", "tr_TR"),
    ('<html><head><meta http-equiv="Content-Language" content="ckb">', "ckb"),
])
def test_a_page_states_its_language(head: str, tag: str) -> None:
    html = f"{head}<title>t</title></head><body><p>text</p></body></html>"
    assert page_meta(html).language == tag


@pytest.mark.parametrize(("tag", "text", "code"), [
    ("ar-IQ", "", "ar"), ("tr_TR", "", "tr"), ("ku-Arab", "", "ckb"), ("ku", "Hewlêr", "kmr"),
    ("ku", "هەولێر", "ckb"), ("fr", "", None), (None, "", None),
])
def test_a_declared_tag_names_one_of_the_languages(tag: str | None, text: str,
                                                   code: str | None) -> None:
    assert declared_code(tag, text) == code


def test_a_mixed_text_takes_the_declared_language() -> None:
    assert identify(MIXED) == "en"
    assert identify_page(MIXED, "ar") == "ar"


def test_a_text_with_no_evidence_takes_the_declared_language() -> None:
    assert identify("Erbil SC 2-1 Zawraa") == "und"
    assert identify_page("Erbil SC 2-1 Zawraa", "tr") == "tr"


def test_a_template_tag_does_not_overrule_the_words() -> None:
    turkish = "Seçim komisyonu oylamanın tarihini açıkladı"
    assert identify_page(turkish, "en") == "tr"
    assert identify_page("قال الوزير إن الجسر سيفتح الأسبوع المقبل.", "en") == "ar"


def test_a_normalised_page_says_its_declared_language() -> None:
    html = ('<!doctype html><html lang="ar" dir="rtl"><head><title>جسر زاخو</title></head>'
            f"<body><article><h1>جسر زاخو</h1><p>{MIXED}</p></article></body></html>")
    doc = provcheck.normalize(html)
    assert doc.language == "ar"
    assert doc.to_dict()["language"] == "ar"
