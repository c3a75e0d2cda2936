"""What a news page states about itself: structured metadata read with beautifulsoup4.

Publishers state an article's dates, canonical address, site and author in markup meant
for machines: JSON-LD (``NewsArticle`` and its kin: ``datePublished``,
``dateModified``, ``author``, ``publisher``), OpenGraph and article meta tags
(``article:published_time``, ``article:modified_time``, ``og:updated_time``,
``og:site_name``, ``og:url``), ``itemprop`` microdata, ``<link rel="canonical">`` and
``<time datetime>``. :func:`page_meta` reads them, JSON-LD first (the publisher's most
deliberate statement), then meta tags, then microdata and ``<time>``.

The publication date a Document carries is the one the page **states**, and
:attr:`PageMeta.published_source` says where (:data:`DATE_SOURCES`): JSON-LD
``datePublished``, a publication meta tag, ``itemprop="datePublished"`` microdata, a
``<time>`` marked as the publication time, a date in the page's address, then the
weaker statements (another date meta tag, another JSON-LD object's
``datePublished``, a page element named for the date whose whole text is one). A date
found only in the body text (htmldate's free-text search, which trafilatura runs) is
never a publication date: "in 2014" in a rewrite's copy once made it the older
article (``docs/page-dates.md``). This module also supplies the **modification** date,
and the canonical URL, site name and author where trafilatura finds none.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..language.dates import numeric_date
from ..language.datewords import first_full_date
from ..language.lexicon import MONTH_NUMBER

#: Where a Document's publication date can come from (``Document.date_source``): what the
#: page or the copy states, never a date guessed from the body text.
DATE_SOURCES: tuple[str, ...] = (
    "json-ld",  # JSON-LD datePublished
    "meta",  # a meta tag (article:published_time, og:published_time, pubdate, ...)
    "microdata",  # an element with itemprop="datePublished"
    "time",  # <time datetime> marked as the publication time
    "url",  # a year/month/day in the page's address
    "date element",  # a page element named for the date whose whole text is one date
    "date line",  # a line of the copy that is only a date (under the headline)
    "wire header",  # a wire service's page header (filing time and date)
)

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


# a date stated in a value (meta content, datetime attribute): year first, or in words
_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})(?!\d)")
_MONTH_WORD = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
_WORDS_MD = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                       r"((?:19|20)\d{2})\b", re.I)
_WORDS_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH_WORD})\.?,?\s+"
                       r"((?:19|20)\d{2})\b", re.I)
# a date in an address: /2019/11/18/, 2019-11-18, _20191118_ (year, month, day)
_URL_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})([/_.-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])"
                      r"(?![\d])")
# meta names that state a publication date beyond the usual ones, and those that do not
_DATE_NAME = re.compile(r"publi(?:sh|cation)|(?:^|[^a-z])(?:pub)?date$|created|issued", re.I)
_NOT_PUBLISHED = re.compile(r"modif|updat|revis|expir|last|edited|print|copyright|birth",
                            re.I)
# an element's class or id that names the article's date, or its publication
_DATE_CLASS = re.compile(r"date|publish|posted|timestamp|byline", re.I)
_PUBLISHED_CLASS = re.compile(r"publish|entry-date|pubdate", re.I)
# the parts of a page whose dates are not the article's
_ELSEWHERE = re.compile(r"comment|related|sidebar|teaser|recommend|promo|widget|footer|"
                        r"popular|most-read|trending|more-stories", re.I)
_STAMP_PREFIX = re.compile(r"^(?:published|posted|first\s+published|date|on|:|\s)+", re.I)


@dataclass(frozen=True)
class PageMeta:
    """Metadata a page states about its article; ``None`` where it states nothing."""

    published: str | None = None
    """Publication date, ISO ``YYYY-MM-DD``."""
    published_source: str | None = None
    """Where the page states it (one of :data:`DATE_SOURCES`)."""
    modified: str | None = None
    """Last modification date, ISO ``YYYY-MM-DD``."""
    canonical: str | None = None
    site_name: str | None = None
    author: str | None = None
    language: str | None = None
    """The declared language tag: ``og:locale``, ``content-language``, ``<html lang>``."""


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


def _made(year: int, month: int, day: int) -> str | None:
    import datetime as dt

    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def stated_day(value: object) -> str | None:
    """The ``YYYY-MM-DD`` a stated date value gives: ISO or year first
    (``2019-11-19T02:00Z``, ``2019/11/19``), day first (``19.11.2019``), or in words
    (``November 19, 2019, 07:47 PM EST``, ``Tue Nov 19 2019 05:44``, ``19 Nov 2019``).
    Meant for values that are dates by their markup (a meta tag, ``datetime``), not
    for running text."""
    if not isinstance(value, str) or len(value) > 120:
        return None
    if m := _YMD.search(value):
        return _made(int(m[1]), int(m[2]), int(m[3]))
    if m := _WORDS_MD.search(value):
        return _made(int(m[3]), MONTH_NUMBER[m[1].lower()], int(m[2]))
    if m := _WORDS_DM.search(value):
        return _made(int(m[3]), MONTH_NUMBER[m[2].lower()], int(m[1]))
    if m := _DMY.search(value):
        return numeric_date(m[1], m[2], m[3])
    return first_full_date(value)  # Arabic, Kurdish, Turkish month names; Hijri converted


def url_day(url: object) -> str | None:
    """The ``YYYY-MM-DD`` an address states in its path (``/2019/11/18/``,
    ``2019-11-18``, ``20191118``), or None."""
    if not isinstance(url, str) or "://" not in url:
        return None
    path = url.split("://", 1)[1].partition("/")[2].split("?", 1)[0].split("#", 1)[0]
    for m in _URL_DAY.finditer(path):
        day = _made(int(m[1]), int(m[3]), int(m[4]))
        if day:
            return day
    return None


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
                if not found.get("other_published"):
                    found["other_published"] = iso_day(obj.get("datePublished"))
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


def _classes(tag: Any) -> str:
    """An element's class names and id, as one string."""
    cls = tag.get("class") or []
    names = [cls] if isinstance(cls, str) else list(cls)
    return " ".join([*map(str, names), str(tag.get("id") or "")])


