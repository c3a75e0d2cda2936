"""Recognise page furniture in a list of paragraphs: what a site adds around an article.

The rules are about the kinds of furniture news sites print (font-size controls,
comment policies and forms, trailing "latest"/"related" teasers, photo captions,
share bars, cookie banners, adverts) and wire services add to copy as it arrives
(page headers, notes to the desks, end-of-take marks), never about one site's text.
Paragraphs that one outlet repeats across its articles (learned over a collection or
an index) are removed by the one rule :func:`remove_outlet_furniture`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..language.dates import numeric_date
from ..language.text import canonical
from ..models import Boilerplate, Document, Paragraph

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
# "By Jane Roe and John Doe, AP": names joined by "and" (each of one to three words)
_BYLINE_PAIR = re.compile(
    r"^(?:[Bb]y|BY)\s+((?:[A-Z][\w.'-]*\s+){1,3}(?:and|&)\s+(?:[A-Z][\w.'-]*\s*){1,3}?)"
    r"(?:\s*(?:,|\||-)\s*(.*))?$"
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
    """``(author, affiliation)`` when the paragraph is a byline such as ``By Jane Roe, AP``.

    Two or three names joined by ``and`` are one author: ``By Jane Roe and John Doe, AP``.
    """
    s = canonical(text)
    if len(s.split()) > 12:
        return None
    m = _BYLINE.match(s) or _BYLINE_PAIR.match(s)
    if not m:
        return None
    return m[1].strip(), (m[2].strip() or None) if m[2] else None


@dataclass(frozen=True)
class Credit:
    """What a byline says: the author, the outlet and where the author wrote from."""

    author: str
    outlet: str | None
    place: str | None


# The job a byline names after the author ("Showbusiness Correspondent", "Chief
# Reporter", "Staff Writer"): a few capitalised words ending in a newsroom role.
_ROLE = re.compile(
    r"^(?:[A-Z][\w&'-]*\s+){0,3}(?:Correspondents?|Editors?|Reporters?|Writers?|Columnists?|"
    r"Staff|Critics?|Analysts?|Producers?|Photographers?|Contributors?)$"
)
# "PA News in Brussels": an outlet, then where the author wrote from.
_OUTLET_IN = re.compile(r"^(?P<outlet>.+?)\s+in\s+(?P<place>[A-Z].*)$")
_PLACE = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}(?:,\s+[A-Z][\w.'-]*){0,2}$")
# "By PA News Reporter", "By AP Staff": a staff byline, the outlet (its name starting
# with an acronym) then the staff role.
_STAFF_BYLINE = re.compile(
    r"^(?P<outlet>[A-Z]{2,5}(?:\s+[A-Z][\w&'-]*){0,2}?)\s+"
    r"(?:Staff|Reporters?|Correspondents?|Writers?)(?:\s+Staff)?$"
)


def _place(text: str) -> str | None:
    place = text.split(" and ", maxsplit=1)[0].strip().rstrip(".")
    return place if _PLACE.match(place) else None


def credit(text: str) -> Credit | None:
    """Read a byline (:func:`byline`) into its author, outlet and place.

    The affiliation is read part by part (parts split at commas): a newsroom role
    ("Showbusiness Correspondent") is dropped, ``in <place>`` names the place, and the
    first other part is the outlet: ``By Jane Roe, Crime Correspondent, PA News, in
    Leeds`` is Jane Roe of PA News in Leeds. A staff byline names the outlet in the
    author: ``By PA News Reporter`` is the outlet ``PA News``.
    """
    found = byline(text)
    if not found:
        return None
    author, affiliation = found
    outlet: str | None = None
    place: str | None = None
    parts = [p.strip().rstrip(".").strip() for p in (affiliation or "").split(",")]
    parts = [p for p in parts if p]
    for i, part in enumerate(parts):
        if part.startswith("in ") and place is None:
            place = _place(", ".join([part[3:], *parts[i + 1 :]]))
            break
        if _ROLE.match(part) or outlet is not None:
            continue
        m = _OUTLET_IN.match(part)
        if m:
            outlet, place = m["outlet"].strip(), _place(m["place"])
        else:
            outlet = part
    if not parts:
        staff = _STAFF_BYLINE.match(author)
        outlet = staff["outlet"] if staff else None
    return Credit(author, outlet, place)



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


# ------------------------------------------------------------- wire copy as it arrives


@dataclass(frozen=True)
class WireHeader:
    """A wire service's page header, such as ``16:17 01/03/00: Page 1 (HHH) COURTS Fire``."""

    date: str
    """ISO ``YYYY-MM-DD``."""
    time: str
    """``HH:MM``: when the page was filed."""


# A time, then a day/month/year date (the stamp), then what the header adds.
_WIRE_STAMP = re.compile(
    r"^(?P<time>(?:[01]?\d|2[0-3])[:.][0-5]\d)\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})/"
    r"(?P<year>\d{4}|\d{2})(?!\d)\s*:?\s*"
)
# "Page 3", "Page 3 of 5", then a desk code and a slug of a few words, not a sentence
_WIRE_PAGE = re.compile(
    r"^page\s+\d+(?:\s+of\s+\d+)?(?:\s+\([A-Z0-9]{2,6}\))?(?:\s+[\w&'-]+){0,5}$", re.I
)
# With no page number: a desk code in brackets and/or a slug that starts with a word in
# capitals ("(HHH) COURTS Fire"), so that a sentence after a time and a date is not one.
_WIRE_SLUG = re.compile(r"^(?:\([A-Z0-9]{2,6}\)\s*)?(?:[A-Z][A-Z&-]+\b(?:\s+[\w&'-]+){0,4})?$")


