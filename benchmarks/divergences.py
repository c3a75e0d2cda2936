"""Divergences with ground truth: real articles, edits made by program, scored.

    python benchmarks/divergences.py                 # the default sample, prints a table
    python benchmarks/divergences.py --limit 100     # the first 100 articles of the sample
    python benchmarks/divergences.py --examples 5    # and up to 5 misses and false reports
    python benchmarks/divergences.py --write         # also write the docs/facts.md section

Articles: the METER texts (Press Association copy and newspaper articles, every file of
../shared/eval/dev/meter) and the true bodies of the article-extraction pages, each
normalised by ``provcheck.normalize`` as it comes. A seeded shuffle of them (the seed,
the file name) decides which articles are taken and what is done to each:

* left **unedited** (about 1 in 10), or only **reordered** (about 1 in 7): sentences
  swapped inside a paragraph, paragraphs swapped; nothing to report either way;
* otherwise one to three of these edits, each in a paragraph of its own, sometimes
  with a reorder beside them:
  - ``value``: one digit of a number or date the extractor finds is changed
    ("2,500" -> "2,700"; "1997" -> "1994") -> ``changed (value)``;
  - ``swap``: the numbers of two facts of one kind in one sentence trade places ->
    ``changed (moved)`` for both, or ``changed (role)`` where the two are stated of two
    named subjects (two people's fines or ages; ``value`` is allowed);
  - ``role``: two names of one sentence, neither the subject of a number there and not
    only joined by "and" or a comma, trade places ("Tom Hart beat Sam Cole" -> "Sam
    Cole beat Tom Hart") -> ``changed (role)`` for both;
  - ``qualify``: a date loses its day or its month ("3 March 2001" -> "March 2001",
    "in June 1997" -> "in 1997") -> ``changed (qualified)``;
  - ``drop``: a sentence holding a fact is cut -> its facts ``dropped``;
  - ``add``: a sentence of an article of another story is put in -> its facts
    ``added``;
  - ``quote_cut``: a sentence is cut from inside or from the end of a quotation ->
    the quotation ``altered`` (and the cut sentence's facts ``dropped``);
  - ``quote_word``: one word inside a quotation is replaced -> the quotation
    ``altered``.

The copy is the original ``Document`` with its paragraphs replaced (same title, date
and outlet: a copy of the same day), so every edit's place is known to the character;
``provcheck.compare(original, edited, fast=True)`` is then scored. A report is right
when it lies on an edit of its kind. Expected facts are those the extractor finds in
the edited span whose words (numbers, month and day words, a name's words) stand
nowhere else in the other text; a fact whose words do stand elsewhere may be reported
or not (``stated`` elsewhere is the fact diff's rule too), as may a relative date that
no article date resolves. An edit inside a quotation (a changed number, a cut sentence)
alters it too. Reorders and unedited articles must report nothing. Reorders, cut
sentences and added ones keep clear of quotation marks and speech verbs (moving,
cutting or adding "X said" changes whom a later "he said" means, which is a real
change).

Only the generator is kept in the repository, never the edited texts.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
from facts_eval import code_version, write_section

import provcheck
from provcheck.calibration import CALIBRATION
from provcheck.facts.diff import facts_of, less_precise
from provcheck.facts.extraction import extract_facts
from provcheck.facts.patterns import NUMBER_WORDS
from provcheck.facts.quotes import extract_quotes
from provcheck.ingest.normalize import normalize_text
from provcheck.language.lexicon import MONTHS, SPEECH_VERBS, STOPWORDS, WEEKDAYS, alternation
from provcheck.language.text import sentences
from provcheck.models import Comparison, Document, Fact, Paragraph

DOC = evaldata.ROOT / "docs" / "facts.md"
METER = evaldata.DEV / "meter"
SEED = 23
DEFAULT_LIMIT = 1000
#: Kinds of divergence scored, in table order.
KINDS = ("dropped", "added", "value", "qualified", "moved", "role", "hedge", "quote altered")
EDITS = ("value", "swap", "qualify", "drop", "add", "quote_cut", "quote_word", "role")
_NUMERIC = ("quantity", "money", "percent", "distance", "number", "date")
_SPEECH = re.compile(rf"\b(?:{alternation(SPEECH_VERBS)})\b", re.I)
_MONTH = alternation(MONTHS)
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
#: Words put in place of one inside a quotation: plain, no number, date or name.
REPLACEMENTS = ("strange", "serious", "useless", "private", "certain", "careful", "simple",
                "wrong", "quiet", "proper", "hidden", "modest")

Span = tuple[int, int]
Where = tuple[str, Span]  # (paragraph id, span in its canonical text)


# ---------------------------------------------------------------- articles


@dataclass
class Article:
    name: str
    story: str
    doc: Document


def _candidates() -> list[tuple[str, str, Path | str]]:
    """(name, story, path or text) of every article, in a fixed order."""
    out: list[tuple[str, str, Path | str]] = []
    for sub in ("PA", "newspapers"):
        for path in sorted((METER / sub).rglob("*.txt")):
            story = "/".join(path.relative_to(METER / sub).parts[1:4])
            out.append((f"meter/{path.relative_to(METER)}", story, path))
    truth = json.loads((evaldata.DEV / "article-extraction" / "ground-truth.json")
                       .read_text(encoding="utf-8"))
    for pid, item in sorted(truth.items()):
        out.append((f"extraction/{pid[:12]}", f"extraction/{pid}", item["articleBody"]))
    return out


def load(limit: int, seed: int) -> list[Article]:
    """The sample: a seeded shuffle of every article, normalised, the first ``limit``
    with at least three paragraphs and a fact other than a name."""
    items = _candidates()
    random.Random(seed).shuffle(items)
    out: list[Article] = []
    for name, story, src in items:
        if len(out) >= limit:
            break
        try:
            doc = provcheck.normalize(src) if isinstance(src, Path) else normalize_text(src)
        except provcheck.ProvcheckError:
            continue
        if len(doc.paragraphs) < 3:
            continue
        if not any(f.kind in _NUMERIC for f in facts_of(doc, None, CALIBRATION)):
            continue
        out.append(Article(name, story, doc))
    return out


# ---------------------------------------------------------------- ground truth


@dataclass
class Truth:
    """What the edits of one article should make ``compare`` report."""

    edits: list[str] = field(default_factory=list)
    expected: dict[str, list[Where]] = field(default_factory=lambda: defaultdict(list))
    """Per divergence kind: spans that must be reported (source side; ``added``: copy)."""
    allowed: dict[str, list[Where]] = field(default_factory=lambda: defaultdict(list))
    """Per divergence kind: spans that may be reported, expected ones included."""

    def expect(self, kind: str, where: Where) -> None:
        self.expected[kind].append(where)
        self.allowed[kind].append(where)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(a: Span, b: Span) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _balanced(text: str) -> bool:
    """No quotation runs across its ends: an even number of double quotation marks and
    no single quotation mark other than an apostrophe inside a word."""
    if text.count('"') % 2:
        return False
    return all(text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha()
               for i, ch in enumerate(text) if ch == "'")


def _calm(text: str) -> bool:
    """A paragraph a reorder may touch: no quotation mark, no speech verb."""
    return '"' not in text and _balanced(text) and not _SPEECH.search(text)


def _sentence_spans(text: str) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for sent in sentences(text):
        at = text.find(sent, pos)
        if at < 0:
            return []
        out.append((at, at + len(sent)))
        pos = at + len(sent)
    return out


def _tokens(f: Fact) -> set[str]:
    """The words of a fact that would state it elsewhere: its numbers, number words,
    months and weekdays (a name: its words)."""
    words = {w.lower() for w in _WORD.findall(f.text)}
    if f.kind in ("name", "attribution"):
        return {w for w in words if len(w) > 1 and w not in STOPWORDS}
    digits = {d.replace(",", "") for d in _DIGITS.findall(f.text)}
    keep = {w for w in words if w in NUMBER_WORDS or w in MONTHS or w in WEEKDAYS
            or w in {"yesterday", "today", "tomorrow", "tonight"}}
    if f.kind == "date" and re.match(r"\d{4}", f.value):
        keep.add(f.value[:4])  # "last year" resolved to 1998 states "in 1998"
    return digits | keep


def _vocabulary(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for t in texts:
        out.update(w.lower() for w in _WORD.findall(t))
        out.update(d.replace(",", "") for d in _DIGITS.findall(t))
    return out


def _unresolved(f: Fact) -> bool:
    return f.kind == "date" and not re.match(r"^(?:\d{4}|--)", f.value)


# ---------------------------------------------------------------- the edits


@dataclass
class _Para:
    """One paragraph of the copy as it is being edited."""

    origin: int
    """Index of the source paragraph it comes from."""
    text: str
    edited: bool = False
    added: list[Span] = field(default_factory=list)
    """Spans of inserted sentences, in this paragraph's text."""


