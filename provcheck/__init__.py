"""provcheck: where a news article came from.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    IndexStoreError,
    InputError,
    InputTooLargeError,
    MissingInputError,
    ProvcheckError,
    UsageError,
)
from .models import (
    SCHEMA_VERSION,
    Alignment,
    Comparison,
    DiffPiece,
    Document,
    Paragraph,
    Verdict,
)
from .normalize import normalize

__version__ = "0.1.0"

import typing as _typing

if _typing.TYPE_CHECKING:
    from .pipeline import compare


def __getattr__(name: str) -> object:
    # compare imports numpy and the aligner: load it on first use, so that
    # `provcheck --version` and the CLI's parsing stay quick
    if name == "compare":
        from .pipeline import compare

        return compare
    raise AttributeError(f"module 'provcheck' has no attribute {name!r}")

__all__ = [
    "SCHEMA_VERSION",
    "Alignment",
    "BinaryInputError",
    "Comparison",
    "DecodeError",
    "DiffPiece",
    "Document",
    "EmptyInputError",
    "IndexStoreError",
    "InputError",
    "InputTooLargeError",
    "MissingInputError",
    "Paragraph",
    "ProvcheckError",
    "UsageError",
    "Verdict",
    "__version__",
    "compare",
    "normalize",
]
