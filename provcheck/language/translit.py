"""Names across scripts: one key for a name written in Arabic script or in Latin letters.

محمد and Mohammed, زاخو and Zakho, ڕووداو and Rudaw, Rûdawê and Rudaw'a: a name is
reduced to its consonant skeleton, which both spellings share because the Arabic
script leaves short vowels unwritten. Arabic and Kurdish letters are spelled in Latin
by a small rule table (:data:`ARABIC_LETTERS`), Kurmanji and Turkish letters by their
sound (ş sh, ç ch, x kh); then the letters one script writes for a vowel and the
other may not write at all (a e i o u w y, hamza, ayn) are dropped, q is read as k,
z as s, v as f, and a doubled letter once.

Measured against the ``anyascii`` and ``unidecode`` packages (the same skeleton from
their spelling) on 65 names written for the purpose (``python
benchmarks/languages_cues.py names``; ``docs/languages.md``, "Names across
scripts"): the table finds 59 of 65 pairs with 4 false matches among 4,152 pairs of
two names (anyascii 52 and 3, unidecode 54 and 4) and needs no dependency. What a
skeleton cannot tell apart it does not: Hassan and Hussein (حسن, حسين) share one.
"""

from __future__ import annotations

import re
import unicodedata

from ..calibration import CALIBRATION

#: Arabic-script letters (Arabic, Sorani, Persian) spelled in Latin letters; a letter
#: not listed is dropped. Vowel letters (ا و ی ە ێ ۆ) map to vowels, dropped later.
ARABIC_LETTERS: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ئ": "", "ؤ": "u",
    "ب": "b", "پ": "p", "ت": "t", "ث": "t", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "d", "ر": "r", "ڕ": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ڤ": "f",
    "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "ڵ": "l", "م": "m", "ن": "n",
    "ه": "h", "ھ": "h", "ة": "a", "و": "w", "ۆ": "o", "ي": "y", "ی": "y", "ى": "a",
    "ێ": "e", "ە": "e",
}
#: Latin letters of Kurmanji and Turkish spelled as English spells their sound.
_LATIN_SOUNDS = {"ş": "sh", "ç": "ch", "x": "kh", "ğ": "", "ı": "i", "'": "", "’": ""}
#: Arabic proclitics a credited name carries (li-, bi-, wa-, fa-, al-, lil-), longest first.
_PROCLITICS = ("وال", "بال", "فال", "لل", "ال", "ل", "ب", "و", "ف")
_SKELETON_DROP = re.compile(r"[aeiouwy]+")
_REPEAT = re.compile(r"(.)\1+")
_LATIN_ARTICLE = re.compile(r"^(?:al|el)[- ]")


def _arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def spell_latin(text: str) -> str:
    """``text`` in plain lowercase Latin letters and digits (Arabic-script letters by
    :data:`ARABIC_LETTERS`, digits of any script as ASCII digits)."""
    out = []
    for ch in text.lower():
        if ch in ARABIC_LETTERS:
            out.append(ARABIC_LETTERS[ch])
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        elif ch in _LATIN_SOUNDS:
            out.append(_LATIN_SOUNDS[ch])
        elif ch.isascii():
            out.append(ch if ch.isalnum() or ch == " " else " ")
        else:
            base = unicodedata.normalize("NFKD", ch)[:1]
            out.append(base if base.isascii() and base.isalpha() else "")
    return "".join(out)


def skeleton(word: str) -> str:
    """The consonant skeleton of one spelled word: vowels and w, y dropped, q read
    as k, dh th as d t, a final h (ta marbuta, a Latin ending -ah) dropped, doubled
    letters read once."""
    s = word.replace("q", "k").replace("z", "s").replace("v", "f")
    return _REPEAT.sub(r"\1", _SKELETON_DROP.sub("", s))


def name_key(name: str) -> str:
    """The key two spellings of one name share, across scripts: ``name_key("محمد") ==
    name_key("Mohammed")``. Words are keyed one by one and joined by a space; an
    article (al-, ال) is dropped."""
    text = name.strip()
    if _arabic_script(text):
        text = " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in text.split())
    else:
        text = text.lower().replace("th", "t").replace("dh", "d")
    spelled = _LATIN_ARTICLE.sub("", spell_latin(text).strip())
    key = " ".join(k for k in (skeleton(w) for w in spelled.split()) if k)
    # a key of one consonant (Ali, Kawa, Koya read "l" or "k") names too many
    return key if len(key.replace(" ", "")) >= CALIBRATION.name_key_letters else ""


def name_forms(word: str) -> list[str]:
    """A word as it may stand in a sentence: as written, and in Arabic script without
    each proclitic it may carry (لرووداو: to Rudaw)."""
    forms = [word]
    if _arabic_script(word):
        forms += [word[len(p):] for p in _PROCLITICS
                  if word.startswith(p) and len(word) - len(p) >= 2]
    return forms


def name_keys(word: str) -> set[str]:
    """The keys of :func:`name_forms`."""
    keys = {name_key(form) for form in name_forms(word)}
    keys.discard("")
    return keys


def _letters(name: str) -> str:
    """``name`` spelled in Latin letters, its article and everything but letters and
    digits dropped (the form two spellings in one script are compared by)."""
    text = " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name.split())
    return "".join(ch for ch in _LATIN_ARTICLE.sub("", spell_latin(text)) if ch.isalnum())


def same_name(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` spell one name, an ending aside (Kurmanji Rûdawê,
    Sorani ڕووداوی). One key (:func:`name_key`) is not enough: in Latin letters both
    must spell the same letters (a vowel differs in Reda and Rudaw), up to
    ``calibration.name_ending_letters`` more at the end of one; where one is in
    Arabic script (whose Arabic and Sorani spellings differ in their vowels: شفق,
    شەفەق) neither may be under ``calibration.name_length_ratio`` of the other's
    length (رد, "reply", keys as Rudaw does)."""
    ka, kb = name_key(a).replace(" ", ""), name_key(b).replace(" ", "")
    if not ka or ka != kb:
        return False
    la, lb = sorted((_letters(a), _letters(b)), key=len)
    if not _arabic_script(a) and not _arabic_script(b):
        return lb.startswith(la) and len(lb) - len(la) <= CALIBRATION.name_ending_letters
    return len(la) >= CALIBRATION.name_length_ratio * len(lb)