class Editor:
    """Builds the edited copy of one article and its :class:`Truth`."""

    def __init__(self, art: Article, rng: random.Random, donors: Sequence[Article]) -> None:
        self.art = art
        self.doc = art.doc
        self.rng = rng
        self.donors = donors
        self.paras = [_Para(k, p.canon) for k, p in enumerate(self.doc.paragraphs)]
        self.facts = facts_of(self.doc, None, CALIBRATION)
        self.truth = Truth()
        self.removed: list[tuple[int, Span]] = []  # (source paragraph, span) cut out
        self.touched: list[tuple[int, Span]] = []  # (source paragraph, span) rewritten
        self.quotes = extract_quotes(self.doc, CALIBRATION)

    # -- helpers

    def pid(self, k: int) -> str:
        return self.doc.paragraphs[k].id

    def free(self) -> list[_Para]:
        return [p for p in self.paras if not p.edited]

    def facts_in(self, k: int, span: Span) -> list[Fact]:
        pid = self.pid(k)
        return [f for f in self.facts if f.paragraph == pid and _inside(f.span, span)]

    def replace(self, para: _Para, span: Span, new: str) -> None:
        """Rewrite ``span`` of a paragraph (offsets of the source paragraph: each edit
        takes a paragraph no other edit touched, and a swap rewrites the later place
        first)."""
        para.text = para.text[: span[0]] + new + para.text[span[1] :]
        para.edited = True
        if span[1] > span[0]:
            self.touched.append((para.origin, span))

    # -- edits: each returns whether it was made

    def reads(self, para: _Para, edits: Sequence[tuple[Span, str]],
              wanted: Sequence[tuple[Fact, Callable[[Fact], bool]]]) -> bool:
        """Whether the paragraph, rewritten by ``edits`` (source offsets), reads as
        meant: for each (fact, test), a fact of its kind at its new place passes the
        test (an edit that the extractor would read as another kind or another span
        measures the extractor, not the diff)."""
        text = para.text
        for (s, e), new in sorted(edits, reverse=True):
            text = text[:s] + new + text[e:]

        def moved(pos: int) -> int:
            return pos + sum(len(new) - (e - s) for (s, e), new in edits if e <= pos)

        facts = extract_facts(self.pid(para.origin), text, calibration=CALIBRATION,
                              reference_date=self.doc.date)
        for f, test in wanted:
            place = (moved(f.span[0]), moved(f.span[1]))
            here = [g for g in facts if g.kind == f.kind and _overlaps(g.span, place)]
            if len(here) != 1 or not test(here[0]):
                return False
        return True

    def value(self) -> bool:
        options = [(p, f) for p in self.free() for f in self.facts
                   if f.paragraph == self.pid(p.origin) and f.kind in _NUMERIC
                   and _DIGITS.search(f.text) and not _unresolved(f)]
        self.rng.shuffle(options)
        vocab = _vocabulary([self.doc.body])
        for para, f in options:
            new = _new_number(f, self.rng, vocab)
            if new is None:
                continue
            (s, e), text = new
            span = (f.span[0] + s, f.span[0] + e)
            if not self.reads(para, [(span, text)],
                              [(f, lambda g, f=f: g.value != f.value  # type: ignore[misc]
                                and g.about == f.about)]):
                continue
            self.replace(para, span, text)
            self.truth.expect("value", (f.paragraph, f.span))
            return True
        return False

    def swap(self) -> bool:
        """Two facts of one kind in one sentence trade values: a count's number (each
        count keeps its noun), a whole date or bare number (each keeps its place)."""
        options = []
        for para in self.free():
            for s, e in _sentence_spans(para.text):
                here = [f for f in self.facts_in(para.origin, (s, e))
                        if f.kind in _NUMERIC and not _unresolved(f)]
                for f, g in itertools.combinations(here, 2):
                    pf, pg = _swap_part(f), _swap_part(g)
                    if (f.kind == g.kind and pf and pg and f.value != g.value
                            and para.text[pf[0]:pf[1]] != para.text[pg[0]:pg[1]]
                            and f.span[1] < g.span[0] - 1 and f.about != g.about):
                        options.append((para, f, g, pf, pg))
        self.rng.shuffle(options)
        for para, f, g, pf, pg in options:
            tf, tg = para.text[pf[0] : pf[1]], para.text[pg[0] : pg[1]]
            if self.reads(para, [(pf, tg), (pg, tf)],
                          [(f, lambda x, g=g: x.value == g.value),  # type: ignore[misc]
                           (g, lambda x, f=f: x.value == f.value)]):  # type: ignore[misc]
                break
        else:
            return False
        # the later place first, so the earlier offsets hold
        self.replace(para, pg, tf)
        self.replace(para, pf, tg)
        kind = "role" if _other_subjects(f, g) else "moved"
        for x in (f, g):
            self.truth.expect(kind, (x.paragraph, x.span))
            self.truth.allowed["value"].append((x.paragraph, x.span))
        return True

    def role(self) -> bool:
        """Two names of one sentence trade places: each written once in its paragraph,
        neither the subject of a number of the sentence (those are a swap of values),
        something other than "and" or a comma between them, in a sentence no quotation
        (double or single marks) touches and with no speech verb (a swapped speaker
        misattributes the quotations after it: a real change, scored elsewhere)."""
        options = []
        quoted = [(q.paragraph, part) for q in self.quotes for part in q.parts]
        for para in self.free():
            for s, e in _sentence_spans(para.text):
                sent = para.text[s:e]
                if '"' in sent or not _balanced(sent) or _SPEECH.search(sent) or any(
                        p == self.pid(para.origin) and _overlaps(part, (s, e))
                        for p, part in quoted):
                    continue
                here = self.facts_in(para.origin, (s, e))
                bound = {_key(f.subject) for f in here if getattr(f, "subject", None)}
                names = [f for f in here if f.kind == "name" and _key(f.text) not in bound
                         and para.text.count(f.text) == 1]
                for f, g in itertools.combinations(names, 2):
                    gap = para.text[f.span[1] : g.span[0]]
                    if (f.value != g.value and not _ONLY_LIST.match(gap)
                            and not set(f.value.split()) & set(g.value.split())):
                        options.append((para, f, g))
        self.rng.shuffle(options)
        for para, f, g in options:
            if self.reads(para, [(f.span, g.text), (g.span, f.text)],
                          [(f, lambda x, g=g: x.value == g.value),  # type: ignore[misc]
                           (g, lambda x, f=f: x.value == f.value)]):  # type: ignore[misc]
                break
        else:
            return False
        self.replace(para, g.span, f.text)  # the later place first
        self.replace(para, f.span, g.text)
        for x in (f, g):
            self.truth.expect("role", (x.paragraph, x.span))
        return True

    def qualify(self) -> bool:
        options = []
        for para in self.free():
            for f in self.facts:
                if f.paragraph == self.pid(para.origin) and f.kind == "date":
                    cut = _less_precise(f.text)
                    if cut is not None:
                        options.append((para, f, cut))
        self.rng.shuffle(options)
        for para, f, (s, e) in options:
            span = (f.span[0] + s, f.span[0] + e)
            if self.reads(para, [(span, "")], [(f, lambda g, f=f: less_precise(f, g))]):
                self.replace(para, span, "")
                self.truth.expect("qualified", (f.paragraph, f.span))
                return True
        return False

    def _cut(self, para: _Para, span: Span) -> None:
        """Cut a sentence (``span``) and one space beside it; its facts are dropped."""
        s, e = span
        text = para.text
        if e < len(text) and text[e] == " ":
            e += 1
        elif s > 0 and text[s - 1] == " ":
            s -= 1
        self.replace(para, (s, e), "")
        self.removed.append((para.origin, span))

    def drop(self) -> bool:
        options = []
        for para in self.free():
            spans = _sentence_spans(para.text)
            opened = 0
            for s, e in spans:
                sent = para.text[s:e]
                if opened % 2 == 0 and _balanced(sent) and not _SPEECH.search(sent) and any(
                        f.kind in _NUMERIC for f in self.facts_in(para.origin, (s, e))):
                    options.append((para, (s, e)))
                opened += sent.count('"')
        if not options:
            return False
        para, span = self.rng.choice(options)
        self._cut(para, span)
        self.truth.edits.append("drop")
        return True

    def quote_cut(self) -> bool:
        options = []
        for q in self.quotes:
            k = self.doc.position(q.paragraph)
            para = self.paras[k]
            if para.edited:
                continue
            for s, e in q.parts:
                spans = [(s + a, s + b) for a, b in _sentence_spans(para.text[s:e])]
                if len(spans) >= 2:
                    inner = spans[1:]  # the first sentence stays: a cut inside or at the end
                    options += [(para, q, span) for span in inner]
        if not options:
            return False
        para, q, span = self.rng.choice(options)
        self._cut(para, span)
        self.truth.expect("quote altered", (q.paragraph, q.span))
        return True

    def quote_word(self) -> bool:
        options = []
        for q in self.quotes:
            k = self.doc.position(q.paragraph)
            para = self.paras[k]
            if para.edited or len(q.text.split()) < 6:
                continue
            taken = [f.span for f in self.facts if f.paragraph == q.paragraph]
            for s, e in q.parts:
                for m in re.finditer(r"\b[a-z]{4,}\b", para.text[s:e]):
                    span = (s + m.start(), s + m.end())
                    w = m.group()
                    if (w in STOPWORDS or w in NUMBER_WORDS or w in MONTHS
                            or any(_overlaps(span, t) for t in taken)):
                        continue
                    options.append((para, q, span, w))
        if not options:
            return False
        para, q, span, w = self.rng.choice(options)
        new = self.rng.choice([r for r in REPLACEMENTS if r != w and r not in q.text])
        self.replace(para, span, new)
        self.truth.expect("quote altered", (q.paragraph, q.span))
        return True

    def add(self) -> bool:
        targets = [p for p in self.free() if _balanced(p.text)]
        if not targets:
            return False
        donors = [d for d in self.donors if d.story != self.art.story]
        for donor in self.rng.sample(donors, min(5, len(donors))):
            pool = []
            facts = facts_of(donor.doc, None, CALIBRATION)
            for p in donor.doc.paragraphs:
                for s, e in _sentence_spans(p.canon):
                    sent = p.canon[s:e]
                    if (_balanced(sent) and 8 <= len(sent.split()) <= 40
                            and not _SPEECH.search(sent)
                            and sent[0].isupper() and sent[-1] in ".!?" and any(
                                f.paragraph == p.id and _inside(f.span, (s, e))
                                and f.kind in _NUMERIC for f in facts)):
                        pool.append(sent)
            if not pool:
                continue
            sent = self.rng.choice(pool)
            para = self.rng.choice(targets)
            # a sentence start outside any quotation, or the end
            bounds = [s for s, _ in _sentence_spans(para.text)
                      if para.text[:s].count('"') % 2 == 0] + [len(para.text)]
            at = self.rng.choice(bounds)
            if at >= len(para.text):
                piece, start = " " + sent, len(para.text) + 1
            else:
                piece, start = sent + " ", at
            self.replace(para, (at, at), piece)
            para.added.append((start, start + len(sent)))
            self.truth.edits.append("add")
            return True
        return False

    def reorder(self) -> bool:
        """Swap two sentences of a paragraph, or two paragraphs; True if either was done."""
        done = False
        calm = [p for p in self.free() if _calm(p.text) and len(_sentence_spans(p.text)) >= 2]
        if calm:
            para = self.rng.choice(calm)
            spans = _sentence_spans(para.text)
            i = self.rng.randrange(len(spans) - 1)
            (s1, e1), (s2, e2) = spans[i], spans[i + 1]
            t = para.text
            para.text = t[:s1] + t[s2:e2] + t[e1:s2] + t[s1:e1] + t[e2:]
            para.edited = True
            done = True
        quiet = [k for k, p in enumerate(self.paras) if _calm(p.text)]
        pairs = [(i, j) for i in quiet for j in quiet if 0 < j - i <= 3]
        if pairs:
            i, j = self.rng.choice(pairs)
            self.paras[i], self.paras[j] = self.paras[j], self.paras[i]
            done = True
        if done:
            self.truth.edits.append("reorder")
        return done

    # -- the copy

    def finish(self) -> tuple[Document, Truth]:
        """The edited Document, and the truth completed with the cut and added facts."""
        kept = [p for p in self.paras if p.text.strip()]
        paragraphs = tuple(Paragraph(f"p{k}", p.text, p.text, None, None)
                           for k, p in enumerate(kept, start=1))
        copy = dataclasses.replace(self.doc, paragraphs=paragraphs, path=None)
        ids = {id(p): f"p{k}" for k, p in enumerate(kept, start=1)}
        truth = self.truth
        # an edit inside a quotation alters it (a cut sentence holding a whole
        # quotation drops it instead)
        for q in self.quotes:
            k = self.doc.position(q.paragraph)
            if any(j == k and _overlaps(span, part) and not _inside(part, span)
                   for j, span in self.touched for part in q.parts) and not _hit(
                    (q.paragraph, q.span), truth.expected["quote altered"]):
                truth.expect("quote altered", (q.paragraph, q.span))
        copy_words = _vocabulary(p.canon for p in paragraphs)
        for k, span in self.removed:
            self._region("dropped", self.pid(k), span, self.facts, copy_words)
        source_words = _vocabulary([self.doc.body])
        copy_facts = facts_of(copy, None, CALIBRATION)
        for para in self.paras:
            for span in para.added:
                self._region("added", ids[id(para)], span, copy_facts, source_words)
        return copy, truth

    def _region(self, kind: str, pid: str, span: Span, facts: Sequence[Fact],
                other_words: set[str]) -> None:
        """The facts of a cut or added span: expected when stated nowhere on the other
        side (and, for a name, its first mention in the span), else allowed."""
        named: set[str] = set()  # words of the names seen so far in the span
        for f in facts:
            if f.paragraph != pid or not _overlaps(f.span, span):
                continue
            words = _tokens(f)
            repeated = f.kind in ("name", "attribution") and bool(words & named)
            if f.kind in ("name", "attribution"):
                named |= words
            if (_inside(f.span, span) and not _unresolved(f) and not repeated
                    and not words & other_words):
                self.truth.expect(kind, (pid, f.span))
            else:
                self.truth.allowed[kind].append((pid, f.span))