def wire_header(text: str) -> WireHeader | None:
    """Read a wire page header: a filing time, a day/month/year date, then a page
    number, a desk code in brackets or a slug (catchline), or nothing more.

    The date is day first, as British wire services write it; a two-digit year is read
    by :func:`provcheck.dates.numeric_date`. ``None`` when the line is not a header or
    its date is not a calendar date.
    """
    s = canonical(text)
    m = _WIRE_STAMP.match(s)
    if not m:
        return None
    rest = s[m.end() :]
    if not _WIRE_PAGE.match(rest) and not _WIRE_SLUG.match(rest):
        return None
    date = numeric_date(m["day"], m["month"], m["year"])
    if date is None:
        return None
    hours, minutes = re.split(r"[:.]", m["time"])
    return WireHeader(date, f"{int(hours):02d}:{minutes}")


# "end", "ends", "mf" (more follows), "mfl" (more follows later), "more": the marks
# a wire service puts on a line of their own after a take.
_WIRE_MARKER = re.compile(r"^(?:end|ends|more|mf|mfl)$", re.I)
# The last line of a take may add the operator's initials: "ends mr".
_WIRE_SIGN_OFF = re.compile(r"^(?:end|ends)\s+[a-z]{2,3}$")


def wire_marker(text: str, *, last: bool = False) -> bool:
    """An end-of-take mark on its own line (``end``, ``mf``, ``more``...).

    The text's ``last`` paragraph may also be ``ends`` and the operator's initials
    (``ends mr``).
    """
    s = canonical(text)
    return bool(_WIRE_MARKER.match(s) or (last and _WIRE_SIGN_OFF.match(s)))


# A note in brackets to the desks that take the copy, not to readers: memos and
# advisories to copy editors (CSEs) and news editors, corrected or repeated takes,
# "reopens" (a story taken up again), "supersedes", "see <SLUG>", picture notes.
_DESK_NOTE = re.compile(
    r"^\(\s*(?:memo\b|mem to\b|advisory\b|attention\b|corrected\b|corrects\b|"
    r"correction\b|correcting\b|repeat(?:s|ed|ing)?\b|re-?opens?\b|supersedes?\b|"
    r"incorporating\b|(?-i:[Ss]ee [A-Z]{2,}\b)|embargo|not for publication\b|"
    r"with (?:[\w']+\s+){0,3}(?:pics?|pix|pictures?|photos?|graphics?|impressions?)\b|"
    r"(?:pics?|pix|pictures?|photos?|graphics?) (?:later|to follow|follow)\b)",
    re.I,
)
# A note that names the desks it is for, wherever it says so.
_DESK_ADDRESS = re.compile(r"\b(?:CSEs?|news ?desks?|news editors)\b", re.I)
_EMBARGO = re.compile(r"^embargo(?:ed)?\b", re.I)


def bracketed_prefix(text: str) -> int:
    """Length of the bracketed note that ``text`` starts with (to its closing bracket),
    or 0 when it does not start with ``(`` or the bracket is never closed."""
    if not text.startswith("("):
        return 0
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return 0


def desk_note(text: str, *, opening: bool = False, wire: bool = False) -> int:
    """How many leading characters of ``text`` are an editors' note to the desk; 0 if none.

    A note is in brackets and says what it is ("Memo to CSEs", "corrected repetition",
    "with pic", "reopens"...) or names the desks it is for. In wire copy (``wire``: it
    has a page header), any bracketed paragraph before the headline (``opening``) is a
    note, whatever it says. A note may share its line with the headline after it
    ("(corrected repetition) FIRE AT MILL"): only the note is counted then. An embargo
    line before the headline ("Embargoed to 0001 ...") is a note too.
    """
    s = text.strip()
    lead = len(text) - len(text.lstrip())
    if opening and len(s.split()) <= 12 and _EMBARGO.match(s):
        return len(text)
    n = bracketed_prefix(s)
    if not n:
        return 0
    note, rest = s[:n], s[n:].strip(" .")
    says = bool(_DESK_NOTE.match(note) or _DESK_ADDRESS.search(note))
    if not says and not (opening and wire and not rest):
        return 0
    return len(text) if not rest else lead + n


# ------------------------------------------------------------- outlet furniture


def remove_outlet_furniture(
    doc: Document,
    is_furniture: Callable[[Paragraph], bool],
    reason: str,
    max_share: float,
) -> Document:
    """Remove the paragraphs an outlet repeats across its articles: its furniture.

    ``is_furniture`` says whether a paragraph recurs in enough articles of the
    document's outlet (counted over a collection, or learned by an index). The one
    guard: furniture is never more than ``max_share`` of an article (the caller's
    ``Calibration.max_furniture_share``); when more would go, the articles copy each
    other and nothing is removed.
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
