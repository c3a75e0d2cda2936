"""Regression floors for facts on the labelled dev data (skipped without ../shared/eval).

Floors sit a little under the figures in docs/facts.md (benchmarks/facts_eval.py);
raise them when results improve, never lower them silently.
"""

import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

pytestmark = pytest.mark.eval


def test_msrp_differing_numbers_are_reported(eval_dev: Path) -> None:
    import evaldata
    import facts_eval as fe

    n = ok = 0
    for p in evaldata.msrp():
        na, nb = fe.numbers(p.a), fe.numbers(p.b)
        if na == nb:
            continue
        n += 1
        texts = fe.diff_pair(p.a, p.b).divergent_texts()
        ok += all(any(fe._has_number(t, x) for t in texts) for x in (na - nb) + (nb - na))
    assert n > 1000
    assert ok / n >= 0.93, ok / n


def test_paws_same_numbers_floor(eval_dev: Path) -> None:
    import facts_eval as fe

    rows = [r for r in fe.paws_rows() if fe.numbers(r.a) and fe.numbers(r.a) == fe.numbers(r.b)]
    div0 = clean1 = n0 = n1 = 0
    for r in rows:
        divergent = fe.diff_pair(r.a, r.b).divergent(fe.ALL_KINDS)
        if r.label == 0:
            n0 += 1
            div0 += divergent
        else:
            n1 += 1
            clean1 += not divergent
    assert div0 / n0 >= 0.63, div0 / n0
    assert clean1 / n1 >= 0.77, clean1 / n1


def _f1(files: Iterable["object"], kinds: frozenset[str]) -> float:
    import facts_eval as fe

    tp = n_g = n_p = 0
    for f in files:
        gold = [g for g in f.gold if g.kind in kinds]  # type: ignore[attr-defined]
        preds = [p for p in f.preds["normalised paragraphs"] if p.kind in kinds]  # type: ignore[attr-defined]
        tp += len(fe.match(gold, preds))
        n_g += len(gold)
        n_p += len(preds)
    return 2 * tp / (n_g + n_p)


def test_meter_heldout_extraction_floor(eval_dev: Path) -> None:
    import facts_eval as fe

    files = fe.meter_files(fe.HELDOUT)
    assert _f1(files, fe.NUMBER_KINDS) >= 0.87
    assert _f1(files, frozenset({"date"})) >= 0.86