_DATE_PREFIX = re.compile(r"^(?:(?:in|on|of|from|during)\s+)?")


#: Only a list's joints between two names: their order is no role.
_ONLY_LIST = re.compile(r"^\s*(?:,\s*)?(?:and|or|&|,)?\s*$")


def _key(name: str | None) -> str:
    return " ".join((name or "").lower().split()[-1:])


def _other_subjects(f: Fact, g: Fact) -> bool:
    """Both facts stated of a named subject, two different ones (by surname)."""
    a, b = getattr(f, "subject", None), getattr(g, "subject", None)
    return bool(a and b and _key(a) != _key(b))


def _swap_part(f: Fact) -> Span | None:
    """The span (in the paragraph) a swap exchanges: a count's number, a whole date
    less its neutral preposition, a bare number; ``None`` for a fact that cannot trade
    (a date with a qualifier such as "by" or "the end of", a hedged number)."""
    if f.hedge is not None and f.hedge not in ("in", "on", "of", "from", "during"):
        return None
    if f.kind == "date":
        text = f.text.rstrip(" ,")
        start = _DATE_PREFIX.match(text)
        assert start is not None
        return f.span[0] + start.end(), f.span[0] + len(text)
    if f.kind == "number":
        return f.span
    m = _DIGITS.search(f.text)
    return (f.span[0] + m.start(), f.span[0] + m.end()) if m else None


