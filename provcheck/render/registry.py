"""The registry of output formats: a :class:`Renderer` per format name.

A format module registers itself with :func:`register` (``provcheck.render`` imports
them all); the CLI's ``--format`` choices are read from here (:func:`formats`), so a
new format is offered by every command that can render it, with nothing typed twice.
Format modules import this module, never the package, so no import cycle forms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..models import Comparison, Document

if TYPE_CHECKING:
    from ..collection.records import Report


@dataclass(frozen=True)
class Renderer:
    name: str
    comparison: Callable[[Comparison, bool], str]
    """``(comparison, color) -> text``."""
    document: Callable[[Document], str] | None = None
    report: Callable[[Report], str] | None = None


_REGISTRY: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    _REGISTRY[renderer.name] = renderer
    return renderer


def formats(*, documents: bool = False, reports: bool = False) -> list[str]:
    """Names of the registered formats, in the order they were registered (only those
    that render documents, or reports, when asked)."""
    return [
        n
        for n, r in _REGISTRY.items()
        if (not documents or r.document) and (not reports or r.report)
    ]


def get(name: str) -> Renderer:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(
            f"unknown format {name!r}; choose one of {', '.join(sorted(formats()))}"
        ) from None


def render(comparison: Comparison, fmt: str = "text", *, color: bool = False) -> str:
    """Render a comparison in the named format."""
    return get(fmt).comparison(comparison, color)


def render_document(document: Document, fmt: str = "text") -> str:
    """Render a normalised document in the named format."""
    r = get(fmt)
    if r.document is None:
        raise UsageError(f"format {fmt!r} does not render a single document")
    return r.document(document)


def render_report(report: Report, fmt: str = "md") -> str:
    """Render a collection's provenance report in the named format."""
    r = get(fmt)
    if r.report is None:
        raise UsageError(f"format {fmt!r} does not render a report")
    return r.report(report)
