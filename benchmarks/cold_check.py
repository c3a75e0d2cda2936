"""Where a fresh ``provcheck check`` process spends its time, step by step.

    python benchmarks/scale.py --n 100000 --workers 2 --keep /tmp/keep100k
    python benchmarks/cold_check.py /tmp/keep100k/queries/c3.txt /tmp/keep100k/index.db

Run it as a new process each time (that is the point): it times the imports, the
model, opening the index, loading the vectors, and the check itself.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
T0 = time.perf_counter()
_last = [T0]


def mark(label: str) -> None:
    now = time.perf_counter()
    print(f"{label:28s} {1000 * (now - _last[0]):7.1f} ms")
    _last[0] = now


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    import numpy  # noqa: F401

    mark("numpy")
    import typer  # noqa: F401

    mark("typer")
    from provcheck.cli import app  # noqa: F401

    mark("provcheck.cli")
    from provcheck.check import check_document

    mark("check module")
    from provcheck.similarity import default_embedder

    embedder = default_embedder()
    mark("embedder")
    from provcheck.index import open_index

    index = open_index(sys.argv[2], create=False)
    mark("open index")
    index._vector_matrix()
    mark("vector matrix")
    from pathlib import Path

    from provcheck.normalize import normalize

    doc = normalize(Path(sys.argv[1]), label=sys.argv[1])
    mark("normalize")
    result = check_document(index, doc, embedder=embedder)
    mark(f"check ({result.status}, {len(result.findings)} findings)")
    print(f"{'total':28s} {1000 * (time.perf_counter() - T0):7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
