"""Inputs and stage timings for the growth tests (tests/test_growth.py) and
``benchmarks/growth.py``: how each stage's cost grows with its input.

The texts are real-looking: paragraphs of the seeds and fixtures, shuffled, with numbers
changed, every seventh paragraph forty paragraphs long, and a shape made of one
paragraph dense with capitalised words (names, sentence starts), the input that made
the name finder quadratic once.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The input shapes: ``prose`` (paragraphs of several lengths) and ``capitals`` (one
#: paragraph, a capitalised word in every three).
SHAPES = ("prose", "capitals")


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    wire = ROOT / "fixtures" / "wire"
    texts += [p.read_text(encoding="utf-8") for p in sorted(wire.glob("*.txt"))]
    return [q.strip() for t in texts for q in t.split("\n\n") if len(q.strip()) > 40]


def make_text(shape: str, size: int, seed: int = 0) -> str:
    """About ``size`` characters of text of ``shape``; ``seed`` varies the content, so
    that no cache of an earlier run answers for this one."""
    rnd = random.Random(seed)
    paras = _paragraphs()
    out: list[str] = []
    n = k = 0
    while n < size:
        if shape == "capitals":
            p = " ".join(rnd.choice(paras) for _ in range(8))
            p = " ".join(w.capitalize() if i % 3 == 0 else w for i, w in enumerate(p.split()))
        elif k % 7 == 3:
            p = " ".join(rnd.choice(paras) for _ in range(40))
        else:
            p = rnd.choice(paras)
        p = p.replace("2025", str(1900 + (k + seed) % 120)).replace("500", str(k + seed))
        out.append(p)
        n += len(p) + 2
        k += 1
    sep = " " if shape == "capitals" else "\n\n"
    return f"A headline of test text {seed}\n\n" + sep.join(out)


@dataclass(frozen=True)
class StageTimes:
    """CPU seconds of each stage of one comparison of the flagship source with a text."""

    seconds: dict[str, float]


def time_stages(text: str, fast: bool) -> StageTimes:
    """Run each stage of ``compare`` once on (the flagship source, ``text``), timed."""
    from provcheck.facts.diff import diff_facts
    from provcheck.facts.quotes import check_quotes
    from provcheck.facts.support import find_unsupported
    from provcheck.ingest.normalize import normalize
    from provcheck.render import render
    from provcheck.verdict.align import align
    from provcheck.verdict.classify import classify
    from provcheck.verdict.links import link_sentences
    from provcheck.verdict.orient import Orientation
    from provcheck.verdict.settings import Settings

    settings = Settings.of(fast=fast)
    source = normalize(next((ROOT / "seeds").glob("001_*.txt")))
    out: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], object]) -> object:
        # the collector's passes over everything alive are left out: they come in
        # whichever stage happens to allocate past a threshold, not from its algorithm
        gc.collect()
        gc.disable()
        try:
            t = time.process_time()
            result = fn()
            out[name] = time.process_time() - t
        finally:
            gc.enable()
        return result

    doc = timed("normalize", lambda: normalize(text))
    links = timed("links", lambda: link_sentences(source, doc, settings))
    alignments, ua, ub = timed("align", lambda: align(source, doc, links, settings))
    timed("classify", lambda: classify(source, doc, alignments, links, settings))
    # the same work at every size whatever the verdict: the text read as a whole copy
    # of the flagship source, every paragraph of it an addition to diff and to read
    view = Orientation("a").view(source, doc, alignments, ua, ub, links, derived=True,
                                 whole=True)
    timed("facts", lambda: diff_facts(view, settings.calibration))
    timed("quotes", lambda: check_quotes(view, settings.calibration))
    timed("support", lambda: find_unsupported(view, settings))
    import provcheck

    comparison = provcheck.compare(source, doc, settings=settings)
    for fmt in ("text", "json", "html"):
        timed(f"render {fmt}", lambda fmt=fmt: render(comparison, fmt))  # type: ignore[misc]
    return StageTimes(out)
