"""Direction cues that hold without an agency marker: what a copy does to the sentences
it takes.

An editor cuts words from a source sentence and seldom adds any: a linked sentence
pair where one side holds (nearly) every word of the other and several words more
points to the longer one as the source (:func:`sentence_trims`). And the details a
copy drops from a sentence it keeps (a number, a given name, a place) are gone from
the whole copy, while what the copy adds to a kept sentence is most often rewording
(:func:`linked_details`). Both read only linked sentence pairs, so the material that
either side holds alone (a newspaper merging several wire takes, a take the paper
used a sentence of) does not count.

Measured on METER dev with every agency marker removed from the wire text
(``python benchmarks/direction_cues.py``; docs/decisions.md).
"""

from __future__ import annotations

import bisect
import re

from ..calibration import Calibration
from ..language.text import words
from .links import SentenceLinks

#: A detail a sentence gives: a number, or a capitalised word of three letters or more.
_DETAIL = re.compile(r"\b(?:\d[\d,.]*\d|\d|[A-Z][a-z][\w'-]+)\b")


def sentence_trims(links: SentenceLinks, cal: Calibration) -> tuple[int, int]:
    """Linked sentence pairs where ``b``'s sentence is ``a``'s cut down (``b`` keeps
    ``cal.trim_kept`` of its words in ``a``'s, which has ``cal.trim_words`` words more):
    evidence that ``a`` is the source; and the other way round."""
    cut_from_a = cut_from_b = 0
    for i, j, _ in links.links:
        wa, wb = words(links.a[i].text), words(links.b[j].text)
        sa, sb = set(wa), set(wb)
        kept_a = sum(w in sb for w in wa) / max(1, len(wa))
        kept_b = sum(w in sa for w in wb) / max(1, len(wb))
        if kept_b >= cal.trim_kept and len(wa) >= len(wb) + cal.trim_words:
            cut_from_a += 1
        elif kept_a >= cal.trim_kept and len(wb) >= len(wa) + cal.trim_words:
            cut_from_b += 1
    return cut_from_a, cut_from_b


def linked_details(links: SentenceLinks, text_a: str, text_b: str) -> tuple[int, int]:
    """Details (numbers, capitalised words) of ``a``'s linked sentences found nowhere in
    ``b`` (``b`` dropped them: ``a`` looks like the source), and of ``b``'s linked
    sentences found nowhere in ``a``; each counted once per linked pair."""
    in_a, in_b = _Holds(text_a), _Holds(text_b)
    only_a = only_b = 0
    for i, j, _ in links.links:
        only_a += len({t for t in _DETAIL.findall(links.a[i].text) if not in_b(t)})
        only_b += len({t for t in _DETAIL.findall(links.b[j].text) if not in_a(t)})
    return only_a, only_b


#: Where a detail can start in a text: a capital before a small letter, or a digit.
_DETAIL_START = re.compile(r"[A-Z](?=[a-z])|\d")
#: Implementation bounds of :class:`_Holds` (no tuned figure: they change its cost, not
#: its answers): texts longer than ``_INDEX_FROM`` characters are indexed by the
#: ``_KEY`` characters from each place a detail can start, at most ``_INDEX_MOST``
#: distinct ones (past that, every distinct detail is searched for once).
_INDEX_FROM, _KEY, _INDEX_MOST = 100_000, 24, 2_000_000


class _Holds:
    """Whether a text holds a detail as written (anywhere, as ``detail in text``), each
    distinct detail asked once. A long text is indexed first: the sorted ``_KEY``
    characters from every place a detail can start, so a detail is a binary search,
    not a scan of the text (scanned at every linked pair of two long texts, the work
    grew with the square of their length)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[str, bool] = {}
        self.keys: list[str] | None = None
        if len(text) > _INDEX_FROM:
            keys: set[str] = set()
            for m in _DETAIL_START.finditer(text):
                keys.add(text[m.start() : m.start() + _KEY])
                if len(keys) > _INDEX_MOST:
                    return
            self.keys = sorted(keys)

    def __call__(self, detail: str) -> bool:
        found = self.seen.get(detail)
        if found is None:
            if self.keys is not None and len(detail) <= _KEY:
                i = bisect.bisect_left(self.keys, detail)
                found = i < len(self.keys) and self.keys[i].startswith(detail)
            else:
                found = detail in self.text
            self.seen[detail] = found
        return found


def signed_share(for_a: int, for_b: int) -> float:
    """Evidence counts as one measure: positive where it favours ``a`` as the source,
    in (-1, 1), near 0 when there is little of it."""
    return (for_a - for_b) / (1.0 + for_a + for_b)
