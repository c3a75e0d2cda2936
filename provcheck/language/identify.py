"""Which language a text is written in: English, Arabic, Sorani and Kurmanji Kurdish,
Turkish (and Persian), from its script, the letters only one of them writes, and its
commonest function words.

Measured against the packaged identifiers in ``docs/languages.md``
(``benchmarks/languages.py``): langid.py names every Sorani paragraph Persian and
takes 3.8 s to load; lingua has no Kurdish at all and takes 16 s to load; these rules
name all 120 benchmark texts right in well under a millisecond each, with nothing to
load. They decide by counting evidence, the language with the most wins, and answer
:data:`UNDETERMINED` when a text holds none (a list of numbers, a language not
covered here: French, German...): no threshold is tuned.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..calibration import CALIBRATION

#: The answer for a text with no evidence of any covered language.
UNDETERMINED = "und"

#: The languages told apart, as ISO 639 codes, and their names (for reasons).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ar": "Arabic",
    "ckb": "Sorani Kurdish",
    "kmr": "Kurmanji Kurdish",
    "tr": "Turkish",
    "fa": "Persian",
    UNDETERMINED: "an undetermined language",
}

#: Letters Sorani writes and Arabic does not (ە ێ ۆ ڕ ڵ ڤ).
_SORANI_LETTERS = frozenset("\u06d5\u06ce\u06c6\u0695\u06b5\u06a4")
#: Letters Arabic writes and Sorani and Persian (almost) never do (ة ى أ إ ث ذ ض ظ).
_ARABIC_LETTERS = frozenset("\u0629\u0649\u0623\u0625\u062b\u0630\u0636\u0638")
#: Persian and Kurdish letters of the Arabic script (ی ک گ پ چ ژ): Persian when no
#: Sorani or Arabic letter is found beside them.
_PERSIAN_LETTERS = frozenset("\u06cc\u06a9\u06af\u067e\u0686\u0698")
#: Letters of the Turkish alphabet that Kurmanji and English lack (ı ğ ö ü â).
_TURKISH_LETTERS = frozenset("\u0131\u011f\u00f6\u00fc\u00e2")
#: Letters of the Kurmanji alphabet that Turkish and English lack (ê î û).
_KURMANJI_LETTERS = frozenset("\u00ea\u00ee\u00fb")

#: The commonest function words of each Latin-script language covered (no word in two).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is was that for on with said by as at from it his her has "
        "have are were be will who which this after their its been would not".split()),
    "tr": frozenset(
        "ve bir bu için ile olarak olan gibi daha çok ama göre sonra kadar ancak ise "
        "değil yüzde ayrıca ilk iki üç her da de".split()),
    "kmr": frozenset(
        "û ku bi li ji di ya yê ên wê ew re ve jî ne hatin kir got piştî ser wan xwe "
        "berî hîn".split()),
}

_WORD = re.compile(r"\w+", re.UNICODE)
#: The Arabic definite article on a word (ال), counted as Arabic evidence.
_ARTICLE = re.compile(r"(?<!\w)\u0627\u0644\w")


def _script(ch: str) -> str | None:
    """``arabic``, ``latin`` or ``other`` for a letter, ``None`` for anything else."""
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "latin"
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
        return "arabic"
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "other"


def _arabic_script(text: str, letters: Counter[str]) -> str:
    """Arabic, Sorani or Persian, for a text written mostly in the Arabic script."""
    ckb = sum(letters[c] for c in _SORANI_LETTERS)
    ar = sum(letters[c] for c in _ARABIC_LETTERS) + len(_ARTICLE.findall(text))
    if ckb or ar:
        return "ckb" if ckb > ar else "ar"
    return "fa" if any(letters[c] for c in _PERSIAN_LETTERS) else UNDETERMINED


def _latin_script(text: str, letters: Counter[str]) -> str:
    """English, Turkish or Kurmanji, for a text written mostly in Latin letters."""
    tokens = Counter(_WORD.findall(text.replace("\u0130", "i").lower()))
    score = {lang: sum(tokens[w] for w in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    score["tr"] += sum(letters[c] for c in _TURKISH_LETTERS) + letters["\u0130"]
    score["kmr"] += sum(letters[c] for c in _KURMANJI_LETTERS)
    best = max(score, key=lambda lang: score[lang])
    return best if score[best] else UNDETERMINED


def identify(text: str, *, sample: int = 5_000) -> str:
    """The language ``text`` is written in: an ISO 639 code of :data:`LANGUAGE_NAMES`
    (``en``, ``ar``, ``ckb``, ``kmr``, ``tr``, ``fa``) or :data:`UNDETERMINED`.

    The script most of its letters are written in decides between the Arabic-script
    languages and the Latin-script ones; then letters only one language writes (ae,
    e with v above, o with v above for Sorani; teh marbuta and the article al- for
    Arabic; dotless i, g with breve for Turkish; e, i, u with circumflex for
    Kurmanji) and the function words of each Latin-script language are counted. Only
    the first ``sample`` characters are read (a bound on time, not a tuned number: a
    news article states its language long before).
    """
    text = text[:sample]
    counts = Counter(text)
    scripts: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    for ch, n in counts.items():
        script = _script(ch)
        if script is not None:
            scripts[script] += n
            letters[ch.lower() if script == "latin" and ch != "\u0130" else ch] += n
    if not scripts:
        return UNDETERMINED
    script = scripts.most_common(1)[0][0]
    if script == "arabic":
        return _arabic_script(text, letters)
    if script == "latin":
        return _latin_script(text, letters)
    return UNDETERMINED


def language_name(code: str) -> str:
    """The English name of a language code of :func:`identify` (the code itself for
    one not listed)."""
    return LANGUAGE_NAMES.get(code, code)


#: Declared language tags (``<html lang>``, ``og:locale``, ``content-language``) of the
#: languages told apart, by their primary subtag; ``ku`` is Kurdish in either script.
_DECLARED = {"en": "en", "ar": "ar", "ckb": "ckb", "sdh": "ckb", "kmr": "kmr", "tr": "tr",
             "fa": "fa", "ku": "ku"}


def declared_code(tag: str | None, text: str) -> str | None:
    """The language code of :data:`LANGUAGE_NAMES` a page's declared language tag
    names (``ar``, ``ar-IQ``, ``tr_TR``, ``ckb``, ``ku-Arab``), or ``None`` for a tag of
    another language or none. Plain ``ku`` is Sorani when ``text`` is mostly in the
    Arabic script, Kurmanji otherwise."""
    if not tag:
        return None
    parts = tag.strip().lower().replace("_", "-").split("-")
    code = _DECLARED.get(parts[0])
    if code != "ku":
        return code
    if "arab" in parts:
        return "ckb"
    if "latn" in parts:
        return "kmr"
    arabic = sum(1 for ch in text[:2_000] if _script(ch) == "arabic")
    latin = sum(1 for ch in text[:2_000] if _script(ch) == "latin")
    return "ckb" if arabic > latin else "kmr"


def _scripts(text: str) -> tuple[str | None, bool]:
    """The script most letters of ``text`` are in, and whether the text is mixed: no
    script holds ``calibration.declared_language_script`` of its letters (an Arabic
    article quoting English at length)."""
    scripts = Counter(s for s in map(_script, text[:5_000]) if s)
    if not scripts:
        return None, False
    script, most = scripts.most_common(1)[0]
    return script, most / sum(scripts.values()) < CALIBRATION.declared_language_script


def identify_page(text: str, declared: str | None) -> str:
    """The language of a page's ``text`` given its declared language tag: the tag's
    language where the text tells nothing (:data:`UNDETERMINED`: a short text with no
    function word) or is mixed (:func:`_scripts`: an Arabic article quoting English at
    length), else what the text itself says. A short text the rules can read keeps
    their answer: a page template's ``lang="en"`` on a Turkish headline is no evidence
    against its words (trusting the tag on every text under 20 words named 36 of 60
    six-word openings right under a wrong tag, against 59 so: docs/languages.md)."""
    found = identify(text)
    code = declared_code(declared, text)
    if code is None or code == found:
        return found
    script, mixed = _scripts(text)
    return code if found == UNDETERMINED or (mixed and script is not None) else found
