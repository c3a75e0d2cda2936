"""The measures a verdict is decided from: one frozen record per compared pair.

:func:`measure` reads them from two documents, their features, alignments and links:
reuse on each side (containment, runs, quotation), length, and the direction cues
(dates, wire copy, "yesterday" for "today", own-outlet reporting, credits, details only
one side gives, sentences cut down, details a kept sentence dropped: :mod:`.cues`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from ..calibration import CALIBRATION, Calibration, Mode
from ..language.entities import find_names
from ..language.lexicon import CREDIT_PHRASES, NEWS_AGENCIES, alternation
from ..language.text import iter_words, words
from ..models import Alignment, Document
from .cues import linked_details, sentence_trims, signed_share
from .evidence import Reuse, reuse, trim
from .links import SentenceLinks


@dataclass(frozen=True)
class Features:
    cover_a: float
    cover_b: float
    containment_a: float
    containment_b: float
    link_similarity: float
    topic: float
    mode: Mode = "semantic"
    """The mode the scores were made in: ``fast`` in semantic mode too when the model
    was set aside (``lexical_fallback``)."""
    coverage: tuple[float, float] | None = None
    """Share of a's and b's words the semantic model knows (``None``: not measured)."""
    lexical_fallback: bool = False
    """Semantic mode asked for, word overlap used: the model covers too little."""

    def as_dict(self) -> dict[str, float]:
        out = {
            "cover_a": self.cover_a,
            "cover_b": self.cover_b,
            "containment_a": self.containment_a,
            "containment_b": self.containment_b,
            "link_similarity": self.link_similarity,
            "topic": self.topic,
        }
        if self.lexical_fallback and self.coverage is not None:
            # only where the model was set aside: what it knew of each side
            out["model_coverage_a"], out["model_coverage_b"] = self.coverage
        return out


@dataclass(frozen=True)
class Measures(Mapping[str, float]):
    """Every measure of a pair a learned decision may read, by name.

    Relation measures are read from the side that looks derived (``_d``) and the other
    (``_s``); direction measures (``dir_``) are differences, positive where they favour
    ``a->b``. A mapping too, by the measures' names: the fitted models in
    ``data/decisions.json`` name the measures they read.
    """

    cover_d: float
    cover_s: float
    cont_d: float
    cont_s: float
    own_cont_d: float
    own_cont_s: float
    run_d: float
    run_s: float
    log_longest_d: float
    log_longest_s: float
    quoted_d: float
    quoted_s: float
    link_similarity: float
    topic: float
    log_words_d: float
    log_words_s: float
    words_d: float
    words_s: float
    d_is_b: float
    dir_date: float
    dir_wire: float
    dir_day: float
    dir_own_outlet: float
    dir_credit: float
    dir_details: float
    dir_cover: float
    dir_kept: float
    dir_run: float
    dir_own_cont: float
    dir_length: float
    dir_trim: float
    """Linked sentences cut down from ``a``'s less those cut down from ``b``'s (signed
    share, :func:`.cues.sentence_trims`)."""
    dir_kept_details: float
    """Details of ``a``'s linked sentences missing from ``b`` less the other way round
    (signed share, :func:`.cues.linked_details`)."""

    def __getitem__(self, name: str) -> float:
        if name not in _NAMES:
            raise KeyError(name)
        value: float = getattr(self, name)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(_NAMES)

    def __len__(self) -> int:
        return len(_NAMES)

    @property
    def copy_is_b(self) -> bool:
        """Whether the side the relation measures read as derived is ``b``."""
        return self.d_is_b == 1.0

    @classmethod
    def of(cls, values: Mapping[str, float]) -> Measures:
        """The record of a mapping holding every measure by name (more are ignored)."""
        return cls(**{name: float(values[name]) for name in _NAMES})

    def swapped(self) -> Measures:
        """The measures with the derived and the other side exchanged."""
        out = dict(self)
        for k in _NAMES:
            if k.endswith("_d"):
                out[k], out[k[:-2] + "_s"] = self[k[:-2] + "_s"], self[k]
        out["d_is_b"] = 1.0 - self.d_is_b
        return Measures.of(out)


_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Measures))


_ATTRIB_BEFORE = rf"(?:{alternation(CREDIT_PHRASES)})"
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def attributions(doc: Document, outlet: str) -> list[str]:
    """Phrases in ``doc`` that credit ``outlet`` with the information."""
    name = re.escape(outlet)
    pat = re.compile(
        rf"\b{_ATTRIB_BEFORE}\s+(?:the\s+)?{name}\b|\b{name}\s+(?:has\s+)?(?:reported|reports)\b|"
        rf"\({name}\)",
        re.I,
    )
    return [m.group(0) for m in pat.finditer(doc.body)]


def _present(phrases: Iterable[str], text: str) -> set[str]:
    """The phrases whose words occur, in order and side by side, in ``text``.

    One pass over the text's words, remembering only the last few: memory does not
    grow with the text.
    """
    want: dict[tuple[str, ...], list[str]] = {}
    for p in phrases:
        want.setdefault(tuple(words(p)), []).append(p)
    found = set(want.get((), []))
    lengths_by_last: dict[str, set[int]] = {}
    for ws in want:
        if ws:
            lengths_by_last.setdefault(ws[-1], set()).add(len(ws))
    if not lengths_by_last:
        return found
    window: deque[str] = deque(maxlen=max(max(x) for x in lengths_by_last.values()))
    for w in iter_words(text):
        window.append(w)
        lengths = lengths_by_last.get(w)
        if lengths:
            tail = tuple(window)
            for n in lengths:
                found.update(want.get(tail[-n:], ()) if n <= len(tail) else ())
    return found


def _follows_sentence_end(text: str, pos: int) -> bool:
    """Whether ``pos`` starts the text or only spaces stand between it and a sentence
    end (a closing quotation mark counts as one)."""
    k = pos - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k < 0 or text[k] in '.!?"'


def details(doc: Document, ids: set[str], other_text: str) -> list[str]:
    """Numbers and names in the aligned paragraphs of ``doc`` that the other text lacks."""
    text = " ".join(p.canon for p in doc.paragraphs if p.id in ids)
    seen: dict[str, None] = {}
    for m in _NUMBER.finditer(text):
        tok = m.group(0).rstrip(".,")
        if tok:
            seen[tok] = None
    for start, _, tok in find_names(text):
        if " " not in tok and (_follows_sentence_end(text, start) or len(tok) <= 3):
            continue
        seen[tok] = None
    there = _present(seen, other_text)
    return [tok for tok in seen if tok not in there]


def is_wire(doc: Document) -> bool:
    """Whether ``doc`` is news agency copy: an agency's byline or a wire page header."""
    if doc.outlet and doc.outlet.strip().lower() in NEWS_AGENCIES:
        return True
    return any(b.reason.startswith("wire page header") for b in doc.boilerplate)


