"""Quotations and their speakers, and how faithfully a copy renders the source's.

A quotation is text between double quotation marks (curly or straight; the
canonical form folds them), or between single ones where they cannot be apostrophes
(British style, ``'like this,' he said``; "don't", "Iraq's", "the '90s" open nothing:
:func:`provcheck.language.text.quote_spans`). A quotation inside another is part of
it. Two quoted runs separated only by an attribution (``"...," he asserted. "..."``)
are one quotation; its text is each run exactly as written, joined by ``" … "``, and
``Quote.parts`` gives where each run stands. A paragraph with an odd number of double
marks (or a single mark opening it, unclosed) has a quotation that runs to its end
(the newspaper convention for quotes that continue into the next paragraph).

Speakers come from the syntax of the attribution around the quotation (``X said``,
``said X``, ``X, 45, said``, ``X told Rudaw``, ``according to X``, ``X added that
"..."``, ``stating, "..."`` after a named subject), never from the first capitalised
word near it: without a speech verb there is no speaker. ``he``/``she`` resolve to the
last named speaker before them.

Fidelity (:func:`check_quotes`) for every quotation on either side:
``verbatim`` (the copy's words are a contiguous run of a source quotation's words,
and no whole sentence of it is left out that no other quotation of the copy carries),
``altered`` (in quotation marks, but most words come from a source quotation and some
do not, or a sentence of it was cut, or the copy quotes more than the source did: a
word diff over every sentence of the source quotation is attached),
``misattributed`` (matched wording, another named speaker), ``paraphrased`` (a
source quotation without a quoted counterpart whose sentence the copy still renders,
as indirect speech), ``dropped`` (neither), and ``added`` (a copy quotation with no
counterpart in the source).
"""

from __future__ import annotations

import collections
import re
from collections.abc import Sequence

from ..calibration import Calibration
from ..language.entities import find_names, name_evidence, name_key, same_entity
from ..language.lexicon import SENTENCE_STARTERS, SPEECH_VERBS, alternation
from ..language.text import quote_spans, sentence_spans, words
from ..models import Document, Quote, QuoteCheck
from ..verdict.links import SentenceLinks
from ..verdict.orient import Oriented
from ..verdict.similarity import content_words
from ..verdict.worddiff import word_diff

_VERBS = alternation(SPEECH_VERBS)
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.I)
_PRONOUN = re.compile(r"^(?:he|she|they|it)$", re.I)
_INTERRUPT = re.compile(
    rf"^[\s,.:;]*(?:[^\".!?]{{0,80}}?\b(?:{_VERBS})\b[^\".!?]{{0,40}}?)[\s,.:;]*$", re.I
)


_ONE_NAME = re.compile(r"[A-Z][a-z][\w-]*")
_PREPOSITIONS = frozenset(
    "of for to with by from at in on about against behind near than like as".split()
)
_AUXILIARIES = frozenset("was were is are been being be had has have".split())


#: The end of a sentence: its stop, then a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _who(chunk: str, known: frozenset[str] = frozenset()) -> str | None:
    """A chunk that is wholly a name, a pronoun or a "the ..." description.

    The chunk is the subject or object of a speech verb, so a lone capitalised word
    there ("Noel", "Smith") is a name even where it opens the sentence.
    """
    chunk = chunk.strip(" ,.:;")
    if not chunk:
        return None
    if _PRONOUN.match(chunk):
        return chunk.lower()
    if _ONE_NAME.fullmatch(chunk) and chunk.lower() not in SENTENCE_STARTERS:
        return chunk
    names = find_names(chunk, known)
    if names and names[0][0] <= 1 and names[-1][1] >= len(chunk) - 1 and len(names) == 1:
        return names[0][2]
    # a name after lower-case words that describe it ("rock wildman Tom Bright",
    # "guitarist Tom Bright"), not one after a preposition ("the lawyer for Ann Lee")
    if names and names[-1][1] >= len(chunk) - 1:
        before = chunk[: names[-1][0]].split()
        if 0 < len(before) <= 5 and before[-1].islower() and not _PREPOSITIONS & {
            w.lower() for w in before[-2:]} and (
            sum(1 for w in before if w[:1].isupper()) <= 1
        ):
            return names[-1][2]
    described = re.fullmatch(r"the\s+[\w-]+(?:\s+[\w-]+){0,4}", chunk, re.I)
    if described and _AUXILIARIES & set(chunk.lower().split()):
        described = None  # "The court was told": a clause, not a speaker
    if described and not (names and chunk.endswith(names[-1][2])):
        return "the " + chunk.split(None, 1)[1].lower()
    return None


