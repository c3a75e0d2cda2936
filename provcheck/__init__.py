"""provcheck: where a news article came from.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
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
from .pipeline import compare

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Alignment",
    "BinaryInputError",
    "Comparison",
    "DecodeError",
    "DiffPiece",
    "Document",
    "EmptyInputError",
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
