"""What a news page states about itself: structured metadata read with beautifulsoup4.

Publishers state an article's dates, canonical address, site and author in markup meant
for machines: JSON-LD (``NewsArticle`` and its kin: ``datePublished``,
``dateModified``, ``author``, ``publisher``), OpenGraph and article meta tags
(``article:published_time``, ``article:modified_time``, ``og:updated_time``,
``og:site_name``, ``og:url``), ``itemprop`` microdata, ``<link rel="canonical">`` and
``<time datetime>``. :func:`page_meta` reads them, JSON-LD first (the publisher's most
deliberate statement), then meta tags, then microdata and ``<time>``.

The publication date a Document carries stays htmldate's (through trafilatura): it finds
a date on every dev page and agrees with this module's JSON-LD reading to the day or
within a day (``docs/page-dates.md``). This module supplies what htmldate does not:
the **modification** date, and the canonical URL, site name and author where trafilatura
finds none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_ISO = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage",
    "liveblogposting", "report",
})
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished",
                   "pubdate", "publishdate", "date", "dc.date.issued", "dcterms.created")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified",
                  "last-modified", "lastmod", "dcterms.modified")


@dataclass(frozen=True)
class PageMeta:
    """Metadata a page states about its article; ``None`` where it states nothing."""

    published: str | None = None
    """Publication date, ISO ``YYYY-MM-DD``."""
    modified: str | None = None
    """Last modification date, ISO ``YYYY-MM-DD``."""
    canonical: str | None = None
    site_name: str | None = None
    author: str | None = None


def iso_day(value: object) -> str | None:
    """The ``YYYY-MM-DD`` a date-time string starts with, or None."""
    if not isinstance(value, str):
        return None
    m = _ISO.search(value)
    if not m:
        return None
    year, month, day = m.groups()
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return None
    return f"{year}-{month}-{day}"


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for x in data:
            yield from _objects(x)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _objects(data[key])


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", ())
    names = [t] if isinstance(t, str) else t if isinstance(t, list) else []
    return {str(x).lower() for x in names}


def _name(value: Any) -> str | None:
    """A person's or organisation's name from a JSON-LD value (string, object or list)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _json_ld(soup: Any) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in _objects(data):
            if not _types(obj) & _ARTICLE_TYPES:
                continue
            for key, field in (("published", "datePublished"), ("modified", "dateModified")):
                if not found.get(key):
                    found[key] = iso_day(obj.get(field))
            if not found.get("author"):
                found["author"] = _name(obj.get("author"))
            if not found.get("site_name"):
                found["site_name"] = _name(obj.get("publisher"))
            url = obj.get("url")
            if not found.get("canonical") and isinstance(url, str) and url.startswith("http"):
                found["canonical"] = url
    return found


def page_meta(html: str) -> PageMeta:
    """Read a page's own statement of its dates, address, site and author."""
    from bs4 import BeautifulSoup
    from bs4.filter import SoupStrainer

    only = SoupStrainer(["script", "meta", "link", "time"])
    soup = BeautifulSoup(html, "lxml", parse_only=only)
    ld = _json_ld(soup)
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            metas.setdefault(key.strip().lower(), content.strip())

    def first(keys: tuple[str, ...]) -> str | None:
        for k in keys:
            day = iso_day(metas.get(k))
            if day:
                return day
        return None

    published = ld.get("published") or first(_PUBLISHED_META)
    if not published:
        for tag in soup.find_all("time"):
            if tag.get("itemprop") == "datePublished" or tag.get("pubdate") is not None:
                published = iso_day(tag.get("datetime"))
                if published:
                    break
    modified = ld.get("modified") or first(_MODIFIED_META)
    canonical = None
    for tag in soup.find_all("link"):
        rel: Any = tag.get("rel") or []
        rels = [rel] if isinstance(rel, str) else list(rel)
        if "canonical" in [str(r).lower() for r in rels] and tag.get("href"):
            canonical = str(tag["href"]).strip()
            break
    canonical = canonical or ld.get("canonical") or metas.get("og:url")
    site = ld.get("site_name") or metas.get("og:site_name") or metas.get("application-name")
    author = ld.get("author") or metas.get("author") or metas.get("article:author")
    if author and author.startswith("http"):
        author = None
    return PageMeta(published=published, modified=modified, canonical=canonical,
                    site_name=site, author=author)


__all__ = ["PageMeta", "iso_day", "page_meta"]