def _speaker_in(text: str, *, after: bool, known: frozenset[str] = frozenset()) -> str | None:
    """The speaker named in an attribution clause next to a quotation.

    ``after``: the clause follows the quotation (``," X said.``, ``," said X.``);
    otherwise it precedes it (``X said that "``, ``X ..., stating, "``). A clause
    without a speech verb names no speaker.
    """
    verb = _VERB.search(text)
    if verb is None:
        return None
    subject = text[: verb.start()]
    behind = verb.group().lower() == "according to" or (after and not subject.strip(" ,.:;"))
    if behind:
        subject = re.split(r"[,.;:]", text[verb.end() :])[0]  # ``said X``
    chunks = [c.strip(" ,.:;") for c in subject.split(",")]
    found = [(w, c) for c, w in ((c, _who(c, known)) for c in chunks) if w]
    named = [(w, c) for w, c in found if not w.lower().startswith("the ")]
    # a chunk that is wholly the name before one that ends in it ("Hugo Keith,
    # representing Bary, said"); then the one nearest the verb ("Recalling one
    # Incident, Mr Crawford told")
    whole = [(w, c) for w, c in named if c.endswith(w) and len(c) - len(w) <= 1]
    pick = [w for w, _ in (whole or named or found)]
    return (pick[0] if behind else pick[-1]) if pick else None


def extract_quotes(doc: Document, calibration: Calibration) -> list[Quote]:
    """Every quotation of a document, speakers resolved, in document order (found once
    per Document and calibration)."""
    return list(doc.remember(("quotes", calibration),
                             lambda: tuple(_extract_quotes(doc, calibration))))


def _extract_quotes(doc: Document, calibration: Calibration) -> list[Quote]:
    out: list[Quote] = []
    last_named: str | None = None
    known = frozenset().union(*(name_evidence(p.canon) for p in doc.paragraphs))
    for p in doc.paragraphs:
        canon = p.canon
        pairs = quote_spans(canon, single=True)
        mentions = collections.deque(_reported(canon, pairs, known))
        merged: list[list[tuple[int, int]]] = []
        for span in pairs:
            if merged:
                gap = canon[merged[-1][-1][1] : span[0]]
                if _INTERRUPT.match(gap) and len(words(gap)) <= calibration.interrupt_words:
                    merged[-1].append(span)
                    continue
            merged.append([span])
        prev_end = 0
        lead = len(canon) - len(canon.lstrip())  # the blank start of the paragraph
        for group in merged:
            start, end = group[0][0], group[-1][1]
            while mentions and mentions[0][0] < start:  # "Mr X said that ..." before it
                last_named = mentions.popleft()[1]
            parts = tuple(_inside(canon, s, e) for s, e in group)
            text = " … ".join(canon[s:e] for s, e in parts)
            speaker = None
            if len(group) > 1:
                speaker = _speaker_in(canon[group[0][1] : group[1][0]], after=True, known=known)
            if speaker is None and re.search(r"[,.!?]\W*$", canon[start:end]):
                # a complete utterance: the attribution may follow ("...," he said)
                stop = _SENTENCE_END.search(canon, end)
                tail = canon[end : stop.start() if stop else len(canon)]
                speaker = _speaker_in(tail, after=True, known=known)
            if speaker is None:
                head = re.split(r"[.!?]\s", canon[prev_end:start])[-1].lstrip(" \"',")
                speaker = _speaker_in(head, after=False, known=known)
            if speaker is None and out and (out[-1].paragraph == p.id
                                            or start <= lead):
                # the same speaker goes on: in this paragraph, or into a paragraph that
                # opens with the quotation (a quotation running over paragraphs)
                speaker = out[-1].speaker
            prev_end = end
            if speaker and _PRONOUN.match(speaker):
                speaker = last_named or speaker
            elif speaker and not speaker.lower().startswith("the "):
                last_named = speaker
            out.append(Quote(text=text, speaker=speaker, paragraph=p.id, span=(start, end),
                             parts=parts))
        if mentions:
            last_named = mentions[-1][1]
    return out


