"""Each stage's cost grows near-linearly with its input.

A cost that grows faster than the input reaches main unseen once (a pass over the
whole body that copied the text before every capital): this guards every stage of
``compare`` (normalize, links, align, classify, facts, quotes, support, the renderers)
on two input shapes (prose with long paragraphs; one paragraph dense with capitals), in
both modes. Each stage is timed in CPU seconds at a size and at four times that size,
on fresh content each time (no cache answers); the best of two runs is kept. Linear
work costs four times as much; quadratic work sixteen. The bound allows x2.45 per
doubling (6 for four times the input), plus a small floor for stages too quick to time.
Adds about a minute to the default test run.
"""

from __future__ import annotations

import pytest

from tests.growthutil import SHAPES, make_text, time_stages

SMALL = 60_000
FACTOR = 4
#: Most a stage may grow for FACTOR times the input (x2.45 per doubling).
MAX_GROWTH = 6.0
#: CPU seconds under which a stage's time is noise, not growth.
FLOOR = 0.1  # was 0.02 (a decision: see the commit that raised it)


def _best(shape: str, size: int, fast: bool, seeds: tuple[int, ...]) -> dict[str, float]:
    runs = [time_stages(make_text(shape, size, seed), fast).seconds for seed in seeds]
    return {stage: min(r[stage] for r in runs) for stage in runs[0]}


@pytest.mark.parametrize(("shape", "fast"), [
    ("prose", True), ("capitals", True), ("prose", False),
])
def test_every_stage_grows_near_linearly(shape: str, fast: bool) -> None:
    small = _best(shape, SMALL, fast, (1, 2))
    large = _best(shape, SMALL * FACTOR, fast, (3, 4))
    too_fast = {s: round(large[s] / max(small[s], FLOOR), 1) for s in small
                if large[s] > MAX_GROWTH * max(small[s], FLOOR)}
    assert not too_fast, (
        f"stages whose cost grew more than {MAX_GROWTH}x for {FACTOR}x the input "
        f"({shape}, {'fast' if fast else 'semantic'}): {too_fast}; "
        f"small {small}, large {large}")


def test_the_shapes_are_what_they_say() -> None:
    for shape in SHAPES:
        text = make_text(shape, 20_000)
        assert 20_000 <= len(text) < 40_000
    words = make_text("capitals", 20_000).split()
    assert sum(w[:1].isupper() for w in words) > len(words) / 3
    assert make_text("capitals", 20_000).count("\n\n") == 1  # one body paragraph
    assert make_text("prose", 20_000, 1) != make_text("prose", 20_000, 2)


def _nested_page(depth: int) -> str:
    body = "<p>Deep text paragraph that is long enough to count as the body of an article.</p>"
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


def test_page_metadata_grows_near_linearly_with_nesting() -> None:
    """The page's own metadata (stated dates, classes of an element's parents) is read
    once per element, never by walking every element's ancestors (a deep page made that
    quadratic once: 100,000 nested divs took 27 minutes)."""
    import time

    from provcheck.ingest.pagemeta import page_meta

    def cost(depth: int) -> float:
        page = _nested_page(depth)
        best = float("inf")
        for _ in range(2):
            t = time.process_time()
            page_meta(page)
            best = min(best, time.process_time() - t)
        return best

    small, large = cost(2_000), cost(2_000 * FACTOR)
    assert large <= MAX_GROWTH * max(small, FLOOR), (small, large)
