"""Alignments and sentence links -> Verdict: relation, direction, score and reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..calibration import Calibration, Mode
from ..language.lexicon import NEWS_AGENCIES, STOPWORDS
from ..language.text import iter_words, shingles, words
from ..models import (
    DERIVED_RELATIONS,
    MEMO_WORDS,
    Alignment,
    Direction,
    Document,
    Relation,
    Side,
    Verdict,
)
from .decide import Decisions, Logistic, shipped
from .links import Sentence, SentenceLinks, document_vector, scoring_embedder
from .measures import Features, Measures, attributions, details, measure
from .settings import Settings
from .story import judge


def _cover(sents: tuple[Sentence, ...], linked: set[int]) -> float:
    total = sum(len(s.tokens) for s in sents)
    if total == 0:
        return 0.0
    return sum(len(s.tokens) for k, s in enumerate(sents) if k in linked) / total


def containment(x: Document, y: Document, n: int = 3) -> float:
    """Share of the word n-grams of ``x`` that also occur in ``y``."""
    return containments(x, y, n)[0]


def body_grams(doc: Document, n: int = 3) -> frozenset[tuple[str, ...]] | None:
    """The set of word n-grams of ``doc``'s body (the whole text when shorter than
    ``n`` words), kept with the document; None for a document over :data:`MEMO_WORDS`."""

    def make() -> frozenset[tuple[str, ...]] | None:
        # a body of more characters than this holds more words than MEMO_WORDS anyway
        tokens = words(doc.body) if len(doc.body) <= 12 * MEMO_WORDS else None
        if tokens is None or len(tokens) > MEMO_WORDS:
            return None
        return frozenset(shingles(tokens, n))

    return doc.remember(("body_grams", n), make)


def containments(x: Document, y: Document, n: int = 3) -> tuple[float, float]:
    """Word n-gram containment both ways: of ``x`` in ``y``, and of ``y`` in ``x``.

    The n-grams are held as integers (word ids in a mixed radix), not as tuples of
    strings: the same sets, a tenth of the memory on a long text.
    """
    kept_x, kept_y = body_grams(x, n), body_grams(y, n)
    if kept_x is not None and kept_y is not None:
        # both held with their documents: the same sets, as tuples of words
        small, large = (kept_x, kept_y) if len(kept_x) <= len(kept_y) else (kept_y, kept_x)
        shared = sum(1 for g in small if g in large)
        return (shared / len(kept_x) if kept_x else 0.0), (shared / len(kept_y) if kept_y
                                                           else 0.0)
    vocab: dict[str, int] = {}
    ix = np.fromiter((vocab.setdefault(w, len(vocab)) for w in iter_words(x.body)), np.int64)
    iy = np.fromiter((vocab.setdefault(w, len(vocab)) for w in iter_words(y.body)), np.int64)
    base = len(vocab) + 1
    if min(len(ix), len(iy)) < n or base**n >= 2**62:
        # short texts (one n-gram of what there is), or ids that would overflow int64
        sx, sy = shingles(words(x.body), n), shingles(words(y.body), n)
        both = len(sx & sy)
        return (both / len(sx) if sx else 0.0), (both / len(sy) if sy else 0.0)

    def grams(ids: np.ndarray) -> np.ndarray:
        key = np.zeros(len(ids) - n + 1, dtype=np.int64)
        for k in range(n):
            key = key * base + ids[k : len(ids) - n + 1 + k]
        return np.unique(key)

    gx, gy = grams(ix), grams(iy)
    both = len(np.intersect1d(gx, gy, assume_unique=True))
    return both / len(gx), both / len(gy)


def features(a: Document, b: Document, links: SentenceLinks, settings: Settings) -> Features:
    """Measure what the verdict is decided from."""
    linked_a = {i for i, _, _ in links.links}
    linked_b = {j for _, j, _ in links.links}
    weights = [min(len(links.a[i].tokens), len(links.b[j].tokens)) for i, j, _ in links.links]
    sims = [s for _, _, s in links.links]
    link_sim = float(np.average(sims, weights=weights)) if sims and sum(weights) else 0.0
    embedder = scoring_embedder(settings, links)
    if embedder is not None:
        va, vb = document_vector(a, embedder), document_vector(b, embedder)
        topic = float(max(0.0, min(1.0, float(va @ vb))))
    else:
        wa = {w for w in iter_words(a.body) if w not in STOPWORDS}
        wb = {w for w in iter_words(b.body) if w not in STOPWORDS}
        # Dice of the content-word sets, in float32 as the matrices compute it
        both, size = np.float32(len(wa & wb)), np.float32(len(wa) + len(wb))
        topic = float(np.float32(2) * both / size) if size else 0.0
    cont_a, cont_b = containments(a, b)
    return Features(
        cover_a=_cover(links.a, linked_a),
        cover_b=_cover(links.b, linked_b),
        containment_a=cont_a,
        containment_b=cont_b,
        link_similarity=link_sim,
        topic=topic,
        mode="fast" if links.lexical_fallback else settings.mode,
        coverage=links.coverage,
        lexical_fallback=links.lexical_fallback,
    )


#: What each measure is, in words, for reasons (``{d}``: the derived side, ``{s}``: the
#: other; measures of the pair name neither).
_MEASURE_WORDS = {
    "cover_d": "{d}'s words in sentences matched in {s}",
    "cover_s": "{s}'s words in sentences matched in {d}",
    "cont_d": "{d}'s word 3-grams found in {s}",
    "cont_s": "{s}'s word 3-grams found in {d}",
    "own_cont_d": "{d}'s own word 3-grams (outside quotations) found in {s}",
    "own_cont_s": "{s}'s own word 3-grams (outside quotations) found in {d}",
    "run_d": "{d}'s own words in runs of 8 or more shared with {s}",
    "run_s": "{s}'s own words in runs of 8 or more shared with {d}",
    "log_longest_d": "{d}'s longest own run of words shared with {s}",
    "log_longest_s": "{s}'s longest own run of words shared with {d}",
    "quoted_d": "{d}'s words inside quotation marks",
    "quoted_s": "{s}'s words inside quotation marks",
    "link_similarity": "similarity of the matched sentences",
    "topic": "similarity of the whole texts",
    "log_words_d": "{d}'s length",
    "log_words_s": "{s}'s length",
}


def _shown(name: str, value: float) -> str:
    """A measure's value as people read it."""
    if name.startswith(("log_longest", "log_words")):
        return f"{round(float(np.expm1(value)))} words"
    return f"{value:.2f}" if name in {"link_similarity", "topic"} else f"{value:.0%}"


