"""How the index keeps a document: its identity, kept shingles, JSON form and table rows,
and which stored paths name a file as a person types it (:func:`paths_naming`)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Container, Sequence

from ..calibration import Calibration
from ..language.text import words
from ..models import Boilerplate, Document, Fetch, Paragraph
from .store import chunks
from .vectors import new_stamp


def _h64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big",
                          signed=True)


def content_hash(doc: Document) -> str:
    """SHA-256 of the canonical body: the document's identity in the index."""
    return hashlib.sha256(doc.body.encode("utf-8")).hexdigest()


def kept_shingles(doc: Document, cal: Calibration) -> list[int]:
    """The document's kept word n-gram hashes (sorted, distinct).

    With the index's ``shingle_n`` and ``shingle_mod``: the postings stored in an index
    and the queries against it must be cut the same way.
    """
    n, mod = cal.shingle_n, cal.shingle_mod
    ws = words(doc.body)
    grams = {" ".join(ws[i : i + n]) for i in range(max(0, len(ws) - n + 1))}
    if not grams and ws:
        grams = {" ".join(ws)}
    return sorted(h for h in map(_h64, grams) if h % mod == 0)


def text_grams(doc: Document, cal: Calibration) -> list[int]:
    """The document's kept word 3-gram keys (sorted, distinct): stable 64-bit keys of
    every word 3-gram of the body, one in ``gram_mod`` kept (by key, the same 3-grams
    in every document), the unit the scan's shared-text candidates count
    (:mod:`provcheck.collection.candidates`). Stored in ``grams``, asked by ``check``."""
    ws = words(doc.body)
    grams = {" ".join(ws[i : i + 3]) for i in range(max(0, len(ws) - 2))}
    return sorted(h for h in map(_h64, grams) if h % cal.gram_mod == 0)


def insert_grams(db: sqlite3.Connection, doc_id: int, keys: Sequence[int]) -> None:
    """A document's kept 3-gram postings and their document counts, in the caller's
    transaction."""
    db.executemany("INSERT OR IGNORE INTO grams VALUES (?,?)", ((g, doc_id) for g in keys))
    db.executemany(
        "INSERT INTO gram_df VALUES (?,1) ON CONFLICT(gram) DO UPDATE SET n=n+1",
        ((g,) for g in keys))


def grams_filler(cal: Calibration) -> Callable[[sqlite3.Connection], None]:
    """What fills the 3-gram postings of every held document, cut as ``cal`` says, in
    an index written before the ``grams`` table (its first writer runs it, in a
    transaction: :func:`provcheck.collection.store.open_store`)."""

    def fill(db: sqlite3.Connection) -> None:
        for doc_id, text in db.execute("SELECT id, doc FROM documents ORDER BY id").fetchall():
            insert_grams(db, int(doc_id), text_grams(doc_from_json(text), cal))

    return fill


def gram_hits(db: sqlite3.Connection, keys: Sequence[int], max_df: int,
              skip: Container[int]) -> Counter[int]:
    """How many of ``keys`` (kept 3-grams) each held document (but those in ``skip``)
    shares, counting only 3-grams held by at most ``max_df`` documents."""
    hits: Counter[int] = Counter()
    for chunk in chunks(keys, 500):
        marks = ",".join("?" * len(chunk))
        for doc_id, n in db.execute(
            f"SELECT g.doc, COUNT(*) FROM grams g JOIN gram_df f ON f.gram = g.gram "
            f"WHERE g.gram IN ({marks}) AND f.n <= ? GROUP BY g.doc", (*chunk, max_df),
        ).fetchall():
            if doc_id not in skip:
                hits[doc_id] += n
    return hits


def gram_sizes(db: sqlite3.Connection, ids: Sequence[int]) -> dict[int, int]:
    """How many kept 3-grams each of the held documents ``ids`` has."""
    sizes: dict[int, int] = {}
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        sizes.update(db.execute(
            f"SELECT doc, COUNT(*) FROM grams WHERE doc IN ({marks}) GROUP BY doc", chunk,
        ).fetchall())
    return sizes


def paragraph_key(p: Paragraph) -> int:
    """A paragraph's key among its outlet's paragraphs (``outlet_paragraphs``)."""
    return _h64(p.canon)


