"""Across languages, beyond paragraph links: names across scripts, credits that give a
translation its direction. Texts written for these tests (the Arabic, Kurdish and
Turkish by the same author as the English, unchecked by native speakers)."""

from __future__ import annotations

import dataclasses

import pytest

import provcheck
from provcheck.language.credits import credits_outlet
from provcheck.language.translit import name_key, same_name
from provcheck.verdict.crosslingual import direction
from tests.conftest import ROOT


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Mohammed", "محمد"), ("Zakho", "زاخو"), ("Rudaw", "ڕووداو"), ("Rûdawê", "رووداو"),
    ("Kurdistan24", "کوردستان٢٤"), ("Shafaq News", "شفق نيوز"), ("Halabja", "حلبجة"),
    ("al-Sudani", "السوداني"),
])
def test_one_name_in_two_scripts_has_one_key(latin: str, arabic: str) -> None:
    assert same_name(latin, arabic)


@pytest.mark.parametrize(("one", "other"), [
    ("Rudaw", "شفق نيوز"), ("Zakho", "دهۆک"), ("Erbil", "بغداد"), ("Ali", "علي")])
def test_two_names_or_a_one_letter_key_do_not_match(one: str, other: str) -> None:
    assert not same_name(one, other)
    assert name_key("Ali") == ""  # one consonant names too many to match anything


@pytest.mark.parametrize(("language", "text", "outlet"), [
    ("en", "A local official told Rudaw that the bridge was closed.", "رووداو"),
    ("ar", "وقال مسؤول في البلدية لرووداو إن الجسر أغلق.", "Rudaw"),
    ("ar", "ونقلاً عن شفق نيوز، أغلق الجسر صباحاً.", "Shafaq News"),
    ("ckb", "بەرپرسێکی شارەوانی بە ڕووداوی ڕاگەیاند کە پردەکە داخرا.", "Rudaw"),
    ("kmr", "Berpirsekî şaredariyê ji Rûdawê re got ku pir hat girtin.", "Rudaw"),
    ("tr", "Belediyeden bir yetkili Rudaw'a konuştu ve köprünün kapandığını söyledi.",
     "ڕووداو"),
    ("tr", "Kurdistan24'ün haberine göre köprü kapatıldı.", "کوردستان ٢٤"),
])
def test_a_credit_names_its_outlet_in_any_script(language: str, text: str,
                                                  outlet: str) -> None:
    assert credits_outlet(text, language, outlet)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "A Rudaw crew filmed the bridge before it closed."),
    ("ar", "وكان طاقم تابع لرووداو قرب الجسر."),
    ("kmr", "Tîmeke Rûdawê li ser pir bû."),
    ("tr", "Köprüde bir Rudaw ekibi de vardı."),
    ("ar", "وقال مسؤول في البلدية لوكالة فرانس برس إن الجسر أغلق."),
    ("ar", "ووفقاً لرد الوزارة، فإن الجسر مغلق."),  # رد, "reply", keys as Rudaw does
    ("en", "According to Reda, the bridge is closed."),  # a vowel apart in one script
])
def test_naming_an_outlet_is_no_credit(language: str, text: str) -> None:
    assert credits_outlet(text, language, "Rudaw") is None


def _doc(text: str, outlet: str | None, date: str | None = None) -> provcheck.Document:
    return dataclasses.replace(provcheck.normalize(text), outlet=outlet, date=date)


ENGLISH = ("The municipality of Zakho closed the old bridge on Monday after engineers "
           "found cracks in two of its arches, officials said.")
ARABIC = ("أغلقت بلدية زاخو الجسر القديم يوم الاثنين بعد أن وجد المهندسون تشققات في "
          "قوسين من أقواسه. وقال مسؤول في البلدية لرووداو إن الإغلاق مؤقت.")


def test_a_credit_gives_a_translation_its_direction_and_says_so() -> None:
    source, copy = _doc(ENGLISH, "Rudaw"), _doc(ARABIC, "شفق نيوز")
    assert direction(source, copy)[0] == "a->b"
    way, why = direction(copy, source)
    assert way == "b->a"
    assert why.startswith("a credits b's outlet (Rudaw)")


def test_credit_and_dates_that_disagree_say_nothing() -> None:
    source = _doc(ENGLISH, "Rudaw", "2025-05-03")
    copy = _doc(ARABIC, "شفق نيوز", "2025-05-02")
    way, why = direction(source, copy)
    assert way == "unknown" and "disagrees" in why


def test_an_outlet_crediting_itself_credits_nobody() -> None:
    assert direction(_doc(ENGLISH, "Rudaw"), _doc(ARABIC, "رووداو"))[0] == "unknown"


def test_compare_names_the_credit_in_its_reasons() -> None:
    english = (ROOT / "fixtures" / "languages" / "zakho-en.txt").read_text(encoding="utf-8")
    arabic = (ROOT / "fixtures" / "languages" / "zakho-ar.txt").read_text(encoding="utf-8")
    credited = arabic.rstrip() + " وقال مسؤول محلي لرووداو إن الأرقام مؤكدة.\n"
    c = provcheck.compare(_doc(english, "Rudaw"), _doc(credited, "شفق نيوز"))
    assert c.translation is not None and c.direction == "a->b"
    assert any(r.startswith("direction: b credits a's outlet (Rudaw)") for r in c.reasons)


@pytest.mark.parametrize(("language", "text", "outlet"), [
    ("en", "Speaking to Rudaw, a teacher said the school had no heating.", "Rudaw"),
    ("en", "Kurdistan24 quoted a teacher as saying the school had no heating.", "Kurdistan24"),
    ("ar", "وفي حديث لرووداو قال مدرس إن المدرسة بلا تدفئة.", "Rudaw"),
    ("ar", "ونقلت شفق نيوز عن مدرس قوله إن المدرسة بلا تدفئة.", "Shafaq News"),
    ("ckb", "ڕووداو ڕایگەیاند کە قوتابخانەکە گەرمکەرەوەی نییە.", "Rudaw"),
    ("kmr", "Rûdawê ragihand ku dibistan bê germahî ye.", "Rudaw"),
    ("tr", "Rudaw muhabirine konuşan bir öğretmen okulda ısıtma olmadığını söyledi.", "Rudaw"),
])
def test_credits_phrased_otherwise_are_read(language: str, text: str, outlet: str) -> None:
    assert credits_outlet(text, language, outlet)


def test_agency_copy_comes_before_its_translation() -> None:
    wire, copy = _doc(ENGLISH, "Reuters"), _doc(ARABIC.split(" وقال", 1)[0], "شفق نيوز")
    way, why = direction(copy, wire)
    assert way == "b->a" and why == "b is news agency copy and a is not"