def _drivers(model: Logistic, m: Measures, side: str, toward: int, label: str,
             top: int = 3) -> str:
    """The measures that pushed ``model`` most towards class ``toward``, in words."""
    d, s = side, "a" if side == "b" else "b"
    parts = []
    for name, push in model.drivers(m, toward)[:top]:
        if abs(push) < 0.05:
            break
        words_ = _MEASURE_WORDS[name].format(d=d, s=s)
        parts.append(f"{words_} {_shown(name, m[name])} "
                     f"({'for' if push > 0 else 'against'} {label})")
    return "; ".join(parts)


@dataclass(frozen=True)
class RelationDecision:
    """The relation, which side looks derived, and how sure the model is."""

    relation: Relation
    side: Side
    p_derived: float
    """Calibrated probability that one side derives from the other."""
    reasons: tuple[str, ...]


def both_sentences(m: Measures, cal: Calibration) -> bool:
    """Whether both texts are a sentence or two (decided by the sentence model)."""
    return max(m.words_d, m.words_s) < cal.sentence_words


def derived_model(m: Measures, cal: Calibration, model: Decisions) -> Logistic:
    """The model that gives the probability of derivation for measures ``m``."""
    return model.sentence if both_sentences(m, cal) else model.derived


@dataclass(frozen=True)
class Derivation:
    """Whether (and how) measures say one side derives from the other."""

    relation: Relation | None
    """The derived relation; ``None``: not derived."""
    p_derived: float
    """Probability of derivation."""
    p_whole: float
    """Probability of whole (not partial) derivation."""
    too_short: bool
    """The texts were too short to tell copying from a shared stock sentence."""


