"""Candidate search in the index: the documents a new article is compared with."""

from __future__ import annotations

from pathlib import Path

from provcheck.collection.index import open_index
from provcheck.ingest.normalize import normalize
from provcheck.verdict.similarity import default_embedder
from tests.conftest import seed


def test_vector_candidates_find_the_rewrite(db: Path) -> None:
    with open_index(db) as index:
        cands = index.candidates(normalize(seed("000")), default_embedder())
        names = {Path(index.held(c.id).path).name[:3]: c for c in cands}
    assert names["001"].lexical > 0 and names["001"].semantic is not None
