"""The report at collection scale (issue 11): candidate pairs instead of all pairs,
documents loaded one at a time from an index, fact tables bounded by the links.

The collections are synthetic: stories of made-up words (no two stories share a
content word), each a source article with a reprint, an edited copy and a partial
reuse, so that which pairs are related is known without comparing them.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import time
import tracemalloc
import weakref
from pathlib import Path

import pytest

import provcheck.collection.report as report_module
from provcheck.collection.articles import load, strip_outlet_boilerplate
from provcheck.collection.fact_table import fact_table
from provcheck.collection.index import Index, PairRow, open_index
from provcheck.collection.report import EdgeComparisons, build_report, report_from_index
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from provcheck.render import render_report
from provcheck.verdict.settings import Settings
from tests.conftest import ROOT

FAST = Settings.of(fast=True)
SYLLABLES = ("bra", "ko", "lin", "dus", "mer", "ta", "vo", "rin", "sel", "gan", "pu", "zor",
             "hel", "mi", "dra", "ost", "nal", "quen", "tor", "bel")


def _vocabulary(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        if w not in taken:
            taken.add(w)
            out.append(w)
    return out


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    """A sentence of the story's words, stopwords and one fact (a count or a year)."""
    w = rng.sample(vocab, 8)
    fact = rng.choice((f"{rng.randint(3, 900)} {w[5]}s", f"in {rng.randint(1900, 2024)}"))
    return f"The {w[0]} of {w[1]} said {w[2]} {w[3]} had {w[4]} {fact} at the {w[6]} {w[7]}."


def _story(rng: random.Random, taken: set[str], name: str) -> dict[str, str]:
    """A source, a reprint, an edited copy and a partial reuse of it, as article text."""
    vocab = _vocabulary(rng, 40, taken)
    sents = [_sentence(rng, vocab) for _ in range(8)]
    paras = [" ".join(sents[i : i + 2]) for i in range(0, 8, 2)]
    title = " ".join(rng.sample(vocab, 4)).title()
    edited = [" ".join(rng.choice(vocab) if rng.random() < 0.08 else w for w in p.split())
              for p in paras]
    other = _vocabulary(rng, 40, taken)
    partial = [sents[0] + " " + sents[1]] + [
        " ".join(_sentence(rng, other) for _ in range(2)) for _ in range(3)]

    def text(ps: list[str]) -> str:
        return title + "\n\n" + "\n\n".join(ps) + "\n"

    return {f"{name}-source": text(paras), f"{name}-reprint": text(paras[:-1]),
            f"{name}-edited": text(edited), f"{name}-partial": text(partial)}


def synthetic(stories: int, seed: int = 7, loners: int = 0) -> list[Document]:
    rng = random.Random(seed)
    taken: set[str] = set()
    texts: dict[str, str] = {}
    for s in range(stories):
        texts.update(_story(rng, taken, f"s{s:03d}"))
    for k in range(loners):
        vocab = _vocabulary(rng, 40, taken)
        texts[f"z{k:03d}-alone"] = "\n\n".join(
            " ".join(_sentence(rng, vocab) for _ in range(2)) for _ in range(3)) + "\n"
    return [normalize_text(t, label=f"{name}.txt") for name, t in texts.items()]


def _all_pairs(docs: list[Document], settings: Settings) -> list[tuple[int, int]]:
    return list(itertools.combinations(range(len(docs)), 2))


def test_pairs_to_compare_give_the_report_of_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = synthetic(5, loners=4)
    pairs = report_module.pairs_to_compare(sorted(docs, key=lambda d: d.path or ""), FAST)
    assert len(pairs) < len(_all_pairs(docs, FAST)) / 3
    found = build_report(docs, settings=FAST)
    monkeypatch.setattr(report_module, "pairs_to_compare", _all_pairs)
    every = build_report(docs, settings=FAST)
    assert found.to_dict() == every.to_dict()
    kinds = {e.relation for e in found.edges}
    assert {"reprint", "partial"} <= kinds and len(found.edges) >= 5 * 4
    assert len([c for c in found.clusters if len(c) == 4]) == 5


def test_seeds_report_is_that_of_all_pairs_in_semantic_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = strip_outlet_boilerplate(load([str(ROOT / "seeds")]))
    settings = Settings.of()
    found = build_report(docs, settings=settings)
    monkeypatch.setattr(report_module, "pairs_to_compare", _all_pairs)
    every = build_report(docs, settings=settings)
    assert found.to_dict() == every.to_dict()
    assert [(e.relation, e.direction) for e in found.edges] == [("rewrite", "a->b")]


