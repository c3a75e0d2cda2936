"""Recognise page furniture in a list of paragraphs: what a site adds around an article.

The rules are about the kinds of furniture news sites print (font-size controls,
comment policies and forms, trailing "latest"/"related" teasers, photo captions,
share bars, cookie banners, adverts, wire page headers), never about one site's text.
Paragraphs that one outlet repeats across its articles (learned over a collection or
an index) are removed by the one rule :func:`remove_outlet_furniture`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .calibration import CALIBRATION
from .models import Boilerplate, Document, Paragraph
from .text import canonical

# A heading after which everything is site furniture, not article text.
_TAIL_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:comments?|post a comment|leave a (?:comment|reply)|add a comment|"
    r"join the (?:conversation|discussion)|the latest|latest(?: news| stories)?|"
    r"related(?: articles| stories| news| content| posts)?|read (?:more|also|next)|"
    r"more (?:from|on|stories|news)\b.*|most (?:read|popular|viewed|shared)|"
    r"recommended(?: for you| stories)?|you (?:may|might) also like|trending(?: now)?|"
    r"editor'?s picks?|top stories|further reading|see also|also read)\s*:?$",
    re.I,
)

_SHARE = r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|copy link|email|print)"
_FURNITURE = re.compile(
    r"^(?:a\s*\+\s*a\s*-|a\s*-\s*a\s*\+|a a a|text size|font size|required|"
    r"post(?: a)? comment|submit|send|reply|print|email|e-mail|share(?: this)?(?: article| story)?|"
    rf"(?:share on )?{_SHARE}(?:[\s,|/]+{_SHARE})*|follow us(?: on .*)?|subscribe(?: now)?|"
    r"sign up|log ?in|register|skip to (?:main )?content|menu|search|home|close|"
    r"loading\.*|advertisement|advertising|sponsored(?: content)?)\s*:?$",
    re.I,
)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_ADVERT = re.compile(r"\badverti[sz]e?ment\b|\badvert\b|\bsponsored\b", re.I)
_COMMENT_POLICY_A = re.compile(r"\bcomments?\b", re.I)
_COMMENT_POLICY_B = re.compile(
    r"\b(?:moderat\w*|guidelines?|approved|rejected|publication|profanity|"
    r"community standards|commenting|constructive criticism|personal attacks)\b",
    re.I,
)
_COOKIE = re.compile(r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|agree)\b", re.I)
_CAPTION = re.compile(
    r"(?:\((?:photo|image|picture|file photo|credit)s?\b[^)]*\)\s*$|"
    r"^(?:photo|image|picture|file photo)s?\s*(?:credit)?\s*:|"
    r"\b(?:photo|image|picture)s?\s*:\s*[A-Z][\w./ -]{0,40}$|"
    r"\b(?:getty images|afp via getty|ap photo|reuters/|epa-efe)\b)",
    re.I,
)
_PAGE_HEADER = re.compile(r"^\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{2,4}\b.*\bpage\s+\d+\b", re.I)
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY)\s+((?:[A-Z][\w.'-]*\s*){1,4}?)(?:\s*(?:,|\||-)\s*(.*))?$"
)


def is_tail_heading(text: str) -> bool:
    """A heading that starts the furniture at the end of a page (comments, teasers)."""
    return bool(_TAIL_HEADING.match(canonical(text)))


def furniture_reason(text: str) -> str | None:
    """Why a paragraph is page furniture, or ``None`` if it may be article text."""
    s = canonical(text)
    n_words = len(s.split())
    if _PUNCT_ONLY.match(s):
        return "empty or punctuation-only line"
    if _FURNITURE.match(s):
        return "site furniture"
    if _PAGE_HEADER.match(s) and n_words <= 14:
        return "wire page header"
    if n_words <= 6 and _ADVERT.search(s):
        return "advertisement"
    if _COMMENT_POLICY_A.search(s) and _COMMENT_POLICY_B.search(s) and n_words <= 80:
        return "comment policy"
    if _COOKIE.search(s) and n_words <= 80:
        return "cookie banner"
    if n_words <= 45 and _CAPTION.search(s):
        return "photo caption or credit"
    return None


def byline(text: str) -> tuple[str, str | None] | None:
    """``(author, affiliation)`` when the paragraph is a byline such as ``By Jane Roe, AP``."""
    s = canonical(text)
    if len(s.split()) > 12:
        return None
    m = _BYLINE.match(s)
    if not m:
        return None
    return m[1].strip(), (m[2].strip() or None) if m[2] else None


# "ERBIL, Kurdistan Region - ", "ERBIL (Kurdistan24) - ", "LONDON (Reuters) - ",
# "Shafaq News/ ": a place in capitals and/or an outlet, then a dash or a slash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+){0,3}(?:,\s[A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+){0,2})?)"
    r"(?:\s*\((?P<outlet>[^()]{2,40})\))?\s*[-:]{1,2}\s+(?=\S)"
)
_OUTLET_SLASH = re.compile(r"^(?P<outlet>[A-Z][\w]+(?:\s[A-Z][\w]+){0,3})/\s*(?=[A-Z\"'])")


_DATELINE_FOLD = {0x2013: "-", 0x2014: "-", 0xA0: " "}


def dateline(text: str) -> tuple[int, str | None, str | None] | None:
    """Find a dateline at the start of a paragraph.

    Returns ``(length, place, outlet)``: the number of leading characters of ``text``
    it spans, and what it names. The text is matched as written (dashes and spaces
    of any Unicode kind are accepted).
    """
    folded = text.translate(_DATELINE_FOLD)
    m = _DATELINE.match(folded)
    if m and len(m["place"]) >= 3:
        return m.end(), m["place"].strip(), (m["outlet"] or None)
    m = _OUTLET_SLASH.match(folded)
    if m:
        return m.end(), None, m["outlet"]
    return None


# ------------------------------------------------------------- outlet furniture


def remove_outlet_furniture(
    doc: Document,
    is_furniture: Callable[[Paragraph], bool],
    reason: str,
    max_share: float = CALIBRATION.max_furniture_share,
) -> Document:
    """Remove the paragraphs an outlet repeats across its articles: its furniture.

    ``is_furniture`` says whether a paragraph recurs in enough articles of the
    document's outlet (counted over a collection, or learned by an index). The one
    guard: furniture is never more than ``max_share`` of an article; when more would
    go, the articles copy each other and nothing is removed.
    """
    repeated = [p for p in doc.paragraphs if is_furniture(p)]
    if not repeated or len(repeated) > max_share * len(doc.paragraphs):
        return doc
    gone = set(map(id, repeated))
    return dataclasses.replace(
        doc,
        paragraphs=tuple(p for p in doc.paragraphs if id(p) not in gone),
        boilerplate=doc.boilerplate + tuple(Boilerplate(p.text, reason) for p in repeated),
    )