def derived_side(f: Features) -> str:
    """The side that looks derived: the one more of whose words the other holds."""
    return "b" if (f.cover_b, f.containment_b) >= (f.cover_a, f.containment_a) else "a"


_SAME_DAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_DAY_BEFORE = re.compile(r"\b(?:yesterday|last night)\b", re.I)


def relative_days(links: SentenceLinks) -> tuple[int, int]:
    """Linked sentence pairs where ``a`` says "today" and ``b`` "yesterday" (``a``
    written a day before ``b``), and the other way round: next morning's paper
    retells the wire's day."""
    first_a = first_b = 0
    for i, j, _ in links.links:
        ta, tb = links.a[i].text, links.b[j].text
        if _SAME_DAY.search(ta) and _DAY_BEFORE.search(tb) and not _DAY_BEFORE.search(ta):
            first_a += 1
        elif _SAME_DAY.search(tb) and _DAY_BEFORE.search(ta) and not _DAY_BEFORE.search(tb):
            first_b += 1
    return first_a, first_b


def measure(
    a: Document,
    b: Document,
    f: Features,
    alignments: tuple[Alignment, ...],
    links: SentenceLinks,
    cal: Calibration = CALIBRATION,
) -> Measures:
    """Every measure a learned decision may read, by name.

    Relation measures are read from the side that looks derived (``d``) and the other
    (``s``); direction measures are differences, positive where they favour ``a->b``.
    """
    ra, rb = reuse(a, b)
    t = trim(links)
    side = derived_side(f)
    if (f.cover_a, f.containment_a) == (f.cover_b, f.containment_b):
        # a tie: the same side whichever way round the texts come
        def key(r: Reuse) -> tuple[float, ...]:
            return (r.containment, -r.all_words, r.run_share, r.longest_run, -r.quoted_share,
                    -r.words)
        side = "b" if key(rb) >= key(ra) else "a"
    d, s = (rb, ra) if side == "b" else (ra, rb)
    cover_d, cover_s = (f.cover_b, f.cover_a) if side == "b" else (f.cover_a, f.cover_b)
    cont_d, cont_s = ((f.containment_b, f.containment_a) if side == "b"
                      else (f.containment_a, f.containment_b))
    ids_a = {i for al in alignments for i in al.a}
    ids_b = {j for al in alignments for j in al.b}
    only_a = len(details(a, ids_a, b.body))
    only_b = len(details(b, ids_b, a.body))
    # publication dates as stated (Document.date_source): normalisation never takes one
    # from the body text, where "in 2014" would date a rewrite before its source
    date = 0.0
    if a.date and b.date and a.date[:10] != b.date[:10]:
        date = 1.0 if a.date[:10] < b.date[:10] else -1.0
    own = credit = 0.0
    for x, y, sign in ((a, b, 1.0), (b, a, -1.0)):
        if x.outlet and attributions(x, x.outlet):
            own += sign
        if y.outlet and (x.outlet or "").lower() != y.outlet.lower() and attributions(x, y.outlet):
            credit -= sign
    day_a, day_b = relative_days(links)
    kept_a, kept_b = linked_details(links, a.body, b.body)
    return Measures(
        cover_d=cover_d, cover_s=cover_s, cont_d=cont_d, cont_s=cont_s,
        own_cont_d=d.containment, own_cont_s=s.containment,
        run_d=d.run_share, run_s=s.run_share,
        log_longest_d=float(np.log1p(d.longest_run)),
        log_longest_s=float(np.log1p(s.longest_run)),
        quoted_d=d.quoted_share, quoted_s=s.quoted_share,
        link_similarity=f.link_similarity, topic=f.topic,
        log_words_d=float(np.log1p(d.words)), log_words_s=float(np.log1p(s.words)),
        words_d=float(d.all_words), words_s=float(s.all_words),
        d_is_b=float(side == "b"),
        dir_date=date,
        dir_wire=float(is_wire(a)) - float(is_wire(b)),
        dir_day=float(np.sign(day_a - day_b)), dir_own_outlet=own, dir_credit=credit,
        dir_details=(only_a - only_b) / (1.0 + only_a + only_b),
        dir_cover=f.cover_b - f.cover_a,
        dir_kept=t.kept_b - t.kept_a,
        dir_run=rb.run_share - ra.run_share,
        dir_own_cont=rb.containment - ra.containment,
        dir_length=float(np.log1p(ra.words) - np.log1p(rb.words)),
        dir_trim=signed_share(*sentence_trims(links, cal)),
        dir_kept_details=signed_share(kept_a, kept_b),
    )