def _reported(canon: str, quotes: list[tuple[int, int]],
              known: frozenset[str]) -> list[tuple[int, str]]:
    """Where a paragraph's own sentences (outside quotation marks) name someone saying
    something ("Mr Grobbelaar said that was not true"): (sentence start, name), in
    order. A pronoun after them ("he said") means that person."""
    masked = list(canon)
    for s, e in quotes:
        masked[s:e] = " " * (e - s)
    text = "".join(masked)
    out = []
    pos = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        at = text.find(sentence, pos)
        pos = at + len(sentence)
        who = _speaker_in(sentence, after=False, known=known) if sentence.strip() else None
        if who and not _PRONOUN.match(who) and not who.lower().startswith("the "):
            out.append((at, who))
    return out


def _inside(canon: str, start: int, end: int) -> tuple[int, int]:
    """The words between a pair of quotation marks, surrounding spaces left out."""
    mark = canon[start]  # the opening mark: '"' or "'"
    s, e = start + 1, end - 1 if canon[end - 1] == mark else end
    while s < e and canon[s].isspace():
        s += 1
    while e > s and canon[e - 1].isspace():
        e -= 1
    return s, e


def _is_run(needle: list[str], hay: list[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(hay):
        return False
    return any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def _shared(needle: list[str], hay: list[str]) -> float:
    if not needle:
        return 0.0
    pool = list(hay)
    hits = 0
    for w in needle:
        if w in pool:
            pool.remove(w)
            hits += 1
    return hits / len(needle)


def _window(source: str, copy: str) -> str:
    """The part of a source quotation a copy quotation renders (trim unquoted ends)."""
    pieces = word_diff(source, copy)
    while pieces and pieces[0].op == "-":
        pieces = pieces[1:]
    while pieces and pieces[-1].op == "-":
        pieces = pieces[:-1]
    return "".join(p.text for p in pieces if p.op != "+")


def _carried(text: str, spans: Sequence[tuple[int, int]], copy: str) -> list[bool]:
    """Which sentences (``spans`` of ``text``) a copy quotation carries: more than half
    of the sentence's content words (all its words where it has none), each word of
    the copy counted for one sentence only, the sentences it holds best served first
    ("I'm free. I'm free." carries two of "I'm free. I'm free. I'm free."; "It all
    followed - one thing led to another." does not carry "One bad thing followed by an
    even worse thing.")."""
    left = collections.Counter(words(copy))
    wanted = [collections.Counter(content_words(text[s:e]) or words(text[s:e]))
              for s, e in spans]

    def share(j: int) -> float:
        total = sum(wanted[j].values())
        return sum((wanted[j] & left).values()) / total if total else 0.0

    out = [False] * len(spans)
    for j in sorted(range(len(spans)), key=lambda j: (-share(j), j)):
        held = wanted[j] & left
        if 2 * sum(held.values()) > sum(wanted[j].values()):
            out[j] = True
            left -= held
    return out


def _whole_windows(source: Quote, copies: Sequence[Quote]) -> list[tuple[str, bool]]:
    """For each copy quotation matched to one source quotation: the part of the source
    it is held against, and whether it leaves out a whole sentence of it.

    The part runs over whole sentences: from the first source sentence the copy
    carries to the last, trimmed of unquoted words only inside those two (a quotation
    of a phrase is not a cut), plus the sentences next to them that no copy quotation
    carries: after its last one, up to the next sentence another quotation of the copy
    carries; before its first one, when no earlier sentence is carried at all. So a
    sentence cut from the middle or the end of a quotation shows in the word diff, and
    a quotation the copy splits in two (each part verbatim) is no cut.
    """
    text = source.text
    spans = sentence_spans(text)
    if len(spans) < 2:
        return [(_window(text, c.text), False) for c in copies]
    carried = [_carried(text, spans, c.text) for c in copies]
    anyone = [any(col) for col in zip(*carried, strict=True)] if carried else []
    out: list[tuple[str, bool]] = []
    for c, mine in zip(copies, carried, strict=True):
        held = [j for j, x in enumerate(mine) if x]
        if not held:
            out.append((_window(text, c.text), False))
            continue
        lo, hi = held[0], held[-1]
        first = 0 if not any(anyone[:lo]) else lo
        last = hi
        while last + 1 < len(spans) and not anyone[last + 1]:
            last += 1
        core = _window(text[spans[lo][0] : spans[hi][1]], c.text)
        window = text[spans[first][0] : spans[lo][0]] + core + text[spans[hi][1] : spans[last][1]]
        cut = first < lo or last > hi or not all(anyone[lo : hi + 1])
        out.append((window, cut))
    return out


def _named(speaker: str | None) -> str | None:
    if not speaker or _PRONOUN.match(speaker) or speaker.lower().startswith("the "):
        return None
    return name_key(speaker)


def check_quotes(view: Oriented, calibration: Calibration) -> tuple[QuoteCheck, ...]:
    """Fidelity of every quotation of the view's source and copy.

    The view's sentence links decide whether a source quotation without a quoted
    counterpart was paraphrased or dropped. Between independent texts only the
    quotations both carry are checked. Answers in source/copy terms: ``a`` is the
    source's quotation, ``b`` the copy's.
    """
    found = _check(view.source, view.copy, view.links, calibration)
    if not view.derived:  # independent coverage: only quotations both sides carry
        found = tuple(q for q in found if q.a is not None and q.b is not None)
    elif not view.whole:  # a partial reuse: the quotations of the derived part
        found = tuple(
            q for q in found
            if (q.a is not None and q.a.paragraph in view.aligned_source)
            or (q.b is not None and q.b.paragraph in view.aligned_copy)
        )
    return found


def _altered_counterpart(q: Quote, cq: list[str], maybe: list[int], ws: list[list[str]],
                         cs: list[list[str]], min_shared: float) -> int | None:
    """The source quotation (index) a copy quotation that is no verbatim run alters, or
    None: the one sharing most content words, at least ``min_shared`` (source
    quotations the copy quotes whole elsewhere are not in ``maybe``)."""
    wq = words(q.text)
    pick: int | None = None
    best_share = 0.0
    for k in maybe:
        share = _shared(cq, cs[k]) if len(cq) >= 2 else 0.0
        if len(q.parts) == 1 and len(ws[k]) >= 4 and _is_run(ws[k], wq):
            # the copy quotes more than the source did (words put in): a match
            # however much it added, ranked by how much of the copy it holds
            share = max(share, min_shared)
        if share > best_share:
            pick, best_share = k, share
    return pick if pick is not None and best_share >= min_shared else None


def _check(
    source: Document, copy: Document, links: SentenceLinks, calibration: Calibration
) -> tuple[QuoteCheck, ...]:
    qs, qc = extract_quotes(source, calibration), extract_quotes(copy, calibration)
    ws = [words(q.text) for q in qs]
    results: list[tuple[int, int, QuoteCheck]] = []
    matched: set[int] = set()

    def check(status: str, s: Quote | None, c: Quote | None, diff: tuple = ()) -> QuoteCheck:  # type: ignore[type-arg]
        return QuoteCheck(status, s, c, diff)  # type: ignore[arg-type]

    order_s = {p.id: i for i, p in enumerate(source.paragraphs)}
    order_c = {p.id: i for i, p in enumerate(copy.paragraphs)}
    cs = [content_words(q.text) for q in qs]
    holding: dict[str, list[int]] = {}  # content word -> source quotations holding it
    for k, content in enumerate(cs):
        for word in set(content):
            holding.setdefault(word, []).append(k)
    everyone = range(len(qs))
    found: list[tuple[int, Quote, int, str]] = []  # (copy order, quotation, source, status)
    pending: list[tuple[int, Quote, list[str], list[int]]] = []
    quoted_whole: set[int] = set()  # source quotations the copy quotes whole, word for word
    for n, q in enumerate(qc):
        wq = words(q.text)
        cq = content_words(q.text)
        # only a quotation sharing a content word can hold this one's words or share
        # them; one with no content word is looked for everywhere
        maybe = sorted({k for c in set(cq) for k in holding.get(c, ())}) if cq else everyone
        runs = [k for k in maybe if _is_run(wq, ws[k])]
        if not runs:
            pending.append((n, q, cq, list(maybe)))
            continue
        # a quotation said twice is matched once per occurrence: an unmatched one
        # first, the same words before a longer quotation holding them, then the
        # nearest in document order
        at = order_c[q.paragraph] / max(len(order_c), 1)
        best = min(runs, key=lambda k: (
            k in matched, ws[k] != wq,
            abs(order_s[qs[k].paragraph] / max(len(order_s), 1) - at), k,
        ))
        matched.add(best)
        found.append((n, q, best, "verbatim"))
        if ws[best] == wq:
            quoted_whole.add(best)
    for n, q, cq, maybe in pending:
        pick = _altered_counterpart(q, cq, [k for k in maybe if k not in quoted_whole],
                                    ws, cs, calibration.altered_min_shared)
        if pick is None:
            results.append((1, order_c[q.paragraph], check("added", None, q)))
            continue
        matched.add(pick)
        found.append((n, q, pick, "altered"))
    found.sort(key=lambda f: f[0])
    by_source: dict[int, list[int]] = {}
    for i, (_, _, k, _) in enumerate(found):
        by_source.setdefault(k, []).append(i)
    windows: dict[int, tuple[str, bool]] = {}
    for k, idx in by_source.items():
        windows.update(zip(idx, _whole_windows(qs[k], [found[i][1] for i in idx]),
                           strict=True))
    for i, (_, q, best, first_status) in enumerate(found):
        window, cut = windows[i]
        # a whole sentence of the quotation left out is an alteration
        status = "altered" if first_status == "verbatim" and cut else first_status
        diff: tuple = () if status == "verbatim" else word_diff(window, q.text)  # type: ignore[type-arg]
        sp_s, sp_c = _named(qs[best].speaker), _named(q.speaker)
        if sp_s and sp_c and not same_entity(sp_s, sp_c, calibration.fuzzy_same_name):
            status = "misattributed"
            diff = diff or word_diff(window, q.text)
        results.append((0, order_s[qs[best].paragraph], check(status, qs[best], q, diff)))
    rendered = _rendered_sentences(links)
    for k, q in enumerate(qs):
        if k in matched:
            continue
        here = rendered.get(order_s[q.paragraph], ())
        status = "paraphrased" if _overlaps_rendered(q, here) else "dropped"
        results.append((0, order_s[q.paragraph], check(status, q, None)))
    results.sort(key=lambda r: (r[0], r[1]))
    return tuple(r[2] for r in results)


def _rendered_sentences(links: SentenceLinks) -> dict[int, list[str]]:
    """Source sentences the copy renders (any link), by paragraph index."""
    out: dict[int, list[str]] = {}
    for k in sorted({i for i, _, _ in links.links + links.weak}):
        out.setdefault(links.a[k].para, []).append(links.a[k].text)
    return out


def _overlaps_rendered(q: Quote, rendered: Sequence[str]) -> bool:
    """Whether a rendered sentence of the quotation's paragraph carries its words."""
    wq = set(words(q.text))
    return any(len(set(words(sent)) & wq) >= min(3, len(wq)) for sent in rendered)