def derivation(m: Measures, cal: Calibration, model: Decisions) -> Derivation:
    """The derived relation of measures ``m``, with its probabilities."""
    shortest = min(m.words_d, m.words_s)
    p = float(derived_model(m, cal, model).proba(m)[1])
    pw = p if both_sentences(m, cal) else float(model.whole.proba(m)[1])
    if shortest < cal.min_evidence_words - 0.5:
        return Derivation(None, p, pw, True)
    if min(m.cont_d, m.cont_s, m.cover_d, m.cover_s) >= 1.0:
        return Derivation("reprint", 1.0, 1.0, False)  # the same text both ways: no model
    if not both_sentences(m, cal) and m.own_cont_d < cal.min_own_reuse:
        # what the two share is quotation (or next to nothing): two reporters at one
        # hearing quote the same words; that is not copying
        return Derivation(None, min(p, cal.derived_probability), pw, False)
    if p < cal.derived_probability:
        return Derivation(None, p, pw, False)
    if pw < cal.whole_probability:
        return Derivation("partial", p, pw, False)
    if m.cont_d >= 1.0 or model.reprint.proba(m)[1] >= 0.5:
        # every word 3-gram of the derived side is in the other: verbatim by definition
        return Derivation("reprint", p, pw, False)
    if model.rewrite.proba(m)[1] >= 0.5:
        return Derivation("rewrite", p, pw, False)
    return Derivation("edited", p, pw, False)


def relation_of(a: Document, b: Document, f: Features, m: Measures,
                settings: Settings, model: Decisions | None = None) -> RelationDecision:
    """The relation from the learned decisions (:mod:`provcheck.verdict.decide`; ``model``: the
    shipped ones of the features' mode unless given)."""
    cal = settings.calibration
    model = model or decisions(f.mode)
    side: Side = "b" if m.copy_is_b else "a"
    other = "a" if side == "b" else "b"
    found = derivation(m, cal, model)
    reasons: list[str] = []
    reused = None if found.relation is not None else stated_partial(m, model, cal)
    if reused is not None:
        found, share, side = reused
        other = "a" if side == "b" else "b"
        reasons.append(f"{share:.0%} of the own word 3-grams of {other}, named the source by "
                       f"what the pages state, are in {side}, though too few of {side}'s "
                       f"own to be derived read from {side}: partly derived")
    relation, p, pw, short = found.relation, found.p_derived, found.p_whole, found.too_short
    if relation is not None:
        reasons.append(f"derived, probability {p:.2f}; weighed most: "
                       + _drivers(derived_model(m, cal, model), m, side, 1, "derived"))
        if both_sentences(m, cal):
            reasons.append("sentences, not articles: the same content means a whole derivation")
        elif relation == "partial":
            reasons.append(f"partly derived (wholly {pw:.2f}); weighed most: "
                           + _drivers(model.whole, m, side, 0, "partly"))
        else:
            reasons.append(f"wholly derived ({pw:.2f}); weighed most: "
                           + _drivers(model.whole, m, side, 1, "wholly"))
        return RelationDecision(relation, side, p, tuple(reasons))
    if short:
        reasons.append(
            f"too short to tell copying from a shared stock sentence: {side} has "
            f"{round(m.words_d)} words, {other} {round(m.words_s)}; at least "
            f"{cal.min_evidence_words} each are needed")
    else:
        reasons.append(f"not derived, probability of derivation {p:.2f}; weighed most: "
                       + _drivers(derived_model(m, cal, model), m, side, 0, "not derived"))
    story = judge(a, b, cal)
    reasons.append(story.reason)
    return RelationDecision("related" if story.same else "unrelated", side, p, tuple(reasons))


def decisions(mode: Mode) -> Decisions:
    """The shipped learned decisions of ``mode``."""
    return shipped()[mode]


# ---------------------------------------------------------------- direction evidence

def source_probability(m: Measures, model: Logistic, cal: Calibration) -> float:
    """Probability that ``a`` is the source: the learned direction model's log-odds plus
    the hand-set weights of cues the dev data never shows (dates, own-outlet reporting,
    credits)."""
    logit = model.logit(m)
    logit += (cal.direction_date_weight * m.dir_date
              + cal.direction_own_outlet_weight * m.dir_own_outlet
              + cal.direction_credit_weight * m.dir_credit)
    return float(1.0 / (1.0 + np.exp(-logit)))


def direction_model(m: Measures, model: Decisions) -> tuple[Logistic, float]:
    """The direction model and margin for measures ``m``: the one fitted without the
    wire cue (wider margin) where neither side is news agency copy, else the full one.

    Without the wire cue the rest of the evidence is weak (docs/decisions.md, "Direction
    without the wire cue"): a wrong source costs more than ``unknown``, so where no
    side is agency copy a source is named only on stronger evidence."""
    if m.dir_wire == 0 and model.plain is not None:
        return model.plain, model.plain_margin
    return model.direction, model.direction_margin


