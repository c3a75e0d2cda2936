#!/usr/bin/env python3
"""Measure what provcheck reads across languages beyond paragraph links: names across
scripts, credits and dates that give a translation its direction, dates changed in a
translation, and same-language rewrites in Turkish and Kurmanji.

Reproduces figures of docs/languages.md. One command, one process each:

    python benchmarks/languages_cues.py names      # transliteration: rules, anyascii, unidecode
    python benchmarks/languages_cues.py direction  # credits and dates on translated pairs
    python benchmarks/languages_cues.py dates      # dates read, and changed, across languages
    python benchmarks/languages_cues.py rewrites   # Turkish and Kurmanji rewrites

Data: texts written for provcheck in ``fixtures/languages`` (its README says who
wrote them and that no native speaker checked them); the thresholds and rules were
written with them in view, so the figures are not a held-out measure. anyascii and
unidecode are optional (one not installed is named and skipped). Output: one JSON
object per measurement on standard output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
FIXTURES = REPO_ROOT / "fixtures" / "languages"


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _spellers() -> list[tuple[str, Callable[[str], str]]]:
    from provcheck.calibration import CALIBRATION
    from provcheck.language import translit

    out: list[tuple[str, Callable[[str], str]]] = [("rules", translit.name_key)]
    for module, fn in (("anyascii", "anyascii"), ("unidecode", "unidecode")):
        try:
            spell = getattr(__import__(module), fn)
        except ImportError:
            print(json.dumps({"speller": module, "skipped": "not installed"}))
            continue

        def key(name: str, spell: Callable[[str], str] = spell) -> str:
            # the same skeleton as the rules, from the package's spelling
            words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name.split()]
            spelled = translit.spell_latin(spell(" ".join(words)).lower())
            key = " ".join(k for k in map(translit.skeleton, spelled.split()) if k)
            return key if len(key.replace(" ", "")) >= CALIBRATION.name_key_letters else ""
        out.append((module, key))
    return out


def _one_name(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
    """Whether two rows spell one name (one Latin spelling, accents and spaces aside,
    or one Arabic-script spelling)."""
    def plain(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if c.isalnum())
    return plain(p[0]) == plain(q[0]) or p[1] == q[1]


def _keys_in(text: str) -> set[str]:
    from provcheck.language.translit import name_keys

    ws = re.sub(r"[.,،؛:()\"']", " ", text).split()
    return {k.replace(" ", "") for n in (1, 2, 3) for i in range(len(ws) - n + 1)
            for k in name_keys(" ".join(ws[i:i + n]))}


def names_in_translations() -> None:
    """The names of each English story (provcheck's name finder) that its correct
    translations state too, by key: what a name compared across languages would
    wrongly call dropped is the rest."""
    from provcheck.language.entities import find_names
    from provcheck.language.translit import name_keys

    for lang in LANGS[1:]:
        total, missed = 0, []
        for story in _load("stories.json"):
            there = _keys_in(story[lang])
            for _, _, name in find_names(story["en"]):
                total += 1
                keys = {k.replace(" ", "") for k in name_keys(name)}
                if not keys & there:
                    missed.append(name)
        print(json.dumps({"names in English stories": total, "translation": lang,
                          "stated there by key": total - len(missed), "not": missed},
                         ensure_ascii=False))


def names_benchmark() -> None:
    """Pairs of one name in two scripts found (recall), pairs of two names called one
    (false matches among all cross pairs: precision)."""
    from provcheck.language.translit import same_name

    pairs = [tuple(p) for p in _load("names.json")["pairs"]]
    matchers: list[tuple[str, Callable[[str, str], bool]]] = [
        (label, lambda x, y, key=key: key(x) == key(y) != "") for label, key in _spellers()]
    matchers.append(("rules, same_name (key and length: what credits use)", same_name))
    for label, same in matchers:
        start = time.perf_counter()
        found = [same(latin, arabic) for latin, arabic in pairs]
        wrong = [(pairs[i][0], pairs[j][1]) for i in range(len(pairs))
                 for j in range(len(pairs)) if not _one_name(pairs[i], pairs[j])
                 and same(pairs[i][0], pairs[j][1])]
        missed = [p for p, ok in zip(pairs, found, strict=True) if not ok]
        print(json.dumps({
            "speller": label, "pairs": len(pairs), "found": sum(found),
            "recall": round(sum(found) / len(pairs), 3),
            "false_matches": len(wrong),
            "cross_pairs": sum(not _one_name(p, q) for p in pairs for q in pairs),
            "precision": round(sum(found) / max(1, sum(found) + len(wrong)), 3),
            "missed": missed, "false": wrong[:12],
            "ms": round(1000 * (time.perf_counter() - start), 1)}, ensure_ascii=False))
    names_in_translations()


LANGS = ("en", "ar", "ckb", "kmr", "tr")
#: The evidence a copy carries in the direction benchmark, in turn.
SCENARIOS = ("credit, same day", "credit, no dates", "credit, dated after", "dated after")


def _doc(text: str, outlet: str, date: str | None) -> Any:
    import dataclasses

    import provcheck
    return dataclasses.replace(provcheck.normalize(text), outlet=outlet, date=date,
                               date_source="meta" if date else None)


def _direction_pairs() -> list[tuple[str, str, str, Any, Any]]:
    """(scenario, source language, copy language, source, copy): every story in every
    ordered pair of two languages; the copy credits the source's outlet or not, dated
    as the scenario says; then the same pairs whose copy only names the outlet or
    credits a third one (no evidence: ``unknown`` is right)."""
    stories = _load("stories.json")
    cues = _load("credits.json")
    outlets = sorted(cues["outlets"])
    out = []
    for n, story in enumerate(stories):
        for m, (src, dst) in enumerate((x, y) for x in LANGS for y in LANGS if x != y):
            k = n * 20 + m
            own, other = outlets[k % 3], outlets[(k + 1) % 3]
            scenario = SCENARIOS[(n + m // 4) % len(SCENARIOS)]
            credit = cues["credits"][own][dst][k % 2] if "credit" in scenario else ""
            dated = "no dates" not in scenario
            copy_date = "2025-05-03" if "after" in scenario else "2025-05-02"
            source = _doc(story[src], cues["outlets"][own][src], "2025-05-02" if dated else None)
            copy = _doc(f"{story[dst]} {credit}".strip(), cues["outlets"][other][dst],
                        copy_date if dated else None)
            out.append((scenario, src, dst, source, copy))
            mention = cues["not_credits"]["rudaw"][dst][k % 2]
            source = _doc(story[src], cues["outlets"]["rudaw"][src], "2025-05-02")
            copy = _doc(f"{story[dst]} {mention}", cues["outlets"]["k24"][dst], "2025-05-02")
            out.append(("no evidence: a mention or a third outlet", src, dst, source, copy))
    return out


def _heldout_pairs(name: str = "credits_heldout.json", label: str = "held-out"
                   ) -> list[tuple[str, str, str, Any, Any]]:
    """Every story in every ordered pair of two languages, both dated the same day,
    the copy carrying a credit of ``credits_heldout.json`` (written after the
    patterns) naming the source's outlet, or one of its mentions that are no credit
    (the source then Rudaw, the copy Kurdistan24)."""
    stories = _load("stories.json")
    names = _load("credits.json")["outlets"]
    held = _load(name)
    out = []
    for n, story in enumerate(stories):
        for m, (src, dst) in enumerate((x, y) for x in LANGS for y in LANGS if x != y):
            own, sentence = held["credits"][dst][(n + m) % len(held["credits"][dst])]
            other = next(o for o in sorted(names) if o != own)
            source = _doc(story[src], names[own][src], "2025-05-02")
            copy = _doc(f"{story[dst]} {sentence}", names[other][dst], "2025-05-02")
            out.append((f"{label} credit, same day", src, dst, source, copy))
            mention = held["not_credits"][dst][(n + m) % 2]
            source = _doc(story[src], names["rudaw"][src], "2025-05-02")
            copy = _doc(f"{story[dst]} {mention}", names["k24"][dst], "2025-05-02")
            out.append((f"no evidence: {label} mention", src, dst, source, copy))
    return out


def direction_benchmark() -> None:
    """Direction of translated pairs from credits and dates (verdict.crosslingual.
    direction), each pair read both ways round: right, wrong, unknown per scenario and
    per language the copy is written in."""
    from provcheck.verdict.crosslingual import direction

    tally: dict[tuple[str, str], dict[str, int]] = {}
    start = time.perf_counter()
    pairs = (_direction_pairs() + _heldout_pairs()
             + _heldout_pairs("credits_test.json", "test"))
    for scenario, _src, dst, source, copy in pairs:
        for a, b, way in ((source, copy, "a->b"), (copy, source, "b->a")):
            got, _ = direction(a, b)
            want = "unknown" if scenario.startswith("no evidence") else way
            verdict = "right" if got == want else "unknown" if got == "unknown" else "wrong"
            group = next((f"{x} " for x in ("held-out", "test") if x in scenario), "") + (
                "none" if scenario.startswith("no") else "evidence")
            for key in ((scenario, "all"), (group, dst), (group, "all")):
                row = tally.setdefault(key, {"right": 0, "wrong": 0, "unknown": 0})
                row[verdict] += 1
    for (scenario, lang), row in sorted(tally.items()):
        n = sum(row.values())
        print(json.dumps({"scenario": scenario, "copy_language": lang, "pairs": n, **row,
                          "right_share": round(row["right"] / n, 3),
                          "wrong_share": round(row["wrong"] / n, 3)}, ensure_ascii=False))
    print(json.dumps({"pairs_read": 2 * len(pairs),
                      "seconds": round(time.perf_counter() - start, 1)}))


_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _written_date(iso: str, lang: str, k: int, cues: dict[str, Any]) -> str:
    """``iso`` as ``lang`` writes it (form and digits turn with ``k``); ``lang`` may be
    ``ar-hijri`` (converted with hijridate) or ``ckb-solar`` (counted from Newroz, 21
    March: near enough for a date that is never converted)."""
    import datetime as dt

    y, m, d = (int(x) for x in iso.split("-"))
    if lang == "ar-hijri":
        from hijridate import Gregorian
        h = Gregorian(y, m, d).to_hijri()
        return f"{h.day} {cues['months']['ar-hijri'][h.month - 1]} {h.year} هـ"
    if lang == "ckb-solar":
        since = (dt.date(y, m, d) - dt.date(y if m > 3 or (m == 3 and d >= 21) else y - 1,
                                            3, 21)).days
        month = min(11, since // 31 if since < 186 else 6 + (since - 186) // 30)
        day = since - (31 * month if month < 6 else 186 + 30 * (month - 6)) + 1
        kurdish_year = (y if m > 3 or (m == 3 and d >= 21) else y - 1) + 700
        text = f"{day}ی {cues['months']['ckb-solar'][month]}ی {kurdish_year}"
        return text.translate(_EASTERN)
    form = cues["forms"][lang][k % len(cues["forms"][lang])]
    text = form.format(d=d, y=y, M=cues["months"][lang][m - 1],
                       E=cues["months"]["ar-eg"][m - 1])
    return text.translate(_EASTERN) if lang in ("ar", "ckb") and k % 2 else text


def _changed(iso: str, how: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if how == "day":
        d = d + 1 if d < 28 else d - 1
    elif how == "month":
        m = m % 12 + 1
    else:
        y += 1
    return f"{y:04d}-{m:02d}-{d:02d}"


def _flags(text_a: str, text_b: str) -> tuple[int, int]:
    """(dates flagged, numbers flagged) between two one-paragraph texts linked to each
    other, as compare reads a translation."""
    from provcheck.verdict.crosslingual import CrossLingual, date_diff, number_diff

    a, b = _doc(text_a, "A", None), _doc(text_b, "B", None)
    found = CrossLingual(("x", "y"), ((0, 0, 1.0),), (1, 1), "test")
    dates, numbers = date_diff(found, a, b, "a->b"), number_diff(found, a, b, "a->b")
    return dates.count, numbers.count


def dates_benchmark() -> None:
    """Dates read across languages: no date flagged on correct translations (every
    pair of two languages, the Hijri and Kurdish solar forms too, and story s07's
    "November 11"), and the dates changed in a translation found (day, month, year)."""
    cues = _load("dates.json")
    start = time.perf_counter()
    clean: dict[str, list[int]] = {}
    for k, (iso, sent) in enumerate(zip(cues["dates"], cues["sentences"], strict=True)):
        langs = [*LANGS, "ar-hijri", "ckb-solar"]
        texts = {x: sent[x.split("-")[0]].format(date=_written_date(iso, x, k, cues))
                 for x in langs}
        for x, y in ((x, y) for i, x in enumerate(langs) for y in langs[i + 1:]):
            if x.split("-")[0] == y.split("-")[0]:
                continue
            dates, numbers = _flags(texts[x], texts[y])
            row = clean.setdefault("-".join(sorted((x, y))), [0, 0, 0])
            row[0] += 1
            row[1] += dates > 0
            row[2] += numbers > 0
    story = next(s for s in _load("stories.json") if s["id"] == "s07")
    for x, y in ((x, y) for i, x in enumerate(LANGS) for y in LANGS[i + 1:]):
        dates, numbers = _flags(story[x], story[y])
        row = clean.setdefault("s07 (no year)", [0, 0, 0])
        row[0] += 1
        row[1] += dates > 0
        row[2] += numbers > 0
    for key, (n, dated, counted) in sorted(clean.items()):
        print(json.dumps({"correct translations": key, "pairs": n, "date flagged": dated,
                          "number flagged": counted}, ensure_ascii=False))
    found: dict[str, list[int]] = {}
    for k, (iso, sent) in enumerate(zip(cues["dates"], cues["sentences"], strict=True)):
        for x, y in ((x, y) for x in LANGS for y in LANGS if x != y):
            for how in ("day", "month", "year"):
                source = sent[x].format(date=_written_date(iso, x, k, cues))
                copy = sent[y].format(date=_written_date(_changed(iso, how), y, k, cues))
                dates, _ = _flags(source, copy)
                for key in (f"{how} changed, copy in {y}", f"{how} changed, all"):
                    row = found.setdefault(key, [0, 0])
                    row[0] += 1
                    row[1] += dates > 0
    for key, (n, hit) in sorted(found.items()):
        print(json.dumps({"planted": key, "pairs": n, "found": hit,
                          "recall": round(hit / n, 3)}, ensure_ascii=False))
    print(json.dumps({"seconds": round(time.perf_counter() - start, 1)}))


def rewrites_benchmark() -> None:
    """Same-language rewrites (Turkish and Kurmanji written for this, Arabic and Sorani
    from rewrites.json) found by compare, and unrelated pairs of one language (two
    stories, or a rewrite and another story) called derived, paragraph by paragraph."""
    import provcheck
    from provcheck.models import DERIVED_RELATIONS

    stories = _load("stories.json")
    rewrites = _load("rewrites.json") + _load("rewrites_latin.json")
    start = time.perf_counter()
    for lang in ("tr", "kmr", "ar", "ckb"):
        docs = {s["id"]: provcheck.normalize(s[lang]) for s in stories}
        mine = {r["id"]: provcheck.normalize(r["text"]) for r in rewrites if r["lang"] == lang}
        found = [provcheck.compare(docs[i], d).relation for i, d in mine.items()]
        ids = sorted(docs)
        others = [(docs[i], docs[j]) for n, i in enumerate(ids) for j in ids[n + 1:]]
        others += [(d, docs[j]) for i, d in mine.items() for j in ids if j != i]
        wrong = [provcheck.compare(x, y).relation for x, y in others]
        hit = sum(r in DERIVED_RELATIONS for r in found)
        bad = sum(r in DERIVED_RELATIONS for r in wrong)
        print(json.dumps({
            "language": lang, "rewrites": len(found), "found": hit,
            "recall": round(hit / max(1, len(found)), 3), "relations": found,
            "unrelated_pairs": len(wrong), "called_derived": bad,
            "false_rate": round(bad / len(wrong), 3),
            "precision": round(hit / max(1, hit + bad), 3),
            "seconds": round(time.perf_counter() - start, 1)}))


def _cases() -> dict[str, list[tuple[str, str, str]]]:
    """(text, declared tag, true language) per case: whole paragraphs declared right
    and declared "en" by a page template; a headline-length opening (6 words); a
    paragraph that quotes the English version's first sentence at length."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    tags = {"en": "en-US", "ar": "ar", "ckb": "ku-Arab", "kmr": "ku", "tr": "tr-TR"}
    for story in _load("stories.json"):
        quote = story["en"].split(". ")[0]
        for lang in LANGS:
            text = story[lang]
            out.setdefault("paragraph, declared right", []).append((text, tags[lang], lang))
            out.setdefault("paragraph, a template's lang=en", []).append((text, "en", lang))
            out.setdefault("six words, declared right", []).append(
                (" ".join(text.split()[:6]), tags[lang], lang))
            out.setdefault("six words, a template's lang=en", []).append(
                (" ".join(text.split()[:6]), "en", lang))
            if lang != "en":
                mixed = f'{text.split(". ")[0]}: "{quote}."'
                out.setdefault("a long English quotation, declared right", []).append(
                    (mixed, tags[lang], lang))
    return out


def declared_benchmark() -> None:
    """The page's declared language against the rules alone: per case, texts named
    right by the rules alone and with the declared tag (identify_page)."""
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    from languages import catalog_pairs

    from provcheck.language.identify import identify, identify_page

    cases = _cases()
    locale_tag = {"ar": "ar", "ckb": "ckb", "kmr": "ku", "tr": "tr"}
    for lang, pairs in catalog_pairs().items():
        cases.setdefault("gettext messages, declared by their locale", []).extend(
            (tx, locale_tag[lang], lang) for _, tx in pairs)
    for name, rows in cases.items():
        alone = sum(identify(t) == want for t, _, want in rows)
        declared = sum(identify_page(t, tag) == want for t, tag, want in rows)
        print(json.dumps({"case": name, "texts": len(rows), "rules alone": alone,
                          "with the declared language": declared}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("names", help="one name across scripts: rules, anyascii, unidecode")
    sub.add_parser("direction", help="direction of translations from credits and dates")
    sub.add_parser("dates", help="dates read and changed across languages")
    sub.add_parser("rewrites", help="Turkish and Kurmanji same-language rewrites")
    sub.add_parser("declared", help="a page's declared language against the rules alone")
    args = parser.parse_args(argv)
    if args.command == "declared":
        declared_benchmark()
    elif args.command == "rewrites":
        rewrites_benchmark()
    elif args.command == "dates":
        dates_benchmark()
    elif args.command == "names":
        names_benchmark()
    elif args.command == "direction":
        direction_benchmark()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