def test_the_same_text_twice_is_compared() -> None:
    docs = synthetic(1)[:2]
    twin = dataclasses.replace(docs[0], path="twin.txt")
    report = build_report([*docs, twin], settings=FAST)
    assert any({e.a, e.b} == {docs[0].path, "twin.txt"} and e.relation == "reprint"
               for e in report.edges)


# ------------------------------------------------------------------ from an index


def _stored(tmp_path: Path, stories: int, *, chain: bool) -> tuple[Path, list[tuple[int, int]]]:
    """An index of synthetic stories with the pairs a scan would store written directly
    (within a story every pair; with ``chain``, a related link from each story to the
    next, so that the whole collection is one cluster)."""
    path = tmp_path / "index.db"
    docs = synthetic(stories)
    links: list[tuple[int, int]] = []
    with open_index(path) as index:
        ids = [index.add(d, None).id for d in docs]
        for s in range(stories):
            story = ids[4 * s : 4 * s + 4]
            rows = [PairRow(a, b, "reprint" if k == 0 else "partial", "a->b", 0.9, {})
                    for k, (a, b) in enumerate(itertools.combinations(story, 2))]
            if chain and s + 1 < stories:
                rows.append(PairRow(story[0], ids[4 * s + 4], "related", "unknown", 0.05, {}))
            links += [(r.a, r.b) for r in rows]
            index.save_scan(story[0], rows)
    return path, links


def test_report_from_index_holds_one_document_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 200 articles; a related link from each story to the next does not chain them
    # (clusters do not join through one generic link): 50 clusters
    path, links = _stored(tmp_path, 50, chain=True)
    live: set[int] = set()
    most = 0
    loads = 0
    real_load = Index.load

    def counted(self: Index, doc_id: int) -> Document:
        nonlocal most, loads
        doc = real_load(self, doc_id)
        loads += 1
        live.add(id(doc))
        weakref.finalize(doc, live.discard, id(doc))
        most = max(most, len(live))
        return doc

    monkeypatch.setattr(Index, "load", counted)
    with open_index(path, create=False) as index:
        tracemalloc.start()
        t = time.perf_counter()
        report = report_from_index(index, settings=FAST)
        took = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert loads == 200 and most <= 2, (loads, most)
        assert all(not d.paragraphs for d in report.documents)
        assert sorted(len(c) for c in report.clusters) == [4] * 50
        # the same tables as from every document in memory, set side by side over the links
        monkeypatch.setattr(Index, "load", real_load)
        held = {h.id: h.path for h in index.documents()}
        by_path = {held[h]: index.load(h) for h in held}
    paths = [(held[a], held[b]) for a, b in links]
    expected = []
    for k, cluster in enumerate(report.clusters):
        inside = [(x, y) for x, y in paths if x in cluster and y in cluster]
        expected += fact_table([by_path[x] for x in cluster], k, FAST, linked=inside,
                               root=report.stories[k].root)
    assert list(report.fact_table) == expected
    assert report.fact_table and len(report.edges) == 50 * 6
    assert took < 5 and peak < 16 * 2**20, (took, peak)  # about 1 s and 3 MB here


def test_fact_table_over_links_is_the_full_one_when_every_pair_is_linked() -> None:
    docs = synthetic(2)
    ids = [d.path or "" for d in docs]
    full = fact_table(docs, 0, FAST)
    assert full
    assert fact_table(docs, 0, FAST, linked=itertools.combinations(ids, 2)) == full
    # no links: nothing to set side by side
    assert fact_table(docs, 0, FAST, linked=[]) == []


def test_html_comparisons_are_made_when_read(tmp_path: Path) -> None:
    path, _ = _stored(tmp_path, 2, chain=False)
    with open_index(path, create=False) as index:
        report = report_from_index(index, settings=FAST, compare_edges=True)
    assert isinstance(report.comparisons, EdgeComparisons)
    assert len(report.comparisons) == len(report.edges) == 12
    # the index is closed: the comparisons read the file again
    html = render_report(report, "html")
    assert html.count('class="comparison-block"') == 12
    first = report.edges[0]
    assert report.comparisons[(first.a, first.b)] is not report.comparisons[(first.a, first.b)]
