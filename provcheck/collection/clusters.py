"""Which articles of a collection to compare, and how the linked ones group into stories."""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..calibration import Calibration
from ..models import DERIVED_RELATIONS, Document
from ..verdict.settings import Settings
from ..verdict.similarity import content_words
from .index import open_index
from .records import Edge, Origin, Story


def pairs_to_compare(docs: Sequence[Document], settings: Settings) -> list[tuple[int, int]]:
    """Positions ``(i, j)``, ``i < j``, of the pairs of ``docs`` worth comparing.

    The documents go into a temporary index and each one's candidates are taken from
    it, as ``check`` and ``scan`` take them (:meth:`Index.candidates`), with the
    semantic search reaching down to ``prefilter_topic_margin`` under the related
    threshold, so that related coverage is compared too. Fast mode has no vectors: its
    topic similarity is content-word overlap, so the articles sharing the most rare
    content words are added (:func:`_topic_pairs`). In semantic mode, articles in two
    languages are paired by the multilingual model as ``scan`` pairs them
    (:func:`provcheck.verdict.crosslingual.collection_partners`). Articles with the
    same text are one document in an index; they are always compared with each other.
    """
    cal = settings.calibration
    near = cal.related_topic[settings.mode] - cal.prefilter_topic_margin
    pairs: set[tuple[int, int]] = set()
    with (tempfile.TemporaryDirectory(prefix="provcheck-report-") as tmp,
          open_index(Path(tmp) / "report.db") as index):
        held: dict[int, list[int]] = {}
        for k, d in enumerate(docs):
            held.setdefault(index.add(d, settings.embedder).id, []).append(k)
        for same in held.values():
            pairs.update(itertools.combinations(same, 2))
        for doc_id, same in held.items():
            for c in index.candidates(docs[same[0]], settings.embedder, exclude=[doc_id],
                                      semantic_min=near, calibration=cal):
                pairs.update((min(i, j), max(i, j)) for i in same for j in held[c.id])
    if settings.embedder is None:
        pairs |= _topic_pairs(docs, near, cal)
    else:  # a translation shares no word: the multilingual model's candidates
        from ..verdict.crosslingual import collection_partners

        for i, js in collection_partners(dict(enumerate(docs)), cal).items():
            pairs.update((min(i, j), max(i, j)) for j in js)
    return sorted(pairs)


def _topic_pairs(
    docs: Sequence[Document], least: float, cal: Calibration
) -> set[tuple[int, int]]:
    """Each article with the ``cal.report_topic_partners`` others (as many as the
    index's semantic search gives) sharing the most of its content words, counting
    only words held by at most ``max_df`` articles (common words are no evidence of
    one story, as stock phrases are none of copying), when that Dice is at least
    ``least``.

    One row of counts at a time, from the words' postings: never a matrix over the
    collection.
    """
    bags = [set(content_words(d.body)) for d in docs]
    post: dict[str, list[int]] = {}
    for k, bag in enumerate(bags):
        for w in bag:
            post.setdefault(w, []).append(k)
    rare = {w: np.asarray(ks, dtype=np.int64) for w, ks in post.items() if len(ks) <= cal.max_df}
    sizes = np.asarray([len(b) for b in bags], dtype=np.float64)
    out: set[tuple[int, int]] = set()
    for i, bag in enumerate(bags):
        hits = [rare[w] for w in bag if w in rare]
        if not hits:
            continue
        shared = np.bincount(np.concatenate(hits), minlength=len(docs)).astype(np.float64)
        shared[i] = 0.0
        dice = 2 * shared / (sizes[i] + sizes)
        for j in np.argsort(-dice, kind="stable")[: cal.report_topic_partners]:
            if dice[j] > 0 and dice[j] >= least:
                out.add((min(i, int(j)), max(i, int(j))))
    return out


def clusters_of(
    ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    derived: Iterable[tuple[str, str]],
    cal: Calibration,
) -> list[tuple[str, ...]]:
    """Groups of articles on one story, from the linked ``pairs`` (``derived``: those of
    them that are derivations, weighing 1; the others weigh ``cal.cluster_related_weight``).

    Average linkage over the links, which one generic article cannot chain: groups
    merge best first while the weight of the links between them, over the product of
    their sizes, is at least ``cal.cluster_linkage``; and two groups of several
    articles merge only when at least two articles on each side take part in those
    links, so that one article linked into two stories does not join them. Pairs never
    compared count as unlinked. Deterministic: ties go to the earlier ids.
    """
    pos = {x: k for k, x in enumerate(ids)}
    strong = {frozenset(p) for p in derived}
    weight: dict[int, dict[int, float]] = {k: {} for k in range(len(ids))}
    near: dict[int, set[int]] = {k: set() for k in range(len(ids))}
    for x, y in pairs:
        i, j = pos[x], pos[y]
        if i == j:
            continue
        w = 1.0 if frozenset((x, y)) in strong else cal.cluster_related_weight
        w = max(w, weight[i].get(j, 0.0))
        weight[i][j] = weight[j][i] = w
        near[i].add(j)
        near[j].add(i)
    members: dict[int, list[int]] = {k: [k] for k in range(len(ids))}
    group = list(range(len(ids)))
    version = [0] * len(ids)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(g: int, h: int) -> None:
        link = weight[g][h] / (len(members[g]) * len(members[h]))
        if link >= cal.cluster_linkage:
            a, b = min(g, h), max(g, h)
            heapq.heappush(heap, (-link, a, b, version[a], version[b]))

    def supported(g: int, h: int) -> bool:
        if len(members[g]) == 1 or len(members[h]) == 1:
            return True
        small, other = (g, h) if len(members[g]) <= len(members[h]) else (h, g)
        here = [m for m in members[small] if any(group[n] == other for n in near[m])]
        there = {n for m in here for n in near[m] if group[n] == other}
        return len(here) >= 2 and len(there) >= 2

    for g in range(len(ids)):
        for h in weight[g]:
            if g < h:
                push(g, h)
    while heap:
        _, g, h, vg, vh = heapq.heappop(heap)
        if version[g] != vg or version[h] != vh or g not in members or h not in members:
            continue
        if not supported(g, h):
            continue
        # h into g
        for m in members[h]:
            group[m] = g
        members[g] += members.pop(h)
        version[g] += 1
        for k, w in weight.pop(h).items():
            del weight[k][h]
            if k != g:
                weight[g][k] = weight[k][g] = weight[g].get(k, 0.0) + w
        weight[g].pop(g, None)
        for k in weight[g]:
            push(g, k)
    return [tuple(ids[m] for m in sorted(ms)) for _, ms in sorted(members.items())]


