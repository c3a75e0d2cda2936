"""URL -> bytes -> Document: fetch a web page with httpx, within limits.

Only ``http`` and ``https``. Each fetch has a connect timeout and a total one (for the
whole fetch: redirects, retries and the body), at most 5 redirects (a loop is named as
one), a body cap (:data:`provcheck.normalize.MAX_INPUT_BYTES`, counted while the body
streams in, after gzip or deflate decoding), HTML or text content types only, and a
small retry with backoff on 429 and 503 that honours ``Retry-After`` (bounded). Bodies
may come gzip, deflate or brotli encoded (brotli through the ``brotli`` package).
Every page fetched may be kept as a WARC snapshot and replayed offline
(:class:`FetchOptions` ``snapshots`` and ``offline``; :mod:`provcheck.snapshot`).

The charset is the HTTP header's, then the document's own (``<meta charset>``, the
``http-equiv`` form, or an XML declaration), then detection as for files
(:func:`provcheck.normalize.decode`); a declared charset that does not decode the bytes
is passed over. A user name and password in a URL are sent (basic auth) but never
shown: every URL in a message or a result has them stripped (:func:`redact`).

Every failure raises a :class:`~provcheck.errors.FetchError` (exit 3) whose one-line
message starts with the URL. A list of URLs (:func:`fetch_documents`) is fetched
:data:`FETCH_WORKERS` at a time, each failure kept in its place so the rest go on.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import (
    FetchError,
    FetchStatusError,
    FetchTimeoutError,
    FetchTooLargeError,
    FetchTypeError,
    InputError,
    UnsupportedURLError,
)
from ..models import Fetched
from ..version import __version__
from .decode import decode
from .normalize import MAX_INPUT_BYTES, normalize_text

if TYPE_CHECKING:
    import httpx

    from ..models import Document

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")
_HTTP = re.compile(r"^https?://", re.I)

#: Content types read as articles; anything else is refused by name before the body
#: is read. A response with no Content-Type is sniffed like a file.
_ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_KNOWN_TYPES = {
    "application/pdf": "a PDF document",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        "a Word document (.docx)",
    "application/zip": "a zip archive",
    "application/json": "JSON data",
    "application/octet-stream": "binary data",
}
_RETRY_STATUSES = (429, 503)


def _accept_encoding() -> str:
    """gzip and deflate always; brotli when a decoder for it is installed (``brotli``,
    a dependency, or ``brotlicffi``): httpx decodes ``br`` only with one of them."""
    from importlib.util import find_spec

    if any(find_spec(module) for module in ("brotli", "brotlicffi")):
        return "gzip, deflate, br"
    return "gzip, deflate"


_ACCEPT_ENCODING = _accept_encoding()

#: Pages fetched at once for a list of URLs (:func:`fetch_documents`): a bound on the
#: connections opened to the sites, not a tuned number.
FETCH_WORKERS = 4


@dataclass(frozen=True)
class FetchOptions:
    """How :func:`fetch` behaves; the defaults are what the CLI uses."""

    connect_timeout: float = 10.0
    """Seconds to open the connection."""
    timeout: float = 30.0
    """Seconds for the whole fetch: redirects, retries and the body."""
    max_redirects: int = 5
    retries: int = 2
    """Further tries after a 429 or 503."""
    backoff: float = 0.5
    """Seconds before the first retry, doubled each time, when no ``Retry-After``."""
    max_retry_wait: float = 10.0
    """Longest wait before a retry, whatever ``Retry-After`` asks."""
    max_bytes: int | None = None
    """Body cap in bytes; None: the input size limit (``MAX_INPUT_BYTES``, 20 MiB)."""
    user_agent: str = f"provcheck/{__version__}"
    snapshots: str | None = None
    """Folder where every fetched page is kept as a WARC file
    (:mod:`provcheck.snapshot`); None keeps nothing."""
    offline: bool = False
    """Fetch nothing: replay each URL from its latest snapshot in :attr:`snapshots`."""
    guard: Callable[[str], None] | None = None
    """Called with every URL before it is requested (the first and each redirect's);
    raises a :class:`FetchError` to refuse it (``provcheck serve``'s address guard)."""


def is_url(arg: str) -> bool:
    """True for an argument that is meant as a URL (``scheme://...``)."""
    return bool(_URL.match(arg))


def redact(text: str) -> str:
    """Strip ``user:password@`` from every URL in ``text``."""
    return _USERINFO.sub(r"\1", text)


def _header_charset(content_type: str) -> str | None:
    m = re.search(r";\s*charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return m[1] if m else None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")


def document_charset(body: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB (``<meta>`` or XML declaration)."""
    head = body[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m[1].decode("ascii") if m else None


def _web_label(charset: str) -> str:
    """WHATWG: pages labelled latin-1 or ASCII are read as windows-1252."""
    low = charset.strip().lower()
    if low in {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}:
        return "cp1252"
    return low


def _retry_after(value: str | None, attempt: int, options: FetchOptions) -> float:
    wait = options.backoff * 2**attempt
    if value:
        value = value.strip()
        if value.isdigit():
            wait = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None and when.tzinfo is not None:
                wait = (when - datetime.now(UTC)).total_seconds()
    return float(min(max(wait, 0.0), options.max_retry_wait))


def _check_type(url: str, content_type: str) -> None:
    if not content_type or content_type in _ALLOWED_TYPES or content_type.startswith("text/"):
        return
    what = _KNOWN_TYPES.get(content_type)
    if what is None:
        what = "an image" if content_type.startswith("image/") else "not a web page"
    raise FetchTypeError(url, f"{what} ({content_type}): provcheck reads HTML or text pages")


def fetch(url: str, *, options: FetchOptions | None = None) -> Fetched:
    """Fetch ``url`` (http or https) within ``options``' limits; see the module doc."""
    import httpx

    options = options or FetchOptions()
    shown = redact(url)
    if not _HTTP.match(url):
        scheme = url.split(":", 1)[0] if ":" in url else ""
        why = f"{scheme}:// URLs are not fetched" if scheme else "not a URL"
        raise UnsupportedURLError(shown, f"{why}; provcheck fetches http and https only")
    cap = options.max_bytes if options.max_bytes is not None else MAX_INPUT_BYTES
    deadline = time.monotonic() + options.timeout
    timeout = httpx.Timeout(options.timeout, connect=options.connect_timeout)
    headers = {"User-Agent": options.user_agent, "Accept-Encoding": _ACCEPT_ENCODING,
               "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            return _fetch(client, url, shown, options, cap, deadline)
    except FetchError:
        raise
    except httpx.InvalidURL as exc:
        raise UnsupportedURLError(shown, f"not a valid URL ({redact(str(exc))})") from None
    except httpx.TimeoutException:
        raise FetchTimeoutError(shown, _timed_out(options)) from None
    except httpx.ConnectError as exc:
        raise FetchError(shown, f"cannot connect ({_why(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(shown, f"fetch failed ({_why(exc)})") from None


def _timed_out(options: FetchOptions) -> str:
    return f"timed out (connect {options.connect_timeout:g} s, total {options.timeout:g} s)"


def _why(exc: Exception) -> str:
    text = redact(str(exc)).strip() or type(exc).__name__
    return text.splitlines()[0]


def _fetch(client: httpx.Client, url: str, shown: str, options: FetchOptions, cap: int,
           deadline: float) -> Fetched:
    import httpx

    request = client.build_request("GET", url)
    seen = {str(request.url)}
    redirects = 0
    attempt = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchTimeoutError(shown, _timed_out(options))
        if options.guard is not None:
            options.guard(str(request.url))
        response = client.send(request, stream=True)
        try:
            if response.has_redirect_location:
                nxt = response.next_request
                if nxt is None:  # pragma: no cover - has_redirect_location implies one
                    raise FetchError(shown, "a redirect without a usable Location")
                target = str(nxt.url)
                if nxt.url.scheme not in {"http", "https"}:
                    raise UnsupportedURLError(
                        shown, f"redirected to {redact(target)}: provcheck fetches http "
                        "and https only")
                if target in seen:
                    raise FetchError(shown, f"a redirect loop (back to {redact(target)})")
                redirects += 1
                if redirects > options.max_redirects:
                    raise FetchError(shown, f"more than {options.max_redirects} redirects")
                seen.add(target)
                request = nxt
                continue
            if response.status_code in _RETRY_STATUSES and attempt < options.retries:
                wait = _retry_after(response.headers.get("Retry-After"), attempt, options)
                if time.monotonic() + wait < deadline:
                    attempt += 1
                    time.sleep(wait)
                    continue
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchStatusError(shown, f"HTTP {response.status_code} {reason}",
                                       status=response.status_code)
            raw_type = response.headers.get("Content-Type", "")
            content_type = raw_type.split(";", 1)[0].strip().lower()
            _check_type(shown, content_type)
            length = response.headers.get("Content-Length", "")
            encoded = response.headers.get("Content-Encoding", "identity").lower()
            if length.isdigit() and int(length) > cap and encoded in {"", "identity"}:
                raise FetchTooLargeError(shown, _too_large(cap))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchTooLargeError(shown, _too_large(cap))
                if time.monotonic() > deadline:
                    raise FetchTimeoutError(shown, _timed_out(options))
                chunks.append(chunk)
            body = b"".join(chunks)
        except httpx.DecodingError as exc:
            raise FetchError(shown, f"corrupt {encoded} content ({_why(exc)})") from None
        finally:
            response.close()
        break
    final = redact(str(response.url))
    declared = [c for c in (_header_charset(raw_type), document_charset(body)) if c]
    _, charset = decode(body, shown, charsets=[_web_label(c) for c in declared])
    return Fetched(
        url=shown,
        final_url=final,
        status=response.status_code,
        headers=dict(response.headers.items()),
        fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        sha256=hashlib.sha256(body).hexdigest(),
        body=body,
        content_type=content_type,
        charset=charset,
    )


def _too_large(cap: int) -> str:
    size = f"{cap // 2**20} MiB" if cap >= 2**20 else f"{cap} bytes"
    return f"larger than the {size} limit"


def document(fetched: Fetched, snapshot: str | None = None) -> Document:
    """Normalise a fetched page; the Document's path is the URL asked for, its url the
    page's canonical URL when it names one, else the final URL; its ``fetched`` record
    says how it was obtained and where its snapshot is (``snapshot``)."""
    import dataclasses

    from ..models import Fetch

    doc = normalize_text(fetched.text(), label=fetched.url, encoding=fetched.charset)
    record = Fetch(url=fetched.url, final_url=fetched.final_url, status=fetched.status,
                   fetched_at=fetched.fetched_at, sha256=fetched.sha256, snapshot=snapshot)
    return dataclasses.replace(doc, url=doc.url or fetched.final_url, fetched=record)


def fetch_kept(url: str, *, options: FetchOptions | None = None) -> tuple[Fetched, str | None]:
    """Fetch ``url`` and keep its snapshot, or replay it offline, as ``options`` say:
    the page and its snapshot's path (None when snapshots are not kept)."""
    from .snapshot import SnapshotStore

    options = options or FetchOptions()
    store = SnapshotStore(options.snapshots) if options.snapshots else None
    if options.offline:
        shown = redact(url)
        if store is None:
            raise FetchError(shown, "offline, and no snapshot folder was named")
        found = store.find(shown)
        if found is None:
            raise FetchError(shown, f"offline, and no snapshot of it in {store.root}")
        return found[0], str(found[1])
    fetched = fetch(url, options=options)
    return fetched, str(store.save(fetched)) if store else None


def fetch_document(url: str, *, options: FetchOptions | None = None) -> Document:
    """:func:`fetch_kept`, then :func:`document`."""
    fetched, snapshot = fetch_kept(url, options=options)
    return document(fetched, snapshot)


def fetch_documents(
    urls: Sequence[str],
    *,
    options: FetchOptions | None = None,
    workers: int = FETCH_WORKERS,
    progress: Callable[[int, int], None] | None = None,
) -> list[Document | InputError]:
    """:func:`fetch_document` for each URL, ``workers`` at a time, in the order given:
    each one's Document, or the :class:`~provcheck.errors.InputError` (a
    :class:`~provcheck.errors.FetchError`, or why the page has no article) it failed
    with. ``progress(done, total)`` is called as fetches finish, in this thread."""
    from concurrent.futures import Future, ThreadPoolExecutor, as_completed

    out: list[Document | InputError | None] = [None] * len(urls)
    if not urls:
        return []
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls))),
                              thread_name_prefix="provcheck-fetch")
    try:
        futures: dict[Future[Document], int] = {
            pool.submit(fetch_document, url, options=options): k for k, url in enumerate(urls)}
        for done, future in enumerate(as_completed(futures), start=1):
            k = futures[future]
            try:
                out[k] = future.result()
            except InputError as exc:
                out[k] = exc
            if progress:
                progress(done, len(urls))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [r for r in out if r is not None]


__all__ = ["FETCH_WORKERS", "FetchOptions", "Fetched", "document", "document_charset",
           "fetch", "fetch_document", "fetch_documents", "fetch_kept", "is_url", "redact"]
