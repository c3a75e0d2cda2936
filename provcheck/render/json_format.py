"""JSON: the stable machine format (``provcheck/schema/compare.schema.json`` and
``report.schema.json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..models import Comparison, Document
from .finding import documents_by_id, of_comparison, of_edge
from .registry import Renderer, register

if TYPE_CHECKING:
    from ..collection.records import Report


def _dump(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """The compare JSON: :meth:`Comparison.to_dict` with the finding in words after the
    schema version and mode (schema 1.5; the wording is the renderers')."""
    d = c.to_dict()
    head = {k: d.pop(k) for k in ("schema_version", "mode")}
    return {**head, "finding": of_comparison(c), **d}


def comparison(c: Comparison, color: bool) -> str:
    return _dump(comparison_dict(c))


def document(d: Document) -> str:
    return _dump(d.to_dict(offsets=True))


def report(r: Report) -> str:
    d = r.to_dict()
    docs = documents_by_id(r)
    # each derivation with its finding in words (schema 1.5)
    d["edges"] = [{**x, "finding": of_edge(e, docs)} for x, e in zip(d["edges"], r.edges,
                                                                     strict=True)]
    return _dump(d)


register(Renderer("json", comparison, document, report))