def _new_number(f: Fact, rng: random.Random, vocab: set[str]) -> tuple[Span, str] | None:
    """Where in the fact's text to change one digit, and the new digits; ``None`` when
    no change keeps the number's form (a year stays a year, no leading zero, a new
    number not written anywhere in the article)."""
    m = _DIGITS.search(f.text)
    if m is None:
        return None
    digits = m.group()
    after = f.text[m.end() :]
    places = [i for i, ch in enumerate(digits) if ch.isdigit()]
    if f.kind == "date" and len(digits) == 4:
        # 1997 -> 1994 or 1967: a year stays a year; the 1990s -> the 1960s
        places = [2] if after.startswith("s") else places[2:]
    elif len(places) > 1:
        places = places[1:]  # no new leading digit
    suffix = re.match(r"st|nd|rd|th", after)
    for _ in range(10):
        i = rng.choice(places)
        d = rng.choice([c for c in "0123456789" if c != digits[i]])
        if i == 0 and d == "0":
            continue
        new = digits[:i] + d + digits[i + 1 :]
        if f.kind == "date" and len(new) <= 2 and not 1 <= int(new) <= 28:
            continue
        if new.replace(",", "") in vocab:
            continue
        if suffix:  # "3rd" -> "5th"
            n = int(new.replace(",", ""))
            end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return (m.start(), m.end() + 2), new + end
        return m.span(), new
    return None


