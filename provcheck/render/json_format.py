"""JSON: the stable machine format (see ``provcheck/schema/compare.schema.json``)."""

from __future__ import annotations

import json

from ..models import Comparison, Document
from . import Renderer, register


def _dump(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def comparison(c: Comparison, color: bool) -> str:
    return _dump(c.to_dict())


def document(d: Document) -> str:
    return _dump(d.to_dict(offsets=True))


register(Renderer("json", comparison, document))
