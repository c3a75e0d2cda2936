"""provcheck: where a news article came from.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

import typing as _typing

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
    from .pipeline import compare


def __getattr__(name: str) -> object:
    # compare imports numpy and the aligner: load it on first use, so that
    # `provcheck --version` and the CLI's parsing stay quick
    if name == "compare":
        from .pipeline import compare

        return compare
    if name == "report":
        from .collection.report import report

        return report
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
    "normalize",
    "report",
]