_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?=(?:{_MONTH})\b,?\s+\d{{4}}\b)", re.I)
_MONTH_DAY = re.compile(rf"\b(?:{_MONTH})(?P<day>\s+{_DAY},?)\s+\d{{4}}\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:{_MONTH})\s+(?:of\s+)?(?=\d{{4}}\b)", re.I)


def _less_precise(text: str) -> Span | None:
    """The part of a date's text whose removal leaves the date less precise: the day of
    a full date, else the month of a month and year."""
    m = _DAY_FIRST.search(text)
    if m:
        return m.span()
    m = _MONTH_DAY.search(text)
    if m:
        return m.span("day")
    m = _MONTH_YEAR.search(text)
    if m:
        return m.span()
    return None


def plan(art: Article, seed: int, donors: Sequence[Article]) -> tuple[Document, Truth, str]:
    """Edit one article: (edited copy, truth, group) where group is ``unedited``,
    ``reordered`` or ``edited``."""
    digest = hashlib.sha256(f"{seed}:{art.name}".encode()).hexdigest()
    rng = random.Random(int(digest[:16], 16))
    ed = Editor(art, rng, donors)
    r = rng.random()
    if r < 0.10:
        copy, truth = ed.finish()
        return copy, truth, "unedited"
    if r < 0.25 and ed.reorder():
        copy, truth = ed.finish()
        return copy, truth, "reordered"
    want = rng.choice((1, 2, 2, 3))
    kinds = list(EDITS)
    rng.shuffle(kinds)
    made = 0
    for kind in kinds:
        if made >= want:
            break
        if getattr(ed, kind)():
            made += 1
            if kind not in ed.truth.edits:
                ed.truth.edits.append(kind)
    if made == 0 or rng.random() < 0.3:
        ed.reorder()
    copy, truth = ed.finish()
    edited = [e for e in truth.edits if e != "reorder"]
    return copy, truth, "edited" if edited else ("reordered" if truth.edits else "unedited")


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    reported: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


