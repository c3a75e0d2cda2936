"""Alignments and sentence links -> Verdict: relation, direction, score and reasons."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .calibration import CALIBRATION, Calibration, Mode, Settings
from .entities import find_names
from .lexicon import CREDIT_PHRASES, STOPWORDS, alternation
from .links import Sentence, SentenceLinks, scoring_embedder
from .models import DERIVED_RELATIONS, Alignment, Direction, Document, Relation, Verdict
from .text import iter_words, shingles, words


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


def _cover(sents: tuple[Sentence, ...], linked: set[int]) -> float:
    total = sum(len(s.tokens) for s in sents)
    if total == 0:
        return 0.0
    return sum(len(s.tokens) for k, s in enumerate(sents) if k in linked) / total


def containment(x: Document, y: Document, n: int = 3) -> float:
    """Share of the word n-grams of ``x`` that also occur in ``y``."""
    return containments(x, y, n)[0]


def containments(x: Document, y: Document, n: int = 3) -> tuple[float, float]:
    """Word n-gram containment both ways: of ``x`` in ``y``, and of ``y`` in ``x``.

    The n-grams are held as integers (word ids in a mixed radix), not as tuples of
    strings: the same sets, a tenth of the memory on a long text.
    """
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
        va, vb = embedder.encode([a.body, b.body])
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


def relation_of(f: Features, t: Calibration = CALIBRATION) -> tuple[Relation, str]:
    """The relation, and which side (``a`` or ``b``) is the derived one."""
    side = "b" if (f.cover_b, f.containment_b) >= (f.cover_a, f.containment_a) else "a"
    cover = f.cover_b if side == "b" else f.cover_a
    cont = f.containment_b if side == "b" else f.containment_a
    if cover >= t.derived_cover or cont >= t.edited_containment:
        if cont >= t.reprint_containment:
            return "reprint", side
        if cont >= t.edited_containment:
            return "edited", side
        return "rewrite", side
    if cover + cont >= t.partial_reuse:
        return "partial", side
    # text the model does not cover keeps its function words (the stopword list is
    # English): a same story needs more words in common
    related = t.uncovered_related_topic if f.lexical_fallback else t.related_topic[f.mode]
    if f.topic >= related:
        return "related", side
    return "unrelated", side


# ---------------------------------------------------------------- direction evidence

_ATTRIB_BEFORE = rf"(?:{alternation(CREDIT_PHRASES)})"
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def _attributions(doc: Document, outlet: str) -> list[str]:
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


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts the text or follows the end of a sentence."""
    k = pos - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k < 0 or text[k] in '.!?"'


def _details(doc: Document, ids: set[str], other_text: str) -> list[str]:
    """Numbers and names in the aligned paragraphs of ``doc`` that the other text lacks."""
    text = " ".join(p.canon for p in doc.paragraphs if p.id in ids)
    seen: dict[str, None] = {}
    for m in _NUMBER.finditer(text):
        tok = m.group(0).rstrip(".,")
        if tok:
            seen[tok] = None
    for start, _, tok in find_names(text):
        if " " not in tok and (_sentence_start(text, start) or len(tok) <= 3):
            continue
        seen[tok] = None
    there = _present(seen, other_text)
    return [tok for tok in seen if tok not in there]


def direction_of(
    a: Document,
    b: Document,
    f: Features,
    alignments: tuple[Alignment, ...],
    cal: Calibration = CALIBRATION,
) -> tuple[Direction, list[str], float]:
    """Weigh the evidence for which side is the source; positive favours ``a->b``."""
    votes = 0.0
    reasons: list[str] = []
    if a.date and b.date and a.date != b.date:
        first = "a" if a.date < b.date else "b"
        votes += cal.direction_date_weight if first == "a" else -cal.direction_date_weight
        reasons.append(f"{first} was published first ({min(a.date, b.date)})")
    for x, y, sign, xs, ys in ((a, b, 1, "a", "b"), (b, a, -1, "b", "a")):
        if x.outlet:
            own = _attributions(x, x.outlet)
            if own:
                votes += cal.direction_own_outlet_weight * sign
                reasons.append(f"{xs} reports first-hand for its own outlet: \"{own[0]}\"")
        if y.outlet and (x.outlet or "").lower() != y.outlet.lower():
            credit = _attributions(x, y.outlet)
            if credit:
                votes -= cal.direction_credit_weight * sign
                reasons.append(f"{xs} credits {ys}'s outlet {y.outlet}: \"{credit[0]}\"")
    ids_a = {i for al in alignments for i in al.a}
    ids_b = {j for al in alignments for j in al.b}
    only_a = _details(a, ids_a, b.body)
    only_b = _details(b, ids_b, a.body)
    if len(only_a) - len(only_b) >= cal.direction_details_margin:
        votes += cal.direction_details_weight
        reasons.append(
            f"a holds {len(only_a)} details in matched passages that b lacks "
            f"({', '.join(only_a[:6])}), b {len(only_b)}"
        )
    elif len(only_b) - len(only_a) >= cal.direction_details_margin:
        votes -= cal.direction_details_weight
        reasons.append(
            f"b holds {len(only_b)} details in matched passages that a lacks "
            f"({', '.join(only_b[:6])}), a {len(only_a)}"
        )
    if f.cover_b - f.cover_a >= cal.direction_trimmed_gap:
        votes += cal.direction_trimmed_weight
        reasons.append(
            f"b is almost all matched ({f.cover_b:.0%}) while a has more of its own "
            f"({f.cover_a:.0%} matched): b looks trimmed from a"
        )
    elif f.cover_a - f.cover_b >= cal.direction_trimmed_gap:
        votes -= cal.direction_trimmed_weight
        reasons.append(
            f"a is almost all matched ({f.cover_a:.0%}) while b has more of its own "
            f"({f.cover_b:.0%} matched): a looks trimmed from b"
        )
    if votes >= cal.direction_decision:
        return "a->b", reasons, votes
    if votes <= -cal.direction_decision:
        return "b->a", reasons, votes
    return "unknown", reasons, votes


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
) -> Verdict:
    """Decide the relation between ``a`` and ``b``, its direction, a score and reasons."""
    cal = settings.calibration
    f = features(a, b, links, settings)
    relation, side = relation_of(f, cal)
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
    reasons.append(
        {
            "reprint": "verbatim copy (possibly trimmed)",
            "edited": "derived with light edits",
            "rewrite": "paraphrased derivative: same content, reworded",
            "partial": "a derived part inside otherwise independent writing",
            "related": f"same story (topic similarity {f.topic:.2f}) but nothing derived",
            "unrelated": f"different stories (topic similarity {f.topic:.2f})",
        }[relation]
    )
    direction: Direction = "unknown"
    votes = 0.0
    derived = relation in DERIVED_RELATIONS
    if derived:
        direction, why, votes = direction_of(a, b, f, alignments, cal)
        reasons.extend(why)
        if direction == "unknown":
            reasons.append("direction unknown: the evidence does not favour either side")
    if derived:
        score = cover * f.link_similarity
    else:
        score = min(cover * f.link_similarity, cal.unrelated_score_share * cal.partial_reuse)
    if alignments and all(k == "identical" for k in kinds) and cover >= 1.0 - 1e-9:
        score = 1.0
    evidence = f.as_dict() | {"direction_votes": votes}
    return Verdict(relation, direction, float(min(1.0, max(0.0, score))), tuple(reasons), evidence)