def stories(
    clusters: Sequence[tuple[str, ...]],
    edges: Sequence[Edge],
    dates: Mapping[str, str | None],
    max_chains: int = 50,
) -> list[Story]:
    """Each cluster's root source and derivation chains (:class:`Story`), at most
    ``max_chains`` per story."""
    cluster_of = {x: k for k, c in enumerate(clusters) for x in c}
    inner: dict[int, list[Edge]] = {}
    for e in edges:
        if cluster_of.get(e.a) == cluster_of.get(e.b) and e.a in cluster_of:
            inner.setdefault(cluster_of[e.a], []).append(e)
    return [_story(k, c, inner.get(k, []), dates, max_chains)
            for k, c in enumerate(clusters)]


def _story(k: int, cluster: tuple[str, ...], edges: Sequence[Edge],
           dates: Mapping[str, str | None], max_chains: int) -> Story:
    order = {x: i for i, x in enumerate(cluster)}
    children: dict[str, list[str]] = {}
    incoming: set[str] = set()
    for e in edges:
        if e.direction == "a->b":
            children.setdefault(e.a, []).append(e.b)
            incoming.add(e.b)
    in_edges = {x for e in edges for x in (e.a, e.b)}

    def rank(x: str) -> tuple[bool, bool, str, int]:
        # an article with copies, then one in a derivation, then the earliest date
        return (x not in children, x not in in_edges, dates.get(x) or "9999", order[x])

    free = [x for x in cluster if x not in incoming]
    root = min(free or cluster, key=rank)
    chains: list[tuple[str, ...]] = []
    starts = sorted((x for x in free if x in children), key=rank)

    def walk(path: tuple[str, ...]) -> None:
        if len(chains) >= max_chains:
            return
        nxt = [y for y in sorted(children.get(path[-1], ()), key=order.__getitem__)
               if y not in path]
        if not nxt:
            chains.append(path)
        for y in nxt:
            walk((*path, y))

    for x in starts:
        walk((x,))
    # a shortcut (A -> C beside A -> B -> C) names no chain of its own
    kept = [c for c in chains if not any(len(o) > len(c) and _within(c, o) for o in chains)]
    return Story(k, root, tuple(kept), origins(cluster, edges, root, rank))


def origins(cluster: tuple[str, ...], edges: Sequence[Edge], root: str,
            rank: Callable[[str], Any]) -> tuple[Origin, ...]:
    """The independent origins of a story and the echoes of each (:class:`Origin`).

    An origin derives from no other article of the cluster: no derivation edge names
    it as the derived side. An edge whose direction is unknown is read as it is
    written (``a`` the source), as its divergences are: one of the pair is an echo of
    the other, so the pair counts one origin, not two. Articles in no derivation are
    origins with no echoes. When a cycle leaves articles reachable from no origin, the
    first of them by ``rank`` (as the root is chosen) is taken as one more origin.
    Order: the root first, then by ``rank``; echoes in cluster order."""
    order = {x: i for i, x in enumerate(cluster)}
    kids: dict[str, list[str]] = {}
    sourced: set[str] = set()
    for e in edges:
        if e.relation in DERIVED_RELATIONS and e.a in order and e.b in order:
            src, dst = (e.b, e.a) if e.direction == "b->a" else (e.a, e.b)
            kids.setdefault(src, []).append(dst)
            sourced.add(dst)

    def reach(x: str) -> set[str]:
        seen: set[str] = set()
        todo = [x]
        while todo:
            for y in kids.get(todo.pop(), ()):
                if y not in seen and y != x:
                    seen.add(y)
                    todo.append(y)
        return seen

    heads = sorted((x for x in cluster if x not in sourced),
                   key=lambda x: (x != root, rank(x)))
    covered = set(heads).union(*(reach(x) for x in heads))
    while len(covered) < len(cluster):
        extra = min((x for x in cluster if x not in covered), key=rank)
        heads.append(extra)
        covered |= {extra} | reach(extra)
    return tuple(Origin(x, tuple(sorted(reach(x), key=order.__getitem__))) for x in heads)


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``long`` with some articles left out (in order)."""
    it = iter(long)
    return all(x in it for x in short)
