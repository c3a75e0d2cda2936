"""JSON: the stable machine format (``provcheck/schema/compare.schema.json`` and
``report.schema.json``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..models import Comparison, Document
from .registry import Renderer, register

if TYPE_CHECKING:
    from ..collection.records import Report


def _dump(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def comparison(c: Comparison, color: bool) -> str:
    return _dump(c.to_dict())


def document(d: Document) -> str:
    return _dump(d.to_dict(offsets=True))


def report(r: Report) -> str:
    return _dump(r.to_dict())


register(Renderer("json", comparison, document, report))