def _elsewhere(tag: Any) -> bool:
    """Whether ``tag`` stands in a part of the page that is not the article's own
    header: comments, related stories, a sidebar, navigation, the footer."""
    for up in tag.parents:
        if up.name in {"aside", "nav", "footer"}:
            return True
        if up.name and _ELSEWHERE.search(_classes(up)):
            return True
    return False


def _names_publication(tag: Any) -> bool:
    """Whether an element's class or id (or its parent's, or grandparent's) names
    the article's date, and its own do not name another (``updated``, ``modified``:
    unless they name the publication too, as WordPress's ``published updated``)."""
    own = _classes(tag)
    if _NOT_PUBLISHED.search(own) and not _PUBLISHED_CLASS.search(own):
        return False
    names = [own]
    for up in itertools.islice(tag.parents, 2):  # not list(): a deep page is not walked per element
        names.append(_classes(up))
    return any(_DATE_CLASS.search(n) and not (_NOT_PUBLISHED.search(n)
                                              and not _PUBLISHED_CLASS.search(n))
               for n in names)


def _time_published(soup: Any, *, marked_only: bool = False, any_time: bool = False
                    ) -> str | None:
    """A ``<time>`` marked as the publication time: ``itemprop="datePublished"`` or
    ``pubdate``; unless ``marked_only``, also one whose class (or its parent's or
    grandparent's) names the article's date (``published``, ``entry-date``, ``date``),
    outside comments, sidebars and related stories; with ``any_time``, the first
    ``<time datetime>`` outside those."""
    for tag in soup.find_all("time"):
        marked = tag.get("itemprop") == "datePublished" or tag.get("pubdate") is not None
        if not marked and not marked_only:
            marked = ((any_time and tag.get("datetime") is not None
                       and not _NOT_PUBLISHED.search(_classes(tag)))
                      or _names_publication(tag)) and not _elsewhere(tag)
        if marked:
            day = stated_day(tag.get("datetime")) or stated_day(tag.get_text(" ", strip=True))
            if day:
                return day
    return None


def _microdata(soup: Any) -> str | None:
    """An element other than ``<meta>`` and ``<time>`` with
    ``itemprop="datePublished"``: its ``content`` or ``datetime``, else its text."""
    for tag in soup.find_all(attrs={"itemprop": "datePublished"}):
        if tag.name in {"meta", "time"}:
            continue
        day = (stated_day(tag.get("content")) or stated_day(tag.get("datetime"))
               or stated_day(tag.get_text(" ", strip=True)))
        if day:
            return day
    return None


