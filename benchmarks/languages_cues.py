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


def names_benchmark() -> None:
    """Pairs of one name in two scripts found (recall), pairs of two names called one
    (false matches among all cross pairs: precision)."""
    pairs = [tuple(p) for p in _load("names.json")["pairs"]]
    for label, key in _spellers():
        start = time.perf_counter()
        found = [key(latin) == key(arabic) and bool(key(latin)) for latin, arabic in pairs]
        wrong = [(pairs[i][0], pairs[j][1]) for i in range(len(pairs))
                 for j in range(len(pairs)) if not _one_name(pairs[i], pairs[j])
                 and key(pairs[i][0]) == key(pairs[j][1]) != ""]
        missed = [p for p, ok in zip(pairs, found, strict=True) if not ok]
        print(json.dumps({
            "speller": label, "pairs": len(pairs), "found": sum(found),
            "recall": round(sum(found) / len(pairs), 3),
            "false_matches": len(wrong),
            "cross_pairs": sum(not _one_name(p, q) for p in pairs for q in pairs),
            "precision": round(sum(found) / max(1, sum(found) + len(wrong)), 3),
            "missed": missed, "false": wrong[:12],
            "ms": round(1000 * (time.perf_counter() - start), 1)}, ensure_ascii=False))


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


def direction_benchmark() -> None:
    """Direction of translated pairs from credits and dates (verdict.crosslingual.
    direction), each pair read both ways round: right, wrong, unknown per scenario and
    per language the copy is written in."""
    from provcheck.verdict.crosslingual import direction

    tally: dict[tuple[str, str], dict[str, int]] = {}
    start = time.perf_counter()
    pairs = _direction_pairs()
    for scenario, _src, dst, source, copy in pairs:
        for a, b, way in ((source, copy, "a->b"), (copy, source, "b->a")):
            got, _ = direction(a, b)
            want = "unknown" if scenario.startswith("no evidence") else way
            verdict = "right" if got == want else "unknown" if got == "unknown" else "wrong"
            group = "none" if scenario.startswith("no") else "evidence"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("names", help="one name across scripts: rules, anyascii, unidecode")
    sub.add_parser("direction", help="direction of translations from credits and dates")
    args = parser.parse_args(argv)
    if args.command == "names":
        names_benchmark()
    elif args.command == "direction":
        direction_benchmark()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