def _hit(where: Where, spans: Sequence[Where]) -> bool:
    return any(where[0] == p and _overlaps(where[1], s) for p, s in spans)


def _reported(cmp: Comparison) -> dict[str, list[tuple[Where, str]]]:
    """The divergences of a comparison by kind, each at its source-side place (``added``:
    its copy-side place), with a short description."""
    out: dict[str, list[tuple[Where, str]]] = defaultdict(list)
    for f in (*cmp.facts.dropped, *cmp.facts.added):
        # side a is the original whichever side the verdict named the source
        kind = "dropped" if f.side == "a" else "added"
        out[kind].append(((f.paragraph, f.span), f"{f.kind} {f.text!r}"))
    for c in cmp.facts.changed:
        out[c.change].append(((c.a.paragraph, c.a.span),
                              f"{c.a.kind} {c.a.text!r} -> {c.b.text!r}"))
    for q in cmp.quotes:
        if q.status in ("altered", "misattributed") and q.a is not None:
            diff = "".join(f"[{p.op}{p.text}]" if p.op != "=" else p.text for p in q.diff)
            out["quote altered"].append(((q.a.paragraph, q.a.span), diff[:160] or q.text[:80]))
    return out


def score(results: Sequence[tuple[str, str, Truth, Comparison]]) -> dict[str, Score]:
    scores = {k: Score() for k in KINDS}
    for name, _group, truth, cmp in results:
        got = _reported(cmp)
        for kind in KINDS:
            sc = scores[kind]
            spans = [w for w, _ in got.get(kind, [])]
            for where in truth.expected.get(kind, []):
                sc.expected += 1
                if _hit(where, spans):
                    sc.found += 1
                else:
                    sc.misses.append(f"{name} {where}")
            for where, what in got.get(kind, []):
                sc.reported += 1
                if _hit(where, truth.allowed.get(kind, [])):
                    sc.right += 1
                else:
                    sc.false.append(f"{name}: {what}")
    return scores