def source_of(m: Measures, model: Decisions, cal: Calibration
              ) -> tuple[float, Direction, Logistic]:
    """The probability that ``a`` is the source, the direction it names, and the model
    that named it (:func:`direction_model`, :func:`source_probability`).

    Where neither side is agency copy and the plain model is unsure, the full model
    names the source if it is beyond ``cal.direction_agree_margin`` and the plain model
    leans the same way: a copy that only drops sentences carries no cue the plain model
    reads, and the two models together are wrong far less often than the full one alone
    (docs/decisions.md, "Direction without the wire cue")."""
    direction, margin = direction_model(m, model)
    p = source_probability(m, direction, cal)
    named = named_source(p, margin)
    if named != "unknown" or direction is model.direction or p == 0.5:
        return p, named, direction
    full = source_probability(m, model.direction, cal)
    agreed = named_source(full, cal.direction_agree_margin)
    if agreed != "unknown" and (full > 0.5) == (p > 0.5):
        return full, agreed, model.direction
    return p, "unknown", direction


_HAND_SET = {"dir_date": "direction_date_weight", "dir_own_outlet": "direction_own_outlet_weight",
             "dir_credit": "direction_credit_weight"}


def direction_of(
    a: Document,
    b: Document,
    m: Measures,
    alignments: tuple[Alignment, ...],
    model: Decisions,
    cal: Calibration,
) -> tuple[Direction, list[str], float]:
    """Which side is the source (:func:`source_probability`; ``p`` is the probability
    that ``a`` is). Reasons name the evidence that pushed most."""
    p, named, direction = source_of(m, model, cal)
    reasons: list[str] = []
    pushes = direction.drivers(m, 1) + [
        (name, getattr(cal, weight) * m[name]) for name, weight in _HAND_SET.items()]
    pushes.sort(key=lambda x: -abs(x[1]))
    for name, push in pushes:
        if abs(push) < 0.05 or m[name] == 0:
            continue
        toward = "a" if push > 0 else "b"
        reasons.append(f"{_direction_words(a, b, name, m[name], alignments)} "
                       f"(favours {toward} as the source)")
        if len(reasons) == 4:
            break
    return named, reasons, p


#: The direction cues a page states (an agency byline or header, a publication date,
#: its own outlet's reporting, a credit): evidence that does not come from the texts'
#: overlap.
_STATED = ("dir_wire", "dir_date", "dir_own_outlet", "dir_credit")


def _stated(m: Measures) -> bool:
    """Whether a stated cue (:data:`_STATED`) speaks for either side."""
    return any(m[k] != 0 for k in _STATED)


def _source_read_as_copy(m: Measures, direction: Direction) -> Measures:
    """The measures read from the side ``direction`` names the source (``a->b``: ``a``),
    as if it were the copy: the other reading of a named derivation."""
    return (m if m.copy_is_b == (direction == "a->b") else m.swapped()).swapped()


def stated_partial(m: Measures, model: Decisions, cal: Calibration
                   ) -> tuple[Derivation, float, Side] | None:
    """A pair not derived when read from the copy's side, partly derived all the same:
    where a stated cue (:data:`_STATED`: agency copy, a publication date, a credit)
    names the source and the source read as the copy is derived, holding
    ``cal.stated_source_reuse`` of its own word 3-grams in the other. A long newspaper
    story that took a short wire take whole reuses too little of its own words to be
    derived read from its side; the take, read from its side, is mostly in it. The
    partial derivation, the share of the source's own 3-grams and the copy's side, or
    None where the rule does not apply."""
    if not _stated(m):
        return None
    named = source_of(m, model, cal)[1]
    if named == "unknown":
        return None
    source_read = _source_read_as_copy(m, named)
    found = derivation(source_read, cal, model)
    if found.relation is None or source_read.own_cont_d < cal.stated_source_reuse:
        return None
    return (Derivation("partial", found.p_derived, found.p_whole, False),
            source_read.own_cont_d, "b" if named == "a->b" else "a")


