"""Loaders for the labelled dev data in ../shared/eval (never copied into the repo)."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("PROVCHECK_EVAL", ROOT.parent / "shared" / "eval"))
DEV = EVAL / "dev"

#: Clough & Stevenson category -> provcheck relation expected.
CS_EXPECTED = {"cut": "reprint", "light": "edited", "heavy": "rewrite", "non": "not derived"}


def available() -> bool:
    return DEV.is_dir()


def run_in_temp(prefix: str, run: Callable[[Path], dict[str, Any]],
                json_out: Path | None) -> int:
    """A benchmark's run in a temporary folder (removed after): its figures printed as
    JSON, and written to ``json_out`` too when given; skipped when the dev data is
    absent. The exit status of the benchmark's ``main``."""
    if not available():
        print(f"skipped: {DEV} is absent")
        return 0
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        res = run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(res, indent=2)
    print(text)
    if json_out:
        json_out.write_text(text + "\n", encoding="utf-8")
    return 0


@dataclass(frozen=True)
class CSItem:
    file: str
    source: str
    category: str
    task: str


def clough_stevenson() -> list[CSItem]:
    folder = DEV / "clough-stevenson"
    with (folder / "labels.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        CSItem(r["file"], r["source"], r["category"], r["source"].split("_")[-1][:-4])
        for r in rows
    ]


def cs_path(name: str) -> Path:
    return DEV / "clough-stevenson" / name


@dataclass(frozen=True)
class MSRPPair:
    label: int
    a: str
    b: str


def msrp() -> list[MSRPPair]:
    path = DEV / "msrp" / "msr_paraphrase_train.txt"
    out = []
    with path.open(encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) >= 5:
                out.append(MSRPPair(int(row[0]), row[3], row[4]))
    return out


def extraction_pages() -> list[tuple[str, bytes, str]]:
    """``(id, gzipped html bytes, true article body)`` for each dev page."""
    folder = DEV / "article-extraction"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for pid, item in sorted(truth.items()):
        path = folder / "html" / f"{pid}.html.gz"
        if path.exists():
            out.append((pid, path.read_bytes(), item["articleBody"]))
    return out


def gunzip(data: bytes) -> bytes:
    return gzip.decompress(data)
