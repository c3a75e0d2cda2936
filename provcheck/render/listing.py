"""The table of ``provcheck index list``: the documents an index holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from ..collection.rows import Held

#: The formats of the listing: a Markdown (GitHub) table, or JSON.
LISTING_FORMATS = ("md", "json")


def render_listing(held: Sequence[Held], fmt: str = "md") -> str:
    """The indexed documents as a table (``md``) or a JSON list (``json``), with a final
    newline."""
    if fmt == "json":
        rows = [{"id": h.id, "path": h.path, "hash": h.hash, "title": h.title,
                 "date": h.date, "outlet": h.outlet} for h in held]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt != "md":
        raise UsageError(
            f"unknown format {fmt!r}; choose one of {', '.join(LISTING_FORMATS)}"
        )
    from tabulate import tabulate

    table = tabulate([[f"#{h.id}", h.path, h.outlet or "", h.date or "", (h.title or "")[:60]]
                      for h in held],
                     headers=["id", "path", "outlet", "date", "title"], tablefmt="github")
    return f"{table}\n"