def one_way(m: Measures, direction: Direction, model: Decisions, cal: Calibration) -> str:
    """Why a named direction is left unknown, or "" to keep it: where no stated cue
    names the source (:data:`_STATED`) and the pair is derived only when read with the
    named copy as the copy, the derivation and the direction rest on each other (the
    measures that name the copy are the overlap that makes it derived). On METER dev
    with the wire texts stripped of their markers, through the product, such pairs are
    mostly derivations the stripping made, a wire take read as a copy of the merged
    story that covers it: leaving them unknown cut the newspapers named the source from
    100 to 34 of 570 derived pairs, and the wire texts named from 189 to 142
    (docs/decisions.md, "Direction without the wire cue")."""
    if direction == "unknown" or _stated(m):
        return ""
    if derivation(_source_read_as_copy(m, direction), cal, model).relation is not None:
        return ""
    copy = "b" if direction == "a->b" else "a"
    return (f"direction unknown: derived only when {copy} is read as the copy, and no "
            f"stated date, byline or credit names the source (the direction and the "
            f"derivation would rest on each other)")


def judged(m: Measures, model: Decisions, cal: Calibration) -> tuple[Derivation, Direction]:
    """What :func:`classify` decides from measures ``m`` alone: the derivation (read
    from the copy's side, else a stated source mostly inside the other) and the
    direction named (whatever the relation). For harnesses that hold measures, not
    documents (``tools/fit_decisions.py``, ``benchmarks/meter_product.py``)."""
    found = derivation(oriented(m, model.direction, model.direction_margin, cal), cal, model)
    reused = None if found.relation is not None else stated_partial(m, model, cal)
    named = source_of(m, model, cal)[1]
    if one_way(m, named, model, cal):
        named = "unknown"
    return (reused[0] if reused else found), named


def named_source(p: float, margin: float) -> Direction:
    """The direction a probability that ``a`` is the source names: none within
    ``margin`` of an even chance."""
    if p - 0.5 > margin:
        return "a->b"
    if 0.5 - p > margin:
        return "b->a"
    return "unknown"


def _dated(doc: Document, side: str) -> str:
    """``a 2025-09-24 (json-ld)``: a side's publication date and where it is stated."""
    where = f" ({doc.date_source})" if doc.date_source else ""
    return f"{side} {doc.date}{where}"


def _direction_words(a: Document, b: Document, name: str, value: float,
                     alignments: tuple[Alignment, ...]) -> str:
    """One direction measure in words."""
    first, second = ("a", "b") if value > 0 else ("b", "a")
    if name == "dir_date":
        return f"{first} was published first ({_dated(a, 'a')}, {_dated(b, 'b')})"
    if name == "dir_day":
        return (f"{first} says \"today\" where {second} says \"yesterday\" in matched "
                "sentences: {second} was written a day later".replace("{second}", second))
    if name == "dir_wire":
        doc = a if first == "a" else b
        what = doc.outlet if doc.outlet and doc.outlet.lower() in NEWS_AGENCIES else (
            "it opens with a wire page header")
        return f"{first} is news agency copy ({what}), which others print"
    if name == "dir_own_outlet":
        doc = a if first == "a" else b
        own = attributions(doc, doc.outlet or "")
        return f"{first} reports first-hand for its own outlet: \"{own[0] if own else ''}\""
    if name == "dir_credit":
        doc, other = (b, a) if first == "a" else (a, b)
        credit = attributions(doc, other.outlet or "")
        return (f"{second} credits {first}'s outlet {other.outlet}: "
                f"\"{credit[0] if credit else ''}\"")
    if name == "dir_details":
        ids_a = {i for al in alignments for i in al.a}
        ids_b = {j for al in alignments for j in al.b}
        only_a, only_b = details(a, ids_a, b.body), details(b, ids_b, a.body)
        mine, theirs = (only_a, only_b) if first == "a" else (only_b, only_a)
        return (f"{first} holds {len(mine)} details in matched passages that {second} lacks "
                f"({', '.join(mine[:6])}), {second} {len(theirs)}")
    if name == "dir_cover":
        return f"{second} is matched in {first} more than {first} in {second}"
    if name == "dir_kept":
        return (f"{second}'s matched sentences keep more of their words in {first}'s than "
                f"the other way round ({first}'s look cut down into {second}'s)")
    if name == "dir_run":
        return f"more of {second}'s own text is in long runs found in {first}"
    if name == "dir_trim":
        return (f"{second} cuts down sentences of {first} (a linked sentence of {second} "
                f"holds its words with several fewer) more often than the other way round")
    if name == "dir_kept_details":
        return (f"{second}'s matched sentences drop details of {first}'s (numbers, names) "
                f"found nowhere in {second}, more than the other way round")
    if name == "dir_own_cont":
        return f"more of {second}'s own words (outside quotations) are found in {first}"
    return f"{first} is the longer text"


