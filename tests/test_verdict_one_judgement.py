"""One judgement whichever command asks: ``compare A B`` and ``scan`` of an index holding
both give the same relation for the pair (property test over generated copies)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from provcheck.ingest.normalize import normalize
from provcheck.models import DERIVED_RELATIONS
from provcheck.pipeline import compare
from provcheck.verdict.settings import Settings
from tests.test_verdict_union import _BODIES, ARTICLE

#: Sentences of the written court story (wire takes and a newspaper's own lines).
SENTENCES = [s.strip().rstrip(".") + "." for text in (*_BODIES, ARTICLE.split("\n\n")[1])
             for s in text.split(". ") if len(s.split()) >= 6]
OWN = (
    "Court officials said the public gallery was full for most of the afternoon.",
    "The judge warned jurors not to read about the case online during the trial.",
    "Outside, a small group of protesters held placards about charity governance.",
    "A spokesman for the county council declined to comment on the proceedings.",
    "Local businesses have raised money to repaint the bridge railings this summer.",
)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A source of some of the story's sentences, and a copy: some of them kept (words
    dropped here and there), the order shuffled a little, lines of its own added."""
    idx = draw(st.lists(st.sampled_from(range(len(SENTENCES))), min_size=4, max_size=9,
                        unique=True))
    source = [SENTENCES[i] for i in idx]
    kept = [s for s in source if draw(st.booleans()) or s is source[0]]
    copy = []
    for s in kept:
        ws = s.split()
        if draw(st.booleans()) and len(ws) > 8:
            del ws[draw(st.integers(1, len(ws) - 2))]
        copy.append(" ".join(ws))
    if draw(st.booleans()):
        copy.reverse()
    copy += draw(st.lists(st.sampled_from(OWN), max_size=3, unique=True))
    return "\n\n".join(source), "\n\n".join(copy)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(pair=pairs())
def test_compare_and_scan_judge_a_pair_alike(pair: tuple[str, str], tmp_path: Path) -> None:
    run = Settings.of(fast=False)
    folder = tmp_path / str(abs(hash(pair)))
    folder.mkdir()
    files = []
    for name, text in zip(("a.txt", "b.txt"), pair, strict=True):
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    db = folder / "i.db"
    with open_index(db) as index:
        added = [index.add(normalize(f), run.embedder) for f in files]
    scan(db, settings=run)
    with open_index(db, create=False) as index:
        stored = {(a, b): rel for a, b, rel, _, _ in index.pairs()}
    ids = [r.id for r in added]
    if ids[0] == ids[1]:
        return  # the same text twice: one document
    by_scan = stored.get((min(ids), max(ids)), "unrelated")
    older, newer = files if ids[0] < ids[1] else files[::-1]
    by_compare = compare(normalize(older), normalize(newer), settings=run,
                         facts=False).relation
    event(f"scan: {by_scan}")
    if by_scan in DERIVED_RELATIONS or by_compare in DERIVED_RELATIONS:
        assert by_scan == by_compare
    else:  # not derived either way (an unrelated pair is not stored by the scan)
        assert by_scan in ("related", "unrelated")
