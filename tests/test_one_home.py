"""Each idea has one home: relation levels, word lists, the furniture rule, tuned numbers.

These read the package's source (as text and as syntax trees), so a second copy of a
vocabulary or a threshold typed into another module fails here, naming the place.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from provcheck import calibration, models
from provcheck.language import lexicon

PACKAGE = Path(__file__).resolve().parent.parent / "provcheck"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))

#: Module-level numbers that are limits or formats, not tuned: allowed outside calibration.
NOT_TUNED = {
    ("ingest/normalize.py", "MAX_INPUT_BYTES"),
    ("collection/store.py", "SCHEMA"),
    ("collection/store.py", "BUSY_TIMEOUT"),
    ("collection/spark_engine.py", "BATCH"),
    ("verdict/similarity.py", "ENCODE_BATCH"),
    ("verdict/similarity.py", "PAIR_BLOCK"),
    ("verdict/links.py", "DENSE_PAIRS"),
    ("verdict/links.py", "HALF_BATCH"),
    ("verdict/align.py", "DIFF_SECONDS"),
    ("facts/support.py", "GROUP_SENTENCES"),
    ("verdict/links.py", "CANDIDATE_HITS"),
    ("verdict/links.py", "CANDIDATES_PER_SENTENCE"),
    ("ingest/fetch.py", "FETCH_WORKERS"),
    ("models.py", "MEMO_WORDS"),
    ("verdict/links.py", "MEMO_SENTENCES"),
    ("collection/index.py", "LOADED_DOCUMENTS"),
    ("collection/index.py", "ADD_BATCH"),
    ("collection/scan.py", "POOL_MIN_DOCUMENTS"),
    ("verdict/crosslingual.py", "MULTILINGUAL_CHARS"),
    ("verdict/crosslingual.py", "MULTILINGUAL_PARAGRAPHS"),
}


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _grep(pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return [
        f"{_rel(p)}:{n}"
        for p in SOURCES
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if rx.search(line)
    ]


def test_month_names_live_in_the_lexicon() -> None:
    for month in ("january", "september", "december"):
        found = _grep(rf"(?i)\b{month}\b")
        assert found and all(f.startswith("language/lexicon.py:") for f in found), (month, found)


def test_weekday_names_live_in_the_lexicon() -> None:
    found = _grep(r"(?i)\bwednesday\b")
    assert found and all(f.startswith("language/lexicon.py:") for f in found), found


def test_relation_levels_are_listed_once() -> None:
    found = _grep(r"""["']reprint["'],\s*["']edited["']""")
    assert found == [f for f in found if f.startswith("models.py:")] and len(found) == 1, found
    assert models.RELATIONS[:4] == models.DERIVED_RELATIONS


def test_stopwords_are_defined_once() -> None:
    found = _grep(r"^\s*STOPWORDS\s*=")
    assert found == [f for f in found if f.startswith("language/lexicon.py:")], found
    assert len(found) == 1, found
    assert "the" in lexicon.STOPWORDS


def test_the_furniture_rule_is_one_function() -> None:
    found = _grep(r"def \w*furniture\w*\(")
    rules = [f for f in found if "remove_outlet_furniture" in Path(PACKAGE / f.split(":")[0])
             .read_text(encoding="utf-8").splitlines()[int(f.split(":")[1]) - 1]]
    assert len(rules) == 1 and rules[0].startswith("ingest/boilerplate.py:"), found
    share = _grep(r"max_furniture_share\s*[:=]\s*(float\s*=\s*)?_?tuned|MAX_FURNITURE_SHARE\s*=")
    assert len(share) == 1 and share[0].startswith("calibration.py:"), share


def _module_numbers(path: Path) -> list[str]:
    """Module-level names bound to a number, or to a dict/tuple of numbers."""

    def numeric(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        if isinstance(node, ast.UnaryOp):
            return numeric(node.operand)
        if isinstance(node, ast.BinOp):
            return numeric(node.left) and numeric(node.right)
        if isinstance(node, ast.Dict):
            return bool(node.values) and all(numeric(v) for v in node.values if v is not None)
        return False

    out = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets: list[ast.expr] = []
        value: ast.AST | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name) and t.id.isupper() and value is not None and numeric(value):
                out.append(t.id)
    return out


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_tuned_number_outside_calibration(path: Path) -> None:
    if _rel(path) in ("calibration.py", "language/lexicon.py"):  # the homes of numbers and words
        return
    stray = [n for n in _module_numbers(path) if (_rel(path), n) not in NOT_TUNED]
    # lookup tables of words to numbers (month numbers, number words) are vocabulary
    vocabulary = ("NUMBER", "ORDINAL", "SCALE", "MONTH")
    stray = [n for n in stray if not n.lstrip("_").startswith(vocabulary)]
    assert not stray, f"{_rel(path)} defines tuned-looking numbers {stray}: move to calibration.py"


def test_every_setting_says_where_it_came_from() -> None:
    notes = calibration.CALIBRATION.provenance()
    assert notes and all(len(n) > 20 for n in notes.values()), notes


def test_calibration_fingerprint_follows_values() -> None:
    import dataclasses

    other = dataclasses.replace(calibration.CALIBRATION, min_evidence_words=9)
    assert other.fingerprint() != calibration.CALIBRATION.fingerprint()
    assert calibration.Calibration().fingerprint() == calibration.CALIBRATION.fingerprint()
