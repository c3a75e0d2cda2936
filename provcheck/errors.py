"""Exceptions raised by provcheck.

Every error provcheck raises on purpose derives from one base, so callers can
catch ``ProvcheckError`` and be sure nothing else was swallowed::

    ProvcheckError                 base; carries ``exit_code`` for the CLI
    ├── UsageError                 bad options or arguments (exit 2); also a ValueError
    │   └── ScanSettingsError      resuming a scan under other settings (mode, model, ...)
    ├── ModelMissingError          the shipped embedding model is missing (exit 1)
    ├── IndexStoreError            no usable index (exit 4): missing, not a provcheck index,
    │                              damaged, locked too long; any SQLite error on an index
    └── InputError                 input that cannot be read as an article (exit 3)
        ├── MissingInputError      a path that names no readable file (also an OSError):
        │   ├── NoSuchFileError        no such file, an empty path (also FileNotFoundError)
        │   ├── FolderInputError       a folder where a file was due (also IsADirectoryError)
        │   └── InputPermissionError   not allowed to read it (also PermissionError)
        ├── InputTooLargeError     over the documented size limit
        ├── BinaryInputError       binary data, not text or HTML (a PDF, an office document,
        │                          an archive or an image is named)
        ├── DecodeError            bytes that no supported encoding decodes
        ├── EmptyInputError        empty text, or HTML with no article text
        └── FetchError             a URL that cannot be fetched: DNS, refused, TLS, a
            │                      redirect loop or too many redirects (``URL: reason``)
            ├── UnsupportedURLError    not http or https (file://, ftp://), or malformed
            ├── FetchTimeoutError      the connect or total timeout ran out
            ├── FetchStatusError       an HTTP error status (4xx, 5xx); ``status``
            ├── FetchTooLargeError     a body over the size limit (also InputTooLargeError)
            └── FetchTypeError         not an HTML or text page (also BinaryInputError)

"Not a reprint" is a result (``Verdict.relation``), never an exception. An input
error's message starts with the path it is about (``PATH: reason``);
:meth:`InputError.reason` gives the reason alone, for lists that show the path.
"""

from __future__ import annotations


class ProvcheckError(Exception):
    """Base of every error provcheck raises on purpose."""

    exit_code = 1


class UsageError(ProvcheckError, ValueError):
    """The caller asked for something that does not make sense (a ``ValueError`` too,
    as Python callers expect of a bad argument value)."""

    exit_code = 2


class ScanSettingsError(UsageError):
    """An index was scanned with other settings than this run's (exit 2)."""


class ModelMissingError(ProvcheckError):
    """The embedding model that ships in the package is not where it should be."""


class IndexStoreError(ProvcheckError):
    """The index database cannot be opened, is locked too long, or is not an index."""

    exit_code = 4


class InputError(ProvcheckError):
    """An input cannot be read as an article."""

    exit_code = 3

    def reason(self, path: str) -> str:
        """The message without the ``PATH: `` it starts with."""
        msg = str(self)
        return msg[len(path) + 2 :] if msg.startswith(f"{path}: ") else msg


class MissingInputError(InputError, OSError):
    """The path names no file that can be read (an ``OSError`` too)."""


class NoSuchFileError(MissingInputError, FileNotFoundError):
    """No file at that path (a ``FileNotFoundError`` too)."""


class FolderInputError(MissingInputError, IsADirectoryError):
    """A folder where a file was due (an ``IsADirectoryError`` too)."""


class InputPermissionError(MissingInputError, PermissionError):
    """The file cannot be read for lack of permission (a ``PermissionError`` too)."""


class InputTooLargeError(InputError):
    """The input is over the size limit (see ``provcheck.ingest.normalize.MAX_INPUT_BYTES``)."""


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""


class DecodeError(InputError):
    """No supported encoding decodes the input."""


class EmptyInputError(InputError):
    """The input holds no article text once boilerplate is removed."""


class FetchError(InputError):
    """A URL cannot be fetched (exit 3); the message is ``URL: reason``, the URL without
    credentials."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url


class UnsupportedURLError(FetchError):
    """A URL whose scheme is not http or https, or that is malformed."""


class FetchTimeoutError(FetchError):
    """The connect timeout or the total timeout of a fetch ran out."""


class FetchStatusError(FetchError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(self, url: str, reason: str, *, status: int) -> None:
        super().__init__(url, reason)
        self.status = status


class FetchTooLargeError(FetchError, InputTooLargeError):
    """A fetched body is over the size limit."""


class FetchTypeError(FetchError, BinaryInputError):
    """A fetched page is not HTML or text (a PDF, an image...)."""