def _date_element(soup: Any) -> str | None:
    """The first element whose class or id names the article's date (``date``,
    ``published``, ``byline-date``) and whose whole text, once a ``Published:`` or
    ``Posted`` is taken off, is one date: a date stamp the page prints for readers, or
    a hidden ``<input class="published_date">`` (outside comments, sidebars and related
    stories)."""
    for tag in soup.find_all(["span", "div", "p", "small", "li", "dd", "em", "abbr", "time",
                              "input"]):
        if not _names_publication(tag):
            continue
        shown = tag.get("value") if tag.name == "input" else tag.get_text(" ", strip=True)
        text = " ".join(str(shown or "").split())
        if not 6 <= len(text) <= 60 or _NOT_PUBLISHED.search(text):
            continue
        rest = _STAMP_PREFIX.sub("", text)
        day = stated_day(rest)
        # the date is the element's text, not a word of a sentence in it
        if day and len(re.findall(r"[^\W\d]{4,}", rest)) <= 3 and not _elsewhere(tag):
            return day
    return None


def page_meta(html: str, *, url: str | None = None) -> PageMeta:
    """Read a page's own statement of its dates, address, site and author (``url``:
    where the page was read from, when known, for a date in its address).

    The publication date is the first of (:data:`DATE_SOURCES`): JSON-LD
    ``datePublished`` of the article, a publication meta tag, ``itemprop="datePublished"``
    microdata, a ``<time>`` marked as the publication time, a date in the address
    (canonical, ``og:url``, ``url``), another meta tag named for a date, another
    JSON-LD object's ``datePublished``, a page element named for the date whose whole
    text is one. Never a date read from the body text."""
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
            day = iso_day(metas.get(k)) or stated_day(metas.get(k))
            if day:
                return day
        return None

    canonical = None
    for tag in soup.find_all("link"):
        rel: Any = tag.get("rel") or []
        rels = [rel] if isinstance(rel, str) else list(rel)
        if "canonical" in [str(r).lower() for r in rels] and tag.get("href"):
            canonical = str(tag["href"]).strip()
            break
    canonical = canonical or ld.get("canonical") or metas.get("og:url")
    whole: list[Any] = []  # the whole page, parsed only when the markup above says nothing

    def page() -> Any:
        if not whole:
            whole.append(BeautifulSoup(html, "lxml"))
        return whole[0]

    more_names = tuple(k for k in metas if _DATE_NAME.search(k)
                       and not _NOT_PUBLISHED.search(k) and k not in _PUBLISHED_META)
    readers: tuple[tuple[str, Callable[[], str | None]], ...] = (
        ("json-ld", lambda: ld.get("published")),
        ("meta", lambda: first(_PUBLISHED_META)),
        ("time", lambda: _time_published(soup, marked_only=True)),
        ("microdata", lambda: _microdata(page())),
        ("time", lambda: _time_published(page())),
        ("url", lambda: next((d for d in map(url_day, (canonical, metas.get("og:url"), url))
                              if d), None)),
        ("meta", lambda: first(more_names)),
        ("json-ld", lambda: ld.get("other_published")),
        ("time", lambda: _time_published(page(), any_time=True)),
        ("date element", lambda: _date_element(page())),
    )
    published = source = None
    for name, read in readers:
        published = read()
        if published:
            source = name
            break
    modified = ld.get("modified") or first(_MODIFIED_META)
    site = ld.get("site_name") or metas.get("og:site_name") or metas.get("application-name")
    author = ld.get("author") or metas.get("author") or metas.get("article:author")
    if author and author.startswith("http"):
        author = None
    language = (metas.get("og:locale") or metas.get("content-language")
                or metas.get("language") or declared_language(html))
    return PageMeta(published=published, published_source=source, modified=modified,
                    canonical=canonical, site_name=site, author=author, language=language)


_LANG_TAG = r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)"
_HTML_LANG = re.compile(rf"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?{_LANG_TAG}", re.I)
_HTTP_LANG = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*"
                        rf"content\s*=\s*[\"']?{_LANG_TAG}", re.I)


def declared_language(html: str) -> str | None:
    """The language tag ``<html lang>`` or an ``http-equiv="content-language"`` meta
    declares (read in the page's first 20,000 characters, where its head is)."""
    head = html[:20_000]
    m = _HTTP_LANG.search(head) or _HTML_LANG.search(head)
    return m.group(1) if m else None


__all__ = ["DATE_SOURCES", "PageMeta", "declared_language", "iso_day", "page_meta",
           "stated_day", "url_day"]
