"""provcheck: where a news article came from.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

import os as _os
import typing as _typing
from pathlib import Path as _Path

from .calibration import CALIBRATION, Calibration
from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FetchError,
    FetchStatusError,
    FetchTimeoutError,
    FetchTooLargeError,
    FetchTypeError,
    FolderInputError,
    IndexStoreError,
    InputError,
    InputPermissionError,
    InputTooLargeError,
    MissingInputError,
    ModelMissingError,
    NoSuchFileError,
    ProvcheckError,
    ScanSettingsError,
    UnsupportedURLError,
    UsageError,
)
from .ingest.normalize import normalize
from .models import (
    SCHEMA_VERSION,
    Alignment,
    Comparison,
    DiffPiece,
    Document,
    Paragraph,
    Verdict,
)
from .verdict.settings import Settings
from .version import __version__

if _typing.TYPE_CHECKING:
    from .collection.report import report
    from .ingest.fetch import fetch_document as from_url
    from .pipeline import compare


def from_file(path: str | _os.PathLike[str]) -> Document:
    """The article in the file at ``path`` (a ``str`` here names a file, never text):
    ``normalize(pathlib.Path(path))``. For a URL: :func:`from_url` (fetched within the
    CLI's limits: size, time, type)."""
    return normalize(_Path(path))


def __getattr__(name: str) -> object:
    # compare imports numpy and the aligner: load it on first use, so that
    # `provcheck --version` and the CLI's parsing stay quick
    if name == "compare":
        from .pipeline import compare

        return compare
    if name == "report":
        from .collection.report import report

        return report
    if name == "from_url":
        from .ingest.fetch import fetch_document

        return fetch_document
    raise AttributeError(f"module 'provcheck' has no attribute {name!r}")

__all__ = [
    "CALIBRATION",
    "SCHEMA_VERSION",
    "Alignment",
    "BinaryInputError",
    "Calibration",
    "Comparison",
    "DecodeError",
    "DiffPiece",
    "Document",
    "EmptyInputError",
    "FetchError",
    "FetchStatusError",
    "FetchTimeoutError",
    "FetchTooLargeError",
    "FetchTypeError",
    "FolderInputError",
    "IndexStoreError",
    "InputError",
    "InputPermissionError",
    "InputTooLargeError",
    "MissingInputError",
    "ModelMissingError",
    "NoSuchFileError",
    "Paragraph",
    "ProvcheckError",
    "ScanSettingsError",
    "Settings",
    "UnsupportedURLError",
    "UsageError",
    "Verdict",
    "__version__",
    "compare",
    "from_file",
    "from_url",
    "normalize",
    "report",
]