def _share(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def report(results: Sequence[tuple[str, str, Truth, Comparison]], seconds: float,
           limit: int, seed: int, examples: int) -> str:
    scores = score(results)
    groups = Counter(g for _, g, _, _ in results)
    edits = Counter(e for _, _, t, _ in results for e in t.edits)
    lines = [
        "## Divergences with ground truth",
        "",
        f"Generated by `python benchmarks/divergences.py --limit {limit}` (seed {seed}) on "
        f"{dt.date.today().isoformat()} ({seconds:.0f} s; provcheck at {code_version()}). "
        f"{len(results)} real articles (METER PA and newspaper texts, article-extraction "
        f"bodies): {groups['unedited']} left unedited, {groups['reordered']} only reordered, "
        f"{groups['edited']} edited. Edits made: "
        + ", ".join(f"{k} {edits[k]}" for k in (*EDITS, "reorder")) + ". "
        "Each article against its copy, `provcheck.compare(original, edited, fast=True)`; "
        "a report is right when it lies on an edit of its kind (`hedge`: no edit makes one).",
        "",
        "| divergence | expected | found | recall | reported | right | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    names = {"value": "changed (value)", "qualified": "changed (qualified)",
             "moved": "changed (moved)", "role": "changed (role)", "hedge": "changed (hedge)",
             "quote altered": "quotation altered"}
    for kind in KINDS:
        sc = scores[kind]
        lines.append(
            f"| {names.get(kind, kind)} | {sc.expected} | {sc.found} | "
            f"{_share(sc.found, sc.expected)} | {sc.reported} | {sc.right} | "
            f"{_share(sc.right, sc.reported)} |")
    lines += [
        "",
        "Articles with nothing to report, and those that reported something anyway:",
        "",
        "| articles | n | a fact divergence | a quotation not verbatim | an unsupported claim |",
        "|---|---|---|---|---|",
    ]
    for group in ("unedited", "reordered"):
        rows = [c for _, g, _, c in results if g == group]
        facts = sum(1 for c in rows if c.facts.count)
        quotes = sum(1 for c in rows if any(q.status != "verbatim" for q in c.quotes))
        unsup = sum(1 for c in rows if c.unsupported)
        lines.append(f"| {group} | {len(rows)} | {_share(facts, len(rows))} | "
                     f"{_share(quotes, len(rows))} | {_share(unsup, len(rows))} |")
    relations = Counter(c.verdict.relation for _, _, _, c in results)
    backwards = sum(1 for _, _, _, c in results if c.verdict.direction == "b->a")
    lines += [
        "",
        "Verdicts of the pairs: " + ", ".join(f"{k} {v}" for k, v in relations.most_common())
        + f"; {backwards} named the copy as the source (side `a` is the original either way).",
    ]
    if examples:
        lines += ["", "Examples (misses, then false reports):", ""]
        for kind in KINDS:
            sc = scores[kind]
            for m in sc.misses[:examples]:
                lines.append(f"- {kind} missed: {m}")
            for m in sc.false[:examples]:
                lines.append(f"- {kind} false: {m}")
    return "\n".join(lines)


def run(limit: int, seed: int) -> tuple[list[tuple[str, str, Truth, Comparison]], float]:
    t0 = time.perf_counter()
    arts = load(limit, seed)
    results = []
    for art in arts:
        copy, truth, group = plan(art, seed, arts)
        cmp = provcheck.compare(art.doc, copy, fast=True)
        results.append((art.name, group, truth, cmp))
    return results, time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="articles to take")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--examples", type=int, default=0,
                    help="print up to N misses and false reports per kind")
    ap.add_argument("--write", action="store_true",
                    help="write the table into docs/facts.md (between divergences markers)")
    args = ap.parse_args(argv)
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent")
        return 0
    results, seconds = run(args.limit, args.seed)
    text = report(results, seconds, args.limit, args.seed, args.examples)
    print(text)
    if args.write:
        write_section(DOC, "divergences", report(results, seconds, args.limit, args.seed, 0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
