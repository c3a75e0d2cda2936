"""The report's graph in layers (sources above copies, few crossings) with labels that
stay inside their boxes, at a handful of articles and at 100 articles in 10 stories."""

from __future__ import annotations

import re

from provcheck.render.graph import crossings, layers, order, place, text_width, wrap
from provcheck.render.html import _BOX_H, _BOX_W, _OUTLET_PX, _TITLE_PX, graph_svg


def test_a_layer_is_the_longest_path_from_a_source() -> None:
    # 0 -> 1 -> 2 and the shortcut 0 -> 2: 2 sits below 1, not beside it
    assert layers([0, 1, 2, 3], [(0, 1), (1, 2), (0, 2)]) == {0: 0, 1: 1, 2: 2, 3: 0}


def test_a_cycle_still_gives_every_article_a_layer() -> None:
    found = layers([0, 1, 2], [(0, 1), (1, 2), (2, 0)])
    assert sorted(found.values()) == [0, 1, 2]


def test_barycentre_ordering_removes_the_crossings_of_a_crossed_drawing() -> None:
    # sources 0, 1 over copies listed so that both edges cross: 0 -> 3, 1 -> 2
    layer = {0: 0, 1: 0, 2: 1, 3: 1}
    edges = [(0, 3), (1, 2)]
    assert crossings([[0, 1], [2, 3]], edges) == 1
    assert crossings(order(layer, edges), edges) == 0


def test_a_wide_layer_wraps_onto_rows() -> None:
    placed = place(list(range(15)), [(0, k) for k in range(1, 15)], per_row=6)
    assert [len(r) for r in placed.rows] == [1, 6, 6, 2]


def test_wrap_keeps_each_line_within_its_width_and_marks_a_cut() -> None:
    text = "Iraqi army says cooperation with Peshmerga, coalition continues against ISIS"
    lines = wrap(text, 28, 3)
    assert all(len(x) <= 28 for x in lines) and len(lines) == 3
    assert lines[0] == "Iraqi army says cooperation"
    assert wrap(text, 28, 2)[-1].endswith("…")
    assert wrap("Supercalifragilisticexpialidocious", 10, 5) == [
        "Supercalif", "ragilistic", "expialidoc", "ious"]
    assert wrap("", 10, 2) == []


def test_a_headline_in_capitals_wraps_sooner_than_one_in_small_letters() -> None:
    def fit(t: str) -> float:
        return text_width(t, 11)

    caps = wrap("ANTI-DRUGS CHAMPION JAILED AFTER HEROIN FIND", 172, 3, fit)
    small = wrap("Anti-drugs champion jailed after heroin find", 172, 3, fit)
    assert all(fit(x) <= 172 for x in caps) and len(caps[0]) < len(small[0])


def _boxes(svg: str) -> dict[str, tuple[float, float]]:
    """Each box's link target and top left corner."""
    return {m[0]: (float(m[1]), float(m[2])) for m in re.findall(
        r'<a href="#(art\d+)"><g><rect x="([\d.]+)" y="([\d.]+)"', svg)}


def _labels(n: int) -> list[tuple[str, str, str]]:
    return [(f"Outlet number {k} of the region", "A rather long headline about event "
             f"number {k} that happened today in a town of the region", f"doc{k}.txt")
            for k in range(n)]


def test_sources_are_drawn_above_their_copies() -> None:
    edges = [(0, 1, "reprint", "t1"), (1, 2, "rewrite", "t2"), (0, 3, "edited", "t3")]
    svg = graph_svg(_labels(4), edges, [[0, 1, 2, 3]], [f"art{k + 1}" for k in range(4)])
    box = _boxes(svg)
    assert box["art1"][1] < box["art2"][1] < box["art3"][1]
    assert box["art1"][1] < box["art4"][1]


def test_labels_stay_inside_boxes_and_boxes_do_not_overlap_at_100_articles() -> None:
    # 10 stories of 10: a wire original, six copies of it, three copies of a copy
    edges = []
    for s in range(10):
        base = 10 * s
        edges += [(base, base + k, "reprint", f"t{base + k}") for k in range(1, 7)]
        edges += [(base + 1, base + k, "rewrite", f"t{base + k}") for k in range(7, 10)]
    clusters = [list(range(10 * s, 10 * s + 10)) for s in range(10)]
    svg = graph_svg(_labels(100), edges, clusters, [f"art{k + 1}" for k in range(100)])
    assert svg.count("<rect") == 100 and "Story 10" in svg
    width = int(re.search(r'width="(\d+)"', svg)[1])  # type: ignore[index]
    assert width <= 1280
    # no label line wider than its box holds
    for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg):
        assert text_width(line, _TITLE_PX) <= _BOX_W - 12
    for head in re.findall(r'font-weight="bold">([^<]*)</text>', svg):
        assert 1.1 * text_width(head, _OUTLET_PX) <= _BOX_W - 12
    corners = list(_boxes(svg).values())
    for k, (x1, y1) in enumerate(corners):
        for x2, y2 in corners[k + 1:]:
            assert abs(x1 - x2) >= _BOX_W or abs(y1 - y2) >= _BOX_H
