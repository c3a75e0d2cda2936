"""Regression floors on the labelled dev data (skipped when ../shared/eval is absent).

Floors sit a little under the figures in docs/accuracy.md; raise them when results
improve, never lower them silently.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

pytestmark = pytest.mark.eval


def test_clough_stevenson_floor(eval_dev: Path) -> None:
    import accuracy

    for fast, floor_binary, floor_four in ((False, 0.92, 0.64), (True, 0.92, 0.62)):
        rows = accuracy.cs_results(fast)
        four, binary = accuracy.accuracies(rows)
        assert binary >= floor_binary, (fast, binary)
        assert four >= floor_four, (fast, four)


def test_extraction_floor(eval_dev: Path) -> None:
    import accuracy
    from extraction_options import aggregate, match

    import provcheck

    pages = accuracy.evaldata.extraction_pages()
    scores = []
    for _pid, gz, truth in pages:
        doc = provcheck.normalize(gz)
        text = "\n".join(p.text for p in doc.paragraphs)
        scores.append(match(accuracy._tokens(truth), accuracy._tokens(text)))
    assert aggregate(scores)["f1"] >= 0.955