def oriented(m: Measures, direction: Logistic, margin: float,
             cal: Calibration) -> Measures:
    """The measures read from the copy's side where the direction is known.

    The side that looks derived by overlap alone (the more covered one) is often the
    source: a single wire take inside a newspaper story that merged several. Where the
    direction model (``direction``, ``margin``) names a source, the relation is
    measured on the other side.
    """
    p = source_probability(m, direction, cal)
    if named_source(p, margin) == "unknown":
        return m
    copy_is_b = p > 0.5
    return m if m.copy_is_b == copy_is_b else m.swapped()


def modified_after(a: Document, b: Document, direction: Direction) -> list[str]:
    """A note when the article read as the source (either, when the direction is
    unknown) was modified after the other was published: what they share may have
    entered the source in that update. The dates come from the pages themselves."""
    sides = {"a->b": [("a", a, "b", b)], "b->a": [("b", b, "a", a)]}.get(
        direction, [("a", a, "b", b), ("b", b, "a", a)])
    return [f"{s} was modified on {src.modified}, after {o} was published ({other.date}): "
            f"what they share may have entered {s} in that update"
            for s, src, o, other in sides
            if src.modified and other.date and src.modified > other.date[:10]]


def _coverage_reasons(f: Features, cal: Calibration) -> list[str]:
    """Why the semantic model was set aside, when it was."""
    if not f.lexical_fallback or f.coverage is None:
        return []
    low = [f"{share:.0%} of {side}'s words" for side, share in zip("ab", f.coverage, strict=True)
           if share < cal.min_model_coverage]
    return [f"the semantic model covers only {' and '.join(low)}: decided from word overlap "
            "alone"]


def classify(
    a: Document,
    b: Document,
    alignments: tuple[Alignment, ...],
    links: SentenceLinks,
    settings: Settings,
    model: Decisions | None = None,
) -> Verdict:
    """Decide the relation between ``a`` and ``b``, its direction, a score and reasons.

    The score is the calibrated probability that one side derives from the other (1 for
    texts identical throughout).
    """
    cal = settings.calibration
    f = features(a, b, links, settings)
    model = model or decisions(f.mode)
    m = oriented(measure(a, b, f, alignments, links, cal), model.direction,
                 model.direction_margin, cal)
    decision = relation_of(a, b, f, m, settings, model)
    relation, side = decision.relation, decision.side
    cover = f.cover_b if side == "b" else f.cover_a
    cont = f.containment_b if side == "b" else f.containment_a
    other = "a" if side == "b" else "b"
    reasons = [
        *_coverage_reasons(f, cal),
        f"{cover:.0%} of {side}'s words are in sentences matched in {other}; "
        f"{cont:.0%} of its word 3-grams appear verbatim in {other}",
    ]
    kinds = [al.kind for al in alignments]
    if alignments:
        reasons.append(
            f"{len(alignments)} aligned groups: {kinds.count('identical')} identical, "
            f"{kinds.count('edited')} edited, {kinds.count('paraphrase')} paraphrased"
        )
    reasons.extend(decision.reasons)
    reasons.append(
        {
            "reprint": "verbatim copy (possibly trimmed)",
            "edited": "derived with light edits",
            "rewrite": "paraphrased derivative: same content, reworded",
            "partial": "a derived part inside otherwise independent writing",
            "related": "same story, nothing derived",
            "unrelated": "different stories",
        }[relation]
    )
    direction: Direction = "unknown"
    p_source = 0.5
    if relation in DERIVED_RELATIONS:
        direction, why, p_source = direction_of(a, b, m, alignments, model, cal)
        reasons.extend(why)
        circular = one_way(m, direction, model, cal)
        if circular:
            direction = "unknown"
            reasons.append(circular)
        elif direction == "unknown":
            reasons.append(f"direction unknown: the evidence does not favour either side "
                           f"enough (probability a is the source {p_source:.2f})")
        reasons.extend(modified_after(a, b, direction))
    score = decision.p_derived
    if (relation in DERIVED_RELATIONS and alignments and all(k == "identical" for k in kinds)
            and cover >= 1.0 - 1e-9):
        score = 1.0
    evidence = f.as_dict() | {k: round(v, 6) for k, v in m.items()} | {
        "p_derived": decision.p_derived, "p_a_source": p_source}
    return Verdict(relation, direction, float(min(1.0, max(0.0, score))), tuple(reasons), evidence)
