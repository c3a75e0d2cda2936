"""Dates across languages: month names in Arabic, Sorani, Kurmanji and Turkish, Hijri
and Kurdish solar months, read as dates; a date changed in a translation is a changed
``date``. Texts written for these tests (unchecked by native speakers)."""

from __future__ import annotations

import json

import pytest

import provcheck
from provcheck.ingest.pagemeta import stated_day
from provcheck.language.dates import parse_date
from provcheck.language.datewords import find_dates, whole_date
from provcheck.verdict.crosslingual import CrossLingual, date_diff, number_diff
from tests.conftest import ROOT


@pytest.mark.parametrize(("text", "value"), [
    ("قال المحافظ إن المعبر سيفتح في 20 أيار/مايو 2025.", "2025-05-20"),
    ("استؤنفت الرحلات في ٩ آب ٢٠٢٥.", "2025-08-09"),
    ("بدأت المحاكمة في ٢٢ ذو القعدة ١٤٤٦ هـ.", "2025-05-20"),  # Hijri, converted
    ("دادگاییکردنەکە لە ٢٠ی ئایاری ٢٠٢٥ دا دەستی پێکرد.", "2025-05-20"),
    ("Dadgehkirin di 20ê gulanê 2025an de dest pê kir.", "2025-05-20"),
    ("Yargılama 20 Mayıs 2025 tarihinde başladı.", "2025-05-20"),
    ("The vote was set for November 11 by the commission.", "11-11"),
    ("لە ٣٠ی گوڵانی ٢٧٢٥ دا", "2725-02-30 (kurdish solar)"),
])
def test_a_date_is_read_in_each_language(text: str, value: str) -> None:
    [date] = find_dates(text)
    assert date.value == value


@pytest.mark.parametrize("text", [
    "You may 20 times ask the same question.",  # an English month in lower case
    "قال إن صفر من الأصوات ذهب إلى الحزب.",  # صفر is zero: no day or year beside it
    "Mart ayında yirmi kişi toplandı.",  # a month alone
])
def test_a_month_name_alone_is_no_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(("line", "iso"), [
    ("الثلاثاء ٢٠ أيار ٢٠٢٥", "2025-05-20"),
    ("20 Mayıs 2025 Salı", "2025-05-20"),
    ("٢٢ ذو القعدة ١٤٤٦ هـ", "2025-05-20"),
    ("سێشەممە ٢٠ی ئایاری ٢٠٢٥", "2025-05-20"),
])
def test_a_date_line_is_read_whole(line: str, iso: str) -> None:
    assert whole_date(line) == iso
    assert parse_date(line) == iso
    assert stated_day(line) == iso
    assert whole_date(f"قتل {line}") is None  # a sentence holding a date is no date line


def test_an_arabic_date_line_dates_the_document() -> None:
    text = ("الثلاثاء ٢٠ أيار ٢٠٢٥\n\nأغلقت بلدية زاخو الجسر القديم بعد أن وجد المهندسون "
            "تشققات في قوسين من أقواسه، وقال مسؤول إن الإغلاق مؤقت وسيستمر أسبوعين.")
    doc = provcheck.normalize(text)
    assert (doc.date, doc.date_source) == ("2025-05-20", "date line")


def _pair(text_a: str, text_b: str) -> tuple[CrossLingual, provcheck.Document,
                                             provcheck.Document]:
    found = CrossLingual(("en", "ar"), ((0, 0, 0.9),), (1, 1), "test")
    return found, provcheck.normalize(text_a), provcheck.normalize(text_b)


ENGLISH = "The trial of the two suspects began on 20 May 2025 in Erbil, the court said."


@pytest.mark.parametrize("arabic", [
    "قالت المحكمة إن محاكمة المتهمين الاثنين بدأت في 20 أيار 2025 في أربيل.",
    "قالت المحكمة إن محاكمة المتهمين الاثنين بدأت في ٢٢ ذو القعدة ١٤٤٦ هـ في أربيل.",
    "قالت المحكمة إن محاكمة المتهمين الاثنين بدأت في ٣٠ی گوڵانی ٢٧٢٥ في أربيل.",
])
def test_the_same_date_in_another_language_or_calendar_is_no_change(arabic: str) -> None:
    found, a, b = _pair(ENGLISH, arabic)
    assert date_diff(found, a, b, "a->b").count == 0
    assert number_diff(found, a, b, "a->b").count == 0  # a date's digits are no number


def test_a_month_changed_in_translation_is_a_changed_date() -> None:
    found, a, b = _pair(ENGLISH, "قالت المحكمة إن المحاكمة بدأت في 20 حزيران 2025 في أربيل.")
    [change] = date_diff(found, a, b, "a->b").changed
    assert (change.a.kind, change.a.value, change.b.value) == ("date", "2025-05-20",
                                                               "2025-06-20")


def test_compare_reports_a_date_changed_across_languages() -> None:
    stories = {s["id"]: s for s in json.loads(
        (ROOT / "fixtures" / "languages" / "stories.json").read_text(encoding="utf-8"))}
    english = "\n\n".join(stories[i]["en"] for i in ("s07", "s03"))
    arabic = "\n\n".join(stories[i]["ar"] for i in ("s07", "s03"))
    assert provcheck.compare(english, arabic).facts.count == 0
    changed = provcheck.compare(english, arabic.replace("11 تشرين الثاني", "12 تشرين الثاني"))
    assert changed.translation is not None
    [change] = changed.facts.changed
    assert (change.a.kind, change.a.text, change.b.text) == ("date", "November 11",
                                                             "12 تشرين الثاني")


@pytest.mark.parametrize(("stamp", "source"), [
    ('<span class="post-date">الثلاثاء ٢٠ أيار ٢٠٢٥</span>', "date element"),
    ('<meta property="article:published_time" content="٢٢ ذو القعدة ١٤٤٦">', "meta"),
])
def test_a_page_states_its_date_in_arabic(stamp: str, source: str) -> None:
    body = ("<p>أغلقت بلدية زاخو الجسر القديم بعد أن وجد المهندسون تشققات في قوسين من "
            "أقواسه، وقال مسؤول إن الإغلاق مؤقت وسيستمر أسبوعين حتى تنتهي الإصلاحات.</p>")
    head, top = (stamp, "") if stamp.startswith("<meta") else ("", stamp)
    html = (f'<html lang="ar"><head><title>جسر زاخو</title>{head}</head><body><article>'
            f"<h1>جسر زاخو</h1>{top}{body}</article></body></html>")
    doc = provcheck.normalize(html)
    assert (doc.date, doc.date_source) == ("2025-05-20", source)
