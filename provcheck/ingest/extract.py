"""HTML page -> main-content paragraphs and page metadata, through trafilatura.

The configuration is the one measured best on the article-extraction dev set
(``benchmarks/extraction_options.py``, ``docs/extraction-options.md``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree

# trafilatura logs extraction trouble at WARNING; provcheck reports its own errors.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

#: Keyword arguments given to ``trafilatura.extract``.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,  # the default (True) pulls reader comments into the article
    "favor_precision": True,  # +0.017 F1 over the defaults on the dev set
    "include_tables": True,  # tables can be article text (sports standings, results)
    "deduplicate": False,  # its cache persists across calls: results would depend on history
    # htmldate's date is reported as ``date`` but is no publication date for provcheck
    # (normalize takes the one the page states, provcheck.ingest.pagemeta): its free-text
    # search, which guesses a date from "in 2014" in the body, is not worth its time
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}


def _text_with_breaks(el: etree._Element) -> str:
    """Text of an element, with each ``<lb/>`` as a line break."""
    parts: list[str] = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else _text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _xml_paragraphs(xml: str) -> list[tuple[str, str]]:
    """``(tag, text)`` blocks of trafilatura's XML body, a ``<lb/>`` starting a new one."""
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        main = root
    out: list[tuple[str, str]] = []
    for el in main.iter():
        if el.tag in {"p", "head", "item", "quote"}:
            # a <p> inside a <quote> or <list> is taken once, at its innermost level
            if any(child.tag in {"p", "item", "list"} for child in el):
                continue
            for line in _text_with_breaks(el).split("\n"):
                text = " ".join(line.split())
                if text:
                    out.append((str(el.tag), text))
        elif el.tag == "row":
            cells = [" ".join("".join(c.itertext()).split()) for c in el]
            text = " | ".join(c for c in cells if c)
            if text:
                out.append(("row", text))
    return out


def _same_words(a: str, b: str) -> bool:
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    return bool(wa) and wa == wb


def extract(html: str) -> tuple[list[str], dict[str, str | None]]:
    """Return the article's paragraphs and ``{title, date, outlet, author, url}``.

    ``date`` is htmldate's (through trafilatura), which may still come from the body
    text: :func:`provcheck.ingest.normalize.normalize` does not take it as the
    publication date, only the date the page states
    (:func:`provcheck.ingest.pagemeta.page_meta`)."""
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
        blocks = _xml_paragraphs(xml)
        # the page's own headline often opens the body as <head>: it is metadata
        title = meta.get("title") or ""
        if blocks and blocks[0][0] == "head" and title and _same_words(blocks[0][1], title):
            blocks = blocks[1:]
        paragraphs = [text for _, text in blocks]
    return paragraphs, meta