def outlet_counts(db: sqlite3.Connection, outlet: str, keys: Sequence[int]) -> dict[int, int]:
    """How many indexed articles of ``outlet`` (lower case) hold each paragraph of
    ``keys`` (:func:`paragraph_key`); a paragraph none holds is left out."""
    found: dict[int, int] = {}
    for chunk in chunks(keys, 500):
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(
            f"SELECT para, n FROM outlet_paragraphs WHERE outlet=? AND para IN ({marks})",
            (outlet, *chunk)).fetchall())
    return found


def doc_to_json(doc: Document) -> str:
    """The document as the ``documents`` table keeps it (:func:`doc_from_json` reads it)."""
    data = {
        "path": doc.path, "title": doc.title, "date": doc.date, "outlet": doc.outlet,
        "author": doc.author, "url": doc.url, "dateline": doc.dateline,
        "format": doc.source_format, "encoding": doc.encoding,
        "paragraphs": [[p.id, p.text, p.canon, p.start, p.end] for p in doc.paragraphs],
        "boilerplate": [[b.text, b.reason] for b in doc.boilerplate],
        "modified": doc.modified,
        "fetched": doc.fetched.to_dict() if doc.fetched else None,
        "date_source": doc.date_source,
        "language": doc.language,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def doc_from_json(text: str) -> Document:
    """The document :func:`doc_to_json` wrote."""
    d = json.loads(text)
    return Document(
        path=d["path"], title=d["title"], date=d["date"], outlet=d["outlet"],
        author=d["author"], url=d["url"], dateline=d["dateline"],
        paragraphs=tuple(Paragraph(*p) for p in d["paragraphs"]),
        boilerplate=tuple(Boilerplate(*b) for b in d["boilerplate"]),
        source_format=d["format"], encoding=d["encoding"],
        modified=d.get("modified"),
        date_source=d.get("date_source"),
        language=d.get("language"),
        fetched=Fetch(**d["fetched"]) if d.get("fetched") else None,
    )


def now() -> float:
    """The time a document is added at: ``SOURCE_DATE_EPOCH`` (seconds since 1970, the
    reproducible-builds convention) when set, so that the same articles indexed twice
    give the same bytes; else the clock."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return float(fixed)
    return time.time()


def insert_document(db: sqlite3.Connection, doc: Document, content: str,
                    vec: bytes | None, cal: Calibration) -> int:
    """Write the rows of a document not held yet (its content hash ``content``, its
    vector as float16 bytes) and the version it is of its path (``versions``), in the
    caller's transaction; returns its id."""
    shingles = kept_shingles(doc, cal)
    added = now()
    cur = db.execute(
        "INSERT INTO documents (path, hash, title, date, outlet, added, doc) "
        "VALUES (?,?,?,?,?,?,?)",
        (doc.path or "", content, doc.title, doc.date, doc.outlet, added,
         doc_to_json(doc)),
    )
    doc_id = int(cur.lastrowid or 0)
    db.execute(  # numbered among the versions of its path or of its canonical URL
        "INSERT INTO versions SELECT ?, ?, ?, ?, COALESCE(MAX(n), 0) + 1 FROM versions "
        "WHERE path = ? OR url = ?", (doc.path or "", doc.url, content, added,
                                      doc.path or "", doc.url))
    db.executemany(
        "INSERT OR IGNORE INTO postings VALUES (?,?)", ((s, doc_id) for s in shingles)
    )
    db.executemany(
        "INSERT INTO shingle_df VALUES (?,1) ON CONFLICT(shingle) DO UPDATE SET n=n+1",
        ((s,) for s in shingles),
    )
    insert_grams(db, doc_id, text_grams(doc, cal))
    if vec is not None:
        db.execute("INSERT INTO vectors VALUES (?,?)", (doc_id, vec))
    if doc.outlet:
        db.executemany(
            "INSERT INTO outlet_paragraphs VALUES (?,?,1) "
            "ON CONFLICT(outlet, para) DO UPDATE SET n=n+1",
            ((doc.outlet.lower(), k) for k in {paragraph_key(p) for p in doc.paragraphs}),
        )
    return doc_id


def delete_document(db: sqlite3.Connection, doc_id: int) -> bool:
    """Delete a document and every row derived from it (its postings, shingle counts,
    3-grams, vector, outlet paragraphs, scan results), in the caller's transaction; returns
    whether it was held. Its ``versions`` rows stay: the history of its path."""
    r = db.execute("SELECT doc, outlet, hash FROM documents WHERE id=?",
                   (doc_id,)).fetchone()
    if r is None:
        return False
    doc = doc_from_json(r[0])
    shingles = [s for (s,) in db.execute(
        "SELECT shingle FROM postings WHERE doc=?", (doc_id,)).fetchall()]
    db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
    db.execute("DELETE FROM postings WHERE doc=?", (doc_id,))
    db.executemany(
        "UPDATE shingle_df SET n=n-1 WHERE shingle=?", ((s,) for s in shingles)
    )
    db.execute("DELETE FROM shingle_df WHERE n<=0")
    grams = [g for (g,) in db.execute("SELECT gram FROM grams WHERE doc=?", (doc_id,))]
    db.execute("DELETE FROM grams WHERE doc=?", (doc_id,))
    db.executemany("UPDATE gram_df SET n=n-1 WHERE gram=?", ((g,) for g in grams))
    db.execute("DELETE FROM gram_df WHERE n<=0")
    db.execute("DELETE FROM vectors WHERE doc=?", (doc_id,))
    new_stamp(db, f"-{r[2]}")
    if r[1]:
        db.executemany(
            "UPDATE outlet_paragraphs SET n=n-1 WHERE outlet=? AND para=?",
            ((r[1].lower(), k) for k in {paragraph_key(p) for p in doc.paragraphs}),
        )
        db.execute("DELETE FROM outlet_paragraphs WHERE n<=0")
    db.execute("DELETE FROM pairs WHERE a=? OR b=?", (doc_id, doc_id))
    db.execute("DELETE FROM scan_done WHERE doc=?", (doc_id,))
    return True


def lexical_hits(db: sqlite3.Connection, shingles: Sequence[int], max_df: int,
                 skip: Container[int]) -> Counter[int]:
    """How many of ``shingles`` each held document (but those in ``skip``) shares,
    counting only the shingles held by at most ``max_df`` documents."""
    hits: Counter[int] = Counter()
    for chunk in chunks(shingles, 500):
        marks = ",".join("?" * len(chunk))
        rare = [s for (s,) in db.execute(
            f"SELECT shingle FROM shingle_df WHERE shingle IN ({marks}) AND n<=?",
            (*chunk, max_df),
        ).fetchall()]
        if not rare:
            continue
        marks = ",".join("?" * len(rare))
        for doc_id, n in db.execute(
            f"SELECT doc, COUNT(*) FROM postings WHERE shingle IN ({marks}) GROUP BY doc",
            rare,
        ).fetchall():
            if doc_id not in skip:
                hits[doc_id] += n
    return hits


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def paths_naming(typed: str, stored: Sequence[str], base: str | os.PathLike[str] | None = None
                 ) -> list[int]:
    """The positions in ``stored`` (paths as indexed) of those that name the file
    ``typed`` names, however each was typed: ``x``, ``./x``, ``dir/../x``, an absolute
    path, relative to the current folder, or through a symbolic or hard link (compared
    as absolute paths with links resolved, then as the same file on disk). A stored
    relative path is read from the current folder and, with ``base`` (the index's
    folder), from there too: the folder it was added from is not recorded. A URL, or a
    stored path that is one, matches only as it is. What is stored is not changed."""
    if "://" in typed:
        return [k for k, s in enumerate(stored) if s == typed]
    bases = [""] if base is None else ["", os.fspath(base)]

    def real(p: str) -> str:
        return os.path.normcase(os.path.realpath(p))

    want = real(typed)
    names = {os.path.basename(typed), os.path.basename(want)}
    found = [k for k, s in enumerate(stored)
             if s == typed or (s and "://" not in s and os.path.basename(s) in names
                               and any(real(os.path.join(b, s)) == want for b in bases))]
    ident = None if found else _file_id(typed)
    if ident is not None:  # a link of another name to the same file: each path's stat
        found = [k for k, s in enumerate(stored) if s and "://" not in s
                 and any(_file_id(os.path.join(b, s)) == ident for b in bases)]
    return found
