"""What ``provcheck serve`` runs with, and the settings it refuses to start under."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError


@dataclass(frozen=True)
class ServeConfig:
    """The server's settings; the defaults are the command's."""

    db: Path
    """The index the server reads (and, with a token, writes)."""
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    """The bearer token writes need (``--token-file``); None: the server is read-only."""
    allow_hosts: tuple[str, ...] = ()
    """Host names or addresses the address guard lets through (``--allow-host``)."""
    snapshots: str | None = None
    """Where fetched pages are kept as WARC files (None: not kept)."""
    fetch_timeout: float = 30.0
    """Seconds for a whole fetch, as the CLI's ``--timeout``."""
    workers: int = 4
    """Comparisons, checks and reports run at once (one reading thread each)."""
    queue: int = 32
    """Requests that wait for a worker; one more is answered 503. Bounds on memory and
    waiting, not tuned numbers."""
    request_timeout: float = 120.0
    """Seconds a request waits for its work before it is answered 504 (the work goes
    on and its result is kept, so a write is never half done)."""
    kept_results: int = 256
    """Results kept in memory for their shareable URLs (least recently used out)."""
    kept_bytes: int = 64 * 2**20
    """The most article text the kept results may hold between them (each kind: the
    comparisons, the checks, the reports); a bound on memory, not a tuned number."""
    fast: bool = False
    """Lexical evidence only, as the CLI's ``--fast`` (requests may ask for it too)."""

    @property
    def writes(self) -> bool:
        """Whether adding and removing documents is open (to holders of the token)."""
        return self.token is not None


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(path: Path, min_chars: int = 16) -> str:
    """The bearer token in the file at ``path`` (surrounding blanks stripped); a file
    that cannot be read, or holds fewer than ``min_chars`` characters (shorter ones are
    guessed), is a :class:`UsageError`."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"--token-file {path}: cannot be read ({why})") from None
    if len(token) < min_chars or any(c.isspace() for c in token):
        raise UsageError(f"--token-file {path}: a token of at least {min_chars} "
                         "characters, no blanks, is needed (for one: python3 -c "
                         "'import secrets; print(secrets.token_urlsafe(32))')")
    return token


def check_start(config: ServeConfig) -> None:
    """Refuse settings the server must not start under: a port out of range, no
    worker. (Writes are opened by a token only, whatever the host: there is no way to
    start a server that other machines reach with writes open to anyone.)"""
    if not 0 <= config.port <= 65535:
        raise UsageError(f"--port {config.port}: a port number from 0 to 65535")
    if config.workers < 1 or config.queue < 0:
        raise UsageError("--workers: at least 1")
