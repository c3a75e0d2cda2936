"""HTML page -> main-content paragraphs and page metadata, through trafilatura.

The configuration is the one measured best on the article-extraction dev set
(``benchmarks/extraction_options.py``, ``docs/extraction-options.md``).
"""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

# trafilatura logs extraction trouble at WARNING; provcheck reports its own errors.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

#: Keyword arguments given to ``trafilatura.extract``.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}


def _xml_paragraphs(xml: str) -> list[str]:
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(huge_tree=False))
    main = root.find("main")
    if main is None:
        main = root
    out: list[str] = []
    for el in main.iter():
        if el.tag in {"p", "head", "item", "quote"}:
            # a <p> inside a <quote> or <list> is taken once, at its innermost level
            if any(child.tag in {"p", "item", "list"} for child in el):
                continue
            text = " ".join("".join(el.itertext()).split())
            if text:
                out.append(text)
        elif el.tag == "row":
            cells = [" ".join("".join(c.itertext()).split()) for c in el]
            text = " | ".join(c for c in cells if c)
            if text:
                out.append(text)
    return out


def extract(html: str) -> tuple[list[str], dict[str, str | None]]:
    """Return the article's paragraphs and ``{title, date, outlet, author, url}``."""
    import trafilatura

    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, **TRAFILATURA_OPTIONS)
    paragraphs: list[str] = []
    meta: dict[str, str | None] = {}
    if xml:
        root = etree.fromstring(xml.encode("utf-8"))
        for key, attr in (
            ("title", "title"),
            ("date", "date"),
            ("outlet", "sitename"),
            ("author", "author"),
            ("url", "url"),
        ):
            value = root.get(attr)
            meta[key] = value or None
        paragraphs = _xml_paragraphs(xml)
    return paragraphs, meta
