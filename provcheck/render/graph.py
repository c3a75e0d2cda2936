"""Where the report's derivation graph puts each article: a layered drawing.

Sources above the articles derived from them (Sugiyama's scheme, kept small): each
article's layer is the longest derivation path that reaches it from an article with no
source (an edge that would close a cycle is set aside); then each layer's order is
swept down and up by the barycentre of its neighbours in the layer before, and the
order with the fewest crossing edges is kept. A layer wider than ``per_row`` boxes
wraps onto several rows. Labels wrap onto lines that fit in their box (:func:`wrap`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Placed:
    """One story's drawing: each article's row and position in it (rows top down)."""

    rows: tuple[tuple[int, ...], ...]
    """The articles of each row, left to right; a layer may take several rows."""
    layer: dict[int, int]
    """Each article's layer (0: no source above it)."""


def layers(nodes: Sequence[int], edges: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Each node's layer: 0 for a node with no incoming edge, else one more than the
    deepest of its sources. Edges that would close a cycle (found walking from the
    nodes in order) are left out, so every node gets a layer."""
    here = set(nodes)
    kids: dict[int, list[int]] = {n: [] for n in nodes}
    for a, b in edges:
        if a in here and b in here and a != b:
            kids[a].append(b)
    # depth-first order; an edge to a node still on the path is a back edge
    state: dict[int, int] = {}
    forward: dict[int, list[int]] = {n: [] for n in nodes}
    order: list[int] = []
    for start in nodes:
        if start in state:
            continue
        stack: list[tuple[int, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            n, i = stack.pop()
            if i < len(kids[n]):
                stack.append((n, i + 1))
                c = kids[n][i]
                if state.get(c) == 1:
                    continue  # back edge: closes a cycle
                forward[n].append(c)
                if c not in state:
                    state[c] = 1
                    stack.append((c, 0))
            else:
                state[n] = 2
                order.append(n)
    layer = dict.fromkeys(nodes, 0)
    for n in reversed(order):  # a topological order of the forward edges
        for c in forward[n]:
            layer[c] = max(layer[c], layer[n] + 1)
    return layer


def crossings(rows: Sequence[Sequence[int]], edges: Sequence[tuple[int, int]]) -> int:
    """How many pairs of edges between consecutive rows cross."""
    pos = {n: (r, i) for r, row in enumerate(rows) for i, n in enumerate(row)}
    count = 0
    for r in range(len(rows) - 1):
        between = sorted(
            (pos[a][1], pos[b][1]) if pos[a][0] == r else (pos[b][1], pos[a][1])
            for a, b in edges
            if a in pos and b in pos and {pos[a][0], pos[b][0]} == {r, r + 1})
        for k, (x1, y1) in enumerate(between):
            count += sum(1 for x2, y2 in between[k + 1:] if x2 != x1 and y2 < y1)
    return count


def order(layer: dict[int, int], edges: Sequence[tuple[int, int]],
          sweeps: int = 4) -> list[list[int]]:
    """Each layer's nodes, ordered to cross few edges: barycentre sweeps down and up,
    the ordering with the fewest crossings kept (ties: the earlier)."""
    depth = max(layer.values(), default=-1) + 1
    rows = [[n for n in layer if layer[n] == d] for d in range(depth)]
    near: dict[int, list[int]] = {n: [] for n in layer}
    for a, b in edges:
        if a in layer and b in layer and a != b:
            near[a].append(b)
            near[b].append(a)
    best, least = [list(r) for r in rows], crossings(rows, edges)
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        steps = range(1, depth) if down else range(depth - 2, -1, -1)
        for d in steps:
            ref = {n: i for i, n in enumerate(rows[d - 1 if down else d + 1])}
            here = {n: i for i, n in enumerate(rows[d])}

            def centre(n: int, ref: dict[int, int] = ref,
                       here: dict[int, int] = here) -> tuple[float, int]:
                seen = [ref[m] for m in near[n] if m in ref]
                return (sum(seen) / len(seen) if seen else float(here[n]), here[n])

            rows[d] = sorted(rows[d], key=centre)
        count = crossings(rows, edges)
        if count < least:
            best, least = [list(r) for r in rows], count
    return best


def place(nodes: Sequence[int], edges: Sequence[tuple[int, int]], per_row: int) -> Placed:
    """One story's drawing: layered, ordered, each layer wrapped at ``per_row`` boxes."""
    layer = layers(nodes, edges)
    rows: list[tuple[int, ...]] = []
    for row in order(layer, edges):
        rows += [tuple(row[k:k + per_row]) for k in range(0, len(row), per_row)]
    return Placed(tuple(rows), layer)


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` draws at ``size`` pixels in a sans-serif face, erring
    wide (capitals and digits take more room than small letters: a headline in capitals
    is a third wider)."""
    wide = sum(1 for ch in text if ch.isupper() or ch.isdigit() or ch in "mwMW@%&")
    narrow = sum(1 for ch in text if ch in " .,;:'!|ilIjtf()[]")
    return size * (0.70 * wide + 0.32 * narrow + 0.58 * (len(text) - wide - narrow))


def wrap(text: str, width: float, lines: int,
         measure: Callable[[str], float] = len) -> list[str]:
    """``text`` in at most ``lines`` lines no wider than ``width`` (as ``measure`` counts:
    characters by default), broken at spaces (a longer word is cut); what does not fit
    ends the last line with '…'."""
    out: list[str] = []
    line = ""
    for word in text.split():
        w = word
        while measure(w) > width:  # a word longer than a line: cut it
            if line:
                out.append(line)
                line = ""
            cut = max(1, max((k for k in range(1, len(w) + 1) if measure(w[:k]) <= width),
                             default=1))
            out.append(w[:cut])
            w = w[cut:]
        if not w:
            continue
        if not line:
            line = w
        elif measure(f"{line} {w}") <= width:
            line = f"{line} {w}"
        else:
            out.append(line)
            line = w
    if line:
        out.append(line)
    if len(out) <= lines:
        return out
    last = out[lines - 1].rstrip(",.;:-")
    while last and measure(last + "…") > width:
        last = last[:-1].rstrip(",.;:- ")
    return [*out[: lines - 1], last + "…"]
