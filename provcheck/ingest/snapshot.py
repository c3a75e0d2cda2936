"""Snapshots of fetched pages, kept as WARC files (ISO 28500, written with warcio).

Every page fetched from the command line is kept, so that a comparison or a report can
be reproduced, cited and replayed offline (``--offline``). A snapshot is one gzipped
WARC file per fetch, named ``<key>-<time>.warc.gz`` in the snapshot folder, where
``key`` is the first 16 hex digits of the SHA-256 of the URL asked for (credentials
stripped) and ``time`` the fetch time (``20261202T113000Z``); it holds two records:

* a ``response`` record for the URL that answered (after redirects): the HTTP status
  line and headers, and the body as received after content decoding (so
  ``Content-Encoding`` and ``Content-Length`` are left out of the stored headers);
* a ``metadata`` record for the URL asked for (``application/json``, concurrent to the
  response): ``url``, ``final_url``, ``status``, ``fetched_at``, ``sha256`` of the
  body, ``content_type`` and ``charset``.

Any WARC reader (warcio, pywb, the Internet Archive's tools) opens them. Replay takes
the latest snapshot of the URL asked for and checks the body against its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from ..errors import FetchError
from ..models import Fetched

#: Where the CLI keeps snapshots when ``--snapshots`` is not given: this variable, else
#: ``$XDG_CACHE_HOME/provcheck/snapshots`` (``~/.cache/provcheck/snapshots``).
SNAPSHOTS_ENV = "PROVCHECK_SNAPSHOTS"
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


def default_dir() -> Path:
    """The snapshot folder used when none is named (see :data:`SNAPSHOTS_ENV`)."""
    named = os.environ.get(SNAPSHOTS_ENV)
    if named:
        return Path(named)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "provcheck" / "snapshots"


def url_key(url: str) -> str:
    """The file-name key of a URL's snapshots."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class SnapshotStore:
    """A folder of WARC snapshots: :meth:`save` a fetched page, :meth:`find` it again."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def save(self, fetched: Fetched) -> Path:
        """Write ``fetched`` as a new WARC file; return its path."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FetchError(fetched.url, f"cannot keep its snapshot in {self.root} "
                             f"({exc.strerror or exc})") from None
        stamp = fetched.fetched_at.replace("-", "").replace(":", "")
        path = self.root / f"{url_key(fetched.url)}-{stamp}.warc.gz"
        headers = [(k, v) for k, v in fetched.headers.items()
                   if k.lower() not in _DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(fetched.body))))
        meta = {"url": fetched.url, "final_url": fetched.final_url, "status": fetched.status,
                "fetched_at": fetched.fetched_at, "sha256": fetched.sha256,
                "content_type": fetched.content_type, "charset": fetched.charset}
        tmp = path.with_suffix(".tmp")
        try:
            with tmp.open("wb") as out:
                writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
                status = f"{fetched.status} {_reason(fetched.status)}"
                response = writer.create_warc_record(
                    fetched.final_url, "response", payload=io.BytesIO(fetched.body),
                    http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                    warc_headers_dict={"WARC-Date": fetched.fetched_at})
                writer.write_record(response)
                record_id = response.rec_headers.get_header("WARC-Record-ID")
                body = json.dumps(meta, sort_keys=True).encode("utf-8")
                metadata = writer.create_warc_record(
                    fetched.url, "metadata", payload=io.BytesIO(body), length=len(body),
                    warc_content_type="application/json",
                    warc_headers_dict={"WARC-Date": fetched.fetched_at,
                                       "WARC-Concurrent-To": record_id})
                writer.write_record(metadata)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise FetchError(fetched.url, f"cannot keep its snapshot in {self.root} "
                             f"({exc.strerror or exc})") from None
        return path

    def paths(self, url: str) -> list[Path]:
        """Every snapshot of ``url`` (as asked for, credentials stripped), oldest first."""
        if not self.root.is_dir():
            return []
        return sorted(self.root.glob(f"{url_key(url)}-*.warc.gz"))

    def find(self, url: str) -> tuple[Fetched, Path] | None:
        """The latest snapshot of ``url`` and its path, or None when there is none."""
        for path in reversed(self.paths(url)):
            fetched = read(path)
            if fetched.url == url:
                return fetched, path
        return None


def read(path: Path) -> Fetched:
    """The fetched page a snapshot file holds (its body checked against its SHA-256)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    meta: dict[str, object] | None = None
    body = b""
    headers: dict[str, str] = {}
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, no_record_parse=False):
                if record.rec_type == "response":
                    body = record.content_stream().read()
                    if record.http_headers is not None:
                        headers = dict(record.http_headers.headers)
                elif record.rec_type == "metadata":
                    meta = json.loads(record.content_stream().read().decode("utf-8"))
    except (OSError, ValueError, ArchiveLoadFailed) as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        why = " ".join(lines[:2]).removeprefix("ERROR: ") or type(exc).__name__
        raise FetchError(str(path), f"unreadable snapshot ({why})") from None
    if meta is None:
        raise FetchError(str(path), "not a provcheck snapshot (no metadata record)")
    url = str(meta["url"])
    if hashlib.sha256(body).hexdigest() != meta["sha256"]:
        raise FetchError(url, f"snapshot {path} does not match its SHA-256")
    status = meta["status"]
    return Fetched(url=url, final_url=str(meta["final_url"]),
                   status=status if isinstance(status, int) else int(str(status)),
                   headers=headers, fetched_at=str(meta["fetched_at"]),
                   sha256=str(meta["sha256"]), body=body,
                   content_type=str(meta["content_type"]), charset=str(meta["charset"]))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "OK"


__all__ = ["SNAPSHOTS_ENV", "SnapshotStore", "default_dir", "read", "url_key"]
