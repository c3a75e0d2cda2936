"""What ``check`` and ``index add`` skip as not an article, measured.

    python benchmarks/not_articles.py            # dev articles and data files
    python benchmarks/not_articles.py --examples  # also name what was misjudged

Articles: every text of ../shared/eval/dev (METER's PA and newspaper texts, the
Clough & Stevenson answers and sources, the article-extraction pages), read as
``check`` reads them (normalised; the data test on the file as decoded). Data: the
files of the installed Python packages beside this interpreter (``site-packages``):
``.json``, ``.csv``, ``.tsv`` and code (``.py``, ``.js``, ``.c``, ``.h``, ``.sql``),
at most ``--per-kind`` of each, in sorted order. Prints, for the data detector
(:func:`provcheck.collection.articles.not_an_article`), the articles it skipped as
data (false positives: the precision) and the data files it caught (recall); and,
apart, the articles under the 8-word rule (the verdict's ``min_evidence_words``:
never derivable, skipped by rule, not by the detector).
"""

from __future__ import annotations

import argparse
import site
import sys
from collections import Counter
from pathlib import Path

from provcheck.collection.articles import not_an_article, raw_text
from provcheck.errors import InputError
from provcheck.ingest.normalize import normalize

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"
CODE = (".py", ".js", ".c", ".h", ".sql")


def _articles() -> list[Path]:
    meter = sorted((DEV / "meter").rglob("*.txt"))
    cs = sorted((DEV / "clough-stevenson").rglob("*.txt"))
    pages = sorted((DEV / "article-extraction" / "html").glob("*.html.gz"))
    return meter + cs + pages


def _data(per_kind: int) -> list[tuple[str, Path]]:
    roots = [Path(p) for p in site.getsitepackages()]
    found: dict[str, list[Path]] = {}
    for root in roots:
        for f in sorted(root.rglob("*")):
            kind = {".json": "json", ".csv": "csv", ".tsv": "csv"}.get(f.suffix)
            kind = kind or ("code" if f.suffix in CODE else None)
            if kind and f.is_file() and 200 < f.stat().st_size < 2_000_000:
                found.setdefault(kind, [])
                if len(found[kind]) < per_kind:
                    found[kind].append(f)
    return [(k, f) for k, fs in sorted(found.items()) for f in fs]


def _judge(path: Path) -> str | InputError | None:
    try:
        doc = normalize(path, label=str(path))
    except InputError as exc:
        return exc
    return not_an_article(doc, text=raw_text(doc))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--examples", action="store_true")
    args = ap.parse_args()
    if not DEV.is_dir():
        sys.exit(f"no evaluation data at {DEV}")
    short = data_fp = unread = 0
    wrong: list[str] = []
    arts = _articles()
    for f in arts:
        why = _judge(f)
        if isinstance(why, InputError):
            unread += 1
        elif why and why.startswith("too short"):
            short += 1
        elif why:
            data_fp += 1
            wrong.append(f"article skipped: {f.relative_to(DEV)}: {why}")
    caught: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for kind, f in _data(args.per_kind):
        why = _judge(f)
        if isinstance(why, InputError):
            continue  # empty or binary: refused before any judgement
        seen[kind] += 1
        if why and why.startswith("data"):
            caught[kind] += 1
        elif args.examples and len(wrong) < 60:
            wrong.append(f"data kept: {f}: {why}")
    judged = len(arts) - unread
    print("## Not an article: the data detector\n")
    print("| files | n | skipped as data |\n|---|---|---|")
    print(f"| dev articles (METER, C&S, article pages) | {judged} | {data_fp} "
          f"({data_fp / max(judged, 1):.1%}) |")
    for kind in sorted(seen):
        print(f"| data files: {kind} | {seen[kind]} | {caught[kind]} "
              f"({caught[kind] / seen[kind]:.1%}) |")
    total = sum(seen.values())
    hit = sum(caught.values())
    prec = hit / (hit + data_fp) if hit + data_fp else 1.0
    print(f"\nprecision {prec:.3f}, recall {hit / max(total, 1):.3f} "
          f"({hit} of {total} data files; {data_fp} articles skipped as data)")
    print(f"dev articles under the 8-word rule (skipped by rule): {short}; unreadable: {unread}")
    if args.examples:
        print("\n" + "\n".join(wrong))


if __name__ == "__main__":
    main()
